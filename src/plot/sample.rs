//! What the charts, readouts and CSV export show: the core's values, sampled on a grid.

use half::f16;

use crate::activation::Activation;
use crate::state::{format_number, PageState};

/// Most rows a CSV export produces (a 4K screen is 3,840 columns; this leaves room for zoomed work).
pub const MAX_CSV_ROWS: usize = 100_000;

/// Rounds to the nearest IEEE half-precision value (±inf beyond 65504, as the hardware does).
pub fn fp16_round(x: f64) -> f64 {
    f16::from_f64(x).to_f64()
}

/// f evaluated the way an fp16 pipeline sees it: input rounded, f computed, output rounded.
pub fn fp16_value(a: &Activation, x: f64) -> f64 {
    fp16_round(a.value(fp16_round(x)))
}

/// `n` evenly spaced x from `lo` to `hi` inclusive (n ≥ 2), one per pixel column in the charts.
pub fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    let step = (hi - lo) / (n - 1) as f64;
    (0..n)
        .map(|i| if i == n - 1 { hi } else { lo + step * i as f64 })
        .collect()
}

/// Splits a sampled curve into runs of finite points, so non-finite values leave gaps instead of
/// lines to infinity.
pub fn finite_runs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if y.is_finite() {
            run.push((x, y));
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The y-range that shows every finite value with a 6 % margin; a flat or empty set gets a
/// readable window around it.
pub fn auto_y_range<'a>(values: impl IntoIterator<Item = &'a f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return (-1.0, 1.0);
    }
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let pad = (lo.abs() * 0.1).max(0.5);
        return (lo - pad, hi + pad);
    }
    (lo - 0.06 * span, hi + 0.06 * span)
}

/// Share of the values at each end that [`robust_y_range`] leaves out of the bulk.
const TAIL: f64 = 0.02;
/// A value further beyond the bulk than this many times its span is a spike (exp over [−20, 20]
/// ends 1.2 spans above its 98 % quantile, ln(x)′ = 1/x near 0 about 40).
const SPIKE: f64 = 4.0;
/// How far beyond the bulk (in multiples of its span) a clipped range still reaches.
const REACH: f64 = 0.75;

/// A y-range for several curves that one spike cannot flatten. The bulk is the 2 %–98 %
/// quantiles of all finite values; if some value lies more than [`SPIKE`] spans beyond it, the
/// range is the bulk widened by [`REACH`] spans (the curves leave the chart there) and the second
/// result is `true`, for the chart to say so; otherwise it is [`auto_y_range`]'s and `false`.
/// (ln(x)′ = 1/x near 0 reaches 80 on [−5, 5] while relu′ and gelu′ stay within [−0.2, 1.1].)
pub fn robust_y_range(values: &[f64]) -> ((f64, f64), bool) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < 8 {
        return (auto_y_range(&v), false);
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    let (qlo, qhi) = (q(TAIL), q(1.0 - TAIL));
    let span = qhi - qlo;
    let (lo, hi) = (v[0], v[v.len() - 1]);
    if span <= 1e-12 * qlo.abs().max(qhi.abs()) || !span.is_finite() {
        return (auto_y_range(&v), false);
    }
    if lo >= qlo - SPIKE * span && hi <= qhi + SPIKE * span {
        return (auto_y_range(&v), false);
    }
    let (wlo, whi) = (qlo - REACH * span, qhi + REACH * span);
    (auto_y_range(&[lo.max(wlo), hi.min(whi)]), true)
}

/// `ys` for a chart whose y-range is `(lo, hi)`: a point outside the range next to one inside is
/// pulled to the edge (the line leaves the chart there), the others become gaps.
pub fn clip_to_range(ys: &[f64], (lo, hi): (f64, f64)) -> Vec<f64> {
    let inside = |y: f64| y >= lo && y <= hi;
    (0..ys.len())
        .map(|i| {
            let y = ys[i];
            if !y.is_finite() || inside(y) {
                return y;
            }
            let near = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| ys.get(j))
                .any(|&n| inside(n));
            if near {
                y.clamp(lo, hi)
            } else {
                f64::NAN
            }
        })
        .collect()
}

/// One function's values at a point, computed by the core.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadoutRow {
    /// The function's key ([`crate::activation::Activation::key`]).
    pub name: String,
    pub value: f64,
    pub derivative: f64,
    /// The fp16 pipeline's value, when the fp16 view is on.
    pub fp16: Option<f64>,
}

/// A CSV header cell, quoted when it holds a comma or quote (a formula such as `max(x,0)`).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Value, derivative (and fp16 value) of every selected function at `x`.
pub fn readout(state: &PageState, x: f64) -> Vec<ReadoutRow> {
    state
        .functions()
        .iter()
        .map(|a| ReadoutRow {
            name: a.key(),
            value: a.value(x),
            derivative: a.derivative(x),
            fp16: state.fp16.then(|| fp16_value(a, x)),
        })
        .collect()
}

/// The sampled data as CSV: `x`, then per function its value, derivative and (with fp16 on) the
/// fp16 value. Non-finite values are empty cells. `rows` is clamped to 2..=MAX_CSV_ROWS.
pub fn to_csv(state: &PageState, rows: usize) -> String {
    let (lo, hi) = state.range();
    let xs = grid(lo, hi, rows.clamp(2, MAX_CSV_ROWS));
    let mut out = String::from("x");
    for a in state.functions() {
        let n = a.key();
        for column in [n.clone(), format!("{n}_derivative")]
            .into_iter()
            .chain(state.fp16.then(|| format!("{n}_fp16")))
        {
            out.push(',');
            out.push_str(&csv_field(&column));
        }
    }
    out.push('\n');
    let cell = |v: f64| {
        if v.is_finite() {
            format_number(v)
        } else {
            String::new()
        }
    };
    for x in xs {
        out.push_str(&format_number(x));
        for row in readout(state, x) {
            out.push(',');
            out.push_str(&cell(row.value));
            out.push(',');
            out.push_str(&cell(row.derivative));
            if let Some(h) = row.fp16 {
                out.push(',');
                out.push_str(&cell(h));
            }
        }
        out.push('\n');
    }
    out
}
