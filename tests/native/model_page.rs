//! The training page's model card and initialisation panel, through the core functions the wasm
//! skin (src/web/train_model.rs) forwards to: save/load restores the run, the form's link and the
//! model's numbers; every bad file is refused with a message; a CLI-trained model (the committed
//! e2e fixture) still opens; the `t.res` key; the histogram and depth charts; the probes' story.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;
use std::sync::Arc;

use activation_lab::experiment::probe::{init_probes, skip_comparison};
use activation_lab::nn::histogram::initial_histograms;
use activation_lab::nn::model_file::MAX_MODEL_BYTES;
use activation_lab::nn::{ActivationSpec, Decay, Init, Trainer};
use activation_lab::plot::depth::{draw_probe, skip_chart, DepthLabels};
use activation_lab::plot::histogram::{draw_weight_histograms, grid_columns, HistogramLabels};
use activation_lab::plot::traces::draw_lines;
use activation_lab::plot::{render_to_svg, Style};
use activation_lab::training::{LoadNote, TrainSetup};
use serde_json::{json, Value};

use crate::svg_common;
use svg_common::texts;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/e2e/fixtures/cli-model.json"
);

/// A page run of `hash`, trained for `steps` mini-batches.
fn run(hash: &str, steps: usize) -> (TrainSetup, Trainer) {
    let setup = TrainSetup::parse_hash(hash).unwrap();
    let split = setup.build_split(None).unwrap();
    let mut t = Trainer::new(setup.config.clone(), split).unwrap();
    t.step(steps);
    (setup, t)
}

/// What the page does on load: the setup from the file, its data, the file's parameters.
fn open(json: &str, current: &TrainSetup) -> (TrainSetup, Vec<LoadNote>, Trainer) {
    let loaded = TrainSetup::load_model(json, current).unwrap();
    let split = loaded.setup.build_split(None).unwrap();
    let t = Trainer::from_model(&loaded.file, Arc::clone(&split)).unwrap();
    (loaded.setup, loaded.notes, t)
}

#[test]
fn save_then_load_restores_the_link_the_numbers_and_the_predictions() {
    let hash = "t.ds=spiral&t.noise=10&t.n=300&t.ratio=0.6&t.h=8,8,8&t.act=tanh&t.res=1\
                &t.init=he_normal&t.opt=adam&t.lr=0.01&t.bs=16&t.ep=50&t.l2=0.001&t.seed=9";
    let (setup, mut trained) = run(hash, 120);
    let before = trained.evaluate();
    let json = setup.save_model(&trained);
    // Loaded onto a page showing the defaults: the form and the link come from the file.
    let (restored, notes, mut loaded) = open(&json, &TrainSetup::default());
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(restored.to_hash(), setup.to_hash());
    assert_eq!(restored, setup);
    let after = loaded.evaluate();
    assert_eq!(
        format!("{:?}", after.test),
        format!("{:?}", before.test),
        "same test metrics"
    );
    let grid: Vec<f32> = (0..200).map(|i| (i as f32 * 0.37).sin() * 6.0).collect();
    assert_eq!(
        trained.predict(&grid).unwrap(),
        loaded.predict(&grid).unwrap()
    );
    // Training continues from the loaded weights (not from a fresh init).
    let fresh = run(hash, 0).1.evaluate();
    assert_ne!(format!("{:?}", fresh.test), format!("{:?}", after.test));
    loaded.step(20);
    assert_eq!(loaded.status(), activation_lab::nn::Status::Running);
    // The file's layers concatenate to the trainer's parameters, bit for bit.
    let again = TrainSetup::load_model(&json, &setup).unwrap();
    assert_eq!(again.file.flat_params(), trained.network().params);
}

#[test]
fn image_sets_round_trip_by_name() {
    // Digits need the image bytes; only the setup side is checked here (the e2e test trains one).
    let setup = TrainSetup::parse_hash("t.ds=digits&t.h=16&t.act=selu&t.seed=3").unwrap();
    let info = setup.data_info();
    assert_eq!(info.name, "digits");
    assert!(info.generated.is_none());
}

fn saved(hash: &str) -> Value {
    let (setup, t) = run(hash, 5);
    serde_json::from_str(&setup.save_model(&t)).unwrap()
}

fn refused(json: &str) -> String {
    TrainSetup::load_model(json, &TrainSetup::default())
        .expect_err("the file must be refused")
        .to_string()
}

#[test]
fn every_bad_file_is_refused_with_a_message() {
    let good = saved("t.ds=circle&t.h=4,3&t.seed=2");
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            edit(&|v| v["config"]["hidden"] = json!([1024, 1024, 1024, 1024, 1024])),
            "parameters; at most",
        ),
        (
            edit(&|v| v["version"] = json!(4)),
            "version 4 is not supported",
        ),
        (good.to_string()[..300].to_string(), "cut short"),
        ("GIF89a\u{1}\u{0}binary".into(), "not valid JSON"),
        ("[1, 2, 3]".into(), "not an Activation Lab model"),
        (edit(&|v| v["format"] = json!("keras")), "format is `keras`"),
        (
            edit(&|v| {
                v["layers"][0]["weights"].as_array_mut().unwrap().pop();
            }),
            "layer 1 needs 8 weights",
        ),
        (
            edit(&|v| v["layers"][1]["inputs"] = json!(5)),
            "config makes it 4×3",
        ),
        (
            edit(&|v| v["layers"][0]["weights"][2] = json!(1e39)),
            "non-finite",
        ),
        (
            good.to_string()
                .replacen("\"weights\":[", "\"weights\":[NaN,", 1),
            "not valid JSON",
        ),
        (
            edit(&|v| v["config"]["hidden"] = json!([1_000_000, 1_000_000])),
            "1 to 1024 units",
        ),
        (
            edit(&|v| v["features"] = json!(10_000_000)),
            "features must be 1 to",
        ),
    ];
    for (json, words) in &cases {
        let err = refused(json);
        assert!(err.contains(words), "expected `{words}` in: {err}");
    }
}

#[test]
fn a_50_mb_file_is_refused_quickly_and_an_oversized_one_unread() {
    // A valid head and a 50 MB weights array: read into f32s and refused for its shape.
    let good = saved("t.ds=circle&t.h=4,3&t.seed=2");
    let mut text = good.to_string();
    let at = text.find("\"weights\":[").unwrap() + "\"weights\":[".len();
    let filler = "0.123456789,".repeat(50 * 1024 * 1024 / 12);
    text.insert_str(at, &filler);
    assert!(text.len() > 50 * 1024 * 1024);
    let err = refused(&text);
    assert!(err.contains("layer 1 needs 8 weights"), "{err}");
    let huge = " ".repeat(MAX_MODEL_BYTES + 1);
    assert!(refused(&huge).contains("at most"));
}

#[test]
fn data_the_page_does_not_have() {
    let mut v = saved("t.ds=circle&t.h=4&t.seed=2");
    v["data"] = json!({"name": "measurements.csv"});
    // Same shape as the current data: the model runs on it, and the page says so.
    let (setup, notes, _) = open(&v.to_string(), &TrainSetup::default());
    assert_eq!(setup.data.name(), "circle");
    assert_eq!(
        notes,
        vec![LoadNote::DataKept {
            name: Some("measurements.csv".into())
        }]
    );
    // Another shape: refused, naming both.
    let digits = TrainSetup::parse_hash("t.ds=digits").unwrap();
    let err = TrainSetup::load_model(&v.to_string(), &digits)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("measurements.csv") && err.contains("digits"),
        "{err}"
    );
}

#[test]
fn settings_the_link_cannot_carry_are_kept_and_flagged() {
    let mut v = saved("t.ds=circle&t.h=4&t.seed=2");
    v["config"]["schedule"] = json!({"decay": {"kind": "cosine", "floor": 0.1}, "warmup_steps": 0});
    v["data"]["generated"]["seed"] = json!(99);
    let loaded = TrainSetup::load_model(&v.to_string(), &TrainSetup::default()).unwrap();
    assert!(matches!(
        loaded.setup.config.schedule.decay,
        Decay::Cosine { .. }
    ));
    if TrainSetup::parse_hash(&loaded.setup.to_hash())
        .unwrap()
        .config
        .schedule
        != loaded.setup.config.schedule
    {
        assert!(loaded.notes.contains(&LoadNote::LinkIncomplete));
    }
    assert!(loaded.notes.contains(&LoadNote::DataSeed { file_seed: 99 }));
}

#[test]
fn the_cli_fixture_opens_with_the_metrics_eval_model_prints() {
    let json = std::fs::read_to_string(FIXTURE).unwrap();
    let (setup, notes, mut t) = open(&json, &TrainSetup::default());
    assert!(notes.is_empty(), "{notes:?}");
    let hash = setup.to_hash();
    for pair in [
        "t.ds=xor",
        "t.noise=5",
        "t.n=300",
        "t.h=6,6",
        "t.act=tanh",
        "t.res=1",
        "t.opt=adam",
        "t.seed=5",
    ] {
        assert!(hash.split('&').any(|p| p == pair), "{pair} not in {hash}");
    }
    let page = t.evaluate();
    let out = Command::new(env!("CARGO_BIN_EXE_activation-lab"))
        .args(["eval-model", FIXTURE])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let test_row = csv.lines().find(|l| l.starts_with("test,")).unwrap();
    let cli_acc: f32 = test_row.rsplit(',').next().unwrap().parse().unwrap();
    let page_acc = page.test.unwrap().accuracy.unwrap();
    assert_eq!(page_acc, cli_acc, "page and CLI disagree on the fixture");
    assert!(page_acc > 0.9, "{page_acc}");
}

#[test]
fn residual_key_round_trips_and_is_validated() {
    let s = TrainSetup::parse_hash("t.h=8,8,8&t.res=1").unwrap();
    assert!(s.config.residual);
    assert!(s.to_hash().contains("t.res=1"));
    assert_eq!(TrainSetup::parse_hash(&s.to_hash()).unwrap(), s);
    let off = TrainSetup::parse_hash("t.h=8,8&t.res=0").unwrap();
    assert!(!off.config.residual && !off.to_hash().contains("res"));
    let err = TrainSetup::parse_hash("t.h=8,4&t.res=1")
        .unwrap_err()
        .to_string();
    assert!(err.contains("same width"), "{err}");
    let err = TrainSetup::parse_hash("t.res=yes").unwrap_err().to_string();
    assert!(err.contains("t.res"), "{err}");
    // Unequal neighbours next to equal ones: only the equal pairs get a skip.
    assert!(TrainSetup::parse_hash("t.h=8,4,4&t.res=1").is_ok());
}

#[test]
fn initial_histograms_are_the_trainers_initial_weights_drawn_per_layer() {
    let setup = TrainSetup::parse_hash("t.ds=circle&t.h=8,8,8&t.act=relu&t.seed=4").unwrap();
    let (features, task) = setup.shape();
    let without_data = initial_histograms(&setup.config, features, task, 20).unwrap();
    let real = Trainer::new(setup.config.clone(), setup.build_split(None).unwrap())
        .unwrap()
        .weight_histograms(20)
        .unwrap();
    assert_eq!(without_data, real);
    assert_eq!(real.len(), 4);
    assert_eq!(real[0].init, Init::HeNormal);
    let counts: u32 = real[1].histogram.counts.iter().sum();
    assert_eq!(counts, 64, "8×8 weights binned");
    // Another init, another spread.
    let glorot =
        TrainSetup::parse_hash("t.ds=circle&t.h=8,8,8&t.init=glorot_uniform&t.seed=4").unwrap();
    let g = initial_histograms(&glorot.config, features, task, 20).unwrap();
    assert!(g[1].expected_std < real[1].expected_std);
    assert_ne!(g[1].histogram, real[1].histogram);

    let labels = HistogramLabels {
        layer: "Schicht".into(),
        output: "Ausgabe".into(),
        conv: "Faltung".into(),
        empty: String::new(),
    };
    let svg = render_to_svg(700, 300, &Style::default(), |root, style| {
        draw_weight_histograms(root, &real, grid_columns(real.len(), 700.0), &labels, style)
    })
    .unwrap();
    let t = texts(&svg);
    for want in ["Schicht 1", "Schicht 3", "Ausgabe"] {
        assert!(
            t.iter().any(|s| s.starts_with(want)),
            "{want} missing: {t:?}"
        );
    }
    // 175 px panels are too narrow for the init's name: the titles keep layer, shape and σ.
    assert!(!t.iter().any(|s| s.contains("he_normal")), "{t:?}");
    assert!(
        t.iter().any(|s| s.starts_with("Schicht 2  8→8  σ ")),
        "{t:?}"
    );
    let wide = render_to_svg(1100, 300, &Style::default(), |root, style| {
        draw_weight_histograms(
            root,
            &real,
            grid_columns(real.len(), 1100.0),
            &labels,
            style,
        )
    })
    .unwrap();
    let t = texts(&wide);
    assert!(
        t.iter()
            .any(|s| s.starts_with("Schicht 2  8→8  he_normal  σ ")),
        "{t:?}"
    );
    // One filled bar per non-empty bin across the four panels.
    let bars = svg.matches("<rect").count();
    let nonempty: usize = real
        .iter()
        .map(|h| h.histogram.counts.iter().filter(|&&c| c > 0).count())
        .sum();
    assert!(bars >= nonempty, "{bars} rects for {nonempty} bins");
    assert_eq!(grid_columns(4, 700.0), 4);
    assert_eq!(grid_columns(11, 400.0), 2);
}

#[test]
fn the_probe_tells_the_init_story() {
    let last_std = |act: &str, init: Init| {
        let p = init_probes(&ActivationSpec::named(act), Some(init), 20, 32, 256, 1).unwrap();
        assert_eq!(p.current, init);
        let probe = p.probes.iter().find(|n| n.init == init).unwrap();
        (
            probe.layers[0].std,
            probe.layers.last().unwrap().std,
            probe.layers.last().unwrap().mean,
        )
    };
    // SELU + LeCun: std ≈ 1 and mean ≈ 0 after 20 layers (self-normalisation).
    let (_, s, m) = last_std("selu", Init::LecunNormal);
    assert!((0.75..1.3).contains(&s) && m.abs() < 0.2, "selu {s} {m}");
    // SELU + He: the signal grows.
    assert!(last_std("selu", Init::HeNormal).1 > 3.0);
    // tanh + Glorot: shrinks layer by layer.
    let (first, last, _) = last_std("tanh", Init::GlorotUniform);
    assert!(last < first * 0.4, "tanh {first} → {last}");
    // ReLU: Glorot halves the variance per layer, He keeps it (with a positive mean).
    assert!(last_std("relu", Init::GlorotNormal).1 < 0.02);
    let (_, s, m) = last_std("relu", Init::HeNormal);
    assert!(s > 0.3 && m > 0.1, "relu he {s} {m}");
    // The default init is marked as the current one; three families are compared.
    let p = init_probes(&ActivationSpec::named("selu"), None, 20, 32, 256, 1).unwrap();
    assert_eq!(p.current, Init::LecunNormal);
    assert_eq!(p.probes.len(), 3);
    let labels = DepthLabels {
        x: "layer".into(),
        current: "(this run)".into(),
        ..DepthLabels::default()
    };
    let svg = render_to_svg(800, 300, &Style::default(), |root, style| {
        draw_probe(root, &p, &labels, style).map(|_| ())
    })
    .unwrap();
    let t = texts(&svg);
    assert!(t.iter().any(|s| s == "lecun_normal (this run)"), "{t:?}");
    assert!(t.iter().any(|s| s == "he_normal"), "{t:?}");
    // Side by side on a wide area, stacked on a phone-width one: the std panel spans about half
    // the width, or all of it and half the height.
    let std_panel = |w: u32, h: u32| {
        let found = std::cell::Cell::new(None);
        render_to_svg(w, h, &Style::default(), |root, style| {
            found.set(Some(
                draw_probe(root, &p, &labels, style).map_err(|e| e.to_string())?,
            ));
            Ok::<(), String>(())
        })
        .unwrap();
        found.into_inner().unwrap()
    };
    let wide = std_panel(800, 300);
    // (bottom: the legend may take a strip under the plot rather than cover a line.)
    assert!(wide.right < 420.0 && wide.bottom > 200.0, "{wide:?}");
    let narrow = std_panel(360, 520);
    assert!(narrow.right > 300.0 && narrow.bottom < 270.0, "{narrow:?}");
}

#[test]
fn skips_rescue_the_deep_sigmoid_preset() {
    // The page's preset, as the core hands it to the page (`skipPreset`): 10 × 16 sigmoid.
    let pairs: Vec<String> = activation_lab::training::presets::DEEP_SIGMOID
        .iter()
        .map(|(k, v)| format!("t.{k}={v}"))
        .collect();
    let setup = TrainSetup::parse_hash(&pairs.join("&")).unwrap();
    assert_eq!(setup.config.dense_units(), vec![16; 10]);
    assert!(setup.config.residual, "the preset turns the skips on");
    let c = skip_comparison(&setup.config, setup.build_split(None).unwrap()).unwrap();
    eprintln!(
        "first/last gradient ratio: {:e} without skips, {:e} with",
        c.plain_ratio, c.residual_ratio
    );
    assert!(c.plain_ratio < 1e-3, "{}", c.plain_ratio);
    assert!(
        (0.1..10.0).contains(&c.residual_ratio),
        "{}",
        c.residual_ratio
    );
    assert_eq!(c.plain.at_init.len(), 10);
    let labels = DepthLabels {
        plain: "without skips".into(),
        residual: "with skips".into(),
        ..DepthLabels::default()
    };
    let svg = render_to_svg(600, 300, &Style::default(), |root, style| {
        draw_lines(
            root,
            &skip_chart(&c.plain.at_init, &c.residual.at_init, &labels),
            style,
        )
        .map(|_| ())
    })
    .unwrap();
    let t = texts(&svg);
    assert!(t.iter().any(|s| s == "with skips") && t.iter().any(|s| s == "without skips"));
    // Skips need equal neighbours somewhere.
    let narrow = TrainSetup::parse_hash("t.ds=circle&t.h=8,4,2&t.act=sigmoid").unwrap();
    let err = skip_comparison(&narrow.config, narrow.build_split(None).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("same width"), "{err}");
}
