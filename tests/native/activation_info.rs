//! Every catalog entry has complete metadata, and each property flag and range string agrees
//! with what the function actually does at its default parameters.

use activation_lab::activation::{names, Activation};

fn defaults() -> Vec<Activation> {
    names()
        .into_iter()
        .map(|n| Activation::from_name(n).unwrap())
        .collect()
}

/// Dense exact grid on [−40, 40] (step 1/256, so ±1.5, ±3, 6 are hit exactly).
fn grid() -> impl Iterator<Item = f64> {
    (-40 * 256..=40 * 256).map(|i| f64::from(i) / 256.0)
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_entry_has_two_to_four_notes_in_both_languages() {
    for a in defaults() {
        let i = a.info();
        assert_eq!(i.name, a.name());
        assert!(!i.display.is_empty() && !i.formula.is_empty() && !i.derivative.is_empty());
        for (lang, notes) in [("en", i.notes_en), ("zh", i.notes_zh)] {
            assert!(
                (2..=4).contains(&notes.len()),
                "{} has {} {lang} notes",
                i.name,
                notes.len()
            );
            for n in notes {
                assert!(n.chars().count() >= 10, "{}: note too short: {n}", i.name);
                assert_eq!(
                    has_cjk(n),
                    lang == "zh",
                    "{}: {lang} note in the wrong script: {n}",
                    i.name
                );
            }
        }
        assert_eq!(
            i.notes_en.len(),
            i.notes_zh.len(),
            "{}: en and zh differ in count",
            i.name
        );
    }
}

#[test]
fn monotonic_flag_matches_derivative_sign() {
    for a in defaults() {
        let decreasing_somewhere = grid().any(|x| a.derivative(x) < 0.0);
        assert_eq!(a.info().monotonic, !decreasing_somewhere, "{}", a.name());
    }
}

#[test]
fn bounded_flag_matches_values_far_out() {
    for a in defaults() {
        let bounded = [-1e300, 1e300].iter().all(|&x| a.value(x).abs() < 1e3);
        assert_eq!(a.info().bounded, bounded, "{}", a.name());
    }
}

#[test]
fn saturating_flag_matches_derivative_far_out() {
    for a in defaults() {
        let saturating = a.derivative(-1e4).abs().min(a.derivative(1e4).abs()) < 1e-6;
        assert_eq!(a.info().saturating, saturating, "{}", a.name());
    }
}

#[test]
fn smooth_flag_matches_derivative_continuity() {
    for a in defaults() {
        let candidates = grid().chain((-10..=20).map(f64::from));
        // Smooth needs a continuous value too: step's derivative is 0 on both sides of its jump.
        let max_jump = candidates
            .map(|x| {
                let d = (a.derivative(x + 1e-9) - a.derivative(x - 1e-9)).abs();
                let v = (a.value(x + 1e-9) - a.value(x - 1e-9)).abs();
                d.max(v)
            })
            .fold(0.0, f64::max);
        assert_eq!(
            a.info().smooth,
            max_jump < 1e-6,
            "{}: jump {max_jump}",
            a.name()
        );
    }
}

/// Zero-centred here means: over [−2, 2] the signed area is small next to the absolute area
/// (|∫f| < 0.35·∫|f|): true for tanh (0), SELU (0.03), ELU (0.28); false for hardswish (0.44),
/// GELU/SiLU/Mish (≈0.6), ReLU and sigmoid (1).
#[test]
fn zero_centred_flag_matches_signed_area() {
    for a in defaults() {
        let xs: Vec<f64> = (0..4000)
            .map(|i| -2.0 + (f64::from(i) + 0.5) / 1000.0)
            .collect();
        let signed: f64 = xs.iter().map(|&x| a.value(x)).sum();
        let absolute: f64 = xs.iter().map(|&x| a.value(x).abs()).sum();
        let ratio = signed.abs() / absolute;
        assert_eq!(
            a.info().zero_centred,
            ratio < 0.35,
            "{}: ratio {ratio}",
            a.name()
        );
    }
}

/// Parses one bound of a range string: (value, tolerance), e.g. "≈−0.17" → (−0.17, 0.005).
fn bound(s: &str) -> (f64, f64) {
    let s = s.trim().replace('−', "-");
    match s.as_str() {
        "∞" => return (f64::INFINITY, 0.0),
        "-∞" => return (f64::NEG_INFINITY, 0.0),
        _ => {}
    }
    let (approx, num) = match s.strip_prefix('≈') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s.clone()),
    };
    let v: f64 = num.parse().unwrap_or_else(|_| panic!("bad bound `{s}`"));
    let decimals = num.split_once('.').map_or(0, |(_, d)| d.len());
    let tol = if approx {
        0.5 * 10f64.powi(-(decimals as i32))
    } else {
        1e-12
    };
    (v, tol)
}

#[test]
fn range_string_matches_sampled_extremes() {
    for a in defaults() {
        let r = a.info().range;
        let inner = &r[r.char_indices().nth(1).unwrap().0..r.char_indices().last().unwrap().0];
        let (lo, hi) = inner
            .split_once(',')
            .unwrap_or_else(|| panic!("range `{r}`"));
        let ((lo, lo_tol), (hi, hi_tol)) = (bound(lo), bound(hi));
        // Extremes over the grid and the limits at ±∞.
        // ±π/2 (as f64) is where sin reaches ±1 exactly; no dyadic grid point does.
        let finite_points =
            || grid().chain([-std::f64::consts::FRAC_PI_2, std::f64::consts::FRAC_PI_2]);
        let values: Vec<f64> = finite_points()
            .chain([f64::NEG_INFINITY, f64::INFINITY])
            .map(|x| a.value(x))
            .collect();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let close = |got: f64, want: f64, tol: f64| got == want || (got - want).abs() <= tol;
        assert!(
            close(min, lo, lo_tol),
            "{}: range {r} but minimum {min}",
            a.name()
        );
        assert!(
            close(max, hi, hi_tol),
            "{}: range {r} but maximum {max}",
            a.name()
        );
        // A closed bracket means the bound is attained at a finite input.
        if r.starts_with('[') && lo.is_finite() && !inner.starts_with('≈') {
            assert!(
                finite_points().any(|x| a.value(x) == lo),
                "{}: {r} not attained",
                a.name()
            );
        }
    }
}
