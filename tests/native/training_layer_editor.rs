//! The page's one layer editor (issue 26) and its errors at the field (issue 29), as the core
//! decides them: which row kinds a data set offers, how rows go into the link (the 2-D sets keep
//! their `t.h` widths), and which row and field a refusal names, in English and Chinese, short and
//! without the layer syntax.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::training::fields::editor_problems;
use activation_lab::training::layer_rows::{
    field_problem, kinds_for, rows_of, rows_pairs, Row, STACK_KIND,
};
use activation_lab::training::TrainSetup;

fn row(kind: &str, fields: &[(&str, &str)]) -> Row {
    let mut r: Row = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    r.insert("kind".into(), kind.into());
    r
}

fn conv(filters: &str, kernel: &str) -> Row {
    row(
        "conv",
        &[
            ("filters", filters),
            ("kernel", kernel),
            ("stride", "1"),
            ("padding", "valid"),
        ],
    )
}

fn dense(units: &str) -> Row {
    row("dense", &[("units", units)])
}

fn drop(rate: &str) -> Row {
    row("dropout", &[("rate", rate)])
}

/// The pairs of a form with `rows` in it (keys without `t.`).
fn pairs<'a>(ds: &'a str, net: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![("ds", ds), ("bs", "32")];
    p.extend(net.iter().map(|(k, v)| (*k, v.as_str())));
    p
}

#[test]
fn the_2d_sets_offer_dense_and_dropout_rows_the_image_sets_every_kind() {
    let names = |images| -> Vec<&str> { kinds_for(images).iter().map(|k| k.kind).collect() };
    // Batch norm goes with dense layers too; pooling, global average pooling and flatten need
    // images (issue 26's kinds are entries of the same list).
    assert_eq!(names(false), ["bn", "bnpost", "dropout", "dense"]);
    assert_eq!(
        names(true),
        ["conv", "pool", "avgpool", "gap", "bn", "bnpost", "dropout", "flatten", "dense"]
    );
    // The ± buttons: dense rows step their units, and "+ layer" adds a dense row (8 units on the
    // 2-D sets, as TF Playground's small layers; 64 on images).
    for images in [false, true] {
        let kinds = kinds_for(images);
        let stack = kinds.iter().find(|k| k.kind == STACK_KIND).unwrap();
        assert_eq!(stack.quick, Some("units"));
        let default = stack.fields[0].default;
        assert_eq!(default, if images { "64" } else { "8" });
        assert!(kinds
            .iter()
            .all(|k| k.kind == STACK_KIND || k.quick.is_none()));
    }
}

#[test]
fn a_field_out_of_range_is_named_shortly_in_both_languages() {
    let kinds = kinds_for(true);
    let field = |kind: &str, key: &str| {
        let k = kinds.iter().find(|k| k.kind == kind).unwrap();
        k.fields.iter().find(|f| f.key == key).unwrap().clone()
    };
    let filters = field("conv", "filters");
    assert_eq!(
        field_problem(&filters, "5000"),
        Some((
            "filters must be 1 to 256".to_string(),
            "滤波器须在 1 – 256 之内".to_string()
        ))
    );
    assert_eq!(field_problem(&filters, "256"), None);
    assert_eq!(field_problem(&filters, " 32 "), None);
    for (value, en) in [
        ("", "filters is empty"),
        ("abc", "filters is not a number"),
        ("1.5", "filters must be a whole number"),
        ("1e2", "filters must be a whole number"),
        ("0", "filters must be 1 to 256"),
        ("-3", "filters must be 1 to 256"),
        ("NaN", "filters is not a number"),
        ("inf", "filters must be 1 to 256"),
    ] {
        assert_eq!(
            field_problem(&filters, value).map(|p| p.0),
            Some(en.into()),
            "{value:?}"
        );
    }
    let rate = field("dropout", "rate");
    assert_eq!(field_problem(&rate, "0.5"), None);
    for bad in ["0", "1", "1.5"] {
        let (en, zh) = field_problem(&rate, bad).unwrap();
        assert_eq!(en, "rate must lie in (0, 1)");
        assert_eq!(zh, "比率须在 (0, 1) 之内");
    }
    let padding = field("conv", "padding");
    assert_eq!(field_problem(&padding, "same"), None);
    assert_eq!(
        field_problem(&padding, "full").unwrap().0,
        "padding must be one of valid, same"
    );
    // Every field's largest allowed value is allowed (the page sizes the inputs for it).
    for k in &kinds {
        for f in k
            .fields
            .iter()
            .filter(|f| f.choices.is_empty() && !f.exclusive)
        {
            assert_eq!(
                field_problem(f, &f.max.to_string()),
                None,
                "{}.{}",
                k.kind,
                f.key
            );
        }
    }
}

#[test]
fn rows_go_into_the_link_as_widths_on_2d_sets_and_as_a_list_on_images() {
    let p = |rows: &[Row], images| rows_pairs(rows, images).unwrap();
    let s = |v: &[(&str, &str)]| -> Vec<(&'static str, String)> {
        v.iter()
            .map(|(k, v)| {
                let k: &'static str = match *k {
                    "h" => "h",
                    "do" => "do",
                    _ => "layers",
                };
                (k, v.to_string())
            })
            .collect()
    };
    assert_eq!(
        p(&[dense("8"), dense("4")], false),
        s(&[("h", "8,4"), ("do", "0")])
    );
    assert_eq!(
        p(&[dense("8"), drop("0.2"), dense("8"), drop("0.2")], false),
        s(&[("h", "8,8"), ("do", "0.2")])
    );
    // Dropout after only one layer is a list, as on the image sets.
    assert_eq!(
        p(&[dense("8"), drop("0.2"), dense("8")], false),
        s(&[("layers", "dense8,drop0.2,dense8"), ("do", "0")])
    );
    assert_eq!(
        p(&[dense("128"), drop("0.5")], true),
        s(&[("layers", "dense128,drop0.5"), ("do", "0")])
    );
    assert_eq!(p(&[], false), s(&[("h", "none"), ("do", "0")]));
    // A 2-D link reads back as the rows it was written from, and writes the same link again.
    for hash in [
        "t.ds=circle&t.h=8,8&t.do=0.2",
        "t.ds=spiral&t.h=6,4,2",
        "t.ds=xor&t.h=none",
    ] {
        let setup = TrainSetup::parse_hash(hash).unwrap();
        let rows = rows_of(&setup.config);
        let mut pairs: Vec<(String, String)> = vec![("t.ds".into(), setup.data.name().into())];
        for (k, v) in p(&rows, false) {
            pairs.push((format!("t.{k}"), v));
        }
        let again =
            TrainSetup::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(again.config.layers, setup.config.layers, "{hash}");
        assert_eq!(
            again.config.dense_units(),
            setup.config.dense_units(),
            "{hash}"
        );
        assert_eq!(again.config.dropout, setup.config.dropout, "{hash}");
        // The 2-D sets keep writing the `t.h` shorthand, not a layer list.
        assert!(
            pairs.iter().all(|(k, _)| k != "t.layers"),
            "{hash}: {pairs:?}"
        );
    }
    // A list with dropout on one layer of a 2-D set is accepted (dense and dropout rows only).
    let list = p(&[dense("8"), drop("0.2"), dense("8")], false);
    let setup = TrainSetup::from_pairs([("t.ds", "circle"), ("t.layers", list[0].1.as_str())]);
    assert!(setup.is_ok(), "{:?}", setup.err());
}

#[test]
fn a_bad_field_is_named_at_its_row_and_field_without_the_layer_syntax() {
    // Issue 29: filters = 5000 in the article's first row.
    let rows = vec![
        conv("5000", "3"),
        conv("64", "3"),
        row("pool", &[("size", "2"), ("stride", "2")]),
        row("flatten", &[]),
        dense("128"),
    ];
    let net = rows_pairs(&rows, true).unwrap();
    let p = editor_problems(&pairs("mnist", &net), &rows);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].key, "layers");
    assert_eq!(p[0].item, Some(0));
    assert_eq!(p[0].field.as_deref(), Some("filters"));
    assert_eq!(p[0].en, "filters must be 1 to 256");
    assert_eq!(p[0].zh, "滤波器须在 1 – 256 之内");
    // Two bad fields in two rows: each named, nothing else.
    let mut two = rows.clone();
    two[1].insert("kernel".into(), "x".into());
    let net = rows_pairs(&two, true).unwrap();
    let p = editor_problems(&pairs("mnist", &net), &two);
    let at: Vec<(Option<usize>, Option<&str>)> =
        p.iter().map(|p| (p.item, p.field.as_deref())).collect();
    assert_eq!(at, [(Some(0), Some("filters")), (Some(1), Some("kernel"))]);
    // A 2-D set's widths: the units field of the second row.
    let rows = vec![dense("8"), dense("5000")];
    let net = rows_pairs(&rows, false).unwrap();
    let p = editor_problems(&pairs("circle", &net), &rows);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].item, p[0].field.as_deref()), (Some(1), Some("units")));
    assert_eq!(p[0].en, "units must be 1 to 1024");
}

#[test]
fn a_list_refused_as_a_whole_names_the_field_that_would_fix_it_or_only_the_row() {
    // A 9×9 kernel on 8×8 digits: the kernel is the one field at fault.
    let rows = vec![conv("8", "9"), row("flatten", &[]), dense("32")];
    let net = rows_pairs(&rows, true).unwrap();
    let p = editor_problems(&pairs("digits", &net), &rows);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].item, p[0].field.as_deref()),
        (Some(0), Some("kernel"))
    );
    assert!(
        p[0].en.contains("does not fit its 8×8×1 input"),
        "{}",
        p[0].en
    );
    assert!(p[0].zh.contains("8×8×1"), "{}", p[0].zh);
    // Out of order: the row as a whole, no field.
    let rows = vec![dense("32"), row("flatten", &[])];
    let net = rows_pairs(&rows, true).unwrap();
    let p = editor_problems(&pairs("digits", &net), &rows);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].item, p[0].field.as_deref()), (Some(1), None));
    assert!(p[0]
        .en
        .contains("flatten appears twice, or after a dense layer"));
    for p in &p {
        assert!(!p.en.contains("items:") && !p.zh.contains("可用"), "{p:?}");
    }
    // A valid editor: no problem at all.
    let rows = vec![conv("8", "3"), row("flatten", &[]), dense("32")];
    let net = rows_pairs(&rows, true).unwrap();
    assert!(editor_problems(&pairs("digits", &net), &rows).is_empty());
}
