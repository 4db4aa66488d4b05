//! `train --save` and `eval-model` end to end, and the schedule flags of `train`.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Output;

use crate::run_cli as run;

fn temp(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("al-model-{}-{tag}.json", std::process::id()))
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn a_saved_model_evaluates_to_the_metrics_training_ended_with() {
    let path = temp("xor");
    let p = path.to_str().unwrap();
    let train = stdout(&run(&[
        "train",
        "--dataset",
        "xor",
        "--epochs",
        "5",
        "--seed",
        "4",
        "--schedule",
        "cosine",
        "--warmup-steps",
        "10",
        "--save",
        p,
    ]));
    let last: Vec<&str> = train.lines().last().unwrap().split(',').collect();
    assert_eq!(last[0], "5");
    let eval = stdout(&run(&["eval-model", p]));
    let lines: Vec<&str> = eval.lines().collect();
    assert_eq!(lines[0], "split,loss,accuracy");
    // The file records the data set, its noise, size, ratio and seed, so the same points are
    // regenerated: train and test loss/accuracy equal the final CSV row exactly.
    assert_eq!(lines[1], format!("train,{},{}", last[2], last[3]));
    assert_eq!(lines[2], format!("test,{},{}", last[4], last[5]));
    // Other data give other numbers (the comparison above is not trivially true).
    let other = stdout(&run(&["eval-model", p, "--noise", "40"]));
    assert_ne!(other.lines().nth(1), Some(lines[1]));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn bad_model_files_and_schedule_flags_exit_2() {
    let path = temp("bad");
    std::fs::write(&path, r#"{"format":"activation-lab-model","version":99}"#).unwrap();
    let out = run(&["eval-model", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 99 is not supported"));

    let out = run(&["eval-model", "/nonexistent/model.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));

    for (args, words) in [
        (
            &["--gamma", "0.5"][..],
            "--gamma only applies to --schedule step",
        ),
        (
            &["--schedule", "cosine", "--step-every", "2"][..],
            "--step-every only applies",
        ),
        (&["--schedule", "warm"][..], "unknown schedule"),
        (&["--schedule", "step", "--gamma", "2"][..], "gamma"),
        (&["--warmup-steps", "100000"][..], "whole run"),
    ] {
        let mut all = vec!["train", "--epochs", "1"];
        all.extend_from_slice(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{args:?}: {err}");
    }
}
