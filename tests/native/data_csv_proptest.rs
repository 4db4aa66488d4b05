//! Property tests for the CSV parser: never panics on any text; generated well-formed tables parse
//! back to their values (standardised) and labels.
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::csv::{parse_csv, CsvTask};
use activation_lab::Error;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,400}") {
        for task in [CsvTask::Binary, CsvTask::Classes, CsvTask::Regression] {
            if let Err(e) = parse_csv(&text, task) {
                let expected_kind = matches!(e, Error::Csv { .. } | Error::Text { .. });
                prop_assert!(expected_kind, "unexpected error kind {:?}", e);
            }
        }
    }

    #[test]
    fn csv_like_text_never_panics(text in "[0-9.,;\t \r\n#\"e+-]{0,400}") {
        for task in [CsvTask::Binary, CsvTask::Classes, CsvTask::Regression] {
            if let Err(Error::Csv { line, .. }) = parse_csv(&text, task) {
                prop_assert!(line >= 1 && line <= text.split('\n').count());
            }
        }
    }

    #[test]
    fn well_formed_tables_round_trip(
        rows in prop::collection::vec((prop::collection::vec(-1e6f64..1e6, 3), 0u32..2), 2..60),
        header in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        prop_assume!(rows.iter().any(|r| r.1 == 0) && rows.iter().any(|r| r.1 == 1));
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = if header { format!("a,b,c,label{end}") } else { String::new() };
        for (values, label) in &rows {
            text.push_str(&format!("{},{},{},{label}{end}", values[0], values[1], values[2]));
        }
        let data = parse_csv(&text, CsvTask::Binary).unwrap();
        prop_assert_eq!(data.header, header);
        let d = &data.dataset;
        prop_assert_eq!(d.len(), rows.len());
        let labels: Vec<u32> = rows.iter().map(|r| r.1).collect();
        prop_assert_eq!(&d.labels, &labels);
        for (i, (values, _)) in rows.iter().enumerate() {
            let mut back = d.sample(i).to_vec();
            data.normalisation.invert(&mut back);
            for f in 0..3 {
                let tolerance = 1e-5 * (1.0 + data.normalisation.std[f] + values[f].abs());
                prop_assert!((f64::from(back[f]) - values[f]).abs() <= tolerance);
            }
        }
    }
}
