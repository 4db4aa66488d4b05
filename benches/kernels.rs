//! Activation kernel throughput (elements/s) on 1M-element f32 arrays, forward and backward, for
//! every catalog function with default parameters. Inputs are spread over [−8, 8] (where
//! pre-activations live), by the same formula as the browser benchmark (benches/browser) so the
//! native, wasm and JS figures measure the same work.

use std::time::Duration;

use activation_lab::activation::{names, Activation};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const N: usize = 1 << 20;

/// x_i = −8 + 16·frac(i·(√5−1)/2): a deterministic, well-spread input (benches/browser/bench.js).
fn bench_input(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let f = (i as f64 * 0.618_033_988_749_895).fract();
            (-8.0 + 16.0 * f) as f32
        })
        .collect()
}

fn kernels(c: &mut Criterion) {
    let x = bench_input(N);
    let grad: Vec<f32> = x.iter().map(|v| 0.5 - v.abs() / 16.0).collect();
    let mut out = vec![0.0f32; N];
    let mut group = c.benchmark_group("kernels");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    group.measurement_time(Duration::from_millis(600));
    for name in names() {
        let a = Activation::from_name(name).unwrap();
        group.bench_function(format!("{name}/forward"), |b| {
            b.iter(|| a.forward(&x, &mut out))
        });
        group.bench_function(format!("{name}/backward"), |b| {
            b.iter(|| a.backward(&x, &grad, &mut out))
        });
    }
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
