//! Shared by the PyTorch and Keras export tests: the Python that has torch and keras (the venv
//! `make test` builds with tools/torch-env.sh), the CLI, a driver that runs many exported scripts in
//! one Python process (importing torch takes seconds; a script per process would multiply that),
//! and the save-back check.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `$ACTLAB_PYTHON`, else the venv tools/torch-env.sh creates. Missing torch is a failure: the
/// exports are tested for real, never skipped.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("ACTLAB_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/torch-venv/bin/python");
    assert!(
        venv.exists(),
        "no Python with torch: run tools/torch-env.sh (make test does) or set ACTLAB_PYTHON"
    );
    venv
}

/// A `Command` for that Python whose OpenMP threads sleep when idle (`OMP_WAIT_POLICY=PASSIVE`,
/// unless the caller set a policy). cargo runs these tests two at a time, and torch gives each
/// process a thread per core whose default is to spin while waiting for work: two processes then
/// burn each other's cores (measured, the 23 export tests: 177 → 114 CPU-s, 91 → 61 s). The thread
/// count and so every number the scripts print stay the same (a 1-thread torch sums in another
/// order).
pub fn python_command() -> Command {
    let mut command = Command::new(python());
    if std::env::var_os("OMP_WAIT_POLICY").is_none() {
        command.env("OMP_WAIT_POLICY", "PASSIVE");
    }
    command
}

/// A fresh scratch folder for this test binary.
pub fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("actlab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The shipped data folder (`--data-dir` of the scripts).
pub fn data_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/www/data")
}

/// Runs the CLI; panics with its output on failure.
pub fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "activation-lab {args:?} failed:\n{text}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `python args…`, returns (success, stdout, stderr).
pub fn run_python(args: &[&str]) -> (bool, String, String) {
    let out = python_command().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DRIVER: &str = r#"
import contextlib, io, runpy, sys, traceback
for job in sys.argv[1:]:
    script, *args = job.split("\x1f")
    sys.argv = [script] + args
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(script, run_name="__main__")
        status = "ok"
    except SystemExit as e:
        status = "ok" if e.code in (None, 0) else f"exit {e.code}"
    except Exception:
        status = "error " + traceback.format_exc().replace("\n", " | ")
    print(f"=== {script} {status}")
    print(buf.getvalue(), end="", flush=True)
"#;

/// Runs each (script, args) in one Python process; returns each script's stdout. Panics, naming
/// the script, if one fails.
pub fn run_scripts(jobs: &[(PathBuf, Vec<String>)]) -> Vec<String> {
    let encoded: Vec<String> = jobs
        .iter()
        .map(|(p, a)| {
            std::iter::once(p.to_string_lossy().into_owned())
                .chain(a.iter().cloned())
                .collect::<Vec<_>>()
                .join("\u{1f}")
        })
        .collect();
    let mut args = vec!["-c", DRIVER];
    args.extend(encoded.iter().map(String::as_str));
    let (ok, out, err) = run_python(&args);
    assert!(ok, "the Python driver failed:\n{out}\n{err}");
    let mut outputs = Vec::new();
    for section in out.split("=== ").skip(1) {
        let (head, body) = section.split_once('\n').unwrap_or((section, ""));
        assert!(head.ends_with(" ok"), "{head}\n{body}\n{err}");
        outputs.push(body.to_string());
    }
    assert_eq!(outputs.len(), jobs.len(), "driver output:\n{out}\n{err}");
    outputs
}

/// The script's `--save-model` file is our model file: `activation-lab eval-model` loads it and
/// measures the same test loss and accuracy the replayed script printed (same weights, same split).
/// `export` is `export-pytorch` or `export-keras`; the run is 100 replayed steps on digits.
/// Returns the saved document.
pub fn save_and_eval(export: &str, tag: &str, flags: &[&str], min_acc: f64) -> serde_json::Value {
    let dir = scratch(tag);
    let script = dir.join("digits.py");
    let model = dir.join("digits-model.json");
    let mut args = vec![export, "--dataset", "digits"];
    args.extend_from_slice(flags);
    args.extend_from_slice(&["--replay", "--replay-steps", "100"]);
    args.extend_from_slice(&["--out", script.to_str().unwrap()]);
    cli(&args);
    let (ok, out, err) = run_python(&[
        script.to_str().unwrap(),
        "--data-dir",
        data_dir(),
        "--save-model",
        model.to_str().unwrap(),
    ]);
    assert!(ok, "{out}\n{err}");
    let summary = out
        .lines()
        .find(|l| l.starts_with("after 100 steps"))
        .expect(&out);
    let field = |k: &str| -> f64 {
        summary
            .split_whitespace()
            .find_map(|w| w.strip_prefix(k))
            .unwrap()
            .parse()
            .unwrap()
    };
    let (script_loss, script_acc) = (field("test_loss="), field("test_acc="));
    let eval = cli(&["eval-model", model.to_str().unwrap()]);
    let test: Vec<&str> = eval
        .lines()
        .find(|l| l.starts_with("test,"))
        .expect(&eval)
        .split(',')
        .collect();
    let (loss, acc): (f64, f64) = (test[1].parse().unwrap(), test[2].parse().unwrap());
    println!(
        "{tag}: test loss: script {script_loss}, eval-model {loss}; accuracy {script_acc} / {acc}"
    );
    assert!(
        (loss - script_loss).abs() <= 1e-4 * script_loss,
        "{loss} vs {script_loss}"
    );
    assert!(
        (acc - script_acc).abs() <= 1.5 / 360.0,
        "{acc} vs {script_acc}"
    );
    assert!(
        acc > min_acc,
        "100 steps of Adam on digits should pass {min_acc} ({acc})"
    );
    serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap()
}

/// Our trainer's steps each replay records and compares.
pub const STEPS: usize = 200;

/// Exports `flags` with `command --replay` (export-pytorch, export-keras) into `dir`; returns the
/// script path and our recorded losses.
fn export_replay(command: &str, dir: &Path, name: &str, flags: &[&str]) -> (PathBuf, Vec<f64>) {
    let script = dir.join(format!("{name}.py"));
    let steps = STEPS.to_string();
    let mut args = vec![command, "--replay", "--replay-steps", &steps];
    args.extend_from_slice(flags);
    let out = script.to_string_lossy().into_owned();
    args.extend_from_slice(&["--out", &out]);
    cli(&args);
    let json = std::fs::read_to_string(dir.join(format!("{name}.py.replay.json"))).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let losses = doc["losses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    (script, losses)
}

/// The script's per-step losses from its `step,loss,...` rows.
fn script_losses(output: &str) -> Vec<f64> {
    output
        .lines()
        .skip_while(|l| !l.starts_with("step,loss"))
        .skip(1)
        .take_while(|l| !l.starts_with("after"))
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect()
}

pub fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-30)
}

/// Runs every (name, flags) replay of `command` (all scripts in one Python process); returns
/// (name, ours, the script's) per configuration.
pub fn replays(
    command: &str,
    tag: &str,
    configs: &[(&str, Vec<&str>)],
) -> Vec<(String, Vec<f64>, Vec<f64>)> {
    let dir = scratch(tag);
    let exported: Vec<(PathBuf, Vec<f64>)> = configs
        .iter()
        .map(|(name, flags)| export_replay(command, &dir, name, flags))
        .collect();
    let jobs: Vec<(PathBuf, Vec<String>)> = exported
        .iter()
        .map(|(p, _)| (p.clone(), vec!["--data-dir".into(), data_dir().into()]))
        .collect();
    let outputs = run_scripts(&jobs);
    configs
        .iter()
        .zip(exported)
        .zip(outputs)
        .map(|(((name, _), (_, ours)), out)| (name.to_string(), ours, script_losses(&out)))
        .collect()
}

/// Replays every (name, flags split at spaces) with `command` and checks the step-for-step
/// agreement: ≤ 1e-5 relative on the first step, ≤ 1e-3 over the first `horizon` steps (of the
/// 200 recorded; the worst over all 200 is printed too).
pub fn check_step_for_step(command: &str, tag: &str, table: &[(&str, &str)], horizon: usize) {
    let configs: Vec<(&str, Vec<&str>)> = table
        .iter()
        .map(|(name, flags)| (*name, flags.split(' ').collect()))
        .collect();
    let mut failures = Vec::new();
    println!(
        "{:<32} {:>12} {:>14} {:>6} {:>12}",
        "configuration",
        "first step",
        format!("worst ≤{horizon}"),
        "step",
        "worst ≤200"
    );
    for (name, ours, theirs) in replays(command, tag, &configs) {
        assert_eq!(ours.len(), STEPS, "{name}: our run stopped early");
        assert!(
            theirs.len() >= STEPS,
            "{name}: the script printed {} steps",
            theirs.len()
        );
        let first = rel(theirs[0], ours[0]);
        let worst_to = |n: usize| {
            (0..n)
                .map(|s| (rel(theirs[s], ours[s]), s + 1))
                .fold((0.0, 0), |a, b| if b.0 > a.0 { b } else { a })
        };
        let (worst, at) = worst_to(horizon);
        let all = worst_to(STEPS).0;
        println!("{name:<32} {first:>12.3e} {worst:>14.3e} {at:>6} {all:>12.3e}");
        if first > 1e-5 || worst > 1e-3 {
            failures.push(format!(
                "{name}: first step {first:.3e} (≤ 1e-5), worst {worst:.3e} at step {at} (≤ 1e-3 over {horizon})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
