//! The inputs every kernel timing uses (criterion's `benches/native/benches/kernels.rs`, the
//! browser benchmark and the page's "measure the cost" action), so native, wasm and plain-JS
//! figures time the same work.

/// Elements per timed kernel call: 1 M f32 values.
pub const TIMING_ELEMENTS: usize = 1 << 20;

/// `n` inputs x_i = −8 + 16·frac(i·(√5−1)/2) (deterministic, well spread over [−8, 8], where
/// pre-activations live) and the upstream gradient g_i = 0.5 − |x_i|/16 for the backward pass.
pub fn timing_inputs(n: usize) -> (Vec<f32>, Vec<f32>) {
    let x: Vec<f32> = (0..n)
        .map(|i| (-8.0 + 16.0 * (i as f64 * 0.618_033_988_749_895).fract()) as f32)
        .collect();
    let g = x.iter().map(|v| 0.5 - v.abs() / 16.0).collect();
    (x, g)
}
