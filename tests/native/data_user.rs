//! The user's data end to end in the core: CSV read as classes or regression (auto), the stored
//! JSON form, the `t.ds=custom|csv|fn` hash, training on edited points and on a CSV, and a drawn
//! "1" recognised by a model trained on the 8×8 digits.
// Native only: the digits model test reads the shipped data file.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use activation_lab::data::images::DIGITS;
use activation_lab::data::pad::{prepare, PadTarget};
use activation_lab::data::points::{PointSet, PointTask};
use activation_lab::data::user::{parse_csv_choice, CsvChoice, UserData};
use activation_lab::data::Task;
use activation_lab::nn::loss::argmax;
use activation_lab::nn::Trainer;
use activation_lab::training::{DataChoice, TrainSetup};
use activation_lab::Error;

fn blobs_csv() -> String {
    let mut s = String::from("a,b,label\n");
    for i in 0..40 {
        let t = i as f64 * 0.1;
        s.push_str(&format!("{},{},0\n", 10.0 + t.sin(), 100.0 + t.cos()));
        s.push_str(&format!("{},{},1\n", 14.0 + t.cos(), 104.0 + t.sin()));
    }
    s
}

#[test]
fn auto_reads_class_numbers_as_classes_and_reals_as_regression() {
    let classes = parse_csv_choice(&blobs_csv(), CsvChoice::Auto).unwrap();
    assert_eq!(classes.dataset.task, Task::Classification { classes: 2 });
    let reg = parse_csv_choice("x,y\n1,0.5\n2,1.5\n3,2.25\n", CsvChoice::Auto).unwrap();
    assert_eq!(reg.dataset.task, Task::Regression);
    // Forcing classes on real targets names the line; auto's error for a word names the label.
    match parse_csv_choice("1,0.5\n2,1.5\n", CsvChoice::Classes).unwrap_err() {
        Error::Csv { line, .. } => assert_eq!(line, 1),
        e => panic!("{e}"),
    }
    let e = parse_csv_choice("1,2,0\n3,4,1\n5,6,cat\n", CsvChoice::Auto).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 3: label `cat` is not a class number 0 to 9"
    );
}

#[test]
fn stored_json_round_trips_and_garbage_is_a_message() {
    let wire = UserData::csv_json(&blobs_csv(), CsvChoice::Auto);
    let user = UserData::from_json(&wire).unwrap();
    let s = user.summary();
    assert_eq!(
        (s.kind, s.rows, s.features, s.classes),
        ("csv", 80, 2, Some(2))
    );
    assert_eq!(s.counts, vec![40, 40]);
    assert_eq!(s.columns, vec!["a", "b", "label"]);
    let n = s.normalisation.unwrap();
    assert!(
        (n.mean[0] - 12.0).abs() < 0.2 && (n.mean[1] - 102.0).abs() < 0.2,
        "{n:?}"
    );

    let mut p = PointSet::new(PointTask::Regression).unwrap();
    p.add(1.0, 2.0, 0.5).unwrap();
    let back = UserData::from_json(&UserData::points_json(&p)).unwrap();
    assert_eq!(back, UserData::Points(p));

    for bad in [
        "",
        "null",
        r#"{"kind":"html","x":1}"#,
        r#"{"kind":"points","set":"{"}"#,
    ] {
        assert!(UserData::from_json(bad).is_err(), "{bad}");
    }
    let csv_err = UserData::from_json(&UserData::csv_json("1,2,0\n1,2,x\n", CsvChoice::Classes));
    assert!(csv_err.unwrap_err().to_string().starts_with("line 2:"));
}

#[test]
fn hash_names_the_user_data_and_the_function_boundary() {
    let custom = TrainSetup::parse_hash("t.ds=custom&t.h=8").unwrap();
    assert_eq!(custom.data, DataChoice::Custom);
    assert!(custom.to_hash().starts_with("t.ds=custom&"));
    // No user data in the link: building needs the browser's copy.
    let err = custom.build_split(None).unwrap_err().to_string();
    assert!(err.contains("kept in this browser"), "{err}");
    // The wrong kind of stored data is refused.
    let csv_user = UserData::from_json(&UserData::csv_json(&blobs_csv(), CsvChoice::Auto)).unwrap();
    assert!(custom.build_user_split(&csv_user).is_err());

    let csv = TrainSetup::parse_hash("t.ds=csv&t.ratio=0.8").unwrap();
    assert_eq!(
        csv.to_hash(),
        TrainSetup::parse_hash(&csv.to_hash()).unwrap().to_hash()
    );
    assert!(csv.to_hash().contains("t.ratio=0.8"));
    let split = csv.build_user_split(&csv_user).unwrap();
    assert_eq!((split.train.len(), split.test.len()), (64, 16));

    let f = TrainSetup::parse_hash("t.ds=fn&t.fn=x%5E2%2F3-4&t.noise=5").unwrap();
    assert_eq!(f.data, DataChoice::Function);
    assert_eq!(f.samples, 500);
    let h = f.to_hash();
    assert!(h.contains("t.fn=x%5E2%20%2F%203%20-%204"), "{h}");
    assert_eq!(TrainSetup::parse_hash(&h).unwrap(), f);
    let preset = TrainSetup::parse_hash("t.ds=fn&t.fn=abs")
        .unwrap()
        .to_hash();
    assert!(
        preset.contains("t.fn=abs&") || preset.ends_with("t.fn=abs"),
        "{preset}"
    );
    let split = f.build_split(None).unwrap();
    assert_eq!(split.train.len() + split.test.len(), 500);
    let bad = TrainSetup::parse_hash("t.ds=fn&t.fn=sinn(x)")
        .unwrap_err()
        .to_string();
    assert!(
        bad.contains("t.fn") && bad.contains("did you mean"),
        "{bad}"
    );
}

/// Trains `setup` on `split` for its epochs and returns the final training accuracy.
fn train_accuracy(setup: &TrainSetup, split: Arc<activation_lab::data::Split>) -> f32 {
    let mut t = Trainer::new(setup.config.clone(), split).unwrap();
    while t.step(1000) > 0 {}
    t.evaluate().train.accuracy.unwrap()
}

#[test]
fn training_on_edited_points_and_on_a_csv() {
    // Four clusters in an XOR pattern, placed by "clicks".
    let mut p = PointSet::new(PointTask::Classes { classes: 2 }).unwrap();
    for i in 0..10 {
        let d = i as f32 * 0.15;
        for (x, y, c) in [
            (3.0, 3.0, 1.0),
            (-3.0, -3.0, 1.0),
            (3.0, -3.0, 0.0),
            (-3.0, 3.0, 0.0),
        ] {
            p.add(x + d, y - d, c).unwrap();
        }
    }
    let user = UserData::Points(p);
    let setup = TrainSetup::parse_hash(
        "t.ds=custom&t.h=8,8&t.act=tanh&t.opt=adam&t.lr=0.03&t.ep=150&t.bs=10",
    )
    .unwrap();
    let split = setup.build_user_split(&user).unwrap();
    assert!(split.test.is_empty());
    let acc = train_accuracy(&setup, split);
    assert!(acc == 1.0, "XOR clicks: train accuracy {acc}");

    let csv_user = UserData::from_json(&UserData::csv_json(&blobs_csv(), CsvChoice::Auto)).unwrap();
    let setup =
        TrainSetup::parse_hash("t.ds=csv&t.h=8&t.opt=adam&t.lr=0.03&t.ep=60&t.bs=16").unwrap();
    let acc = train_accuracy(&setup, setup.build_user_split(&csv_user).unwrap());
    assert!(acc >= 0.95, "CSV blobs: train accuracy {acc}");

    // A regression CSV with an explicit classification loss is refused when the trainer is built.
    let reg = UserData::from_json(&UserData::csv_json(
        "x,y\n1,0.5\n2,1.5\n3,2\n4,1\n",
        CsvChoice::Auto,
    ))
    .unwrap();
    let setup = TrainSetup::parse_hash("t.ds=csv&t.loss=softmax_cross_entropy").unwrap();
    let err = Trainer::new(setup.config.clone(), setup.build_user_split(&reg).unwrap())
        .err()
        .unwrap();
    assert!(err.to_string().contains("regression"), "{err}");
}

#[test]
fn a_drawn_one_is_recognised_by_a_digits_model() {
    let split = DIGITS.load_split().unwrap();
    let setup =
        TrainSetup::parse_hash("t.ds=digits&t.h=32&t.opt=adam&t.lr=0.003&t.bs=32&t.ep=15").unwrap();
    let mut t = Trainer::new(setup.config.clone(), split).unwrap();
    while t.step(1000) > 0 {}
    // A vertical stroke as the pad draws it: 280 px square, 20 px soft brush.
    let side = 280;
    for cx in [90.0, 140.0, 200.0] {
        let mut ink = vec![0u8; side * side];
        for y in 50..230 {
            for x in 0..side {
                let d = (x as f64 + 0.5 - cx).abs();
                ink[y * side + x] = ((11.0 - d).clamp(0.0, 1.0) * 255.0) as u8;
            }
        }
        let input = prepare(&ink, side, PadTarget::Digits).unwrap();
        let probs = t.predict(&input).unwrap();
        assert_eq!(
            argmax(&probs),
            1,
            "stroke at x = {cx}: probabilities {probs:?}"
        );
    }
}

#[test]
fn empty_oversized_and_capped_user_data_are_messages() {
    use activation_lab::data::csv::{MAX_BYTES, MAX_FEATURES, MAX_ROWS};
    // Nothing stored yet (the page's first visit to `t.ds=custom|csv`): say what to do.
    for empty in ["", "  \n"] {
        let e = UserData::from_json(empty).unwrap_err().to_string();
        assert!(
            e.ends_with("no data loaded yet: add points on the map, or load or paste a CSV"),
            "{e}"
        );
    }
    // A stored value far beyond what a 1 MiB CSV can produce is refused unread.
    let huge = "x".repeat(6 * MAX_BYTES + 2048);
    let e = UserData::from_json(&huge).unwrap_err().to_string();
    assert!(
        e.contains("the limit is 1048576 bytes (1 MiB) of CSV"),
        "{e}"
    );
    // The caps of `data::csv` hold through the wire form with the page's `auto` reading.
    let mut text = String::from("a,b,c\n");
    for i in 0..=MAX_ROWS {
        text.push_str(&format!("{},{},{}\n", i % 7, i % 5, i % 2));
    }
    let e = UserData::from_json(&UserData::csv_json(&text, CsvChoice::Auto)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "line {}: more than {MAX_ROWS} data rows; the limit is {MAX_ROWS}",
            MAX_ROWS + 2
        )
    );
    let wide: Vec<String> = (0..=MAX_FEATURES + 1)
        .map(|i| (i % 2).to_string())
        .collect();
    let text = format!("{}\n{}\n", wide.join(","), wide.join(","));
    let e = UserData::from_json(&UserData::csv_json(&text, CsvChoice::Auto)).unwrap_err();
    assert!(e.to_string().starts_with("line 1: found 66 columns"), "{e}");
    let big = format!("1,2,0\n3,4,1\n{}", " ".repeat(MAX_BYTES));
    let e = UserData::from_json(&UserData::csv_json(&big, CsvChoice::Auto)).unwrap_err();
    assert!(
        e.to_string().contains("the limit is 1048576 bytes (1 MiB)"),
        "{e}"
    );
    // A regression CSV with a short row names its line under `auto` too.
    let e = parse_csv_choice("x,y\n1,0.5\n2\n", CsvChoice::Auto).unwrap_err();
    assert_eq!(e.to_string(), "line 3: expected 2 columns, found 1");
}
