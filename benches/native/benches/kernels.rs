//! Activation kernel throughput (elements/s) on 1M-element f32 arrays, forward and backward, for
//! every catalog function with default parameters. Inputs are spread over [−8, 8] (where
//! pre-activations live): the core's `timing_inputs`, as the browser benchmark and the page's cost
//! measurement use, so the native, wasm and JS figures measure the same work.

use std::time::Duration;

use activation_lab::activation::{names, timing_inputs, Activation, TIMING_ELEMENTS as N};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn kernels(c: &mut Criterion) {
    let (x, grad) = timing_inputs(N);
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
