//! Robust y-ranges on the curves chart: one curve with an enormous derivative (ln(x)′ = 1/x near 0)
//! must not flatten the others; the chart clips and says so, in the page's language. Ordinary
//! curves (even exp over a wide range) are never clipped.
#![cfg(not(target_arch = "wasm32"))]

use activation_lab::plot::sample::robust_y_range;
use activation_lab::plot::{draw_curves, render_svg, ChartMapping, PanelKind, Style};
use activation_lab::state::PageState;
use plotters::prelude::*;

fn panels(hash: &str) -> (Vec<(PanelKind, ChartMapping)>, String) {
    let s = PageState::parse(hash).unwrap();
    let mut out = String::new();
    let panels = {
        let root = SVGBackend::with_string(&mut out, (800, 600)).into_drawing_area();
        let layout = draw_curves(&root, &s, &Style::default()).unwrap();
        layout.panels.iter().map(|p| (p.kind, p.mapping)).collect()
    };
    (panels, out)
}

#[test]
fn a_spiking_derivative_does_not_flatten_the_others() {
    let (p, svg) = panels("fn=relu,gelu,f(ln(x))&deriv=1&range=-5:5");
    let (kind, d) = p[1];
    assert_eq!(kind, PanelKind::Derivative);
    // ln(x)′ reaches 1/x ≈ 80 at the first column right of 0; relu′ and gelu′ lie in [−0.2, 1.1].
    assert!(d.y_range.1 < 10.0, "derivative y-range {:?}", d.y_range);
    // relu′'s step from 0 to 1 spans at least a fifth of the panel's height.
    let rise = d.y_to_pixel(0.0) - d.y_to_pixel(1.0);
    assert!(
        rise > 0.2 * (d.bottom - d.top),
        "step of relu′ is {rise} px"
    );
    assert!(
        svg.contains("f′(x) (y clipped to ["),
        "the chart says it clips"
    );
    // The value panel (ln x ≥ −6 on the grid) is not clipped.
    assert!(!svg.contains("f(x) (y clipped"));
}

#[test]
fn the_clip_note_follows_the_language() {
    let (_, svg) = panels("fn=relu,f(ln(x))&deriv=1&range=-5:5&lang=zh");
    assert!(svg.contains("f′(x)（y 轴截断于 ["), "Chinese note");
}

#[test]
fn smooth_curves_keep_their_full_range() {
    for hash in [
        "fn=relu,gelu,silu,tanh&deriv=1&range=-4:4",
        "fn=f(exp(x))&deriv=1&range=-20:20",
        "fn=f(x*x*x)&deriv=1&range=-10:10",
        "fn=step,relu&deriv=1&range=-3:3",
    ] {
        let (_, svg) = panels(hash);
        assert!(!svg.contains("clipped"), "{hash}");
    }
    let (p, _) = panels("fn=f(exp(x))&range=-20:20");
    assert!(
        p[0].1.y_range.1 >= 20f64.exp(),
        "exp's top is shown: {:?}",
        p[0].1.y_range
    );
}

#[test]
fn robust_range_against_a_hand_computed_window() {
    // 101 values (0..=99 and a spike): the 2 % and 98 % quantiles are v[2] = 2 and v[98] = 98,
    // span 96; the spike at 10⁶ is beyond 98 + 4·96, so the range stops at 98 + 0.75·96 = 170
    // (the lowest value, 0, is inside), plus the 6 % margin of the shown span 170.
    let mut v: Vec<f64> = (0..100).map(f64::from).collect();
    v.push(1e6);
    let ((lo, hi), clipped) = robust_y_range(&v);
    assert!(clipped);
    assert!((lo - (-0.06 * 170.0)).abs() < 1e-9, "{lo}");
    assert!((hi - 170.0 * 1.06).abs() < 1e-9, "{hi}");
    // A value 4 spans above the bulk is not a spike yet.
    v.pop();
    v.push(98.0 + 4.0 * 96.0);
    assert!(!robust_y_range(&v).1);
    // Without the spike nothing is clipped.
    v.pop();
    let ((lo, hi), clipped) = robust_y_range(&v);
    assert!(!clipped);
    assert!(
        (lo + 0.06 * 99.0).abs() < 1e-9 && (hi - 99.0 * 1.06).abs() < 1e-9,
        "{lo} {hi}"
    );
    // Non-finite values are ignored.
    v.push(f64::INFINITY);
    v.push(f64::NAN);
    assert!(!robust_y_range(&v).1);
}

#[test]
fn clipped_svg_has_no_coordinates_far_outside_the_canvas() {
    let s = PageState::parse("fn=f(1/x)&deriv=1&range=-1:1").unwrap();
    let svg = render_svg(&s, 600, 400, &Style::default()).unwrap();
    for pts in svg.split("points=\"").skip(1) {
        let pts = &pts[..pts.find('"').unwrap()];
        for pair in pts.split_whitespace() {
            let y: f64 = pair.split(',').nth(1).unwrap().parse().unwrap();
            assert!(
                (-5.0..=405.0).contains(&y),
                "y {y} outside the 400 px canvas"
            );
        }
    }
}
