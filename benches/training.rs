//! Training throughput (samples/s) for the three sizes the page uses: 2-8-8-1 on circle,
//! 64-32-10 on 8×8 digits, 784-64-10 on the MNIST subset. One iteration = one epoch.

use std::sync::Arc;

use activation_lab::data::images::{DIGITS, MNIST};
use activation_lab::data::{Split, TwoD};
use activation_lab::nn::{TrainConfig, Trainer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_epoch(c: &mut Criterion, name: &str, split: Arc<Split>, hidden: Vec<usize>, batch: usize) {
    let config = TrainConfig::benchmark(hidden, batch);
    let n = split.train.len();
    let mut t = Trainer::new(config.clone(), Arc::clone(&split)).unwrap();
    let steps = t.steps_per_epoch();
    let mut group = c.benchmark_group("training");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter(|| {
            // A run stops after its epoch cap; start a fresh one (rare, so cheap on average).
            if t.step(steps) < steps {
                t = Trainer::new(config.clone(), Arc::clone(&split)).unwrap();
                assert_eq!(t.step(steps), steps);
            }
        })
    });
    group.finish();
}

fn training(c: &mut Criterion) {
    let circle = Arc::new(TwoD::Circle.generate_split(500, 0.0, 0.5, 1).unwrap());
    bench_epoch(c, "circle_2-8-8-1_batch10", circle, vec![8, 8], 10);
    let digits = Arc::new(DIGITS.load_split().unwrap());
    bench_epoch(c, "digits_64-32-10_batch32", digits, vec![32], 32);
    let mnist = Arc::new(MNIST.load_split().unwrap());
    bench_epoch(c, "mnist_784-64-10_batch128", mnist, vec![64], 128);
}

criterion_group!(benches, training);
criterion_main!(benches);
