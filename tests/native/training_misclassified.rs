//! The misclassified-images panel (issue #14): image sets by their declared shape, never a guess
//! from the feature count; regression sets have no panel; a one-output (sigmoid) head predicts
//! class 1 at p ≥ 0.5, so a 2-class 64-feature set is not "all class 1 wrong".
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::{Dataset, Task};
use activation_lab::training::{misclassified, TrainSetup};

fn set(features: usize, task: Task, labels: Vec<u32>) -> Dataset {
    let n = labels.len().max(3);
    Dataset {
        features,
        shape: None,
        task,
        inputs: (0..n * features).map(|i| (i % 7) as f32 / 7.0).collect(),
        targets: if task == Task::Regression {
            vec![0.5; n]
        } else {
            vec![]
        },
        labels,
    }
}

#[test]
fn declared_image_shapes_only() {
    let shape = |hash: &str| TrainSetup::parse_hash(hash).unwrap().image_shape();
    assert_eq!(shape("t.ds=digits"), Some((8, 8)));
    assert_eq!(shape("t.ds=mnist"), Some((28, 28)));
    for ds in ["circle", "spiral", "csv", "custom", "fn"] {
        assert_eq!(shape(&format!("t.ds={ds}")), None, "{ds}");
    }
}

#[test]
fn one_sigmoid_output_predicts_by_half() {
    // 64 features, 2 classes, one output: P(class 1) per sample.
    let data = set(64, Task::Classification { classes: 2 }, vec![1, 0, 1, 0]);
    let probs = [0.9, 0.2, 0.4, 0.7]; // right, right, wrong (1→0), wrong (0→1)
    let m = misclassified(&data, &probs, 1, 8, 40).unwrap();
    assert_eq!((m.total, m.count, m.side), (2, 4, 8));
    let pairs: Vec<(u32, u32)> = m.items.iter().map(|i| (i.label, i.predicted)).collect();
    assert_eq!(pairs, vec![(1, 0), (0, 1)]);
    assert_eq!(m.items[0].pixels, data.sample(2));
    // Softmax scores: argmax; at most `max_items` images, all counted.
    let data = set(4, Task::Classification { classes: 3 }, vec![0, 1, 2]);
    let scores = [0.1, 0.8, 0.1, 0.1, 0.8, 0.1, 0.7, 0.2, 0.1];
    let m = misclassified(&data, &scores, 3, 2, 1).unwrap();
    assert_eq!((m.total, m.items.len()), (2, 1));
    assert_eq!((m.items[0].label, m.items[0].predicted), (0, 1));
}

#[test]
fn regression_and_mismatched_shapes_are_errors_not_panics() {
    let reg = set(16, Task::Regression, vec![]);
    let e = misclassified(&reg, &[0.0; 3], 1, 4, 40).unwrap_err();
    assert!(e.to_string().contains("regression"), "{e}");
    let cls = set(16, Task::Classification { classes: 2 }, vec![0, 1, 1]);
    for (out, width, side, needle) in [
        (vec![0.5; 3], 1, 3, "not 3×3"),
        (vec![0.5; 3], 1, 0, "images"),
        (vec![0.5; 2], 1, 4, "outputs"),
        (vec![0.5; 9], 3, 4, "outputs"),
        (vec![], 0, 4, "outputs"),
    ] {
        let e = misclassified(&cls, &out, width, side, 40).unwrap_err();
        assert!(e.to_string().contains(needle), "{needle}: {e}");
    }
}
