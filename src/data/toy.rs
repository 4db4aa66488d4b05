//! TF Playground's 2-D sets (circle, xor, gaussian, spiral; plane and multi-gaussian regression)
//! plus scikit-learn's two moons, written from their published generating formulas, and two
//! multiclass sets the Playground users asked for (#68): a 3-arm spiral and k Gaussian blobs.
//!
//! Conventions, so the page can sit next to TF Playground and mean the same thing:
//! - `noise` is on the Playground's slider scale, `0..=50` ([`MAX_NOISE`]); the formulas use
//!   `noise / 100`, exactly as the Playground passes `state.noise / 100` to its generators.
//! - Points live in the Playground's square `[-6, 6]²` ([`Extent::PLAYGROUND`]); the Gaussian
//!   blobs' tails (and noisy moons) may fall slightly outside, as they do there.
//! - Classification labels: the Playground's `+1` is class `1`, its `-1` class `0`.
//! - Regression targets are the Playground's labels (about `-1..1`).
//! - Class-balanced sets give the first class `n - n/2` points and the second `n/2`, so odd `n`
//!   yields exactly `n` points (the Playground's `i < n/2` loops would make `n + 1`).
//!
//! The random stream is PCG (`Pcg64Mcg`) seeded with `seed`, not the Playground's seedrandom, so the
//! formulas match but the individual points differ from the Playground's for the "same" seed.
//!
//! [`Extent::PLAYGROUND`]: crate::data::Extent::PLAYGROUND

use std::f64::consts::PI;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::{Dataset, Split, Task};
use crate::error::{Error, Result};

/// Most points one call may generate: plenty for a 2-D toy, and a bound on memory/time for a
/// value typed into the page or the CLI.
pub const MAX_SAMPLES: usize = 20_000;
/// Fewest points one call may generate (one per class).
pub const MIN_SAMPLES: usize = 2;
/// Top of the Playground's noise slider; `noise` is accepted in `0..=MAX_NOISE`.
pub const MAX_NOISE: f64 = 50.0;
/// The Playground's sample counts (`NUM_SAMPLES_CLASSIFY`, `NUM_SAMPLES_REGRESS`).
pub const DEFAULT_SAMPLES_CLASSIFY: usize = 500;
pub const DEFAULT_SAMPLES_REGRESS: usize = 1200;
/// Fewest and most blobs of [`TwoD::Gaussians`].
pub const MIN_BLOBS: u8 = 3;
pub const MAX_BLOBS: u8 = 6;
/// The Playground's default train share (`percTrainData` = 50).
pub const DEFAULT_TRAIN_RATIO: f64 = 0.5;

/// The 2-D sets by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TwoD {
    /// Class 1 in a disc of radius 2.5, class 0 in a ring 3.5..5 (`classifyCircleData`).
    Circle,
    /// Quadrants: class 1 where x·y ≥ 0 (`classifyXORData`).
    Xor,
    /// Two Gaussian blobs at (2, 2) and (-2, -2) whose variance grows with noise
    /// (`classifyTwoGaussData`).
    Gaussian,
    /// Two interleaved spirals (`classifySpiralData`).
    Spiral,
    /// scikit-learn's `make_moons`, scaled ×3 and centred to fill the Playground's square.
    Moons,
    /// Three interleaved spiral arms 120° apart, one class each (classes 0, 1, 2).
    SpiralThree,
    /// `k` (3..=6) Gaussian blobs on a circle of radius 4, one class each; variance grows with
    /// noise as in `Gaussian`.
    Gaussians(u8),
    /// Regression on a tilted plane, target (x + y) / 10 (`regressPlane`).
    Plane,
    /// Regression on six signed Gaussian bumps (`regressGaussian`).
    MultiGaussian,
}

impl TwoD {
    /// Every set, classification first.
    pub const ALL: [TwoD; 12] = [
        TwoD::Circle,
        TwoD::Xor,
        TwoD::Gaussian,
        TwoD::Spiral,
        TwoD::Moons,
        TwoD::SpiralThree,
        TwoD::Gaussians(3),
        TwoD::Gaussians(4),
        TwoD::Gaussians(5),
        TwoD::Gaussians(6),
        TwoD::Plane,
        TwoD::MultiGaussian,
    ];

    /// The canonical name (what `from_name` and the URL hash use).
    pub fn name(self) -> &'static str {
        match self {
            TwoD::Circle => "circle",
            TwoD::Xor => "xor",
            TwoD::Gaussian => "gaussian",
            TwoD::Spiral => "spiral",
            TwoD::Moons => "moons",
            TwoD::SpiralThree => "spiral3",
            TwoD::Gaussians(3) => "gaussians3",
            TwoD::Gaussians(4) => "gaussians4",
            TwoD::Gaussians(5) => "gaussians5",
            TwoD::Gaussians(6) => "gaussians6",
            TwoD::Gaussians(_) => "gaussians",
            TwoD::Plane => "plane",
            TwoD::MultiGaussian => "multi_gaussian",
        }
    }

    /// Looks a set up by name. Case and `-`/`_` are ignored; the Playground's own names
    /// (`gauss`, `reg-plane`, `reg-gauss`) are accepted too.
    pub fn from_name(name: &str) -> Result<TwoD> {
        let key = name.trim().to_ascii_lowercase().replace('-', "_");
        let found = match key.as_str() {
            "circle" => Some(TwoD::Circle),
            "xor" => Some(TwoD::Xor),
            "gaussian" | "gauss" => Some(TwoD::Gaussian),
            "spiral" => Some(TwoD::Spiral),
            "moons" | "two_moons" => Some(TwoD::Moons),
            "spiral3" | "spiral_3" | "three_spiral" => Some(TwoD::SpiralThree),
            "gaussians3" | "gaussians_3" => Some(TwoD::Gaussians(3)),
            "gaussians4" | "gaussians_4" => Some(TwoD::Gaussians(4)),
            "gaussians5" | "gaussians_5" => Some(TwoD::Gaussians(5)),
            "gaussians6" | "gaussians_6" => Some(TwoD::Gaussians(6)),
            "plane" | "reg_plane" => Some(TwoD::Plane),
            "multi_gaussian" | "reg_gauss" => Some(TwoD::MultiGaussian),
            _ => None,
        };
        found.ok_or_else(|| Error::UnknownDataset {
            name: name.to_string(),
            valid: TwoD::ALL.map(TwoD::name).join(", "),
        })
    }

    /// Whether the targets are class labels (`0..classes()`) rather than real values.
    pub fn is_classification(self) -> bool {
        !matches!(self, TwoD::Plane | TwoD::MultiGaussian)
    }

    /// Number of classes (0 for regression).
    pub fn classes(self) -> usize {
        match self {
            TwoD::Plane | TwoD::MultiGaussian => 0,
            TwoD::SpiralThree => 3,
            TwoD::Gaussians(k) => usize::from(k),
            _ => 2,
        }
    }

    /// The Playground's sample count for this kind of set.
    pub fn default_samples(self) -> usize {
        if self.is_classification() {
            DEFAULT_SAMPLES_CLASSIFY
        } else {
            DEFAULT_SAMPLES_REGRESS
        }
    }

    /// `n` points with `noise` on the Playground's `0..=50` scale, from `seed`.
    pub fn generate(self, n: usize, noise: f64, seed: u64) -> Result<Dataset> {
        validate(n, noise)?;
        if let TwoD::Gaussians(k) = self {
            if !(MIN_BLOBS..=MAX_BLOBS).contains(&k) {
                return Err(Error::Invalid(format!(
                    "k Gaussians takes {MIN_BLOBS} to {MAX_BLOBS} blobs, got {k}"
                )));
            }
        }
        let noise = noise / 100.0;
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut out = Points::with_capacity(n);
        match self {
            TwoD::Circle => circle(&mut rng, n, noise, &mut out),
            TwoD::Xor => xor(&mut rng, n, noise, &mut out),
            TwoD::Gaussian => two_gauss(&mut rng, n, noise, &mut out),
            TwoD::Spiral => spiral(&mut rng, n, noise, &mut out),
            TwoD::Moons => moons(&mut rng, n, noise, &mut out),
            TwoD::SpiralThree => spiral_arms(&mut rng, n, noise, 3, &mut out),
            TwoD::Gaussians(k) => blobs(&mut rng, n, noise, usize::from(k), &mut out),
            TwoD::Plane => plane(&mut rng, n, noise, &mut out),
            TwoD::MultiGaussian => multi_gauss(&mut rng, n, noise, &mut out),
        }
        Ok(out.into_dataset(self.classes()))
    }

    /// Generates and splits in one go, as the Playground does: shuffle with a seed, then the first
    /// `floor(n · train_ratio)` points train. The shuffle uses a stream derived from `seed`, so
    /// it is independent of the points' stream.
    pub fn generate_split(
        self,
        n: usize,
        noise: f64,
        train_ratio: f64,
        seed: u64,
    ) -> Result<Split> {
        let data = self.generate(n, noise, seed)?;
        super::split::shuffled_split(&data, train_ratio, split_seed(seed))
    }
}

/// Name-based constructor for the page and CLI: `generate("spiral", 500, 10.0, 7)`.
pub fn generate(name: &str, n: usize, noise: f64, seed: u64) -> Result<Dataset> {
    TwoD::from_name(name)?.generate(n, noise, seed)
}

/// The seed of the shuffle that `generate_split` derives from the data seed.
pub fn split_seed(seed: u64) -> u64 {
    seed ^ 0x9E37_79B9_7F4A_7C15
}

fn validate(n: usize, noise: f64) -> Result<()> {
    if !(MIN_SAMPLES..=MAX_SAMPLES).contains(&n) {
        return Err(Error::Invalid(format!(
            "number of points must be between {MIN_SAMPLES} and {MAX_SAMPLES}, got {n}"
        )));
    }
    if !noise.is_finite() || !(0.0..=MAX_NOISE).contains(&noise) {
        return Err(Error::Invalid(format!(
            "noise must be a number from 0 to {MAX_NOISE} (the Playground's noise slider), got {noise}"
        )));
    }
    Ok(())
}

/// Collects (x, y, value) triples before they become a `Dataset`.
struct Points {
    inputs: Vec<f32>,
    values: Vec<f64>,
}

impl Points {
    fn with_capacity(n: usize) -> Self {
        Points {
            inputs: Vec::with_capacity(2 * n),
            values: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, x: f64, y: f64, value: f64) {
        self.inputs.push(x as f32);
        self.inputs.push(y as f32);
        self.values.push(value);
    }

    /// Playground label `+1` becomes class 1, anything else class 0.
    fn push_class(&mut self, x: f64, y: f64, positive: bool) {
        self.push(x, y, if positive { 1.0 } else { 0.0 });
    }

    /// `classes` 0 means regression.
    fn into_dataset(self, classes: usize) -> Dataset {
        if classes > 0 {
            Dataset {
                features: 2,
                shape: None,
                task: Task::Classification { classes },
                inputs: self.inputs,
                labels: self.values.iter().map(|&v| v as u32).collect(),
                targets: Vec::new(),
            }
        } else {
            Dataset {
                features: 2,
                shape: None,
                task: Task::Regression,
                inputs: self.inputs,
                labels: Vec::new(),
                targets: self.values.iter().map(|&v| v as f32).collect(),
            }
        }
    }
}

/// Uniform on `[a, b)`: the Playground's `randUniform`.
fn uniform(rng: &mut Pcg64Mcg, a: f64, b: f64) -> f64 {
    rng.random::<f64>() * (b - a) + a
}

/// Normal with the given mean and *variance* by the Marsaglia polar method, as the Playground's
/// `normalRandom` (which also takes a variance, not a standard deviation).
fn normal(rng: &mut Pcg64Mcg, mean: f64, variance: f64) -> f64 {
    loop {
        let v1 = 2.0 * rng.random::<f64>() - 1.0;
        let v2 = 2.0 * rng.random::<f64>() - 1.0;
        let s = v1 * v1 + v2 * v2;
        // s = 0 would divide by zero (the Playground does not guard it; it almost never happens).
        if s > 0.0 && s <= 1.0 {
            return mean + variance.sqrt() * (-2.0 * s.ln() / s).sqrt() * v1;
        }
    }
}

fn halves(n: usize) -> [usize; 2] {
    [n - n / 2, n / 2]
}

fn circle(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    const RADIUS: f64 = 5.0;
    let inside = |x: f64, y: f64| x.hypot(y) < RADIUS * 0.5;
    let [n_in, n_out] = halves(n);
    // Positive points in the inner disc, negative ones in the outer ring; the label is taken at
    // a noise-shifted position, so noise flips labels near the gap rather than moving points.
    for (count, r_min, r_max) in [(n_in, 0.0, RADIUS * 0.5), (n_out, RADIUS * 0.7, RADIUS)] {
        for _ in 0..count {
            let r = uniform(rng, r_min, r_max);
            let angle = uniform(rng, 0.0, 2.0 * PI);
            let (x, y) = (r * angle.sin(), r * angle.cos());
            let nx = uniform(rng, -RADIUS, RADIUS) * noise;
            let ny = uniform(rng, -RADIUS, RADIUS) * noise;
            out.push_class(x, y, inside(x + nx, y + ny));
        }
    }
}

fn xor(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    const PADDING: f64 = 0.3;
    let pad = |v: f64| if v > 0.0 { v + PADDING } else { v - PADDING };
    for _ in 0..n {
        let x = pad(uniform(rng, -5.0, 5.0));
        let y = pad(uniform(rng, -5.0, 5.0));
        let nx = uniform(rng, -5.0, 5.0) * noise;
        let ny = uniform(rng, -5.0, 5.0) * noise;
        out.push_class(x, y, (x + nx) * (y + ny) >= 0.0);
    }
}

fn two_gauss(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    // d3.scale.linear().domain([0, .5]).range([0.5, 4]) applied to the noise.
    let variance = 0.5 + noise * (4.0 - 0.5) / 0.5;
    let [n_pos, n_neg] = halves(n);
    for (count, centre, positive) in [(n_pos, 2.0, true), (n_neg, -2.0, false)] {
        for _ in 0..count {
            let x = normal(rng, centre, variance);
            let y = normal(rng, centre, variance);
            out.push_class(x, y, positive);
        }
    }
}

fn spiral(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    let [n_pos, n_neg] = halves(n);
    for (count, delta_t, positive) in [(n_pos, 0.0, true), (n_neg, PI, false)] {
        let k = count as f64;
        for i in 0..count {
            let i = i as f64;
            let r = i / k * 5.0;
            let t = 1.75 * i / k * 2.0 * PI + delta_t;
            let x = r * t.sin() + uniform(rng, -1.0, 1.0) * noise;
            let y = r * t.cos() + uniform(rng, -1.0, 1.0) * noise;
            out.push_class(x, y, positive);
        }
    }
}

/// `n` split over `k` parts, the first `n % k` parts one larger.
fn shares(n: usize, k: usize) -> impl Iterator<Item = usize> {
    (0..k).map(move |j| n / k + usize::from(j < n % k))
}

/// Turns per arm of the multi-arm spiral: fewer than the 2-class spiral's 1.75, so three arms stay
/// as far apart as the Playground's two.
const ARM_TURNS: f64 = 1.0;

fn spiral_arms(rng: &mut Pcg64Mcg, n: usize, noise: f64, arms: usize, out: &mut Points) {
    for (arm, count) in shares(n, arms).enumerate() {
        let k = count as f64;
        let delta_t = 2.0 * PI * arm as f64 / arms as f64;
        for i in 0..count {
            let i = i as f64;
            let r = i / k * 5.0;
            let t = ARM_TURNS * i / k * 2.0 * PI + delta_t;
            let x = r * t.sin() + uniform(rng, -1.0, 1.0) * noise;
            let y = r * t.cos() + uniform(rng, -1.0, 1.0) * noise;
            out.push(x, y, arm as f64);
        }
    }
}

fn blobs(rng: &mut Pcg64Mcg, n: usize, noise: f64, k: usize, out: &mut Points) {
    const RING: f64 = 4.0;
    let variance = 0.5 + noise * (4.0 - 0.5) / 0.5;
    for (class, count) in shares(n, k).enumerate() {
        let angle = 2.0 * PI * class as f64 / k as f64;
        let (cx, cy) = (RING * angle.cos(), RING * angle.sin());
        for _ in 0..count {
            let x = normal(rng, cx, variance);
            let y = normal(rng, cy, variance);
            out.push(x, y, class as f64);
        }
    }
}

fn moons(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    // make_moons: outer half circle (class 0) x = cos t, y = sin t; inner one (class 1)
    // x = 1 - cos t, y = 1 - sin t - 0.5, t evenly spaced on [0, π]; Gaussian noise with standard
    // deviation `noise` (so the slider's 0..50 is make_moons' 0..0.5). Then centred on (0.5, 0.25)
    // and scaled ×3 to span about [-4.5, 4.5] × [-2.25, 2.25] in the Playground's square.
    const SCALE: f64 = 3.0;
    let n_out = n / 2;
    let n_in = n - n_out;
    let even = |i: usize, count: usize| {
        if count > 1 {
            PI * i as f64 / (count - 1) as f64
        } else {
            0.0
        }
    };
    for (count, inner) in [(n_out, false), (n_in, true)] {
        for i in 0..count {
            let t = even(i, count);
            let (x, y) = if inner {
                (1.0 - t.cos(), 1.0 - t.sin() - 0.5)
            } else {
                (t.cos(), t.sin())
            };
            let x = x + noise * normal(rng, 0.0, 1.0);
            let y = y + noise * normal(rng, 0.0, 1.0);
            out.push_class((x - 0.5) * SCALE, (y - 0.25) * SCALE, inner);
        }
    }
}

/// Regression points as the Playground draws them: (x, y) uniform in the square, the target
/// taken at the point shifted by uniform noise scaled by `noise`.
fn regression(
    rng: &mut Pcg64Mcg,
    n: usize,
    noise: f64,
    out: &mut Points,
    target: impl Fn(f64, f64) -> f64,
) {
    const RADIUS: f64 = 6.0;
    for _ in 0..n {
        let x = uniform(rng, -RADIUS, RADIUS);
        let y = uniform(rng, -RADIUS, RADIUS);
        let nx = uniform(rng, -RADIUS, RADIUS) * noise;
        let ny = uniform(rng, -RADIUS, RADIUS) * noise;
        out.push(x, y, target(x + nx, y + ny));
    }
}

fn plane(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    // d3.scale.linear().domain([-10, 10]).range([-1, 1]) of x + y (not clamped).
    regression(rng, n, noise, out, |x, y| (x + y) / 10.0);
}

/// Centres and signs of the multi-gaussian surface (the Playground's `gaussians` table).
const BUMPS: [(f64, f64, f64); 6] = [
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
];

/// The multi-gaussian target at a point: of the six signed bumps `±max(0, 1 - d/2)`, the one
/// largest in absolute value (the first one on ties).
pub fn multi_gaussian_target(x: f64, y: f64) -> f64 {
    let mut label: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let height = (1.0 - (x - cx).hypot(y - cy) / 2.0).clamp(0.0, 1.0);
        let candidate = sign * height;
        if candidate.abs() > label.abs() {
            label = candidate;
        }
    }
    label
}

fn multi_gauss(rng: &mut Pcg64Mcg, n: usize, noise: f64, out: &mut Points) {
    regression(rng, n, noise, out, multi_gaussian_target);
}
