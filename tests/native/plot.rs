//! The curves chart rendered to SVG (no browser): series per function, panels, mapping, gaps, CSV.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::plot::{
    draw_curves, fp16_value, readout, render_svg, sample, to_csv, PanelKind, Style,
};
use activation_lab::state::PageState;
use plotters::prelude::*;

/// Number of `<polyline>` elements stroked in `hex` (upper-case, as plotters writes it).
fn polylines_in(svg: &str, hex: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|el| {
            let tag = &el[..el.find("/>").unwrap_or(el.len())];
            tag.contains(&format!("stroke=\"{}\"", hex.to_uppercase()))
        })
        .count()
}

/// Whether the SVG has a `<text>` element with exactly this content.
fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!("\n{text}\n</text>"))
}

fn state(hash: &str) -> PageState {
    PageState::parse(hash).expect("test hash is valid")
}

#[test]
fn one_series_per_selected_function_plus_its_legend_mark() {
    let style = Style::default();
    let s = state("fn=relu,gelu,silu,tanh&deriv=0&range=-4:4");
    let svg = render_svg(&s, 800, 500, &style).unwrap();
    for i in 0..4 {
        // The curve (one finite run) and the legend mark (two path pieces).
        assert_eq!(polylines_in(&svg, &style.series_hex(i)), 3, "series {i}");
    }
    assert_eq!(
        polylines_in(&svg, &style.series_hex(4)),
        0,
        "no fifth series"
    );
    for name in ["ReLU", "GELU", "SiLU", "Tanh"] {
        assert!(has_text(&svg, name), "legend names {name}");
    }
}

#[test]
fn derivative_below_adds_a_panel_with_one_series_each() {
    let style = Style::default();
    let s = state("fn=sigmoid,softsign&deriv=1&range=-6:6");
    let svg = render_svg(&s, 800, 600, &style).unwrap();
    for i in 0..2 {
        assert_eq!(
            polylines_in(&svg, &style.series_hex(i)),
            4,
            "curve, legend ×2, derivative"
        );
    }
    assert!(has_text(&svg, "f′(x)"));

    let mut out = String::new();
    let root = SVGBackend::with_string(&mut out, (800, 600)).into_drawing_area();
    let layout = draw_curves(&root, &s, &style).unwrap();
    let kinds: Vec<_> = layout.panels.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PanelKind::Value, PanelKind::Derivative]);
    let (v, d) = (layout.panels[0].mapping, layout.panels[1].mapping);
    assert!(v.bottom < d.top, "derivative panel is under the curves");
    assert_eq!(v.x_range, d.x_range);
}

#[test]
fn overlay_mode_draws_dashed_derivatives_on_the_curve_panel() {
    let style = Style::default();
    let s = state("fn=tanh&deriv=1&dmode=overlay");
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (600, 400)).into_drawing_area();
        let layout = draw_curves(&root, &s, &style).unwrap();
        assert_eq!(layout.panels.len(), 1);
    }
    assert!(has_text(&out, "Tanh′"));
    // Dashes are many short polylines: far more than the solid curve's one.
    assert!(polylines_in(&out, &style.series_hex(0)) > 20);
}

#[test]
fn mapping_matches_the_range_and_one_sample_per_pixel_column() {
    let s = state("fn=gelu&deriv=0&range=-3:5");
    let style = Style {
        dark: true,
        scale: 2.0,
        text: 1.0,
    };
    let mut out = String::new();
    let root = SVGBackend::with_string(&mut out, (1200, 700)).into_drawing_area();
    let layout = draw_curves(&root, &s, &style).unwrap();
    let m = layout.panels[0].mapping;
    assert_eq!(m.pixel_to_x(m.left), -3.0);
    assert_eq!(m.pixel_to_x(m.right), 5.0);
    assert!((m.x_to_pixel(m.pixel_to_x(321.0)) - 321.0).abs() < 1e-9);
    let columns = (m.right - m.left) as usize;
    assert!(
        layout.columns.abs_diff(columns) <= 2,
        "{} vs {columns}",
        layout.columns
    );
    // y auto-range covers the curve: gelu on [-3, 5] spans [-0.17, 5].
    assert!(m.y_range.0 < -0.16 && m.y_range.1 > 5.0 && m.y_range.1 < 5.6);
    assert!(
        m.y_to_pixel(m.y_range.1) < m.y_to_pixel(m.y_range.0),
        "y grows upwards"
    );
    assert!(m.contains(m.left + 1.0, m.top + 1.0) && !m.contains(m.left - 1.0, m.top + 1.0));
    assert!(layout.panel_at(m.left + 5.0, m.bottom - 5.0).is_some());
}

#[test]
fn fp16_view_adds_band_error_panel_and_gaps_where_half_overflows() {
    let style = Style::default();
    // identity in fp16 overflows to ±inf beyond ±65504: those columns must be gaps.
    let s = state("fn=identity,relu6&deriv=0&fp16=1&range=-100000:100000");
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (900, 600)).into_drawing_area();
        let layout = draw_curves(&root, &s, &style).unwrap();
        let kinds: Vec<_> = layout.panels.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PanelKind::Value, PanelKind::Fp16Error]);
    }
    assert!(has_text(&out, "GELU (fp16)") || has_text(&out, "Identity (fp16)"));
    assert!(out.contains("<polygon"), "error band drawn");
    assert!(
        !out.contains("NaN") && !out.contains("inf"),
        "no non-finite coordinates"
    );

    let xs = sample::grid(-1e5, 1e5, 900);
    let a = &s.functions()[0];
    let ys: Vec<f64> = xs.iter().map(|&x| fp16_value(a, x)).collect();
    let runs = sample::finite_runs(&xs, &ys);
    assert_eq!(runs.len(), 1, "one finite run between the overflows");
    assert!(runs[0].first().unwrap().0 > -65520.0 && runs[0].last().unwrap().0 < 65520.0);
    assert_eq!(fp16_value(a, 70000.0), f64::INFINITY);
    // relu6's fp16 error stays tiny where identity's grows with |x|.
    let relu6 = &s.functions()[1];
    assert!((fp16_value(relu6, 1000.3) - 6.0).abs() == 0.0);
    assert!((fp16_value(a, 1000.3) - 1000.3).abs() > 0.2);
}

#[test]
fn gaps_split_runs_and_empty_selections_draw() {
    let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
    let ys = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY];
    assert_eq!(
        sample::finite_runs(&xs, &ys),
        vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]
    );
    let s = state("fn=&deriv=1");
    let svg = render_svg(&s, 400, 300, &Style::default()).unwrap();
    assert_eq!(polylines_in(&svg, &Style::default().series_hex(0)), 0);
}

#[test]
fn readout_and_csv_are_the_core_values() {
    let s = state("fn=gelu,elu&elu.alpha=0.5&deriv=1&range=-2:2&fp16=1");
    let rows = readout(&s, 0.7);
    assert_eq!(rows[0].name, "gelu");
    assert_eq!(rows[0].value, s.functions()[0].value(0.7));
    assert_eq!(rows[1].derivative, s.functions()[1].derivative(0.7));
    assert_eq!(rows[1].fp16, Some(fp16_value(&s.functions()[1], 0.7)));

    let csv = to_csv(&s, 5);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "x,gelu,gelu_derivative,gelu_fp16,elu,elu_derivative,elu_fp16"
    );
    assert_eq!(lines.len(), 6);
    let row: Vec<f64> = lines[1].split(',').map(|c| c.parse().unwrap()).collect();
    assert_eq!(row[0], -2.0);
    assert_eq!(row[1], s.functions()[0].value(-2.0));
    assert_eq!(row[4], s.functions()[1].value(-2.0));
    assert_eq!(
        to_csv(&s, 10_000_000).lines().count(),
        sample::MAX_CSV_ROWS + 1
    );
}
