//! Training throughput (samples/s) for the three sizes the page uses: 2-8-8-1 on circle,
//! 64-32-10 on 8×8 digits, 784-64-10 on the MNIST subset (one iteration = one epoch); and the two
//! CNNs of issue #15 on the MNIST subset, the ConvNetJS-sized `small-cnn` (batch 32) and the
//! article's net (batch 128), one thread, ReLU (one iteration = a few steps). For the CNNs the
//! effective GFLOP/s is samples/s × the MFLOP per training sample printed before the group.

use std::sync::Arc;

use activation_lab::data::images::{DIGITS, MNIST};
use activation_lab::data::{Split, TwoD};
use activation_lab::experiment::preset;
use activation_lab::nn::{ActivationSpec, TrainConfig, Trainer};
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

/// `steps` mini-batches of preset `name` with ReLU per iteration.
fn bench_cnn(c: &mut Criterion, name: &str, split: Arc<Split>, steps: usize) {
    let p = preset(name).unwrap();
    let mut config = (p.variant)(&p.config, &ActivationSpec::named("relu"));
    config.epochs = 10_000;
    let mut t = Trainer::new(config, split).unwrap();
    let flops = t.network().training_flops_per_sample();
    eprintln!(
        "{name}: {:.2} MFLOP per training sample; GFLOP/s = samples/s × {:.5}",
        flops as f64 / 1e6,
        flops as f64 / 1e9
    );
    let mut group = c.benchmark_group("training_cnn");
    group.throughput(Throughput::Elements((steps * t.config().batch_size) as u64));
    group.sample_size(10);
    group.bench_function(format!("{name}_batch{}", t.config().batch_size), |b| {
        b.iter(|| assert_eq!(t.step(steps), steps))
    });
    group.finish();
}

fn training_cnn(c: &mut Criterion) {
    let mnist = Arc::new(MNIST.load_split().unwrap());
    bench_cnn(c, "small-cnn", Arc::clone(&mnist), 16);
    bench_cnn(c, "article-cnn", mnist, 2);
}

criterion_group!(benches, training, training_cnn);
criterion_main!(benches);
