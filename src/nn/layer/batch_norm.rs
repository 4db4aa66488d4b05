//! Batch normalisation (Ioffe & Szegedy 2015) as torch defines it: per channel (a dense layer's
//! unit, a conv layer's filter), training normalises with the batch's mean and biased variance
//! and then scales and shifts by the learned γ and β; evaluation uses running estimates, updated
//! after every training step with momentum 0.1 from the batch mean and *unbiased* variance;
//! ε = 1e-5. The statistics are summed in f64 (torch accumulates float in double on the CPU).
//!
//! γ and β are parameters (the optimizer trains them, no weight penalty); the running mean and
//! variance are the network's `state`, which no gradient touches.

use std::fmt;
use std::ops::Range;

use super::spec::LayerSpec;
use crate::data::Shape;
use crate::error::Result;
use crate::nn::real::Real;

/// torch's default momentum of the running statistics.
pub const MOMENTUM: f64 = 0.1;
/// torch's default ε.
pub const EPS: f64 = 1e-5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchNorm {
    /// Input and output shape; statistics are per channel over the batch and every position.
    pub shape: Shape,
    pub gamma: Range<usize>,
    pub beta: Range<usize>,
    /// Running mean, then running variance, in the network's state.
    pub running: Range<usize>,
    /// Placed after the previous layer's activation (`bnpost`) rather than before it (`bn`).
    pub after_activation: bool,
}

/// `bn` or `bnpost`.
pub(super) fn parse_item(item: &str) -> Option<Result<LayerSpec>> {
    let after_activation = match item {
        "bn" => false,
        "bnpost" => true,
        _ => return None,
    };
    Some(Ok(LayerSpec::BatchNorm { after_activation }))
}

pub(super) fn write_item(f: &mut fmt::Formatter<'_>, after_activation: bool) -> fmt::Result {
    write!(f, "{}", if after_activation { "bnpost" } else { "bn" })
}

impl BatchNorm {
    /// Lays out γ, β from parameter `at` and the running statistics from state `state_at`.
    pub fn plan(
        shape: Shape,
        after_activation: bool,
        at: &mut usize,
        state_at: &mut usize,
    ) -> Self {
        let c = shape.channels;
        let gamma = *at..*at + c;
        let beta = gamma.end..gamma.end + c;
        *at = beta.end;
        let running = *state_at..*state_at + 2 * c;
        *state_at = running.end;
        BatchNorm {
            shape,
            gamma,
            beta,
            running,
            after_activation,
        }
    }

    fn channels(&self) -> usize {
        self.shape.channels
    }

    /// γ = 1, β = 0, running mean 0 and variance 1 (torch's reset).
    pub fn init_params<T: Real>(&self, params: &mut [T], state: &mut [T]) {
        params[self.gamma.clone()].fill(T::ONE);
        params[self.beta.clone()].fill(T::ZERO);
        let c = self.channels();
        state[self.running.start..self.running.start + c].fill(T::ZERO);
        state[self.running.start + c..self.running.end].fill(T::ONE);
    }

    /// Values kept per batch for the backward pass: x̂ for every value, then per channel the
    /// batch mean, the biased batch variance and 1/√(var + ε).
    pub fn saved_len(&self, rows: usize) -> usize {
        rows * self.shape.len() + 3 * self.channels()
    }

    /// Normalises `x` (`rows` samples) into `y`; training uses the batch's statistics (recorded in
    /// `saved` for [`Self::commit`]), evaluation the running ones.
    #[allow(clippy::too_many_arguments)] // the layer's slices of every buffer it reads or writes
    pub fn forward<T: Real>(
        &self,
        params: &[T],
        state: &[T],
        x: &[T],
        rows: usize,
        y: &mut [T],
        saved: &mut [T],
        train: bool,
    ) {
        let (c, n) = (self.channels(), rows * self.shape.len());
        let (xhat, stats) = saved.split_at_mut(n);
        let (means, rest) = stats.split_at_mut(c);
        let (vars, invstd) = rest.split_at_mut(c);
        if train {
            let count = (n / c).max(1) as f64;
            let mut sum = vec![0.0f64; c];
            for pos in x[..n].chunks_exact(c) {
                for (s, &v) in sum.iter_mut().zip(pos) {
                    *s += v.to_f64();
                }
            }
            let mean: Vec<f64> = sum.iter().map(|s| s / count).collect();
            let mut sq = vec![0.0f64; c];
            for pos in x[..n].chunks_exact(c) {
                for ((s, &v), m) in sq.iter_mut().zip(pos).zip(&mean) {
                    *s += (v.to_f64() - m).powi(2);
                }
            }
            for ch in 0..c {
                let var = sq[ch] / count;
                means[ch] = T::from_f64(mean[ch]);
                vars[ch] = T::from_f64(var);
                invstd[ch] = T::from_f64(1.0 / (var + EPS).sqrt());
            }
        } else {
            let running = &state[self.running.clone()];
            for ch in 0..c {
                means[ch] = running[ch];
                vars[ch] = running[c + ch];
                invstd[ch] = T::from_f64(1.0 / (running[c + ch].to_f64() + EPS).sqrt());
            }
        }
        let (gamma, beta) = (&params[self.gamma.clone()], &params[self.beta.clone()]);
        for ((pos, out), xh) in x[..n]
            .chunks_exact(c)
            .zip(y[..n].chunks_exact_mut(c))
            .zip(xhat.chunks_exact_mut(c))
        {
            for ch in 0..c {
                xh[ch] = (pos[ch] - means[ch]) * invstd[ch];
                out[ch] = gamma[ch] * xh[ch] + beta[ch];
            }
        }
    }

    /// Moves the running statistics towards the last training batch's (`rows` samples).
    pub fn commit<T: Real>(&self, saved: &[T], rows: usize, state: &mut [T]) {
        let (c, n) = (self.channels(), rows * self.shape.len());
        let count = (n / c).max(1) as f64;
        let unbiased = if count > 1.0 {
            count / (count - 1.0)
        } else {
            1.0
        };
        let (means, vars) = (&saved[n..n + c], &saved[n + c..n + 2 * c]);
        let running = &mut state[self.running.clone()];
        for ch in 0..c {
            let (m, v) = (means[ch].to_f64(), vars[ch].to_f64() * unbiased);
            let rm = running[ch].to_f64();
            let rv = running[c + ch].to_f64();
            running[ch] = T::from_f64((1.0 - MOMENTUM) * rm + MOMENTUM * m);
            running[c + ch] = T::from_f64((1.0 - MOMENTUM) * rv + MOMENTUM * v);
        }
    }

    /// From `dy`: adds ∂L/∂γ and ∂L/∂β into `grads` and writes ∂L/∂x. In training the batch
    /// statistics depend on x too; in evaluation they are constants.
    #[allow(clippy::too_many_arguments)]
    pub fn backward<T: Real>(
        &self,
        params: &[T],
        rows: usize,
        saved: &[T],
        dy: &[T],
        dx: &mut [T],
        grads: &mut [T],
        train: bool,
    ) {
        let (c, n) = (self.channels(), rows * self.shape.len());
        let xhat = &saved[..n];
        let invstd = &saved[n + 2 * c..n + 3 * c];
        let mut dbeta = vec![T::ZERO; c];
        let mut dgamma = vec![T::ZERO; c];
        for (g, xh) in dy[..n].chunks_exact(c).zip(xhat.chunks_exact(c)) {
            for ch in 0..c {
                dbeta[ch] += g[ch];
                dgamma[ch] += g[ch] * xh[ch];
            }
        }
        let gamma = &params[self.gamma.clone()];
        let count = T::from_f64((n / c).max(1) as f64);
        for ((g, xh), d) in dy[..n]
            .chunks_exact(c)
            .zip(xhat.chunks_exact(c))
            .zip(dx[..n].chunks_exact_mut(c))
        {
            for ch in 0..c {
                let k = gamma[ch] * invstd[ch];
                d[ch] = if train {
                    k * (g[ch] - (dbeta[ch] + xh[ch] * dgamma[ch]) / count)
                } else {
                    k * g[ch]
                };
            }
        }
        for (acc, v) in grads[self.gamma.clone()].iter_mut().zip(&dgamma) {
            *acc += *v;
        }
        for (acc, v) in grads[self.beta.clone()].iter_mut().zip(&dbeta) {
            *acc += *v;
        }
    }
}

impl BatchNorm {
    /// Its row of an exported PyTorch script's `FRONT` list (BatchNorm2d over the channels; after
    /// a dense layer it is part of that layer's `HIDDEN` row instead).
    pub fn pytorch_row(&self) -> String {
        format!("    batchnorm({}),", self.shape.channels)
    }
}
