//! Optimizers with torch's update rules, gradient clipping (Keras `clipvalue` / `clipnorm`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The update rule and its hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Optimizer {
    /// p ← p − lr·g
    Sgd,
    /// torch SGD with momentum: v ← μv + g; p ← p − lr·v (Nesterov: p ← p − lr·(g + μv)).
    Momentum { momentum: f32, nesterov: bool },
    /// torch Adam: bias-corrected first and second moments.
    Adam { beta1: f32, beta2: f32, eps: f32 },
}

impl Default for Optimizer {
    fn default() -> Self {
        Optimizer::adam()
    }
}

impl Optimizer {
    /// Adam with torch's defaults (β = 0.9, 0.999; ε = 1e-8).
    pub fn adam() -> Self {
        Optimizer::Adam {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Momentum {
                nesterov: false, ..
            } => "momentum",
            Optimizer::Momentum { nesterov: true, .. } => "nesterov",
            Optimizer::Adam { .. } => "adam",
        }
    }

    /// `sgd`, `momentum` (μ = 0.9), `nesterov` (μ = 0.9) or `adam`.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "sgd" => Ok(Optimizer::Sgd),
            "momentum" => Ok(Optimizer::Momentum {
                momentum: 0.9,
                nesterov: false,
            }),
            "nesterov" => Ok(Optimizer::Momentum {
                momentum: 0.9,
                nesterov: true,
            }),
            "adam" => Ok(Optimizer::adam()),
            _ => {
                let name = crate::activation::truncate_for_message(name);
                Err(Error::text(
                    format!("unknown optimizer `{name}`; valid: sgd, momentum, nesterov, adam"),
                    format!("未知的优化器 `{name}`；可用：sgd、momentum、nesterov、adam"),
                ))
            }
        }
    }

    pub fn validate(&self) -> Result<()> {
        let unit = |v: f32, what: &str| {
            if v.is_finite() && (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::text(
                    format!("{what} must lie in [0, 1), got {v}"),
                    format!("{what} 须在 [0, 1) 之内，现为 {v}"),
                ))
            }
        };
        match *self {
            Optimizer::Sgd => Ok(()),
            Optimizer::Momentum { momentum, .. } => unit(momentum, "momentum"),
            Optimizer::Adam { beta1, beta2, eps } => {
                unit(beta1, "Adam beta1")?;
                unit(beta2, "Adam beta2")?;
                if eps.is_finite() && eps > 0.0 {
                    Ok(())
                } else {
                    Err(Error::text(
                        format!("Adam eps must be a positive number, got {eps}"),
                        format!("Adam eps 须为正数，现为 {eps}"),
                    ))
                }
            }
        }
    }
}

/// Per-parameter optimizer memory, allocated once.
#[derive(Debug, Clone)]
pub struct OptimizerState {
    pub kind: Optimizer,
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl OptimizerState {
    pub fn new(kind: Optimizer, n: usize) -> Self {
        let (m, v) = match kind {
            Optimizer::Sgd => (vec![], vec![]),
            Optimizer::Momentum { .. } => (vec![0.0; n], vec![]),
            Optimizer::Adam { .. } => (vec![0.0; n], vec![0.0; n]),
        };
        OptimizerState { kind, m, v, t: 0 }
    }

    /// One update of `params` from `grads`.
    pub fn update(&mut self, params: &mut [f32], grads: &[f32], lr: f32) {
        self.t = self.t.saturating_add(1);
        match self.kind {
            Optimizer::Sgd => {
                for (p, &g) in params.iter_mut().zip(grads) {
                    *p -= lr * g;
                }
            }
            Optimizer::Momentum { momentum, nesterov } => {
                for ((p, &g), v) in params.iter_mut().zip(grads).zip(&mut self.m) {
                    *v = momentum * *v + g;
                    let step = if nesterov { g + momentum * *v } else { *v };
                    *p -= lr * step;
                }
            }
            Optimizer::Adam { beta1, beta2, eps } => {
                let bc1 = 1.0 - f64::from(beta1).powi(self.t);
                let bc2 = 1.0 - f64::from(beta2).powi(self.t);
                let step = (f64::from(lr) / bc1) as f32;
                let bc2_sqrt = bc2.sqrt() as f32;
                let it = params
                    .iter_mut()
                    .zip(grads)
                    .zip(&mut self.m)
                    .zip(&mut self.v);
                for (((p, &g), m), v) in it {
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    *p -= step * *m / (v.sqrt() / bc2_sqrt + eps);
                }
            }
        }
    }
}

/// Clamps every gradient element to [−c, c]; true when any element was changed.
pub fn clip_by_value(grads: &mut [f32], c: f32) -> bool {
    let mut clipped = false;
    for g in grads {
        if *g > c {
            *g = c;
            clipped = true;
        } else if *g < -c {
            *g = -c;
            clipped = true;
        }
    }
    clipped
}

/// Rescales the whole gradient to global L2 norm ≤ c; true when it was rescaled.
pub fn clip_by_norm(grads: &mut [f32], c: f32) -> bool {
    let norm = grads
        .iter()
        .map(|&g| f64::from(g) * f64::from(g))
        .sum::<f64>()
        .sqrt();
    if norm > f64::from(c) {
        let s = (f64::from(c) / norm) as f32;
        grads.iter_mut().for_each(|g| *g *= s);
        true
    } else {
        false
    }
}
