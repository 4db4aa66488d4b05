//! The function-boundary set: determinism, the square, labels by y > f(x), both noise kinds,
//! custom formulas with holes in their domain, validation.

use activation_lab::data::boundary::{generate, generate_preset, Noise, Preset, HALF_WIDTH};
use activation_lab::data::{Dataset, Task};
use activation_lab::formula::Formula;
use activation_lab::Error;

fn points(d: &Dataset) -> impl Iterator<Item = (f64, f64, u32)> + '_ {
    d.inputs
        .chunks_exact(2)
        .zip(&d.labels)
        .map(|(p, &l)| (f64::from(p[0]), f64::from(p[1]), l))
}

#[test]
fn same_seed_same_set_other_seed_other_set() {
    for noise in [Noise::None, Noise::Jitter(20.0), Noise::Flip(0.1)] {
        let a = generate_preset("sine", 400, noise, 5).unwrap();
        assert_eq!(a, generate_preset("sine", 400, noise, 5).unwrap());
        assert_ne!(
            a.inputs,
            generate_preset("sine", 400, noise, 6).unwrap().inputs
        );
    }
}

#[test]
fn without_noise_labels_are_exactly_above_the_curve() {
    for preset in Preset::ALL {
        let f = preset.formula();
        let d = generate(&f, 3000, Noise::None, 11).unwrap();
        assert_eq!(d.len(), 3000);
        assert_eq!(d.features, 2);
        assert_eq!(d.task, Task::Classification { classes: 2 });
        let mut checked = 0;
        for (x, y, label) in points(&d) {
            assert!(
                (-HALF_WIDTH..HALF_WIDTH).contains(&x) && (-HALF_WIDTH..HALF_WIDTH).contains(&y)
            );
            let gap = y - f.value(x);
            // Points within f32 rounding of the curve could go either way after storage.
            if gap.abs() > 1e-5 {
                assert_eq!(label, u32::from(gap > 0.0), "{preset:?} at ({x}, {y})");
                checked += 1;
            }
        }
        assert!(checked > 2900);
        let counts = d.class_counts();
        assert!(counts.iter().all(|&c| c > 600), "{preset:?}: {counts:?}");
    }
}

#[test]
fn points_fill_the_square_uniformly() {
    let d = generate_preset("abs", 20_000, Noise::None, 3).unwrap();
    let n = d.len() as f64;
    let (mut sx, mut sy) = (0.0, 0.0);
    let mut quadrants = [0usize; 4];
    for (x, y, _) in points(&d) {
        sx += x;
        sy += y;
        quadrants[usize::from(x > 0.0) * 2 + usize::from(y > 0.0)] += 1;
    }
    assert!((sx / n).abs() < 0.15 && (sy / n).abs() < 0.15);
    assert!(
        quadrants.iter().all(|&q| (4500..5500).contains(&q)),
        "{quadrants:?}"
    );
    // Below y = |x| - 3 inside the square: ∫ (|x| - 3 + 6) dx over [-6, 6] = 72 of 144, so half.
    let above = d.labels.iter().filter(|&&l| l == 1).count() as f64 / n;
    assert!((above - 0.5).abs() < 0.02, "{above}");
}

#[test]
fn flip_noise_flips_about_the_requested_share_anywhere() {
    let f = Preset::Cubic.formula();
    let clean = generate(&f, 20_000, Noise::None, 8).unwrap();
    let noisy = generate(&f, 20_000, Noise::Flip(0.2), 8).unwrap();
    let flipped: Vec<(f64, f64)> = points(&noisy)
        .filter(|&(x, y, l)| l != u32::from(y > f.value(x)))
        .map(|(x, y, _)| (x, y))
        .collect();
    let share = flipped.len() as f64 / 20_000.0;
    assert!((share - 0.2).abs() < 0.015, "{share}");
    // Far from the curve too.
    assert!(flipped.iter().any(|&(x, y)| (y - f.value(x)).abs() > 4.0));
    assert_ne!(clean.labels, noisy.labels);
}

#[test]
fn jitter_changes_labels_only_near_the_curve() {
    let f = Preset::Sine.formula();
    let s = 25.0;
    let band = HALF_WIDTH * s / 100.0;
    let d = generate(&f, 20_000, Noise::Jitter(s), 9).unwrap();
    let mut changed = 0;
    for (x, y, l) in points(&d) {
        let gap = y - f.value(x);
        if l != u32::from(gap > 0.0) {
            assert!(gap.abs() <= band + 1e-5, "changed at distance {gap}");
            changed += 1;
        }
    }
    // A point at distance g < 1.5 changes with probability (1.5 − g)/3; the band |g| < 1.5 holds
    // 3/12 of the points (3 sin x stays inside the square), on average a quarter change: ≈ 1250.
    assert!((1100..1400).contains(&changed), "{changed}");
}

#[test]
fn custom_formulas_and_their_domains() {
    let f = Formula::parse("ln(x)").unwrap();
    let d = generate(&f, 2000, Noise::None, 1).unwrap();
    assert_eq!(d.len(), 2000);
    assert!(
        points(&d).all(|(x, _, _)| x > 0.0),
        "points only where ln exists"
    );

    // 1/(x - x) = 1/0 = +∞ at every x.
    let infinite = Formula::parse("1/(x - x)").unwrap();
    let d = generate(&infinite, 500, Noise::None, 1).unwrap();
    assert!(d.labels.iter().all(|&l| l == 0), "y > +inf is never true");

    let nowhere = Formula::parse("sqrt(-1 - x^2)").unwrap();
    match generate(&nowhere, 100, Noise::None, 1) {
        Err(Error::Text { en: m, .. }) => {
            assert!(m.contains("undefined (NaN) on almost all"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn presets_and_validation() {
    assert_eq!(Preset::from_name("Sine").unwrap(), Preset::Sine);
    assert_eq!(Preset::from_name("|x|").unwrap(), Preset::Abs);
    assert!(matches!(
        Preset::from_name("tan"),
        Err(Error::UnknownDataset { .. })
    ));
    for p in Preset::ALL {
        assert_eq!(Preset::from_name(p.name()).unwrap(), p);
        assert_eq!(
            p.formula().source(),
            Formula::parse(p.formula_text()).unwrap().source()
        );
    }
    let f = Preset::Sine.formula();
    assert!(generate(&f, 1, Noise::None, 0).is_err());
    assert!(generate(&f, 20_001, Noise::None, 0).is_err());
    assert!(generate(&f, 100, Noise::Jitter(51.0), 0).is_err());
    assert!(generate(&f, 100, Noise::Jitter(f64::NAN), 0).is_err());
    assert!(generate(&f, 100, Noise::Flip(0.6), 0).is_err());
    assert!(generate(&f, 100, Noise::Flip(-0.1), 0).is_err());
    assert!(generate_preset("nope", 100, Noise::None, 0).is_err());
}
