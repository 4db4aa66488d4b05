//! The "function boundary" 2-D set: points uniform in TF Playground's square `[-6, 6]²`, class 1
//! above the curve `y = f(x)` and class 0 on or below it — classification as curve fitting.
//! `f` is any [`Formula`] or one of the [`Preset`]s.
//!
//! Noise (seeded, like everything else):
//! - [`Noise::Jitter`]`(s)`, `s` on the Playground's 0..=50 slider: the label is taken at a
//!   vertically shifted point `y + u·6·s/100`, `u` uniform in [−1, 1), while the point stays where
//!   it is — so only points within `6·s/100` of the curve can get the other label, as the
//!   Playground's circle and XOR sets do it.
//! - [`Noise::Flip`]`(p)`: each label flipped independently with probability `p` in [0, 0.5] —
//!   noise that ignores the curve.
//!
//! Where `f(x)` is NaN (outside the formula's domain, e.g. `ln(x)` for x < 0) the x is drawn again,
//! so all points lie where the curve exists; `+∞` puts every point of that x in class 0, `−∞` in
//! class 1 (the comparison's plain meaning).

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::toy::{MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES};
use super::{Dataset, Task};
use crate::error::{Error, Result};
use crate::formula::Formula;

/// Half the side of the square the points fill (the Playground's extent).
pub const HALF_WIDTH: f64 = 6.0;
/// Draws allowed per point before giving up on a formula that is NaN almost everywhere.
const DRAWS_PER_POINT: usize = 100;

/// The built-in curves, scaled to cross the square.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// `3 * sin(x)`: a wave, two and a bit periods across the square.
    Sine,
    /// `(x^3 - 16*x) / 20`: an S with a hump and a dip, ±6 at the edges.
    Cubic,
    /// `abs(x) - 3`: a V whose kink the network has to place.
    Abs,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Sine, Preset::Cubic, Preset::Abs];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Sine => "sine",
            Preset::Cubic => "cubic",
            Preset::Abs => "abs",
        }
    }

    /// Looks a preset up by name (case-insensitive; `sin`, `|x|` accepted).
    pub fn from_name(name: &str) -> Result<Preset> {
        match name.trim().to_ascii_lowercase().as_str() {
            "sine" | "sin" => Ok(Preset::Sine),
            "cubic" => Ok(Preset::Cubic),
            "abs" | "|x|" => Ok(Preset::Abs),
            _ => Err(Error::UnknownDataset {
                name: name.to_string(),
                valid: Preset::ALL.map(Preset::name).join(", "),
            }),
        }
    }

    /// The curve as formula text (what the page can show and let the user edit).
    pub fn formula_text(self) -> &'static str {
        match self {
            Preset::Sine => "3 * sin(x)",
            Preset::Cubic => "(x^3 - 16 * x) / 20",
            Preset::Abs => "abs(x) - 3",
        }
    }

    pub fn formula(self) -> Formula {
        Formula::parse(self.formula_text()).expect("preset formulas parse")
    }
}

/// How labels are disturbed (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Noise {
    None,
    /// Playground slider scale, 0..=50.
    Jitter(f64),
    /// Flip probability, 0..=0.5.
    Flip(f64),
}

/// `n` points labelled by `y > f(x)` with `noise`, from `seed`.
pub fn generate(f: &Formula, n: usize, noise: Noise, seed: u64) -> Result<Dataset> {
    validate(n, noise)?;
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut inputs = Vec::with_capacity(2 * n);
    let mut labels = Vec::with_capacity(n);
    let mut draws_left = DRAWS_PER_POINT * n;
    while labels.len() < n {
        if draws_left == 0 {
            return Err(Error::text(
                format!(
                    "the boundary `{}` is undefined (NaN) on almost all of [-{HALF_WIDTH}, \
                     {HALF_WIDTH}]; pick a curve that exists across the square",
                    f.source()
                ),
                format!(
                    "边界 `{}` 在 [-{HALF_WIDTH}, {HALF_WIDTH}] 的几乎所有地方都无定义（NaN）；请选一条贯穿整个正方形的曲线",
                    f.source()
                ),
            ));
        }
        draws_left -= 1;
        let x = uniform(&mut rng);
        let y = uniform(&mut rng);
        let curve = f.value(x);
        if curve.is_nan() {
            continue;
        }
        let label = match noise {
            Noise::None => y > curve,
            Noise::Jitter(s) => y + uniform(&mut rng) * s / 100.0 > curve,
            Noise::Flip(p) => (y > curve) != (rng.random::<f64>() < p),
        };
        inputs.push(x as f32);
        inputs.push(y as f32);
        labels.push(u32::from(label));
    }
    Ok(Dataset {
        features: 2,
        shape: None,
        task: Task::Classification { classes: 2 },
        inputs,
        labels,
        targets: Vec::new(),
    })
}

/// A preset curve by name: `generate_preset("sine", 500, Noise::Jitter(10.0), 7)`.
pub fn generate_preset(name: &str, n: usize, noise: Noise, seed: u64) -> Result<Dataset> {
    generate(&Preset::from_name(name)?.formula(), n, noise, seed)
}

/// Uniform on `[-HALF_WIDTH, HALF_WIDTH)`.
fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.random::<f64>() * 2.0 - 1.0) * HALF_WIDTH
}

fn validate(n: usize, noise: Noise) -> Result<()> {
    if !(MIN_SAMPLES..=MAX_SAMPLES).contains(&n) {
        return Err(Error::Invalid(format!(
            "number of points must be between {MIN_SAMPLES} and {MAX_SAMPLES}, got {n}"
        )));
    }
    match noise {
        Noise::Jitter(s) if !(s.is_finite() && (0.0..=MAX_NOISE).contains(&s)) => {
            Err(Error::Invalid(format!(
                "jitter must be a number from 0 to {MAX_NOISE} (the Playground's noise slider), \
                 got {s}"
            )))
        }
        Noise::Flip(p) if !(p.is_finite() && (0.0..=0.5).contains(&p)) => Err(Error::Invalid(
            format!("label-flip probability must be from 0 to 0.5, got {p}"),
        )),
        _ => Ok(()),
    }
}
