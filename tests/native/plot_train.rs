//! The training charts rendered to SVG (no browser): traces (linear and log), layer panels,
//! decision map and misclassified digits.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::Extent;
use activation_lab::plot::boundary::{draw_boundary, Boundary};
use activation_lab::plot::digits::{draw_digits, Misclassified};
use activation_lab::plot::layers::{layer_chart, LayerPanel};
use activation_lab::plot::traces::{draw_lines, metric_series, LineChart, Metric};
use activation_lab::plot::{ChartMapping, Style};
use activation_lab::training::TrainRecord;
use plotters::prelude::*;

fn svg_of(
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Option<ChartMapping>,
) -> (String, Option<ChartMapping>) {
    let mut svg = String::new();
    let m;
    {
        let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
        m = draw(&root);
        root.present().unwrap();
    }
    (svg, m)
}

fn records() -> Vec<TrainRecord> {
    (1..=20)
        .map(|i| TrainRecord {
            step: i * 10,
            epoch: i as f64,
            train_loss: 1.0 / i as f32,
            train_accuracy: Some(1.0 - 0.5 / i as f32),
            test_loss: Some(1.2 / i as f32),
            test_accuracy: Some(1.0 - 0.6 / i as f32),
            lr: 0.1,
            conv_layers: 0,
            grad_norms: vec![1e-4 * i as f32, 1e-2, 0.5],
            act_mean: vec![0.1, 0.2],
            act_std: vec![1.0, 0.9],
            dead_fraction: vec![0.0, 0.25],
            sparsity: vec![0.4, 0.5],
            prelu_alpha: vec![],
            train_binary_accuracy: None,
            test_binary_accuracy: None,
            clipped: vec![],
        })
        .collect()
}

fn polylines(svg: &str) -> usize {
    svg.matches("<polyline").count()
}

#[test]
fn loss_chart_has_train_and_test_lines_legend_and_mapping() {
    let r = records();
    let chart = LineChart {
        title: "Loss".into(),
        x_label: "epoch".into(),
        log_y: false,
        y_range: None,
        x_integer: false,
        series: metric_series(&r, Metric::Loss, ("train", "test")),
    };
    let (svg, m) = svg_of(|a| Some(draw_lines(a, &chart, &Style::default()).unwrap()));
    let m = m.unwrap();
    assert!(svg.contains(">\nLoss\n</text>") || svg.contains("Loss"));
    assert!(svg.contains("train") && svg.contains("test"));
    // Train is one polyline, test is dashed (many short segments).
    assert!(polylines(&svg) >= 3, "{} polylines", polylines(&svg));
    // x spans the epochs, y covers both traces.
    assert!(m.x_range.0 <= 1.0 && m.x_range.1 >= 20.0);
    assert!(m.y_range.0 < 0.05 && m.y_range.1 > 1.2);
    // The mapping turns pixel columns back into epochs.
    let px = m.x_to_pixel(10.0);
    assert!((m.pixel_to_x(px) - 10.0).abs() < 1e-9);
    assert!(m.left < m.right && m.top < m.bottom);
}

#[test]
fn log_scale_uses_decade_labels_and_log_range() {
    let r = records();
    let chart = layer_chart(
        &r,
        LayerPanel::GradNorm,
        "Gradient norm",
        "epoch",
        "layer",
        "output",
    );
    assert!(chart.log_y);
    assert_eq!(chart.series.len(), 3);
    assert_eq!(chart.series[2].label, "output");
    let (svg, m) = svg_of(|a| Some(draw_lines(a, &chart, &Style::default()).unwrap()));
    let m = m.unwrap();
    // 1e-4 … 0.5 in log10 units.
    assert!(m.y_range.0 < -3.9 && m.y_range.1 > -0.4, "{:?}", m.y_range);
    assert!(
        svg.contains("1e-2") || svg.contains("1e-3"),
        "decade tick labels"
    );
}

#[test]
fn layer_panels_split_statistics_per_layer() {
    let r = records();
    let ms = layer_chart(&r, LayerPanel::MeanStd, "t", "x", "layer", "out");
    assert_eq!(ms.series.len(), 4);
    assert_eq!(ms.series.iter().filter(|s| s.dashed).count(), 2);
    let dead = layer_chart(&r, LayerPanel::Dead, "t", "x", "layer", "out");
    assert_eq!(dead.y_range, Some((0.0, 1.0)));
    assert_eq!(dead.series[1].points[0].1, 0.25);
    // No PReLU: an empty chart still draws (axes, title), without panicking.
    let alpha = layer_chart(&r, LayerPanel::PreluAlpha, "alpha", "x", "layer", "out");
    assert!(alpha.series.is_empty());
    let (svg, _) = svg_of(|a| Some(draw_lines(a, &alpha, &Style::default()).unwrap()));
    assert!(svg.contains("alpha"));
}

#[test]
fn boundary_paints_cells_and_both_point_kinds() {
    let res = 8;
    let values: Vec<f32> = (0..res * res)
        .map(|k| (k % res) as f32 / (res - 1) as f32)
        .collect();
    let train = [0.0f32, 0.0, 3.0, 3.0];
    let test = [-3.0f32, -3.0];
    let b = Boundary {
        extent: Extent::PLAYGROUND,
        resolution: res,
        values: &values,
        train: (&train, &[0.0, 1.0]),
        test: (&test, &[1.0]),
        regression: false,
    };
    let (svg, m) = svg_of(|a| Some(draw_boundary(a, &b, &Style::default()).unwrap()));
    let m = m.unwrap();
    assert!(svg.matches("<rect").count() >= res * res);
    // Orange (class 0) at the left, blue (class 1) at the right, at full strength on points.
    assert!(svg.contains("#F59322"), "class-0 point colour");
    assert!(svg.contains("#0877BD"), "class-1 point colour");
    assert_eq!(m.x_range, (-6.0, 6.0));
    assert!(svg.matches("<circle").count() >= 3);
}

#[test]
fn digits_grid_draws_images_with_captions_or_an_empty_note() {
    let items: Vec<Misclassified> = (0..5)
        .map(|i| Misclassified {
            pixels: (0..64).map(|k| (k % 8) as f32 / 7.0).collect(),
            label: i,
            predicted: (i + 1) % 10,
        })
        .collect();
    let mut n = 0;
    let (svg, _) = svg_of(|a| {
        n = draw_digits(a, &items, 8, "none", &Style::default()).unwrap();
        None
    });
    assert_eq!(n, 5);
    assert!(svg.contains("3→4"));
    assert!(svg.matches("<rect").count() >= 5 * 64);
    let (svg, _) = svg_of(|a| {
        n = draw_digits(a, &[], 8, "No mistakes", &Style::default()).unwrap();
        None
    });
    assert_eq!(n, 0);
    assert!(svg.contains("No mistakes"));
}

/// The grid fills the canvas height: no blank band under the last row (a 330×240 phone card
/// showed two rows of 56 px cells and 72 px of nothing).
#[test]
fn digits_grid_fills_the_height_of_a_phone_card() {
    use activation_lab::plot::render_to_svg;
    let items: Vec<Misclassified> = (0..40)
        .map(|i| Misclassified {
            pixels: vec![0.5; 64],
            label: i % 10,
            predicted: (i + 1) % 10,
        })
        .collect();
    for (w, h) in [(330u32, 240u32), (560, 240), (300, 420)] {
        let svg = render_to_svg(w, h, &Style::default(), |a, style| {
            draw_digits(a, &items, 8, "none", style).map(|_| ())
        })
        .unwrap();
        // Bottom of the lowest caption: its y plus the caption font size.
        let lowest = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| {
                t.split("y=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse::<f64>()
                    .ok()
            })
            .fold(0.0, f64::max);
        let blank = f64::from(h) - (lowest + 16.0);
        assert!(
            blank < 24.0,
            "{w}×{h}: {blank:.0} px blank under the last row"
        );
    }
}
