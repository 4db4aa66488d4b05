//! `activation-lab list`: one line per catalog function with parameters, defaults, properties.
// Native only: proptest and process spawning are not available on wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use activation_lab::activation::{names, Activation};

#[test]
fn one_line_per_function_with_defaults_and_properties() {
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), names().len());
    for (line, name) in lines.iter().zip(names()) {
        assert_eq!(line.split_whitespace().next(), Some(name), "{line}");
        let a = Activation::from_name(name).unwrap();
        for (k, v) in a.params() {
            assert!(line.contains(&format!("{k}={v}")), "{line}");
        }
        assert!(line.contains(a.info().range), "{line}");
        assert_eq!(line.contains("monotonic"), a.info().monotonic, "{line}");
        assert_eq!(line.contains("bounded"), a.info().bounded, "{line}");
    }
    let leaky = lines.iter().find(|l| l.starts_with("leaky_relu")).unwrap();
    assert!(leaky.contains("negative_slope=0.01"), "{leaky}");
    let softplus = lines.iter().find(|l| l.starts_with("softplus")).unwrap();
    assert!(softplus.contains("beta=1,threshold=20"), "{softplus}");
}
