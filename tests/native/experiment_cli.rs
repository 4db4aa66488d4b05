//! The CLI's train / compare / probe commands: CSV shapes, files, and exit status 2 on bad flags.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn train_prints_one_row_per_epoch() {
    let o = cli(&[
        "train",
        "--dataset",
        "xor",
        "--layers",
        "8,8",
        "--epochs",
        "4",
        "--seed",
        "3",
    ]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "epoch,activation,train_loss,train_acc,test_loss,test_acc,grad_norm_1,grad_norm_2,grad_norm_out,dead_1,dead_2"
    );
    assert_eq!(lines.len(), 5);
    for (i, l) in lines[1..].iter().enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f.len(), 11);
        assert_eq!(f[0], (i + 1).to_string());
        assert_eq!(f[1], "relu");
        for v in &f[2..] {
            let x: f32 = v.parse().unwrap();
            assert!(x.is_finite());
        }
    }
    // Same flags, same output.
    assert_eq!(
        text,
        stdout(&cli(&[
            "train",
            "--dataset",
            "xor",
            "--layers",
            "8,8",
            "--epochs",
            "4",
            "--seed",
            "3"
        ]))
    );
}

#[test]
fn compare_writes_csv_file_per_activation() {
    let path = std::env::temp_dir().join(format!("al-compare-{}.csv", std::process::id()));
    let o = cli(&[
        "compare",
        "--dataset",
        "circle",
        "--activations",
        "relu,leaky_relu(0.2),tanh",
        "--epochs",
        "2",
        "--lr",
        "0.01",
        "--csv",
        path.to_str().unwrap(),
    ]);
    assert!(stdout(&o).is_empty());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let acts: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        acts,
        [
            "relu",
            "relu",
            "leaky_relu(negative_slope=0.2)",
            "leaky_relu(negative_slope=0.2)",
            "tanh",
            "tanh"
        ]
    );
}

#[test]
fn probes_print_layer_tables() {
    let g = stdout(&cli(&["probe", "gradients", "--dataset", "digits"]));
    let rows: Vec<Vec<f64>> = g
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert!(g.starts_with("layer,grad_norm"));
    assert_eq!(rows.len(), 4);
    assert!(rows[0][1] * 5.0 < rows[3][1], "sigmoid first vs last: {g}");

    let n = stdout(&cli(&[
        "probe",
        "normalization",
        "--activation",
        "selu",
        "--depth",
        "32",
    ]));
    assert!(n.starts_with("layer,mean,std\n"));
    assert_eq!(n.lines().count(), 33);
    for l in n.lines().skip(1) {
        let f: Vec<f64> = l.split(',').map(|v| v.parse().unwrap()).collect();
        assert!(f[1].abs() < 0.1 && (f[2] - 1.0).abs() < 0.1, "{l}");
    }
}

#[test]
fn bad_flags_exit_2_with_usage() {
    for args in [
        vec!["train", "--bogus"],
        vec!["train", "--lr", "0"],
        vec!["train", "--dropout", "1"],
        vec!["train", "--layers", "8,x"],
        vec!["train", "--dataset", "nope"],
        vec!["train", "--activation", "nope"],
        vec!["compare", "--optimizer", "rmsprop"],
        vec!["probe", "normalization", "--depth", "0"],
        vec!["probe", "gradients", "--init", "zeros"],
    ] {
        let o = cli(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("Usage") || err.contains("--help"),
            "{args:?}: {err}"
        );
    }
}
