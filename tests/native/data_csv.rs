//! CSV upload/paste: accepted shapes, standardisation statistics, every rejection path and cap.

use activation_lab::data::csv::{
    parse_csv, CsvTask, MAX_BYTES, MAX_CLASSES, MAX_FEATURES, MAX_ROWS,
};
use activation_lab::data::Task;
use activation_lab::Error;

fn line_error(text: &str, task: CsvTask) -> (usize, String) {
    match parse_csv(text, task) {
        Err(Error::Csv { line, message, .. }) => (line, message),
        other => panic!("expected a line error for {text:?}, got {other:?}"),
    }
}

fn whole_error(text: &str, task: CsvTask) -> String {
    match parse_csv(text, task) {
        Err(Error::Text { en, .. }) => en,
        other => panic!("expected a whole-text error, got {other:?}"),
    }
}

#[test]
fn binary_classification_with_header_is_standardised() {
    let data = parse_csv("x1,x2,label\n1,10,0\n3,30,1\n5,50,1\n", CsvTask::Binary).unwrap();
    assert!(data.header);
    assert_eq!(data.columns, ["x1", "x2", "label"]);
    let d = &data.dataset;
    assert_eq!(d.features, 2);
    assert_eq!(d.task, Task::Classification { classes: 2 });
    assert_eq!(d.labels, [0, 1, 1]);
    assert!(d.targets.is_empty());
    assert_eq!(data.normalisation.mean, [3.0, 30.0]);
    let std = (8.0f64 / 3.0).sqrt();
    assert!((data.normalisation.std[0] - std).abs() < 1e-12);
    assert!((data.normalisation.std[1] - 10.0 * std).abs() < 1e-12);
    let z = (2.0 / std) as f32;
    assert_eq!(d.inputs, [-z, -z, 0.0, 0.0, z, z]);
    // Mapping an original-unit point in and back.
    let mut p = [5.0f32, 50.0];
    data.normalisation.apply(&mut p);
    assert_eq!(p, [z, z]);
    data.normalisation.invert(&mut p);
    assert!((p[0] - 5.0).abs() < 1e-6 && (p[1] - 50.0).abs() < 1e-5);
}

#[test]
fn header_is_optional_and_formats_are_tolerated() {
    let plain = parse_csv("1,10,0\n3,30,1\n", CsvTask::Binary).unwrap();
    assert!(!plain.header);
    assert_eq!(plain.columns, ["x1", "x2", "label"]);
    let variants = [
        "\u{feff}\"a\",\"b\",\"class\"\r\n1, 10 ,0\r\n\r\n3,30,1.0\r\n",
        "# exported data\n\n  1\t10\t0\n3\t30\t1\n",
        "1;10;0\n3;30;1",
        "1   10 0\n  3 30    1  \n\n",
        "1,10,\"0\"\n# comment\n3,30,1",
    ];
    for text in variants {
        let data = parse_csv(text, CsvTask::Binary).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(data.dataset, plain.dataset, "{text:?}");
    }
    let quoted = parse_csv("\"a\",\"b\",\"class\"\n1,10,0\n3,30,1", CsvTask::Binary).unwrap();
    assert_eq!(quoted.columns, ["a", "b", "class"]);
}

#[test]
fn more_classes_and_regression() {
    let data = parse_csv("x,c\n0.5,0\n1.5,2\n2.5,1\n", CsvTask::Classes).unwrap();
    assert_eq!(data.dataset.task, Task::Classification { classes: 3 });
    assert_eq!(data.dataset.class_counts(), [1, 1, 1]);

    let data = parse_csv("1,2,3,-0.5\n2,2,4,1e3\n3,2,5,2.25\n", CsvTask::Regression).unwrap();
    assert_eq!(data.columns, ["x1", "x2", "x3", "y"]);
    let d = &data.dataset;
    assert_eq!((d.features, d.task, d.len()), (3, Task::Regression, 3));
    assert_eq!(d.targets, [-0.5, 1000.0, 2.25]);
    assert!(d.labels.is_empty());
    // A constant feature is centred only: std reported 0, values 0.
    assert_eq!(data.normalisation.std[1], 0.0);
    assert!(d.inputs.chunks(3).all(|s| s[1] == 0.0));
    // Every standardised feature has mean 0 and (population) std 1.
    for f in [0, 2] {
        let col: Vec<f64> = d.inputs.chunks(3).map(|s| f64::from(s[f])).collect();
        let mean = col.iter().sum::<f64>() / 3.0;
        let var = col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 3.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-6);
    }
}

#[test]
fn every_line_level_rejection_names_its_line() {
    use CsvTask::*;
    let cases: &[(&str, CsvTask, usize, &str)] = &[
        (
            "x1,x2,label\n1,2,0\n1,2,cat\n",
            Binary,
            3,
            "label `cat` is not 0/1",
        ),
        ("1,2,0\n1,2,2\n", Binary, 2, "label `2` is not 0/1"),
        ("1,2,0\n1,2,0.5\n", Binary, 2, "label `0.5` is not 0/1"),
        ("1,2,0\n1,2,-1\n", Binary, 2, "label `-1` is not 0/1"),
        ("1,2,cat\n1,2,0\n", Binary, 1, "label `cat` is not 0/1"),
        (
            "1,0\n1,10\n",
            Classes,
            2,
            "label `10` is not a class number 0 to 9",
        ),
        (
            "a,b,c\n1,2,0\n1,2\n",
            Binary,
            3,
            "expected 3 columns, found 2",
        ),
        (
            "1,2,0\n\n\n1,2,0,4\n",
            Binary,
            4,
            "expected 3 columns, found 4",
        ),
        ("1,2,0\n1,2,1,\n", Binary, 2, "expected 3 columns, found 4"),
        ("1,2,0\n1,,1\n", Binary, 2, "column 2 (x2) is empty"),
        (
            "1,2,0\n1,abc,1\n",
            Binary,
            2,
            "`abc` in column 2 (x2) is not a number",
        ),
        (
            "u,v,w\n1,2,0\nNaN,2,1\n",
            Binary,
            3,
            "`NaN` in column 1 (u) is not a finite number",
        ),
        (
            "1,2,0\n1,inf,1\n",
            Binary,
            2,
            "`inf` in column 2 (x2) is not a finite number",
        ),
        (
            "1,2,0\n1e999,2,1\n",
            Binary,
            2,
            "`1e999` in column 1 (x1) is not a finite number",
        ),
        (
            "1,2\n1,nan\n",
            Regression,
            2,
            "target `nan` is not a finite number",
        ),
        (
            "1,2\n1,-inf\n",
            Regression,
            2,
            "target `-inf` is not a finite number",
        ),
        ("1,2\n1,y\n", Regression, 2, "target `y` is not a number"),
        (
            "\n\n1\n2\n",
            Regression,
            3,
            "found 1 column; expected the features then the y (e.g. `x1,x2,label`)",
        ),
    ];
    for &(text, task, line, message) in cases {
        assert_eq!(
            line_error(text, task),
            (line, message.to_string()),
            "{text:?}"
        );
    }
    // The full message reads "line N: …".
    let err = parse_csv("1,2,0\n1,2,cat\n", CsvTask::Binary).unwrap_err();
    assert_eq!(err.to_string(), "line 2: label `cat` is not 0/1");
}

#[test]
fn whole_text_rejections() {
    assert_eq!(
        whole_error("", CsvTask::Binary),
        "the CSV text has no rows; expected lines like `x1,x2,label`"
    );
    assert_eq!(
        whole_error("# only a comment\n\r\n   \n", CsvTask::Binary),
        "the CSV text has no rows; expected lines like `x1,x2,label`"
    );
    assert_eq!(
        whole_error("x1,x2,label\n", CsvTask::Binary),
        "the CSV text has 0 data rows; at least 2 are needed"
    );
    assert_eq!(
        whole_error("x1,x2,label\n1,2,1\n", CsvTask::Binary),
        "the CSV text has 1 data row; at least 2 are needed"
    );
    assert_eq!(
        whole_error("1,2,1\n3,4,1\n", CsvTask::Binary),
        "every row has label 1; a classification set needs at least two classes"
    );
    assert_eq!(
        whole_error("1,0\n2,2\n3,0\n", CsvTask::Classes),
        "no row has label 1, but labels go up to 2; labels must be 0..k-1 without gaps"
    );
}

#[test]
fn caps_are_enforced_exactly() {
    // Rows: MAX_ROWS data rows pass, one more fails on its line (header on line 1).
    let row = |i: usize| format!("{},{},{}\n", i % 7, i % 5, i % 2);
    let mut text = String::from("a,b,c\n");
    for i in 0..MAX_ROWS {
        text.push_str(&row(i));
    }
    assert_eq!(
        parse_csv(&text, CsvTask::Binary).unwrap().dataset.len(),
        MAX_ROWS
    );
    text.push_str(&row(MAX_ROWS));
    assert_eq!(
        line_error(&text, CsvTask::Binary),
        (
            MAX_ROWS + 2,
            format!("more than {MAX_ROWS} data rows; the limit is {MAX_ROWS}")
        )
    );

    // Features: 64 pass, 65 fail on line 1.
    let table = |features: usize| {
        let mut t = String::new();
        for r in 0..3 {
            let mut fields: Vec<String> = (0..features).map(|f| (r * f).to_string()).collect();
            fields.push((r % 2).to_string());
            t.push_str(&fields.join(","));
            t.push('\n');
        }
        t
    };
    assert_eq!(
        parse_csv(&table(MAX_FEATURES), CsvTask::Binary)
            .unwrap()
            .dataset
            .features,
        MAX_FEATURES
    );
    assert_eq!(
        line_error(&table(MAX_FEATURES + 1), CsvTask::Binary),
        (
            1,
            "found 66 columns; at most 64 features plus the label are allowed".to_string()
        )
    );

    // Bytes: over 1 MiB is refused before parsing.
    let big = format!("1,2,0\n3,4,1\n{}", " ".repeat(MAX_BYTES));
    assert_eq!(
        whole_error(&big, CsvTask::Binary),
        format!(
            "the CSV text is {} bytes; the limit is 1048576 bytes (1 MiB)",
            big.len()
        )
    );
    // Classes: labels up to MAX_CLASSES - 1 are accepted.
    let mut t = String::new();
    for c in 0..MAX_CLASSES {
        t.push_str(&format!("{c},{c}\n"));
    }
    assert_eq!(
        parse_csv(&t, CsvTask::Classes).unwrap().dataset.task,
        Task::Classification {
            classes: MAX_CLASSES as usize
        }
    );
}

#[test]
fn hostile_fields_are_shortened_in_messages() {
    let text = format!("1,2,0\n1,2,{}\n", "z".repeat(100_000));
    let (line, message) = line_error(&text, CsvTask::Binary);
    assert_eq!(line, 2);
    assert!(message.len() < 80, "{message}");
}
