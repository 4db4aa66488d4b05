//! Shared by the PyTorch export tests: the Python that has torch (the venv `make test` builds with
//! tools/torch-env.sh), the CLI, and a driver that runs many exported scripts in one Python process
//! (importing torch takes seconds; a script per process would multiply that).
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
    let out = Command::new(python()).args(args).output().unwrap();
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
