//! `train --svg` and `compare --svg`: the per-epoch charts are written with one legend entry per
//! series (train/test for one run, one per activation for a comparison).
#![cfg(not(target_arch = "wasm32"))]

use crate::svg_common;
use svg_common::texts;

use std::process::Command;

fn run_svg(tag: &str, args: &[&str]) -> Vec<String> {
    let path = std::env::temp_dir().join(format!("al-{tag}-{}.svg", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .arg("--svg")
        .arg(&path)
        .output()
        .expect("run activation-lab");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&path).expect("svg written");
    std::fs::remove_file(&path).ok();
    texts(&svg)
}

#[test]
fn compare_svg_has_one_series_per_activation_in_both_panels() {
    let t = run_svg(
        "cmp",
        &[
            "compare",
            "--dataset",
            "circle",
            "--activations",
            "relu,tanh,elu",
            "--epochs",
            "3",
        ],
    );
    for name in ["relu", "tanh", "elu"] {
        let n = t.iter().filter(|s| *s == name).count();
        assert_eq!(
            n, 2,
            "{name} should label a series in the loss and accuracy panels: {t:?}"
        );
    }
    assert!(t.iter().any(|s| s == "test loss") && t.iter().any(|s| s == "test accuracy"));
}

#[test]
fn train_svg_shows_train_and_test_curves() {
    let t = run_svg("train", &["train", "--dataset", "xor", "--epochs", "3"]);
    assert_eq!(t.iter().filter(|s| *s == "train").count(), 2, "{t:?}");
    assert_eq!(t.iter().filter(|s| *s == "test").count(), 2, "{t:?}");
    assert!(t.iter().any(|s| s == "epoch"));
}
