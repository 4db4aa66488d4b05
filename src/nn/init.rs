//! Weight initialisation schemes and the usual default per activation. Draws are made in f64 from
//! one seeded stream, so the f32 trainer and the f64 gradient check start from the same weights,
//! and a comparison of activations shares one init stream.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

use crate::activation::Activation;
use crate::error::{Error, Result};

/// How a layer's weights are drawn (biases start at zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// U(±√(6/(fan_in+fan_out))), Keras' default.
    GlorotUniform,
    /// N(0, 2/(fan_in+fan_out)).
    GlorotNormal,
    /// U(±√(6/fan_in)) (Kaiming, for the ReLU family).
    HeUniform,
    /// N(0, 2/fan_in).
    HeNormal,
    /// N(0, 1/fan_in), what SELU's self-normalisation assumes.
    LecunNormal,
}

impl Init {
    pub const ALL: [Init; 5] = [
        Init::GlorotUniform,
        Init::GlorotNormal,
        Init::HeUniform,
        Init::HeNormal,
        Init::LecunNormal,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Init::GlorotUniform => "glorot_uniform",
            Init::GlorotNormal => "glorot_normal",
            Init::HeUniform => "he_uniform",
            Init::HeNormal => "he_normal",
            Init::LecunNormal => "lecun_normal",
        }
    }

    /// Parses a name (`he_normal`, also `kaiming_normal`, `xavier_uniform`).
    pub fn parse(name: &str) -> Result<Self> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        let n = n.replace("kaiming", "he").replace("xavier", "glorot");
        Self::ALL
            .into_iter()
            .find(|i| i.name() == n)
            .ok_or_else(|| {
                let name = crate::activation::truncate_for_message(name);
                let valid = Self::ALL.map(Init::name).join(", ");
                Error::text(
                    format!("unknown init `{name}`; valid: {valid}"),
                    format!("未知的初始化 `{name}`；可用：{valid}"),
                )
            })
    }

    /// The usual choice for a layer feeding `activation`: LeCun for SELU, He for the ReLU family,
    /// Glorot otherwise.
    pub fn default_for(activation: &Activation) -> Self {
        match activation {
            Activation::Selu => Init::LecunNormal,
            Activation::Relu
            | Activation::LeakyRelu { .. }
            | Activation::Prelu { .. }
            | Activation::Rrelu { .. }
            | Activation::Relu6 => Init::HeNormal,
            _ => Init::GlorotUniform,
        }
    }

    /// The standard deviation this scheme draws with (a uniform U(±l) has std l/√3), for drawing
    /// the intended spread next to a histogram of the actual weights.
    pub fn std(self, fan_in: usize, fan_out: usize) -> f64 {
        let (fi, fo) = (fan_in.max(1) as f64, fan_out.max(1) as f64);
        match self {
            Init::GlorotUniform | Init::GlorotNormal => (2.0 / (fi + fo)).sqrt(),
            Init::HeUniform | Init::HeNormal => (2.0 / fi).sqrt(),
            Init::LecunNormal => (1.0 / fi).sqrt(),
        }
    }

    /// Fills `weights` (fan_in × fan_out) from `rng`.
    pub fn fill<R: Rng>(self, weights: &mut [f64], fan_in: usize, fan_out: usize, rng: &mut R) {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        let uniform = |limit: f64, w: &mut [f64], rng: &mut R| {
            for v in w {
                *v = (rng.random::<f64>() * 2.0 - 1.0) * limit;
            }
        };
        let normal = |std: f64, w: &mut [f64], rng: &mut R| {
            for v in w {
                let z: f64 = StandardNormal.sample(rng);
                *v = z * std;
            }
        };
        match self {
            Init::GlorotUniform => uniform((6.0 / (fi + fo)).sqrt(), weights, rng),
            Init::GlorotNormal => normal((2.0 / (fi + fo)).sqrt(), weights, rng),
            Init::HeUniform => uniform((6.0 / fi).sqrt(), weights, rng),
            Init::HeNormal => normal((2.0 / fi).sqrt(), weights, rng),
            Init::LecunNormal => normal((1.0 / fi).sqrt(), weights, rng),
        }
    }
}
