//! Issue #15's accuracy targets on the MNIST subset (8,000 train / 2,000 test), run natively:
//! the small CNN ≥ 97 % test accuracy within 15 epochs with ReLU; the article's CNN with its own
//! settings ≥ 97.5 % within 5 epochs; the six-activation compare on the article's net leaves
//! sigmoid far behind. They train for minutes, too long for a debug build, so they are `#[ignore]`d
//! in the default `cargo test`; `make test` runs them through `make cnn-accuracy` (the `accuracy`
//! profile: release without LTO). `nn_conv_train.rs` keeps a debug-sized check of the same code
//! paths. Not timed: each prints the epoch it reached its target and its wall time.
//! Also here, sharing the compare's runs: the article's CNN trained by Keras 3 for 2 epochs reaches
//! our ReLU accuracy and stays at chance with sigmoid (needs the torch venv, tools/torch-env.sh).
#![cfg(not(target_arch = "wasm32"))]

mod export_pytorch_common;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Instant;

use activation_lab::data::{ImageSource, Split};
use activation_lab::experiment::{compare_with, preset, Contender, EpochRecord};
use activation_lab::nn::{ActivationSpec, Status, Trainer};
use export_pytorch_common::{cli, data_dir, run_scripts, scratch};

fn mnist() -> Split {
    ImageSource::from_name("mnist")
        .unwrap()
        .load_split()
        .unwrap()
}

/// Trains `name`'s preset with `activation` until its test accuracy reaches `target` after at
/// least `min_epochs` epochs, or the preset's epochs end; returns the test accuracy per epoch.
fn train_until(
    name: &str,
    activation: &str,
    split: Arc<Split>,
    target: f32,
    min_epochs: usize,
) -> Vec<f32> {
    let p = preset(name).unwrap();
    let config = (p.variant)(&p.config, &ActivationSpec::parse(activation).unwrap());
    let mut t = Trainer::new(config, split).unwrap();
    let start = Instant::now();
    let mut accuracies = Vec::new();
    while t.status() == Status::Running {
        let snap = t.run_epoch();
        let acc = snap.evaluation.unwrap().test.unwrap().accuracy.unwrap();
        accuracies.push(acc);
        eprintln!(
            "{name} {activation}: epoch {} test accuracy {acc:.4} ({:.0} s)",
            t.epoch(),
            start.elapsed().as_secs_f64()
        );
        if acc >= target && accuracies.len() >= min_epochs {
            break;
        }
    }
    accuracies
}

/// The first epoch (1-based) whose test accuracy reaches `target`.
fn epoch_reaching(accuracies: &[f32], target: f32) -> Option<usize> {
    accuracies.iter().position(|&a| a >= target).map(|e| e + 1)
}

#[test]
#[ignore = "minutes of training: run with `make cnn-accuracy`"]
fn small_cnn_reaches_97_percent_within_15_epochs_with_relu() {
    let accuracies = train_until("small-cnn", "relu", Arc::new(mnist()), 0.97, 1);
    let epoch = epoch_reaching(&accuracies, 0.97);
    assert!(
        epoch.is_some_and(|e| e <= 15),
        "test accuracy per epoch {accuracies:?}"
    );
}

/// The article's CNN runs the tests below share, each trained once: ReLU with the preset's own
/// settings until 97.5 % (at least 2 epochs), and the five other activations of its compare for 2
/// epochs. ReLU's first 2 epochs are its compare run (a run's first epochs do not depend on its
/// epoch count: tests/native/compare_parallel.rs), so the compare and the Keras check read them there
/// instead of training the same run again (measured: the Keras stage 13:51 → 9:41 CPU-min).
struct ArticleRuns {
    /// ReLU's test accuracy per epoch.
    relu: Vec<f32>,
    /// (activation, test accuracy after 2 epochs), in the compare's order.
    compare: Vec<(String, f64)>,
}

const COMPARE_EPOCHS: usize = 2;

fn article_runs() -> &'static ArticleRuns {
    static RUNS: OnceLock<ArticleRuns> = OnceLock::new();
    RUNS.get_or_init(|| {
        let p = preset("article-cnn").unwrap();
        let split = Arc::new(mnist());
        let start = Instant::now();
        let is_relu = |c: &Contender| c.label() == "relu";
        // Each run on its own thread: a run alone is its run in the serial line-up bit for bit
        // (tests/native/compare_parallel.rs), so this is the serial compare on every core.
        let (relu, others) = thread::scope(|scope| {
            let relu = scope.spawn(|| {
                train_until(
                    "article-cnn",
                    "relu",
                    Arc::clone(&split),
                    0.975,
                    COMPARE_EPOCHS,
                )
            });
            let others: Vec<_> = p
                .activations
                .iter()
                .filter(|c| !is_relu(c))
                .map(|contender| {
                    let split = Arc::clone(&split);
                    let mut config = p.config.clone();
                    config.epochs = COMPARE_EPOCHS;
                    scope.spawn(move || {
                        let label = contender.label();
                        let on_epoch = |_: usize, r: &EpochRecord| {
                            eprintln!(
                                "compare {label} epoch {}: test accuracy {:?} ({:.0} s)",
                                r.epoch,
                                r.test_accuracy,
                                start.elapsed().as_secs_f64()
                            );
                        };
                        let one = std::slice::from_ref(contender);
                        let trace = compare_with(&config, one, split, p.variant, on_epoch)
                            .unwrap()
                            .remove(0);
                        assert_eq!(trace.epochs.len(), COMPARE_EPOCHS, "{label} stopped early");
                        let last = trace.epochs.last().unwrap().test_accuracy.unwrap();
                        (label, f64::from(last))
                    })
                })
                .collect();
            let relu = relu.join().unwrap();
            let others: Vec<_> = others.into_iter().map(|r| r.join().unwrap()).collect();
            (relu, others)
        });
        let mut others = others.into_iter();
        let compare = p
            .activations
            .iter()
            .map(|c| match is_relu(c) {
                true => (c.label(), f64::from(relu[COMPARE_EPOCHS - 1])),
                false => others.next().unwrap(),
            })
            .collect();
        ArticleRuns { relu, compare }
    })
}

#[test]
#[ignore = "minutes of training: run with `make cnn-accuracy`"]
fn article_cnn_reaches_97_5_percent_within_5_epochs_with_relu() {
    let relu = &article_runs().relu;
    let epoch = epoch_reaching(relu, 0.975);
    assert!(
        epoch.is_some_and(|e| e <= 5),
        "test accuracy per epoch {relu:?}"
    );
}

#[test]
#[ignore = "the six-activation compare trains 12 article-net epochs: `make cnn-accuracy`"]
fn the_article_compare_leaves_sigmoid_far_behind() {
    let compare = &article_runs().compare;
    assert_eq!(compare.len(), 6);
    let (name, sigmoid) = &compare[0];
    assert!(name.starts_with("sigmoid"), "{name}");
    for (name, acc) in &compare[1..] {
        assert!(
            *acc > sigmoid + 0.3 && *acc > 0.9,
            "{name}: {acc} vs sigmoid {sigmoid}"
        );
    }
}

/// The article's CNN exported as Keras 3 (torch backend) and trained by Keras alone (its own init,
/// shuffling and dropout masks) for 2 epochs: relu's test accuracy within 1.5 points of ours, and
/// sigmoid at chance in both, as in the article. (Keras's step-for-step replay of the same net is
/// tests/export_keras_article.rs.)
#[test]
#[ignore = "Keras trains the article's CNN for minutes: `make cnn-accuracy`"]
fn keras_reaches_our_accuracy_and_sigmoid_stays_at_chance() {
    let dir = scratch("keras-article-train");
    let jobs: Vec<(PathBuf, Vec<String>)> = ["relu", "sigmoid"]
        .iter()
        .map(|act| {
            let script = dir.join(format!("article_{act}.py"));
            let out = script.to_string_lossy().into_owned();
            let epochs = COMPARE_EPOCHS.to_string();
            cli(&[
                "export-keras",
                "--preset",
                "article-cnn",
                "--activation",
                act,
                "--epochs",
                &epochs,
                "--out",
                &out,
            ]);
            (
                script,
                vec!["--data-dir".to_string(), data_dir().to_string()],
            )
        })
        .collect();
    let outputs = run_scripts(&jobs);
    let keras: Vec<f64> = outputs
        .iter()
        .map(|out| {
            let last = out
                .lines()
                .rfind(|l| l.starts_with(&format!("{COMPARE_EPOCHS},")))
                .expect("last epoch's row");
            last.split(',').nth(4).unwrap().parse().unwrap()
        })
        .collect();
    let ours = |name: &str| {
        let runs = &article_runs().compare;
        runs.iter().find(|(n, _)| n == name).unwrap().1
    };
    let (relu, sigmoid) = (ours("relu"), ours("sigmoid"));
    println!(
        "test accuracy after {COMPARE_EPOCHS} epochs — ours: relu {relu:.4}, sigmoid {sigmoid:.4}; Keras: relu {:.4}, sigmoid {:.4}",
        keras[0], keras[1]
    );
    assert!(
        (keras[0] - relu).abs() <= 0.015,
        "relu: Keras {} vs ours {relu}",
        keras[0]
    );
    assert!(relu > 0.9, "our relu should learn: {relu}");
    // Chance on this split: the most frequent digit's share of the test set (11.35 %).
    for (who, acc) in [("ours", sigmoid), ("Keras", keras[1])] {
        assert!(acc < 0.2, "{who} sigmoid left chance: {acc}");
    }
}
