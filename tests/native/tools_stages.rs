//! `make test` runs its stages through tools/stages.sh, which must end with the table of stage
//! times also when a stage fails, and fail itself. Checked on a scratch Makefile of tiny stages.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch project: tools/stages.sh and a Makefile whose targets are the given recipes.
fn project(tag: &str, targets: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("actlab-stages-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tools")).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/stages.sh");
    std::fs::copy(script, dir.join("tools/stages.sh")).unwrap();
    let makefile: String = targets
        .iter()
        .map(|(name, recipe)| format!("{name}:\n\t@{recipe}\n"))
        .collect();
    std::fs::write(dir.join("Makefile"), makefile).unwrap();
    dir
}

/// Runs tools/stages.sh with `stages`; returns (exit code, stdout, the table file).
fn run(dir: &Path, stages: &[&str]) -> (i32, String, String) {
    let out = Command::new("bash")
        .arg(dir.join("tools/stages.sh"))
        .args(stages)
        .current_dir(dir)
        .env_remove("MAKEFLAGS")
        .env_remove("MAKELEVEL")
        .output()
        .expect("bash runs");
    let table = std::fs::read_to_string(dir.join("target/stages.txt")).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        table,
    )
}

/// The table's row for `stage`: its columns after the name.
fn row<'a>(table: &'a str, stage: &str) -> Vec<&'a str> {
    let line = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(stage))
        .unwrap_or_else(|| panic!("no row for {stage} in\n{table}"));
    line.split_whitespace().skip(1).collect()
}

/// A busy column "N%" as N, checked to be a share.
fn share(cell: &str, table: &str) -> f64 {
    let n: f64 = cell
        .strip_suffix('%')
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a percentage: {cell} in\n{table}"));
    assert!((0.0..=100.0).contains(&n), "{cell} in\n{table}");
    n
}

/// "m:ss" as seconds.
fn seconds(mmss: &str) -> u64 {
    let (m, s) = mmss
        .split_once(':')
        .unwrap_or_else(|| panic!("not m:ss: {mmss}"));
    m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()
}

#[test]
fn every_stage_gets_a_row_with_its_wall_and_cpu_time() {
    let dir = project(
        "ok",
        &[
            ("quick", "echo quick-ran"),
            // ≈ 2 s of CPU in a child of make, which is what the CPU column must count.
            ("busy", "awk 'BEGIN { for (i = 0; i < 1.5e8; i++); }'"),
            ("slow", "sleep 1.2; echo slow-ran"),
            ("later", "echo later-ran"),
        ],
    );
    let (code, out, table) = run(&dir, &["bg:slow", "quick", "busy", "wait", "later"]);
    assert_eq!(code, 0, "{out}");
    for ran in ["quick-ran", "slow-ran", "later-ran"] {
        assert_eq!(out.matches(ran).count(), 1, "{ran}:\n{out}");
    }
    for stage in ["quick", "busy", "later"] {
        assert_eq!(row(&table, stage)[3..], ["ok"], "{table}");
    }
    let slow = row(&table, "slow");
    assert_eq!(slow[3..], ["ok", "(background)"], "{table}");
    assert!(
        seconds(slow[0]) >= 1,
        "sleep 1.2 took {} s of wall time",
        slow[0]
    );
    assert_eq!(seconds(slow[1]), 0, "sleep uses no CPU: {table}");
    let busy = row(&table, "busy");
    assert!(
        seconds(busy[1]) >= 1,
        "the busy loop's CPU time is missing: {table}"
    );
    // The busy column: the machine's non-idle share over the stage, every row a percentage; the
    // busy loop alone keeps one core busy, so at least half of one core's share shows.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    for stage in ["quick", "busy", "slow", "later"] {
        share(row(&table, stage)[2], &table);
    }
    assert!(
        share(busy[2], &table) >= 50.0 / cores,
        "a busy loop on one of {cores} cores: {table}"
    );
    assert!(
        seconds(row(&table, "total")[0]) >= seconds(slow[0]),
        "{table}"
    );
    // The same table ends the output.
    assert!(out.trim_end().ends_with(table.trim_end()), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_failed_stage_still_prints_the_table_and_fails() {
    let dir = project(
        "fail",
        &[
            ("first", "true"),
            ("broken", "echo broken-output; exit 3"),
            ("never", "echo never-ran"),
            ("side", "sleep 0.3; echo side-output"),
        ],
    );
    let (code, out, table) = run(&dir, &["bg:side", "first", "broken", "never"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("broken-output"), "{out}");
    assert!(
        !out.contains("never-ran"),
        "a stage after the failure ran:\n{out}"
    );
    assert!(
        out.contains("side-output"),
        "the background stage's output:\n{out}"
    );
    assert_eq!(row(&table, "first")[3..], ["ok"], "{table}");
    assert!(row(&table, "broken").contains(&"FAILED"), "{table}");
    assert_eq!(row(&table, "never"), ["not", "run"], "{table}");
    assert_eq!(row(&table, "side")[3..], ["ok", "(background)"], "{table}");
    assert!(out.trim_end().ends_with(table.trim_end()), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}
