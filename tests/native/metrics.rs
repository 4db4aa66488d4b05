//! The training page's metrics in the core: confusion matrix, stop condition, schedule and stop
//! keys in the link, pixel→epoch for the hover readout, the multi-colour decision map, the
//! confusion chart and the learning-rate strip — all without a browser.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::Extent;
use activation_lab::nn::{Decay, Loss, LrPlan, Schedule, Status, Trainer};
use activation_lab::plot::boundary::{cell_class, class_colour, draw_boundary, Boundary};
use activation_lab::plot::confusion::{draw_confusion, ConfusionLabels};
use activation_lab::plot::traces::{
    draw_lines, draw_lr_strip, lr_points, metric_series, record_at, LineChart, Metric,
};
use activation_lab::plot::{ChartMapping, Style};
use activation_lab::training::stop::target_reached;
use activation_lab::training::{ConfusionMatrix, TrainRecord, TrainSetup};
use plotters::prelude::*;

fn svg_of(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Option<ChartMapping>,
) -> (String, Option<ChartMapping>) {
    let mut svg = String::new();
    let m;
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        m = draw(&root);
        root.present().unwrap();
    }
    (svg, m)
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn record(epoch: usize, test_accuracy: Option<f32>) -> TrainRecord {
    TrainRecord {
        step: epoch as u64 * 10,
        epoch: epoch as f64,
        train_loss: 1.0 / epoch as f32,
        train_accuracy: Some(0.5),
        test_loss: Some(1.1 / epoch as f32),
        test_accuracy,
        lr: 0.1,
        conv_layers: 0,
        grad_norms: vec![0.1],
        act_mean: vec![],
        act_std: vec![],
        dead_fraction: vec![],
        sparsity: vec![],
        prelu_alpha: vec![],
        train_binary_accuracy: None,
        test_binary_accuracy: None,
        clipped: vec![],
    }
}

#[test]
fn confusion_matrix_counts_argmax_and_sigmoid_outputs() {
    // Three classes, softmax-like scores: one class-2 sample mistaken for class 0.
    let labels = [0, 1, 2, 2];
    let out = [
        0.8, 0.1, 0.1, //
        0.2, 0.7, 0.1, //
        0.1, 0.1, 0.8, //
        0.6, 0.1, 0.3,
    ];
    let m = ConfusionMatrix::from_outputs(3, &labels, &out, 3).unwrap();
    assert_eq!(m.counts, vec![1, 0, 0, 0, 1, 0, 1, 0, 1]);
    assert_eq!(m.count(2, 0), 1);
    assert_eq!(m.total(), 4);
    assert_eq!(m.accuracy(), Some(0.75));
    assert_eq!(
        m.per_class_accuracy(),
        vec![Some(1.0), Some(1.0), Some(0.5)]
    );
    // One sigmoid output: class 1 at P ≥ 0.5; a class without samples has no accuracy.
    let m = ConfusionMatrix::from_outputs(3, &[1, 1, 0], &[0.5, 0.2, 0.9], 1).unwrap();
    assert_eq!(m.count(1, 1), 1);
    assert_eq!(m.count(1, 0), 1);
    assert_eq!(m.count(0, 1), 1);
    assert_eq!(m.per_class_accuracy()[2], None);
    // Mismatches are errors that say what is wrong, not panics.
    for (classes, labels, out, width) in [
        (3, vec![0u32], vec![0.1f32, 0.2], 2),
        (3, vec![5], vec![0.1, 0.2, 0.3], 3),
        (3, vec![0], vec![0.1, 0.2], 3),
        (1, vec![0], vec![0.1], 1),
    ] {
        let err = ConfusionMatrix::from_outputs(classes, &labels, &out, width).unwrap_err();
        assert!(err.to_string().contains("confusion matrix"), "{err}");
    }
}

#[test]
fn stop_condition_fires_at_the_first_record_reaching_the_target() {
    assert_eq!(target_reached(None, &record(3, Some(1.0))), None);
    assert_eq!(target_reached(Some(0.9), &record(3, None)), None);
    assert_eq!(target_reached(Some(0.9), &record(3, Some(0.89))), None);
    let hit = target_reached(Some(0.9), &record(4, Some(0.9))).unwrap();
    assert_eq!((hit.step, hit.epoch, hit.accuracy), (40, 4.0, 0.9));

    // A real run: gaussians3 reaches 90 % test accuracy well before its 200 epochs.
    let s = TrainSetup::parse_hash("t.ds=gaussians3&t.ep=200&t.stop=0.9").unwrap();
    assert_eq!(s.stop_accuracy, Some(0.9));
    let mut t = Trainer::new(s.config.clone(), s.build_split(None).unwrap()).unwrap();
    let mut stopped = None;
    while t.status() == Status::Running && stopped.is_none() {
        t.step(t.steps_per_epoch());
        t.evaluate();
        let r = TrainRecord::from_snapshot(&t.snapshot(), t.steps_per_epoch()).unwrap();
        stopped = target_reached(s.stop_accuracy, &r);
    }
    let hit = stopped.expect("gaussians3 should reach 90 % test accuracy");
    assert!(hit.accuracy >= 0.9 && hit.epoch < 200.0, "{hit:?}");
}

#[test]
fn schedule_and_stop_keys_round_trip_through_the_link() {
    let cases = [
        (
            "t.sched=step&t.every=3&t.gamma=0.25",
            Decay::Step {
                every_epochs: 3,
                gamma: 0.25,
            },
            0,
        ),
        (
            "t.sched=cosine&t.floor=0.1&t.warm=20",
            Decay::Cosine { floor: 0.1 },
            20,
        ),
        ("t.warm=5", Decay::Constant, 5),
        // Order does not matter: the parameters come before their schedule.
        (
            "t.gamma=0.5&t.sched=step",
            Decay::Step {
                every_epochs: 1,
                gamma: 0.5,
            },
            0,
        ),
    ];
    for (hash, decay, warm) in cases {
        let s = TrainSetup::parse_hash(hash).unwrap();
        assert_eq!(s.config.schedule.decay, decay, "{hash}");
        assert_eq!(s.config.schedule.warmup_steps, warm, "{hash}");
        let again = TrainSetup::parse_hash(&s.to_hash()).unwrap();
        assert_eq!(again, s, "{hash} → {}", s.to_hash());
    }
    // The default adds no schedule or stop keys; a stop accuracy survives the round trip.
    let plain = TrainSetup::default().to_hash();
    assert!(
        !plain.contains("sched") && !plain.contains("stop"),
        "{plain}"
    );
    let s = TrainSetup::parse_hash("t.ds=spiral3&t.stop=0.95&t.loss=mse").unwrap();
    assert_eq!(s.config.loss, Loss::Mse);
    assert!(s.to_hash().contains("t.stop=0.95"), "{}", s.to_hash());
    assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s);

    for (hash, needle) in [
        ("t.gamma=0.5", "t.sched=step"),
        ("t.sched=cosine&t.every=2", "t.sched=step"),
        ("t.floor=0.1", "t.sched=cosine"),
        ("t.sched=cyclic", "cyclic"),
        ("t.stop=1.5", "stop accuracy"),
        ("t.ds=plane&t.stop=0.9", "regression"),
    ] {
        let err = TrainSetup::parse_hash(hash).expect_err(hash).to_string();
        assert!(
            err.contains(needle),
            "{hash}: `{err}` should mention `{needle}`"
        );
    }
}

#[test]
fn hover_pixel_maps_to_the_nearest_epoch_record() {
    let records: Vec<TrainRecord> = (1..=20).map(|e| record(e, Some(0.8))).collect();
    let chart = LineChart {
        title: "loss".into(),
        x_label: "epoch".into(),
        log_y: false,
        y_range: None,
        x_integer: false,
        series: metric_series(&records, Metric::Loss, ("train", "test")),
    };
    let (_, m) = svg_of((640, 360), |a| {
        Some(draw_lines(a, &chart, &Style::default()).unwrap())
    });
    let m = m.unwrap();
    for epoch in [1usize, 7, 20] {
        let px = m.x_to_pixel(epoch as f64);
        assert_eq!(record_at(&records, &m, px).unwrap().epoch, epoch as f64);
        // A pixel a third of an epoch off still picks that epoch.
        let off = m.x_to_pixel(epoch as f64 + 0.3);
        assert_eq!(record_at(&records, &m, off).unwrap().epoch, epoch as f64);
    }
    // Far left/right of the plot: the first/last record; no records: none.
    assert_eq!(record_at(&records, &m, -1000.0).unwrap().epoch, 1.0);
    assert_eq!(record_at(&records, &m, 1e6).unwrap().epoch, 20.0);
    assert!(record_at(&[], &m, m.left).is_none());
}

#[test]
fn cell_class_is_argmax_with_confidence_above_chance() {
    assert_eq!(cell_class(&[0.2, 0.7, 0.1]).0, 1);
    let (c, sure) = cell_class(&[1.0, 0.0, 0.0]);
    assert_eq!((c, sure), (0, 1.0));
    let (_, unsure) = cell_class(&[1.0 / 3.0; 3]);
    assert!(unsure.abs() < 1e-9);
    // Non-finite scores never make NaN confidence.
    let (_, s) = cell_class(&[f32::NAN, 0.4, f32::INFINITY]);
    assert!(s.is_finite());
}

#[test]
fn three_class_map_paints_each_class_in_its_own_hue_with_a_legend() {
    let res = 6;
    // Columns 0–1 sure of class 0, 2–3 of class 1, 4–5 of class 2.
    let mut values = Vec::new();
    for _row in 0..res {
        for col in 0..res {
            let mut cell = [0.0f32; 3];
            cell[col / 2] = 1.0;
            values.extend(cell);
        }
    }
    let train = [-4.0f32, 0.0, 0.0, 0.0, 4.0, 0.0];
    let b = Boundary {
        extent: Extent::PLAYGROUND,
        resolution: res,
        values: &values,
        train: (&train, &[0.0, 1.0, 2.0]),
        test: (&[], &[]),
        regression: false,
    };
    let (svg, _) = svg_of((400, 400), |a| {
        Some(draw_boundary(a, &b, &Style::default()).unwrap())
    });
    // Points and legend swatches in full class colours; the legend labels every class.
    for c in 0..3 {
        assert!(
            svg.contains(&hex(class_colour(c))),
            "class {c} colour missing"
        );
    }
    // Cells: three distinct tints, 12 cells each, each a mix of its class colour with the white
    // background (every channel the same share of the way from white to the class colour; the
    // share itself is the chart's choice, not this test's).
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for (i, _) in svg.match_indices('#') {
        if let Some(h) = svg
            .get(i + 1..i + 7)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
        {
            *counts.entry(h.to_ascii_uppercase()).or_default() += 1;
        }
    }
    let rgb = |h: &str| -> [f64; 3] {
        [0, 2, 4].map(|k| f64::from(u8::from_str_radix(&h[k..k + 2], 16).unwrap()))
    };
    let tints: Vec<String> = (0..3)
        .map(|c| {
            let k = class_colour(c);
            let class = [k.0, k.1, k.2].map(f64::from);
            let on_the_way = |h: &str| {
                let v = rgb(h);
                let shares: Vec<f64> = (0..3)
                    .filter(|&i| (255.0 - class[i]).abs() > 40.0)
                    .map(|i| (255.0 - v[i]) / (255.0 - class[i]))
                    .collect();
                let (lo, hi) = shares
                    .iter()
                    .fold((1.0f64, 0.0f64), |(l, u), &s| (l.min(s), u.max(s)));
                lo > 0.2 && hi < 0.95 && hi - lo < 0.02
            };
            let found: Vec<&String> = counts
                .iter()
                .filter(|(h, &n)| n == 12 && on_the_way(h))
                .map(|(h, _)| h)
                .collect();
            assert_eq!(found.len(), 1, "class {c}: tints {found:?} in {counts:?}");
            found[0].clone()
        })
        .collect();
    assert!(tints[0] != tints[1] && tints[1] != tints[2] && tints[0] != tints[2]);
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split("</text>").next())
        .map(str::trim)
        .collect();
    assert_eq!(
        texts[texts.len() - 3..],
        ["0", "1", "2"],
        "legend names each class"
    );
    // Two classes keep the two-colour map and no legend.
    let two: Vec<f32> = (0..res * res).map(|k| (k % res) as f32 / 5.0).collect();
    let b2 = Boundary {
        values: &two,
        train: (&train[..4], &[0.0, 1.0]),
        ..b
    };
    let (svg2, _) = svg_of((400, 400), |a| {
        Some(draw_boundary(a, &b2, &Style::default()).unwrap())
    });
    assert!(!svg2.contains(&hex(class_colour(2))));
}

#[test]
fn confusion_chart_shows_counts_and_per_class_accuracy() {
    let m = ConfusionMatrix::from_outputs(
        3,
        &[0, 0, 1, 2, 2, 2],
        &[
            0.9, 0.0, 0.1, 0.0, 0.9, 0.1, 0.1, 0.8, 0.1, 0.0, 0.1, 0.9, 0.0, 0.2, 0.8, 0.9, 0.0,
            0.1,
        ],
        3,
    )
    .unwrap();
    let labels = ConfusionLabels {
        predicted: "predicted".into(),
        truth: "true".into(),
        accuracy: "acc.".into(),
        empty: "nothing yet".into(),
    };
    let mut layout = None;
    let (svg, _) = svg_of((400, 400), |a| {
        layout = draw_confusion(a, Some(&m), &labels, &Style::default()).unwrap();
        None
    });
    let layout = layout.unwrap();
    assert_eq!(layout.classes, 3);
    assert!(layout.cell > 20, "{layout:?}");
    for text in ["predicted", "true", "acc.", "50%", "67%", "0%"] {
        assert!(svg.contains(text), "missing {text}");
    }
    let (empty, _) = svg_of((400, 400), |a| {
        assert!(draw_confusion(a, None, &labels, &Style::default())
            .unwrap()
            .is_none());
        None
    });
    assert!(empty.contains("nothing yet"));
}

#[test]
fn lr_strip_follows_the_schedule() {
    let plan = LrPlan::new(
        Schedule {
            decay: Decay::Step {
                every_epochs: 2,
                gamma: 0.5,
            },
            warmup_steps: 0,
        },
        0.4,
        10,
        6,
    )
    .unwrap();
    let pts = lr_points(&plan, (0.0, 6.0), 61);
    let at = |e: f64| pts.iter().find(|p| (p.0 - e).abs() < 1e-9).unwrap().1;
    assert!((at(0.5) - 0.4).abs() < 1e-6);
    assert!((at(2.5) - 0.2).abs() < 1e-6);
    assert!((at(5.5) - 0.1).abs() < 1e-6);
    let (svg, m) = svg_of((640, 100), |a| {
        Some(
            draw_lr_strip(
                a,
                &plan,
                Some(2.0),
                "learning rate",
                "epoch",
                &Style::default(),
            )
            .unwrap(),
        )
    });
    // The whole planned run (6 epochs), whatever has been trained so far; a marker at epoch 2.
    let m = m.unwrap();
    assert_eq!(m.x_range, (0.0, 6.0));
    assert!(svg.contains("learning rate"));
    let x = m.x_to_pixel(2.0).round() as i32;
    assert!(
        svg.contains(&format!("{x},{} {x},{}", m.top as i32, m.bottom as i32)),
        "marker at epoch 2 (x = {x})"
    );
}

#[test]
fn ten_classes_get_ten_distinct_colours_and_the_page_picker_matches() {
    let colours: Vec<String> = (0..10).map(|c| hex(class_colour(c))).collect();
    let distinct: std::collections::HashSet<&String> = colours.iter().collect();
    assert_eq!(distinct.len(), 10, "{colours:?}");
    // The map editor's class picker shows the colours the map paints: it asks the core
    // (`trainRules().class_colours`, src/web/train_presets.rs) and keeps no copy of its own.
    let js = std::fs::read_to_string("www/js/train-data-points.js").unwrap();
    assert!(
        js.contains("rules.class_colours[k]"),
        "the picker takes the core's colours"
    );
    // No data module keeps a copy of a class colour.
    for f in std::fs::read_dir("www/js").unwrap() {
        let path = f.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("train-data") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for c in &colours {
            assert!(
                !text.contains(&c[1..].to_lowercase()),
                "{name} keeps its own copy of {c}"
            );
        }
    }
    let web = std::fs::read_to_string("src/web/train_presets.rs").unwrap();
    assert!(
        web.contains("CLASS_COLOURS"),
        "trainRules sends plot::boundary::CLASS_COLOURS"
    );
}

/// Issue 29: a comparison's accuracy axis stays inside 0 – 1, also around a lone first point
/// (the fitted ±0.5 of one value opened it to −0.38 – 0.62), and still fits clustered values.
#[test]
fn accuracy_axis_stays_inside_zero_to_one() {
    use activation_lab::plot::traces::accuracy_range;
    assert_eq!(accuracy_range([0.12].into_iter()), (0.0, 0.62));
    assert_eq!(accuracy_range([1.0].into_iter()), (0.5, 1.0));
    assert_eq!(accuracy_range(std::iter::empty()), (0.0, 1.0));
    let (lo, hi) = accuracy_range([0.95, 0.97, f64::NAN].into_iter());
    assert!(
        (lo - 0.949).abs() < 1e-9 && (hi - 0.971).abs() < 1e-9,
        "{lo} – {hi}"
    );
}
