//! Checks every f64 value and derivative against tests/data/reference.csv, computed with mpmath at
//! 55+ significant digits by tools/gen_reference.py (see tools/README.md for the recipe).
//! Tolerance, per row, for value and derivative: |got − ref| ≤ 1e-12·|ref| + 1e-15.

use activation_lab::activation::{names, Activation};

const REL_TOL: f64 = 1e-12;
const ABS_TOL: f64 = 1e-15;

/// One row of the reference table.
struct Row {
    name: String,
    params: String,
    act: Activation,
    x: f64,
    value: f64,
    derivative: f64,
}

fn parse_f64(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|e| panic!("bad number `{s}` in reference.csv: {e}"))
}

/// `alpha=1;beta=2;` → [("alpha", 1.0), ("beta", 2.0)].
fn parse_params(s: &str) -> Vec<(&str, f64)> {
    s.split(';')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("params are key=value;");
            (k, parse_f64(v))
        })
        .collect()
}

fn rows() -> Vec<Row> {
    let text = include_str!("../data/reference.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("name,params,x,value,derivative"));
    lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 5, "malformed row `{line}`");
            let act = Activation::new(f[0], &parse_params(f[1]))
                .unwrap_or_else(|e| panic!("row `{line}`: {e}"));
            Row {
                name: f[0].to_string(),
                params: f[1].to_string(),
                act,
                x: parse_f64(f[2]),
                value: parse_f64(f[3]),
                derivative: parse_f64(f[4]),
            }
        })
        .collect()
}

fn within(got: f64, want: f64) -> bool {
    if want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= REL_TOL * want.abs() + ABS_TOL
}

/// Relative error where the reference is a normal f64 (subnormals carry fewer digits by nature;
/// they are covered by the absolute part of the tolerance); 0 when both agree exactly. A reference
/// 0 must be met by 0 or a subnormal: a normal result there is infinitely wrong (or the reference
/// is: `tanhshrink(1e-100)` was once written as 0 by a generator that stopped at two equal zeros).
fn rel_err(got: f64, want: f64) -> f64 {
    if got == want {
        0.0
    } else if want.is_infinite() || !got.is_finite() {
        f64::INFINITY
    } else if want.abs() >= f64::MIN_POSITIVE {
        (got - want).abs() / want.abs()
    } else if want == 0.0 && got.abs() >= f64::MIN_POSITIVE {
        f64::INFINITY
    } else {
        0.0
    }
}

#[test]
fn reference_covers_every_catalog_function() {
    let rows = rows();
    for n in names() {
        let count = rows.iter().filter(|r| r.name == n).count();
        assert!(count >= 50, "`{n}` has only {count} reference rows");
    }
    assert!(
        rows.iter().any(|r| r.x.abs() > 1e300) && rows.iter().any(|r| r.x == 5e-324),
        "the grid must span the whole f64 range"
    );
}

#[test]
fn every_row_within_tolerance() {
    let mut failures = Vec::new();
    for r in rows() {
        let (v, d) = (r.act.value(r.x), r.act.derivative(r.x));
        if !within(v, r.value) {
            failures.push(format!(
                "{}({}) value at x={:?}: got {v:?}, want {:?}",
                r.name, r.params, r.x, r.value
            ));
        }
        if !within(d, r.derivative) {
            failures.push(format!(
                "{}({}) derivative at x={:?}: got {d:?}, want {:?}",
                r.name, r.params, r.x, r.derivative
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows outside |got − ref| ≤ 1e-12·|ref| + 1e-15:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Prints (with --nocapture) the worst relative error per function, for value and derivative.
#[test]
fn worst_relative_error_per_function() {
    let rows = rows();
    println!(
        "{:<12} {:>5} {:>10} {:>26} {:>10} {:>26}",
        "function", "rows", "value", "(worst at x, params)", "deriv", "(worst at x, params)"
    );
    for n in names() {
        let mut worst_v = (0.0, String::new());
        let mut worst_d = (0.0, String::new());
        let mut count = 0;
        for r in rows.iter().filter(|r| r.name == n) {
            count += 1;
            let ev = rel_err(r.act.value(r.x), r.value);
            let ed = rel_err(r.act.derivative(r.x), r.derivative);
            if ev > worst_v.0 {
                worst_v = (ev, format!("{:?} {}", r.x, r.params));
            }
            if ed > worst_d.0 {
                worst_d = (ed, format!("{:?} {}", r.x, r.params));
            }
        }
        println!(
            "{n:<12} {count:>5} {:>10.2e} {:>26} {:>10.2e} {:>26}",
            worst_v.0, worst_v.1, worst_d.0, worst_d.1
        );
        assert!(
            worst_v.0 <= REL_TOL && worst_d.0 <= REL_TOL,
            "`{n}` exceeds 1e-12"
        );
    }
}
