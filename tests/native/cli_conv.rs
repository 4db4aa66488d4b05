//! `--layers` with conv items and `compare --preset` end to end; bad specs exit 2 with the usage.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Output;

use crate::run_cli as run;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn usage_error(out: &Output, says: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("Usage: activation-lab"), "{err}");
    assert!(err.contains(says), "{err}");
}

#[test]
fn train_with_a_conv_layer_list_reports_conv_diagnostics() {
    let csv = ok(&run(&[
        "train",
        "--dataset",
        "digits",
        "--layers",
        "conv4k3same,pool2,16,drop0.2",
        "--epochs",
        "2",
        "--batch",
        "32",
    ]));
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with("dead_1,conv_grad_norm_1,conv_dead_1"),
        "{header}"
    );
    let cols = header.split(',').count();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.split(',').count() == cols));
}

#[test]
fn compare_runs_a_preset_on_another_data_set() {
    let csv = ok(&run(&[
        "compare",
        "--preset",
        "small-cnn",
        "--dataset",
        "digits",
        "--epochs",
        "1",
        "--activations",
        "relu,selu",
    ]));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("1,relu,") && rows[1].starts_with("1,selu,"),
        "{csv}"
    );
}

#[test]
fn bad_layer_specs_and_presets_exit_2_with_usage() {
    usage_error(
        &run(&["train", "--dataset", "digits", "--layers", "conv8k3,banana"]),
        "banana",
    );
    usage_error(&run(&["train", "--layers", "conv8k3"]), "image data");
    usage_error(
        &run(&["train", "--dataset", "digits", "--layers", "conv9999k3"]),
        "filters",
    );
    usage_error(
        &run(&["compare", "--preset", "resnet"]),
        "article-cnn, small-cnn",
    );
    usage_error(
        &run(&[
            "train",
            "--dataset",
            "digits",
            "--layers",
            "conv8k3,16",
            "--dropout",
            "0.2",
        ]),
        "drop<rate>",
    );
    // The PyTorch export takes layer lists (docs/export.md), with the trainer's checks.
    let out = run(&[
        "export-pytorch",
        "--dataset",
        "digits",
        "--layers",
        "conv8k3,16",
    ]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("    conv(1, 8, 3, stride=1"));
    usage_error(
        &run(&[
            "export-pytorch",
            "--dataset",
            "circle",
            "--layers",
            "conv8k3,16",
        ]),
        "need image data",
    );
}

#[test]
fn plain_widths_still_make_the_same_mlp() {
    // `--layers 8,8` is the MLP of before: no layer list in the saved config.
    let path = std::env::temp_dir().join(format!("al-conv-{}.json", std::process::id()));
    ok(&run(&[
        "train",
        "--dataset",
        "xor",
        "--layers",
        "8,8",
        "--epochs",
        "1",
        "--save",
        path.to_str().unwrap(),
    ]));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(doc["config"]["hidden"], serde_json::json!([8, 8]));
    assert!(doc["config"].get("layers").is_none());
    assert!(doc.get("conv").is_none() && doc.get("shape").is_none());
}
