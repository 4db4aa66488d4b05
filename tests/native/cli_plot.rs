//! `activation-lab plot`: the page's chart code writes an SVG; bad options exit 2.
#![cfg(not(target_arch = "wasm32"))]

use crate::svg_common;
use svg_common::texts;

use crate::run_cli as run;

fn temp_svg(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "activation-lab-plot-{tag}-{}.svg",
        std::process::id()
    ))
}

#[test]
fn writes_an_svg_with_one_legend_entry_per_function_and_a_derivative_panel() {
    let path = temp_svg("ok");
    let out = run(&[
        "plot",
        "gelu,relu,elu",
        "--derivative",
        "--range",
        "-5:5",
        "--param",
        "elu.alpha=0.5",
        "--svg",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let texts = texts(&svg);
    assert!(
        svg.starts_with("<svg"),
        "not an SVG: {}",
        &svg[..svg.len().min(80)]
    );
    for name in ["GELU", "ReLU", "ELU"] {
        assert!(
            texts.iter().any(|t| t == name),
            "legend lacks {name}: {texts:?}"
        );
    }
    assert!(
        texts.iter().any(|t| t == "f′(x)" || t == "f'(x)"),
        "no derivative panel title: {texts:?}"
    );
    // Axis ticks of the requested range appear.
    assert!(
        texts.iter().any(|t| t == "-5") && texts.iter().any(|t| t == "5"),
        "range -5:5 not on the axis: {texts:?}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let path = temp_svg("bad");
    let p = path.to_str().unwrap();
    for (args, needle) in [
        (vec!["plot", "gelx", "--svg", p], "unknown activation"),
        (vec!["plot", "gelu", "--range", "5:-5", "--svg", p], "range"),
        (
            vec!["plot", "elu", "--param", "elu.alpha=nan", "--svg", p],
            "alpha",
        ),
        (vec!["plot", "gelu"], "--svg"),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(needle),
            "{args:?}: stderr lacks `{needle}`: {err}"
        );
    }
    assert!(!path.exists(), "no file is written on error");
}
