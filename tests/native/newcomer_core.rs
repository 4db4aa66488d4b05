//! Issue 18's core fixes: legends that never cover data (compare charts and the curves view),
//! "epochs to target" in whole epochs, and the formula warning in Chinese.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::data::TwoD;
use activation_lab::experiment::{steps_to_target, EpochRecord};
use activation_lab::formula::Formula;
use activation_lab::nn::{ActivationSpec, Status, TrainConfig};
use activation_lab::plot::traces::{epoch_charts, render_lines_svg};
use activation_lab::plot::{render_svg, Style};
use activation_lab::state::PageState;
use activation_lab::training::summarize;
use activation_lab::training::summary::whole_epochs;

/// (x, y, text) of every `<text>` element.
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let attr = |name: &str| -> Option<f64> {
                let at = t.find(&format!(" {name}=\""))? + name.len() + 3;
                t[at..at + t[at..].find('"')?].parse().ok()
            };
            let body = &t[t.find('>')? + 1..];
            let text = body[..body.find("</text>")?].trim().to_string();
            Some((attr("x")?, attr("y")?, text))
        })
        .collect()
}

/// Points of every polyline with more than `min_points` points (data lines, not legend marks).
fn line_points(svg: &str, min_points: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for el in svg.split("<polyline").skip(1) {
        let Some(at) = el.find("points=\"") else {
            continue;
        };
        let pts = &el[at + 8..at + 8 + el[at + 8..].find('"').unwrap()];
        let p: Vec<(f64, f64)> = pts
            .split_whitespace()
            .filter_map(|xy| {
                let (x, y) = xy.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        if p.len() > min_points {
            out.extend(p);
        }
    }
    out
}

/// The rectangle the legend labels `labels` occupy (marks to their left included), and how many
/// data points fall inside it.
fn points_under_legend(svg: &str, labels: &[String]) -> usize {
    let t: Vec<(f64, f64, String)> = texts(svg)
        .into_iter()
        .filter(|(_, _, s)| labels.contains(s))
        .collect();
    assert_eq!(t.len(), labels.len(), "every label drawn once: {t:?}");
    let x0 = t.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) - 24.0;
    let x1 = t
        .iter()
        .map(|p| p.0 + 6.5 * p.2.chars().count() as f64)
        .fold(0.0, f64::max);
    let y0 = t.iter().map(|p| p.1).fold(f64::INFINITY, f64::min) - 4.0;
    let y1 = t.iter().map(|p| p.1).fold(0.0, f64::max) + 12.0;
    line_points(svg, 3)
        .into_iter()
        .filter(|&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
        .count()
}

fn record(epoch: usize, acc: f32) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: 1.0 - acc,
        train_accuracy: Some(acc),
        test_loss: Some(1.0 - acc),
        test_accuracy: Some(acc),
        grad_norms: vec![],
        dead_fractions: vec![],
        conv_layers: 0,
        act_mean: vec![],
        act_std: vec![],
        train_binary_accuracy: None,
        test_binary_accuracy: None,
        clipped: vec![],
    }
}

#[test]
fn a_crowded_compare_chart_keeps_its_legend_off_the_lines() {
    // Six runs whose accuracies sweep every corner of the chart.
    let curves: Vec<Vec<EpochRecord>> = (0..6)
        .map(|k| {
            (1..=20)
                .map(|e| {
                    let t = (e - 1) as f32 / 19.0;
                    let acc = match k {
                        0 => 0.02 + 0.96 * t,
                        1 => 0.98 - 0.96 * t,
                        2 => 0.97,
                        3 => 0.03,
                        4 => 0.5 + 0.45 * (6.0 * t).sin(),
                        _ => 0.5 - 0.45 * (6.0 * t).sin(),
                    };
                    record(e, acc)
                })
                .collect()
        })
        .collect();
    let names = [
        "sigmoid",
        "relu",
        "elu",
        "leaky_relu(negative_slope=0.2)",
        "selu",
        "gelu",
    ];
    let runs: Vec<(String, &[EpochRecord])> = names
        .iter()
        .zip(&curves)
        .map(|(n, c)| (n.to_string(), c.as_slice()))
        .collect();
    let charts = epoch_charts(&runs);
    let labels: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    for chart in &charts {
        let svg =
            render_lines_svg(std::slice::from_ref(chart), 900, 320, &Style::default()).unwrap();
        let under = points_under_legend(&svg, &labels);
        assert_eq!(
            under, 0,
            "{}: {under} data points under the legend",
            chart.title
        );
    }
}

#[test]
fn eight_curves_and_their_derivatives_keep_the_legend_off_every_curve() {
    let s = PageState::parse(
        "fn=relu,gelu,silu,elu,tanh,sigmoid,softplus,leaky_relu&deriv=1&dmode=overlay&range=-4:4",
    )
    .unwrap();
    let svg = render_svg(&s, 800, 500, &Style::default()).unwrap();
    let labels: Vec<String> = [
        "ReLU",
        "GELU",
        "SiLU",
        "ELU",
        "Tanh",
        "Sigmoid",
        "Softplus",
        "Leaky ReLU",
    ]
    .iter()
    .flat_map(|s| [s.to_string(), format!("{s}′")])
    .collect();
    let under = points_under_legend(&svg, &labels);
    assert_eq!(under, 0, "{under} curve points under the legend");
}

#[test]
fn epochs_to_target_are_whole_epochs() {
    // The page showed 4.27: a check 4.27 epochs in falls in epoch 5.
    let s = summarize(
        "relu",
        &[Some(0.9)],
        &[Some(0.1)],
        Some((427, 4.27)),
        Status::Finished,
        1.0,
    );
    assert_eq!(s.epochs_to_target, Some(5));
    assert_eq!(whole_epochs(3.0), 3);
    assert_eq!(
        whole_epochs(3.0 + 1e-12),
        3,
        "f64 noise does not add an epoch"
    );
    assert_eq!(whole_epochs(0.01), 1);
    // The convergence probe counts the same way, from its steps.
    let split = TwoD::Circle.generate_split(200, 0.0, 0.5, 1).unwrap();
    let config = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[8]),
        activations: vec![ActivationSpec::named("relu")],
        lr: 0.03,
        batch_size: 10,
        epochs: 50,
        ..TrainConfig::default()
    };
    let run = steps_to_target(&config, split, 0.2, 3).unwrap();
    let steps = run.steps_to_target.expect("circle reaches 80 %");
    assert_eq!(run.epochs_to_target, Some(steps.div_ceil(10)), "{run:?}");
}

#[test]
fn the_formula_warning_has_a_chinese_form() {
    let f = Formula::parse("ln(x)").unwrap();
    let check = f.check(-3.0, 3.0, 601).unwrap();
    let en = check.warning().unwrap();
    let zh = check.warning_in(true).unwrap();
    assert!(en.contains("not finite") && en.contains("x in [-3"), "{en}");
    assert!(zh.starts_with("公式在 x ∈ [-3"), "{zh}");
    assert!(zh.contains("不是有限值") && !zh.contains("finite"), "{zh}");
}

/// Every numeric field out of its range says so in both languages, with the range, and the Chinese
/// text is Chinese (issue 18: noise, train share, target, clip, schedule fields were English-only).
#[test]
fn every_out_of_range_field_has_a_bilingual_reason() {
    use activation_lab::training::fields::field_problems;
    let cases: &[(&str, &str, &str)] = &[
        ("noise", "51", "[0, 50]"),
        ("ratio", "0.95", "[0.1, 0.9]"),
        ("target", "1.5", "(0, 1]"),
        ("stop", "2", "(0, 1]"),
        ("n", "1", "2 – 20000"),
        ("lr", "5000", "(0, 1000]"),
        ("l2", "11", "[0, 10]"),
        ("do", "1", "[0, 1)"),
    ];
    for &(key, value, range) in cases {
        let p = field_problems(&[("ds", "circle"), (key, value)]);
        assert_eq!(p.len(), 1, "{key}={value}: {p:?}");
        assert_eq!(p[0].key, key);
        assert!(p[0].en.contains(range), "{key}: {:?}", p[0].en);
        assert!(p[0].zh.contains(range), "{key}: {:?}", p[0].zh);
        assert!(
            p[0].zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{key}: {:?}",
            p[0].zh
        );
    }
    for key in ["cv", "cn"] {
        let p = field_problems(&[("ds", "circle"), (key, "-1")]);
        assert_eq!(p.len(), 1, "{key}: {p:?}");
        assert!(
            p[0].en.contains("positive") && p[0].zh.contains("正数"),
            "{key}: {p:?}"
        );
    }
    let sched = field_problems(&[("ds", "circle"), ("sched", "step"), ("gamma", "3")]);
    assert!(
        sched
            .iter()
            .any(|f| f.key == "gamma" && f.zh.contains("(0, 1]")),
        "{sched:?}"
    );
    // A value inside its range refused for another reason keeps the core's own explanation.
    let reg = field_problems(&[("ds", "plane"), ("stop", "0.9")]);
    assert!(
        reg.iter()
            .any(|f| f.key == "stop" && f.en.contains("regression")),
        "{reg:?}"
    );
}
