//! Issue 30's charts and traces without a browser: the article's two figures (sigmoid hidden by
//! default, Keras 2's binary accuracy for the loss as written, colours kept by line-up place),
//! the clipped-share layer panel, the page's presets with the switch, and the training trace's
//! CSV columns for both accuracies and the clipped shares.
#![cfg(not(target_arch = "wasm32"))]

use crate::svg_common;

use std::sync::Arc;

use activation_lab::data::TwoD;
use activation_lab::nn::{Loss, Optimizer, TrainConfig, Trainer};
use activation_lab::plot::article::{article_charts, draw_article, ArticleLabels, ArticleRun};
use activation_lab::plot::layers::{layer_chart, LayerPanel};
use activation_lab::plot::Style;
use activation_lab::training::presets::{compare_preset, compare_preset_as};
use activation_lab::training::{History, TrainRecord};
use plotters::prelude::*;

const LABELS: ArticleLabels = ArticleLabels {
    accuracy: "Model accuracy",
    binary_accuracy: "Model accuracy (binary)",
    loss: "Model loss",
    x: "epoch",
};

type Epoch = (usize, Option<f32>, Option<f32>, Option<f32>);

fn runs(binary: bool) -> Vec<(&'static str, Vec<Epoch>)> {
    ["sigmoid", "relu", "elu"]
        .iter()
        .enumerate()
        .map(|(i, &label)| {
            let epochs = (1..=3)
                .map(|e| {
                    let acc = if label == "sigmoid" {
                        0.1135
                    } else {
                        0.9 + 0.01 * (e + i) as f32
                    };
                    let b = binary.then_some(0.9 + acc / 10.0);
                    (e, Some(acc), b, Some(1.0 / (e + i) as f32))
                })
                .collect();
            (label, epochs)
        })
        .collect()
}

fn article_runs(data: &[(&'static str, Vec<Epoch>)]) -> Vec<ArticleRun<'static>> {
    data.iter()
        .map(|(label, epochs)| ArticleRun {
            label,
            epochs: epochs.clone(),
        })
        .collect()
}

#[test]
fn the_articles_figures_leave_sigmoid_out_and_plot_what_keras_2_printed() {
    let categorical = runs(false);
    let [acc, loss] = article_charts(&article_runs(&categorical), false, &LABELS);
    assert_eq!(acc.title, "Model accuracy");
    assert_eq!(loss.title, "Model loss");
    let labels: Vec<&str> = acc.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["relu", "elu"],
        "sigmoid is left out, as in the article"
    );
    // Colours follow the line-up (sigmoid is colour 0 when shown), so hiding it recolours nothing.
    assert_eq!(
        acc.series.iter().map(|s| s.color).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(
        acc.series[0].points[2],
        (3.0, f64::from(0.9f32 + 0.01f32 * 4.0))
    );
    let [shown, _] = article_charts(&article_runs(&categorical), true, &LABELS);
    assert_eq!(shown.series.len(), 3);
    assert_eq!(shown.series[0].color, 0);

    let written = runs(true);
    let [acc, _] = article_charts(&article_runs(&written), true, &LABELS);
    assert_eq!(acc.title, "Model accuracy (binary)");
    let sigmoid = &acc.series[0];
    assert!(
        sigmoid.points.iter().all(|p| (p.1 - 0.91135).abs() < 1e-6),
        "{sigmoid:?}"
    );

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 360)).into_drawing_area();
        let charts = article_charts(&article_runs(&written), false, &LABELS);
        draw_article(&root, &charts, &Style::default()).unwrap();
        root.present().unwrap();
    }
    let texts = svg_common::texts(&svg);
    for want in ["Model accuracy (binary)", "Model loss", "relu", "elu"] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want} missing from {texts:?}"
        );
    }
    assert!(!texts.iter().any(|t| t == "sigmoid"), "{texts:?}");
}

/// A digits-sized run's trace with a clip value and the article's loss.
fn history(config: TrainConfig) -> History {
    let split = TwoD::from_name("circle")
        .unwrap()
        .generate_split(200, 0.0, 0.5, 1)
        .unwrap();
    let mut t = Trainer::new(config, Arc::new(split)).unwrap();
    let mut h = History::new();
    for _ in 0..3 {
        let snap = t.run_epoch();
        h.push(TrainRecord::from_snapshot(&snap, t.steps_per_epoch()).unwrap());
    }
    h
}

#[test]
fn the_trace_carries_both_accuracies_and_the_clipped_share_per_layer() {
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[8, 8]),
        loss: Loss::SoftmaxBce,
        optimizer: Optimizer::Sgd,
        lr: 0.5,
        clip_value: Some(0.01),
        epochs: 3,
        ..TrainConfig::default()
    };
    let h = history(config.clone());
    let csv = h.to_csv();
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let tail = &head[head.len() - 5..];
    assert_eq!(
        tail,
        [
            "train_binary_accuracy",
            "test_binary_accuracy",
            "clipped_1",
            "clipped_2",
            "clipped_3"
        ]
    );
    let last = h.records().last().unwrap();
    // Two classes as a 2-way softmax: binary accuracy counts both outputs, so it equals the
    // categorical accuracy (p > ½ on the right output is p < ½ on the other).
    assert_eq!(last.test_binary_accuracy, last.test_accuracy);
    assert_eq!(last.clipped.len(), 3);
    assert!(last.clipped.iter().all(|&c| (0.0..=1.0).contains(&c)));
    assert!(last.clipped.iter().any(|&c| c > 0.0), "{:?}", last.clipped);

    // The panel names them as the gradient panel does: layers, then the output.
    let chart = layer_chart(
        h.records(),
        LayerPanel::Clipped,
        "clipped",
        "epoch",
        "layer",
        "output",
    );
    let names: Vec<&str> = chart.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(names, ["layer 1", "layer 2", "output"]);
    assert_eq!(LayerPanel::from_key("clip"), Some(LayerPanel::Clipped));

    // Without a clip value and with the default loss, the trace has neither.
    let plain = history(TrainConfig {
        clip_value: None,
        loss: Loss::Auto,
        ..config
    });
    let csv = plain.to_csv();
    assert!(
        !csv.contains("clipped_") && !csv.contains("binary"),
        "{}",
        csv.lines().next().unwrap()
    );
}

#[test]
fn only_the_articles_preset_has_a_loss_as_written() {
    let pairs = compare_preset_as("article-cnn", "mnist", true).unwrap();
    assert!(
        pairs.contains(&("loss", "softmax_bce".to_string())),
        "{pairs:?}"
    );
    let plain = compare_preset("article-cnn", "mnist").unwrap();
    assert!(plain.contains(&("loss", "auto".to_string())), "{plain:?}");
    let e = compare_preset_as("tanh", "digits", true)
        .unwrap_err()
        .to_string();
    assert!(e.contains("only the article's experiment"), "{e}");
}
