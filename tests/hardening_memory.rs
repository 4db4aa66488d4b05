//! The caps keep a tab within ~300 MB: this measures the peak heap of the largest accepted
//! configurations (a counting global allocator around the system one), on an MNIST-sized data set
//! (10,000 × 784 f32, the biggest set the page loads). The figures are in docs/hosting.md.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use activation_lab::data::{Dataset, Split, Task};
use activation_lab::nn::config::{MAX_BATCH_UNITS, MAX_PARAMS};
use activation_lab::nn::{ActivationSpec, Optimizer, TrainConfig, Trainer};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The budget the caps are chosen for, leaving room for the wasm module, JS and the page.
const BUDGET: usize = 300 << 20;
/// Tests share one process-wide counter: run the measurements one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn mnist_sized_split() -> Split {
    let set = |n: usize| Dataset {
        features: 784,
        shape: None,
        task: Task::Classification { classes: 10 },
        inputs: (0..n * 784).map(|i| (i % 255) as f32 / 255.0).collect(),
        labels: (0..n).map(|i| (i % 10) as u32).collect(),
        targets: Vec::new(),
    };
    Split {
        train: set(8000),
        test: set(2000),
    }
}

/// Peak heap (bytes) from before the data set exists through `Trainer::new`, `steps` steps and,
/// if asked, a full evaluation (whose 256-row workspace is the larger one for thin batches).
fn peak_of(config: TrainConfig, steps: usize, evaluate: bool) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut t = Trainer::new(config, mnist_sized_split()).expect("largest config is accepted");
    t.step(steps);
    if evaluate {
        t.evaluate();
        let _ = t.snapshot();
    }
    drop(t);
    PEAK.load(Ordering::Relaxed) - base
}

#[test]
fn the_most_parameters_with_the_widest_accepted_batch_stay_within_budget() {
    let _g = SERIAL.lock().unwrap();
    // 784 → 1024 → 1024 → 1024 → 1024 → 10 is 3.96 M parameters, just under MAX_PARAMS, with Adam
    // (two moment buffers) and the largest batch the workspace cap allows for these units.
    let hidden = vec![1024; 4];
    let units: usize = hidden.iter().sum::<usize>() + 10;
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&hidden),
        activations: vec![ActivationSpec::named("rrelu")],
        optimizer: Optimizer::adam(),
        batch_size: MAX_BATCH_UNITS / units,
        dropout: 0.5,
        ..TrainConfig::default()
    };
    let n = config.check_size(784, 10).unwrap();
    assert!(
        n > MAX_PARAMS * 98 / 100,
        "{n} parameters is not near the cap"
    );
    let peak = peak_of(config, 0, false);
    eprintln!(
        "max-params config: {n} parameters, peak heap {} MiB",
        peak >> 20
    );
    assert!(peak < BUDGET, "peak {} MiB", peak >> 20);
}

#[test]
fn the_most_units_with_the_widest_accepted_batch_stay_within_budget() {
    let _g = SERIAL.lock().unwrap();
    // 64 layers alternating 1024 / 1 units: few parameters, the most units per sample, every
    // workspace buffer in use (RReLU slopes, dropout masks).
    let hidden: Vec<usize> = (0..64).map(|i| if i % 2 == 0 { 1024 } else { 1 }).collect();
    let units: usize = hidden.iter().sum::<usize>() + 10;
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&hidden),
        activations: vec![ActivationSpec::named("rrelu")],
        batch_size: MAX_BATCH_UNITS / units,
        dropout: 0.5,
        ..TrainConfig::default()
    };
    config.check_size(784, 10).unwrap();
    let peak = peak_of(config, 2, true);
    eprintln!("max-units config: peak heap {} MiB", peak >> 20);
    assert!(peak < BUDGET, "peak {} MiB", peak >> 20);
}

#[test]
fn the_workspace_cap_is_what_keeps_the_units_case_small() {
    let _g = SERIAL.lock().unwrap();
    // One batch row past the cap is refused before anything is allocated.
    let hidden: Vec<usize> = (0..64).map(|i| if i % 2 == 0 { 1024 } else { 1 }).collect();
    let units: usize = hidden.iter().sum::<usize>() + 10;
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&hidden),
        batch_size: MAX_BATCH_UNITS / units + 1,
        ..TrainConfig::default()
    };
    let e = Trainer::new(config, mnist_sized_split())
        .err()
        .expect("over the cap");
    assert!(e.to_string().contains("too much memory"), "{e}");
}
