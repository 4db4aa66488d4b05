//! `activation-lab eval` end to end: the real binary, its stdout rows, stdin mode, exit codes.
// Native only: proptest and process spawning are not available on wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run activation-lab");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

/// stdout of a successful run, as rows of three fields, header checked and removed.
fn rows(out: &Output) -> Vec<Vec<String>> {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x,value,derivative"));
    lines
        .map(|l| {
            let f: Vec<String> = l.split(',').map(str::to_string).collect();
            assert_eq!(f.len(), 3, "row `{l}`");
            f
        })
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("`{s}` is not a number"))
}

fn close(got: &str, want: f64) -> bool {
    let g = num(got);
    (g - want).abs() <= 1e-12 * want.abs() + 1e-300
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn gelu_rows_match_reference_values() {
    let r = rows(&run(&["eval", "gelu", "--", "-40", "0", "1"], None));
    assert_eq!(r.len(), 3);
    assert_eq!([&r[0][0], &r[1][0], &r[2][0]], ["-40.0", "0.0", "1.0"]);
    // gelu(−40) ≈ −1.4e-348 and gelu′(−40) ≈ −1.5e-346 both round to (−)0 in f64.
    assert!(num(&r[0][1]) == 0.0 && num(&r[0][2]) == 0.0, "{:?}", r[0]);
    assert_eq!(num(&r[1][1]), 0.0);
    assert_eq!(num(&r[1][2]), 0.5);
    // Φ(1) and Φ(1) + φ(1), from tests/data/reference.csv (mpmath).
    assert!(close(&r[2][1], 0.841_344_746_068_542_9), "{:?}", r[2]);
    assert!(close(&r[2][2], 1.083_315_470_587_686_4), "{:?}", r[2]);
}

#[test]
fn negative_numbers_work_without_double_dash() {
    let r = rows(&run(&["eval", "gelu", "-1", "-0.5"], None));
    assert_eq!(r[0][0], "-1.0");
    assert!(close(&r[0][1], -0.158_655_253_931_457_05));
    assert!(close(&r[1][1], -0.154_268_769_362_993_44));
}

#[test]
fn parameters_are_applied() {
    let r = rows(&run(
        &["eval", "elu", "--param", "alpha=2", "--", "-1", "3"],
        None,
    ));
    assert!(close(&r[0][1], 2.0 * ((-1f64).exp() - 1.0)), "{:?}", r[0]);
    assert!(close(&r[0][2], 2.0 * (-1f64).exp()));
    assert_eq!(r[1], ["3.0", "3.0", "1.0"]);
    let r = rows(&run(
        &[
            "eval",
            "hardtanh",
            "-p",
            "min_val=-2",
            "-p",
            "max_val=0.5",
            "--",
            "-3",
            "0.25",
            "1",
        ],
        None,
    ));
    let values: Vec<&str> = r.iter().map(|row| row[1].as_str()).collect();
    assert_eq!(values, ["-2.0", "0.25", "0.5"]);
}

#[test]
fn shortest_round_trip_and_non_finite_formatting() {
    let r = rows(&run(
        &[
            "eval", "sigmoid", "--", "NaN", "inf", "-inf", "1e300", "0.1",
        ],
        None,
    ));
    assert_eq!(r[0], ["NaN", "NaN", "NaN"]);
    assert_eq!(r[1], ["inf", "1.0", "0.0"]);
    assert_eq!(r[2], ["-inf", "0.0", "0.0"]);
    assert_eq!(r[3], ["1e300", "1.0", "0.0"]);
    assert_eq!(r[4][0], "0.1");
    // Shortest round trip: the printed decimal parses back to the very f64 computed.
    let v = num(&r[4][1]);
    assert_eq!(format!("{v:?}"), r[4][1]);
    assert!(close(&r[4][1], 0.524_979_187_478_939_7));
    // The identity echoes the input bit for bit.
    let r = rows(&run(
        &["eval", "identity", "5e-324", "1.7976931348623157e308"],
        None,
    ));
    assert_eq!(r[0][1], "5e-324");
    assert_eq!(r[1][1], "1.7976931348623157e308");
}

#[test]
fn stdin_mode_reads_one_number_per_line() {
    let r = rows(&run(&["eval", "relu"], Some("0.5\n\n  -2 \n1e3\n")));
    assert_eq!(
        r,
        [
            ["0.5", "0.5", "1.0"],
            ["-2.0", "0.0", "0.0"],
            ["1000.0", "1000.0", "1.0"]
        ]
    );
    // Empty stdin: just the header.
    assert!(rows(&run(&["eval", "relu"], Some(""))).is_empty());
}

#[test]
fn unknown_name_exits_2_naming_valid_names() {
    let out = run(&["eval", "gelux", "1"], None);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("unknown activation `gelux`") && e.contains("gelu_tanh"),
        "{e}"
    );
    assert!(out.stdout.is_empty(), "no CSV on error");
}

#[test]
fn unknown_parameter_exits_2_naming_valid_keys() {
    let out = run(&["eval", "softplus", "--param", "alpha=1", "1"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it takes: beta, threshold"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn invalid_parameter_value_exits_2() {
    let out = run(&["eval", "hardtanh", "--param", "min_val=2", "0"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be smaller than max_val"),
        "{}",
        stderr(&out)
    );
    let out = run(&["eval", "elu", "--param", "alpha", "0"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("KEY=VALUE"), "{}", stderr(&out));
}

#[test]
fn unparsable_numbers_exit_2_naming_the_formats() {
    let out = run(&["eval", "tanh", "1", "one"], None);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("`one` is not a number") && e.contains("inf, -inf, NaN"),
        "{e}"
    );
    let out = run(&["eval", "tanh"], Some("1\n2,5\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("stdin line 2: `2,5` is not a number"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_name_is_a_usage_error() {
    let out = run(&["eval"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
}
