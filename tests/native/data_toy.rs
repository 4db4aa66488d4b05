//! The 2-D generators: determinism, balance, domains, what noise does, validation, the heatmap grid.

use activation_lab::data::toy::{multi_gaussian_target, MAX_SAMPLES};
use activation_lab::data::{generate, grid, Dataset, Extent, Task, TwoD};
use activation_lab::Error;

fn points(d: &Dataset) -> impl Iterator<Item = (f64, f64)> + '_ {
    d.inputs.chunks_exact(2).map(|p| (p[0] as f64, p[1] as f64))
}

fn radius(x: f64, y: f64) -> f64 {
    x.hypot(y)
}

#[test]
fn same_seed_same_points_different_seed_different_points() {
    for kind in TwoD::ALL {
        let a = kind.generate(300, 20.0, 42).unwrap();
        let b = kind.generate(300, 20.0, 42).unwrap();
        let c = kind.generate(300, 20.0, 43).unwrap();
        assert_eq!(a, b, "{kind:?}: same seed must give identical sets");
        assert_ne!(
            a.inputs, c.inputs,
            "{kind:?}: another seed must move the points"
        );
    }
}

#[test]
fn shapes_labels_and_targets_are_well_formed() {
    for kind in TwoD::ALL {
        for n in [2, 3, 501] {
            let d = kind.generate(n, 25.0, 1).unwrap();
            assert_eq!(d.features, 2);
            assert_eq!(d.len(), n, "{kind:?} n={n}");
            assert!(d.inputs.iter().all(|v| v.is_finite()));
            if kind.is_classification() {
                let classes = kind.classes();
                assert_eq!(d.task, Task::Classification { classes });
                assert_eq!(d.labels.len(), n);
                assert!(d.labels.iter().all(|&l| (l as usize) < classes));
                assert!(d.targets.is_empty());
            } else {
                assert_eq!(d.task, Task::Regression);
                assert_eq!(d.targets.len(), n);
                assert!(d.targets.iter().all(|t| t.is_finite()));
                assert!(d.labels.is_empty());
            }
        }
    }
}

#[test]
fn class_balanced_sets_split_points_evenly_without_noise() {
    for kind in [TwoD::Circle, TwoD::Gaussian, TwoD::Spiral, TwoD::Moons] {
        assert_eq!(
            kind.generate(500, 0.0, 3).unwrap().class_counts(),
            vec![250, 250]
        );
        let odd = kind.generate(7, 0.0, 3).unwrap().class_counts();
        assert_eq!(odd.iter().sum::<usize>(), 7, "{kind:?}");
        assert!(odd[0].abs_diff(odd[1]) == 1, "{kind:?}: {odd:?}");
    }
    // Xor draws uniformly over the quadrants: balanced on average.
    let counts = TwoD::Xor.generate(4000, 0.0, 3).unwrap().class_counts();
    assert!((1800..=2200).contains(&counts[1]), "xor counts {counts:?}");
}

#[test]
fn circle_without_noise_is_separable_by_radius_and_noise_flips_labels() {
    let clean = TwoD::Circle.generate(1000, 0.0, 9).unwrap();
    for ((x, y), &label) in points(&clean).zip(&clean.labels) {
        let r = radius(x, y);
        assert!(r <= 5.0 + 1e-5, "outside the domain: r={r}");
        if label == 1 {
            assert!(r < 2.5, "class 1 at r={r}");
        } else {
            assert!(r >= 3.5 - 1e-5, "class 0 at r={r}");
        }
    }
    // With noise the points stay put (radius still ≤ 5, inner disc or outer ring) but labels come
    // from shifted positions, so some disagree with the radius rule.
    let noisy = TwoD::Circle.generate(1000, 50.0, 9).unwrap();
    let mut flipped = 0;
    for ((x, y), &label) in points(&noisy).zip(&noisy.labels) {
        let r = radius(x, y);
        assert!(r <= 5.0 + 1e-5 && !(2.5..3.5 - 1e-5).contains(&r), "r={r}");
        if (r < 2.5) != (label == 1) {
            flipped += 1;
        }
    }
    assert!(
        flipped > 100,
        "noise 50 should flip many labels, flipped {flipped}"
    );
}

#[test]
fn xor_without_noise_follows_the_quadrants_with_its_padding() {
    let clean = TwoD::Xor.generate(1000, 0.0, 5).unwrap();
    for ((x, y), &label) in points(&clean).zip(&clean.labels) {
        assert!((0.3 - 1e-6..=5.3 + 1e-6).contains(&x.abs()), "x={x}");
        assert!((0.3 - 1e-6..=5.3 + 1e-6).contains(&y.abs()), "y={y}");
        assert_eq!(label == 1, x * y >= 0.0, "({x}, {y}) label {label}");
    }
    let noisy = TwoD::Xor.generate(1000, 50.0, 5).unwrap();
    let flipped = points(&noisy)
        .zip(&noisy.labels)
        .filter(|((x, y), &l)| (l == 1) != (x * y >= 0.0))
        .count();
    assert!(flipped > 50, "noise should flip labels, flipped {flipped}");
}

#[test]
fn spiral_arms_stay_within_radius_five_plus_noise() {
    let clean = TwoD::Spiral.generate(600, 0.0, 2).unwrap();
    for (x, y) in points(&clean) {
        assert!(radius(x, y) <= 5.0 + 1e-5);
    }
    // Noise moves each coordinate by at most noise/100 = 0.5.
    let noisy = TwoD::Spiral.generate(600, 50.0, 2).unwrap();
    let mut moved = 0.0f64;
    for ((x, y), (cx, cy)) in points(&noisy).zip(points(&clean)) {
        assert!((x - cx).abs() <= 0.5 + 1e-5 && (y - cy).abs() <= 0.5 + 1e-5);
        moved = moved.max((x - cx).abs());
    }
    assert!(
        moved > 0.4,
        "noise 50 should move some point by almost 0.5, max {moved}"
    );
    // Without noise the two arms are point reflections of each other (Δt = π).
    let (first, second) = clean.inputs.split_at(600);
    for (a, b) in first.iter().zip(second) {
        assert!((a + b).abs() < 1e-5);
    }
}

fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (
        mean,
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n,
    )
}

#[test]
fn gaussian_blobs_have_the_playgrounds_centres_and_variance() {
    // variance = 0.5 at noise 0 and 4 at noise 50 (the Playground's linear scale).
    for (noise, variance) in [(0.0, 0.5), (50.0, 4.0)] {
        let d = TwoD::Gaussian.generate(20_000, noise, 11).unwrap();
        for (label, centre) in [(1, 2.0), (0, -2.0)] {
            let xs: Vec<f64> = points(&d)
                .zip(&d.labels)
                .filter(|(_, &l)| l == label)
                .map(|((x, _), _)| x)
                .collect();
            let (m, v) = mean_and_variance(&xs);
            assert!(
                (m - centre).abs() < 0.06,
                "noise {noise} class {label}: mean {m}"
            );
            assert!(
                (v / variance - 1.0).abs() < 0.06,
                "noise {noise} class {label}: var {v}"
            );
        }
    }
}

#[test]
fn moons_without_noise_lie_on_the_two_scaled_arcs() {
    let d = TwoD::Moons.generate(400, 0.0, 0).unwrap();
    for ((x, y), &label) in points(&d).zip(&d.labels) {
        // Undo the ×3 scale and the (0.5, 0.25) centring, then check the unit half circles.
        let (u, v) = (x / 3.0 + 0.5, y / 3.0 + 0.25);
        let (cu, cv, upper) = if label == 0 {
            (0.0, 0.0, true)
        } else {
            (1.0, 0.5, false)
        };
        assert!(
            (radius(u - cu, v - cv) - 1.0).abs() < 1e-5,
            "({x}, {y}) class {label}"
        );
        // Outer arc above its centre, inner arc below its own (endpoints sit on the centre line).
        let on_its_half = if upper {
            v - cv >= -1e-6
        } else {
            v - cv <= 1e-6
        };
        assert!(on_its_half, "({x}, {y}) on the wrong half");
        assert!(x.abs() <= 4.5 + 1e-5 && y.abs() <= 2.25 + 1e-5);
    }
    let noisy = TwoD::Moons.generate(400, 30.0, 0).unwrap();
    let off_arc = points(&noisy)
        .zip(&noisy.labels)
        .filter(|((x, y), &l)| {
            let (u, v) = (x / 3.0 + 0.5, y / 3.0 + 0.25);
            let (cu, cv) = if l == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
            (radius(u - cu, v - cv) - 1.0).abs() > 0.05
        })
        .count();
    assert!(
        off_arc > 200,
        "noise should scatter points off the arcs: {off_arc}"
    );
}

#[test]
fn plane_target_is_x_plus_y_over_ten_without_noise() {
    let d = TwoD::Plane.generate(1000, 0.0, 4).unwrap();
    for ((x, y), &t) in points(&d).zip(&d.targets) {
        assert!(x.abs() <= 6.0 && y.abs() <= 6.0);
        assert!((t as f64 - (x + y) / 10.0).abs() < 1e-5);
    }
    let noisy = TwoD::Plane.generate(1000, 50.0, 4).unwrap();
    let off = points(&noisy)
        .zip(&noisy.targets)
        .filter(|((x, y), &t)| (t as f64 - (x + y) / 10.0).abs() > 0.05)
        .count();
    assert!(off > 500, "noise should perturb most targets: {off}");
}

#[test]
fn multi_gaussian_target_has_six_signed_bumps() {
    assert_eq!(multi_gaussian_target(-4.0, 2.5), 1.0);
    assert_eq!(multi_gaussian_target(0.0, 2.5), -1.0);
    assert_eq!(multi_gaussian_target(4.0, -2.5), -1.0);
    assert!((multi_gaussian_target(0.0, -1.5) - 0.5).abs() < 1e-12);
    assert_eq!(multi_gaussian_target(-6.0, 6.0), 0.0, "far from every bump");
    let d = TwoD::MultiGaussian.generate(1000, 0.0, 8).unwrap();
    for ((x, y), &t) in points(&d).zip(&d.targets) {
        assert!(x.abs() <= 6.0 && y.abs() <= 6.0);
        assert!((t as f64 - multi_gaussian_target(x, y)).abs() < 1e-5);
        assert!((-1.0..=1.0).contains(&t));
    }
}

#[test]
fn names_and_aliases_resolve() {
    for kind in TwoD::ALL {
        assert_eq!(TwoD::from_name(kind.name()).unwrap(), kind);
    }
    assert_eq!(TwoD::from_name("reg-gauss").unwrap(), TwoD::MultiGaussian);
    assert_eq!(TwoD::from_name("reg-plane").unwrap(), TwoD::Plane);
    assert_eq!(TwoD::from_name("Two-Moons").unwrap(), TwoD::Moons);
    assert_eq!(TwoD::from_name("gauss").unwrap(), TwoD::Gaussian);
    let d = generate("spiral", 10, 0.0, 1).unwrap();
    assert_eq!(d, TwoD::Spiral.generate(10, 0.0, 1).unwrap());
}

#[test]
fn bad_requests_are_rejected_with_clear_errors() {
    match generate("sprial", 100, 0.0, 1) {
        Err(Error::UnknownDataset { name, valid }) => {
            assert_eq!(name, "sprial");
            assert!(
                valid.contains("spiral") && valid.contains("multi_gaussian"),
                "{valid}"
            );
        }
        other => panic!("expected UnknownDataset, got {other:?}"),
    }
    for n in [0, 1, MAX_SAMPLES + 1, usize::MAX] {
        let e = generate("circle", n, 0.0, 1).unwrap_err().to_string();
        assert!(e.contains("number of points") && e.contains("20000"), "{e}");
    }
    assert_eq!(
        generate("circle", MAX_SAMPLES, 0.0, 1).unwrap().len(),
        MAX_SAMPLES
    );
    for noise in [-0.1, 50.1, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = generate("circle", 10, noise, 1).unwrap_err().to_string();
        assert!(e.contains("noise") && e.contains("50"), "{e}");
    }
    assert!(generate("circle", 10, 50.0, 1).is_ok());
}

#[test]
fn grid_covers_the_extent_with_cell_centres_top_row_first() {
    let g = grid(Extent::PLAYGROUND, 3).unwrap();
    let expected = [
        [-4.0, 4.0],
        [0.0, 4.0],
        [4.0, 4.0],
        [-4.0, 0.0],
        [0.0, 0.0],
        [4.0, 0.0],
        [-4.0, -4.0],
        [0.0, -4.0],
        [4.0, -4.0],
    ];
    assert_eq!(g, expected.concat());
    let fine = grid(Extent::PLAYGROUND, 100).unwrap();
    assert_eq!(fine.len(), 2 * 100 * 100);
    assert!(fine.iter().all(|v| v.abs() < 6.0));
    assert_eq!(&fine[..2], &[-5.94, 5.94]);
}

#[test]
fn grid_rejects_bad_resolution_and_extent() {
    assert!(grid(Extent::PLAYGROUND, 0).is_err());
    assert!(grid(Extent::PLAYGROUND, 513).is_err());
    assert!(grid(Extent::PLAYGROUND, 512).is_ok());
    let bad = [
        Extent {
            x_min: 1.0,
            x_max: 1.0,
            ..Extent::PLAYGROUND
        },
        Extent {
            y_min: 2.0,
            y_max: -2.0,
            ..Extent::PLAYGROUND
        },
        Extent {
            x_max: f64::NAN,
            ..Extent::PLAYGROUND
        },
        Extent {
            y_min: f64::NEG_INFINITY,
            ..Extent::PLAYGROUND
        },
    ];
    for e in bad {
        let msg = grid(e, 10).unwrap_err().to_string();
        assert!(msg.contains("extent"), "{msg}");
    }
}
