//! Train/test splits: sizes, determinism, that nothing is lost or duplicated, class proportions.

use activation_lab::data::{shuffled_split, stratified_split, Dataset, Task, TwoD};

/// Each sample as a sortable key (inputs' bits and its label/target bits).
fn keys(d: &Dataset) -> Vec<Vec<u32>> {
    (0..d.len())
        .map(|i| {
            let mut k: Vec<u32> = d.sample(i).iter().map(|v| v.to_bits()).collect();
            k.push(d.labels.get(i).copied().unwrap_or(0));
            k.push(d.targets.get(i).map_or(0, |t| t.to_bits()));
            k
        })
        .collect()
}

fn assert_partition(whole: &Dataset, a: &Dataset, b: &Dataset) {
    let mut all = keys(whole);
    let mut parts = keys(a);
    parts.extend(keys(b));
    all.sort();
    parts.sort();
    assert_eq!(all, parts, "the split must be a permutation of the set");
}

#[test]
fn playground_split_sizes_follow_floor_of_the_ratio() {
    let s = TwoD::Circle.generate_split(500, 0.0, 0.5, 1).unwrap();
    assert_eq!((s.train.len(), s.test.len()), (250, 250));
    let s = TwoD::Plane.generate_split(1200, 10.0, 0.3, 1).unwrap();
    assert_eq!((s.train.len(), s.test.len()), (360, 840));
    assert_eq!(s.train.task, Task::Regression);
    let d = TwoD::Spiral.generate(7, 0.0, 1).unwrap();
    let s = shuffled_split(&d, 0.5, 1).unwrap();
    assert_eq!((s.train.len(), s.test.len()), (3, 4));
    assert_partition(&d, &s.train, &s.test);
}

#[test]
fn splits_are_seeded_permutations() {
    let d = TwoD::Xor.generate(400, 10.0, 2).unwrap();
    let a = shuffled_split(&d, 0.6, 7).unwrap();
    assert_eq!(a, shuffled_split(&d, 0.6, 7).unwrap());
    assert_ne!(
        a.train.inputs,
        shuffled_split(&d, 0.6, 8).unwrap().train.inputs
    );
    assert_partition(&d, &a.train, &a.test);
    // The shuffle really mixes: the training part is not just the first 240 points.
    assert_ne!(a.train.inputs, d.inputs[..480].to_vec());
}

#[test]
fn bad_ratios_are_rejected() {
    let d = TwoD::Circle.generate(10, 0.0, 1).unwrap();
    for r in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
        let e = shuffled_split(&d, r, 1).unwrap_err().to_string();
        assert!(e.contains("train ratio"), "{e}");
        assert!(stratified_split(&d, r, 1).is_err());
    }
    // 10 × 0.05 floors to 0 training samples; 10 × 0.99 leaves 9/1, fine.
    let e = shuffled_split(&d, 0.05, 1).unwrap_err().to_string();
    assert!(e.contains("training set empty"), "{e}");
    assert!(shuffled_split(&d, 0.99, 1).is_ok());
}

#[test]
fn stratified_split_keeps_each_class_in_proportion() {
    // 90 samples of class 0, 10 of class 1, 30 of class 2.
    let labels: Vec<u32> = [(0, 90), (1, 10), (2, 30)]
        .iter()
        .flat_map(|&(c, k)| std::iter::repeat_n(c, k))
        .collect();
    let n = labels.len();
    let d = Dataset {
        features: 1,
        shape: None,
        task: Task::Classification { classes: 3 },
        inputs: (0..n).map(|i| i as f32).collect(),
        labels,
        targets: Vec::new(),
    };
    let s = stratified_split(&d, 0.8, 3).unwrap();
    assert_eq!((s.train.len(), s.test.len()), (104, 26));
    assert_eq!(s.test.class_counts(), vec![18, 2, 6]);
    assert_eq!(s.train.class_counts(), vec![72, 8, 24]);
    assert_partition(&d, &s.train, &s.test);
    assert_eq!(s, stratified_split(&d, 0.8, 3).unwrap());
    assert_ne!(
        s.test.inputs,
        stratified_split(&d, 0.8, 4).unwrap().test.inputs
    );
    // Parts come shuffled, not class by class.
    assert_ne!(
        s.train.labels.windows(2).filter(|w| w[0] != w[1]).count(),
        2
    );
}

#[test]
fn stratified_split_rejects_labels_outside_the_classes() {
    let d = Dataset {
        features: 1,
        shape: None,
        task: Task::Classification { classes: 2 },
        inputs: vec![0.0, 1.0, 2.0, 3.0],
        labels: vec![0, 1, 2, 0],
        targets: Vec::new(),
    };
    let e = stratified_split(&d, 0.5, 1).unwrap_err().to_string();
    assert!(e.contains("label 2") && e.contains("2 classes"), "{e}");
}
