//! Output heads: the output nonlinearity fused with its loss, so the gradient with respect to the
//! logits is the simple, stable `prediction − target` and no log of a rounded probability is taken.

use serde::{Deserialize, Serialize};

use super::real::Real;
use crate::data::Task;
use crate::error::{Error, Result};

/// Which loss the network minimises. `Auto` picks BCE for two classes, softmax cross-entropy for
/// more, MSE for regression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    #[default]
    Auto,
    /// Softmax + cross-entropy over `classes` outputs.
    SoftmaxCrossEntropy,
    /// Sigmoid + binary cross-entropy on one output (two classes only).
    SigmoidBce,
    /// Linear output, mean squared error (one-hot targets for classification, as TF Playground).
    Mse,
    /// The MNIST article's code as written: softmax outputs scored by binary cross-entropy against
    /// the one-hot targets, averaged over the outputs (Keras's `loss='binary_crossentropy'` on a
    /// softmax layer), with its own exact gradient.
    SoftmaxBce,
}

impl Loss {
    pub const ALL: [Loss; 5] = [
        Loss::Auto,
        Loss::SoftmaxCrossEntropy,
        Loss::SigmoidBce,
        Loss::Mse,
        Loss::SoftmaxBce,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Loss::Auto => "auto",
            Loss::SoftmaxCrossEntropy => "softmax_cross_entropy",
            Loss::SigmoidBce => "sigmoid_bce",
            Loss::Mse => "mse",
            Loss::SoftmaxBce => "softmax_bce",
        }
    }

    pub fn parse(name: &str) -> Result<Self> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        let n = match n.as_str() {
            "softmax" | "cross_entropy" | "ce" => "softmax_cross_entropy",
            "bce" | "sigmoid" => "sigmoid_bce",
            "as_written" | "binary_crossentropy" => "softmax_bce",
            other => other,
        };
        Self::ALL
            .into_iter()
            .find(|l| l.name() == n)
            .ok_or_else(|| {
                let name = crate::activation::truncate_for_message(name);
                let valid = Self::ALL.map(Loss::name).join(", ");
                Error::text(
                    format!("unknown loss `{name}`; valid: {valid}"),
                    format!("未知的损失函数 `{name}`；可用：{valid}"),
                )
            })
    }

    /// The concrete head for `task`, or an error when the pair makes no sense.
    pub fn head_for(self, task: Task) -> Result<Head> {
        match (self, task) {
            (Loss::Auto, Task::Classification { classes: 2 }) => Ok(Head::SigmoidBce),
            (Loss::Auto, Task::Classification { .. }) => Ok(Head::Softmax),
            (Loss::Auto | Loss::Mse, Task::Regression) => Ok(Head::Mse),
            (Loss::SoftmaxCrossEntropy, Task::Classification { .. }) => Ok(Head::Softmax),
            (Loss::SoftmaxBce, Task::Classification { .. }) => Ok(Head::SoftmaxBce),
            (Loss::SigmoidBce, Task::Classification { classes: 2 }) => Ok(Head::SigmoidBce),
            (Loss::SigmoidBce, Task::Classification { classes }) => Err(Error::text(
                format!(
                    "sigmoid_bce needs exactly 2 classes; this data set has {classes}; use softmax_cross_entropy"
                ),
                format!(
                    "sigmoid_bce 需要恰好 2 个类别；这个数据集有 {classes} 个；请用 softmax_cross_entropy"
                ),
            )),
            // Two classes: squared error on the sigmoid probability, as TF Playground scores its
            // tanh output, so the choice shows why BCE learns faster when confidently wrong.
            (Loss::Mse, Task::Classification { classes: 2 }) => Ok(Head::SigmoidMse),
            (Loss::Mse, Task::Classification { .. }) => Ok(Head::Mse),
            (_, Task::Regression) => Err(Error::text(
                format!(
                    "loss `{}` is for classification; regression data needs mse",
                    self.name()
                ),
                format!("损失函数 `{}` 用于分类；回归数据需要 mse", self.name()),
            )),
        }
    }
}

/// A concrete output head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Head {
    Softmax,
    SigmoidBce,
    /// One output unit, p = σ(z), loss (p − y)²: its gradient 2(p − y)·σ′(z) vanishes when the
    /// network is confidently wrong, where BCE's p − y is largest.
    SigmoidMse,
    Mse,
    /// Softmax outputs, binary cross-entropy per output against the one-hot target, averaged over
    /// the outputs ([`Loss::SoftmaxBce`]).
    SoftmaxBce,
}

/// The targets of a batch: class labels or real values.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a> {
    Labels(&'a [u32]),
    Values(&'a [f32]),
}

impl Targets<'_> {
    pub fn len(&self) -> usize {
        match self {
            Targets::Labels(l) => l.len(),
            Targets::Values(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Sum of losses and number of correct predictions over a batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchLoss<T> {
    pub loss_sum: T,
    pub correct: usize,
    /// [`Head::SoftmaxBce`] only: outputs (of rows × classes) on the right side of 0.5, what
    /// Keras 2 reported as `accuracy` for this loss (`binary_accuracy`).
    pub binary_correct: usize,
}

impl Head {
    /// Output units this head needs for `task`.
    pub fn outputs(self, task: Task) -> usize {
        match (self, task) {
            (Head::SigmoidBce | Head::SigmoidMse, _) | (_, Task::Regression) => 1,
            (_, Task::Classification { classes }) => classes,
        }
    }

    /// The prediction for one row of logits `z` into `p` (probabilities, or the values themselves
    /// for MSE): the transform `evaluate` applies, without targets.
    pub fn predict<T: Real>(self, z: &[T], p: &mut [T]) {
        match self {
            Head::Softmax | Head::SoftmaxBce => {
                softmax(z, p);
            }
            Head::SigmoidBce | Head::SigmoidMse => p[0] = sigmoid(z[0]),
            Head::Mse => p.copy_from_slice(z),
        }
    }

    /// Turns `logits` (`rows × outputs`) into predictions in `pred` (probabilities, or values for
    /// MSE), returns the summed loss and correct count, and when `dlogits` is given writes
    /// `∂(scale · Σ loss)/∂logits` there.
    pub fn evaluate<T: Real>(
        self,
        logits: &[T],
        outputs: usize,
        targets: Targets,
        pred: &mut [T],
        mut dlogits: Option<&mut [T]>,
        scale: T,
    ) -> BatchLoss<T> {
        let mut total = BatchLoss {
            loss_sum: T::ZERO,
            correct: 0,
            binary_correct: 0,
        };
        let rows = logits.len() / outputs;
        for r in 0..rows {
            let span = r * outputs..(r + 1) * outputs;
            let z = &logits[span.clone()];
            let p = &mut pred[span.clone()];
            let d = dlogits.as_deref_mut().map(|d| &mut d[span]);
            let (loss, correct) = self.row_loss(z, targets, r, p);
            if self == Head::SoftmaxBce {
                total.binary_correct += binary_hits(p, label(targets, r));
            }
            total.loss_sum += loss;
            total.correct += usize::from(correct);
            if let Some(d) = d {
                self.row_gradient(z, p, targets, r, d, scale);
            }
        }
        total
    }

    /// Row `r`'s predictions into `p`, its loss and whether it is right.
    fn row_loss<T: Real>(self, z: &[T], targets: Targets, r: usize, p: &mut [T]) -> (T, bool) {
        match self {
            Head::SoftmaxBce => {
                let y = label(targets, r);
                let logs = SoftmaxLogs::new(z);
                for (pi, &l) in p.iter_mut().zip(&logs.lp) {
                    *pi = T::from_f64(l.exp());
                }
                (T::from_f64(logs.bce(y)), argmax(p) == y)
            }
            Head::Softmax => {
                let y = label(targets, r);
                let (m, s) = softmax(z, p);
                // −log p_y = log Σ e^{z−m} − (z_y − m): stable log-sum-exp.
                let loss = s.ln() - (z[y] - m);
                (loss, argmax(p) == y)
            }
            Head::SigmoidBce => {
                let y = label(targets, r);
                let x = z[0];
                p[0] = sigmoid(x);
                let e = (-x.abs()).exp();
                // BCE from the logit: max(x,0) − x·y + log(1 + e^{−|x|}).
                let relu = if x > T::ZERO { x } else { T::ZERO };
                let xy = if y == 1 { x } else { T::ZERO };
                let loss = relu - xy + e.ln_1p();
                (loss, usize::from(p[0] >= T::from_f64(0.5)) == y)
            }
            Head::SigmoidMse => {
                let y = label(targets, r);
                p[0] = sigmoid(z[0]);
                let d = p[0] - T::from_f64(y as f64);
                (d * d, usize::from(p[0] >= T::from_f64(0.5)) == y)
            }
            Head::Mse => {
                p.copy_from_slice(z);
                let outputs = z.len();
                let mut loss = T::ZERO;
                for (j, &zj) in z.iter().enumerate() {
                    let d = zj - mse_target::<T>(targets, r, j);
                    loss += d * d;
                }
                let correct = match targets {
                    Targets::Labels(l) if outputs == 1 => {
                        usize::from(z[0] >= T::from_f64(0.5)) == l[r] as usize
                    }
                    Targets::Labels(l) => argmax(z) == l[r] as usize,
                    Targets::Values(_) => false,
                };
                (loss / T::from_f64(outputs as f64), correct)
            }
        }
    }

    /// `∂(scale · loss_r)/∂z` of row `r` into `d`, from its predictions `p`.
    fn row_gradient<T: Real>(
        self,
        z: &[T],
        p: &[T],
        targets: Targets,
        r: usize,
        d: &mut [T],
        scale: T,
    ) {
        match self {
            Head::SoftmaxBce => SoftmaxLogs::new(z).bce_gradient(label(targets, r), d, scale),
            Head::Softmax => {
                let y = label(targets, r);
                for (j, (dj, &pj)) in d.iter_mut().zip(p.iter()).enumerate() {
                    let t = if j == y { T::ONE } else { T::ZERO };
                    *dj = (pj - t) * scale;
                }
            }
            Head::SigmoidBce => {
                let y = T::from_f64(label(targets, r) as f64);
                d[0] = (p[0] - y) * scale;
            }
            Head::SigmoidMse => {
                let y = T::from_f64(label(targets, r) as f64);
                let (p, two) = (p[0], T::from_f64(2.0));
                d[0] = two * (p - y) * p * (T::ONE - p) * scale;
            }
            Head::Mse => {
                let k = T::from_f64(2.0 / z.len() as f64) * scale;
                for (j, (dj, &zj)) in d.iter_mut().zip(z).enumerate() {
                    *dj = (zj - mse_target::<T>(targets, r, j)) * k;
                }
            }
        }
    }
}

/// Softmax of `z` into `p`, shifted by the largest logit so no exponent overflows; returns that
/// shift `m` and the sum `s = Σ e^{z−m}` (the loss's log-sum-exp is `ln s + m`).
fn softmax<T: Real>(z: &[T], p: &mut [T]) -> (T, T) {
    let m = z
        .iter()
        .copied()
        .fold(z[0], |a, b| if b > a { b } else { a });
    let mut s = T::ZERO;
    for (pi, &zi) in p.iter_mut().zip(z) {
        *pi = (zi - m).exp();
        s += *pi;
    }
    for pi in p.iter_mut() {
        *pi = *pi / s;
    }
    (m, s)
}

/// Softmax's log-probabilities and their complements' logs, in f64, for the binary
/// cross-entropy over the softmax's outputs ([`Head::SoftmaxBce`], the MNIST article's
/// `loss='binary_crossentropy'`): from logs neither its loss nor its gradient overflows however
/// confident the network is.
struct SoftmaxLogs {
    /// ln p_k.
    lp: Vec<f64>,
    /// ln(1 − p_k): below the top output ln(s − e_k) − ln s with s − e_k ≥ 1 (the top term); for
    /// the top one, the other outputs' log-sum-exp about their own max.
    lq: Vec<f64>,
    /// The most probable output.
    top: usize,
}

impl SoftmaxLogs {
    fn new<T: Real>(z: &[T]) -> Self {
        let k = z.len();
        let zf: Vec<f64> = z.iter().map(|v| v.to_f64()).collect();
        let top = argmax(&zf);
        let m = zf[top];
        let e: Vec<f64> = zf.iter().map(|&v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        let ln_s = s.ln();
        let lp = zf.iter().map(|&v| v - m - ln_s).collect();
        let m2 = (0..k)
            .filter(|&j| j != top)
            .map(|j| zf[j])
            .fold(f64::NEG_INFINITY, f64::max);
        let s2: f64 = (0..k)
            .filter(|&j| j != top)
            .map(|j| (zf[j] - m2).exp())
            .sum();
        let lq = (0..k)
            .map(|j| {
                if j == top {
                    m2 - m + s2.ln() - ln_s
                } else {
                    (s - e[j]).ln() - ln_s
                }
            })
            .collect();
        SoftmaxLogs { lp, lq, top }
    }

    /// L = −(1/K)·[ln p_y + Σ_{k≠y} ln(1 − p_k)] against the one-hot label `y`.
    fn bce(&self, y: usize) -> f64 {
        let k = self.lp.len();
        -(self.lp[y] + (0..k).filter(|&j| j != y).map(|j| self.lq[j]).sum::<f64>()) / k as f64
    }

    /// `scale · ∂L/∂z` into `d`: ∂L/∂z_j = (1/K)·[c_j − p_j·Σ_{k∉{y,j}} p_k/(1 − p_k)], with
    /// c_y = −(1 − p_y) and c_j = 2p_j otherwise, taking the one odds ratio that can be huge (the
    /// top output's) in the log domain, where p_j times it is at most 1.
    fn bce_gradient<T: Real>(&self, y: usize, d: &mut [T], scale: T) {
        let (lp, lq, top) = (&self.lp, &self.lq, self.top);
        let k = lp.len();
        // Odds p_k/(1 − p_k) of every output but y and the top one: each ≤ 1 (p_k ≤ ½ below the
        // top), summed plainly.
        let odds = |j: usize| (lp[j] - lq[j]).exp();
        let others: f64 = (0..k).filter(|&j| j != y && j != top).map(odds).sum();
        let sc = scale.to_f64() / k as f64;
        for (j, dj) in d.iter_mut().enumerate() {
            let pj = lp[j].exp();
            let c = if j == y { -lq[j].exp() } else { 2.0 * pj };
            let mut g = others;
            if j != y && j != top {
                g -= odds(j);
            }
            let mut sum = pj * g;
            if top != y && top != j {
                sum += (lp[j] + lp[top] - lq[top]).exp();
            }
            *dj = T::from_f64((c - sum) * sc);
        }
    }
}

/// Outputs whose side of 0.5 matches the one-hot label `y` (Keras's `binary_accuracy`, which
/// rounds p, so exactly 0.5 counts as 0).
fn binary_hits<T: Real>(p: &[T], y: usize) -> usize {
    let half = T::from_f64(0.5);
    p.iter()
        .enumerate()
        .filter(|&(j, &pj)| (pj > half) == (j == y))
        .count()
}

/// σ(x) without overflow for either sign.
fn sigmoid<T: Real>(x: T) -> T {
    let e = (-x.abs()).exp();
    if x >= T::ZERO {
        T::ONE / (T::ONE + e)
    } else {
        e / (T::ONE + e)
    }
}

fn label(targets: Targets, r: usize) -> usize {
    match targets {
        Targets::Labels(l) => l[r] as usize,
        Targets::Values(_) => unreachable!("classification head given real targets"),
    }
}

fn mse_target<T: Real>(targets: Targets, r: usize, j: usize) -> T {
    match targets {
        Targets::Values(v) => T::from_f64(f64::from(v[r])),
        Targets::Labels(l) => {
            if l[r] as usize == j {
                T::ONE
            } else {
                T::ZERO
            }
        }
    }
}

/// Index of the largest value (first on ties).
pub fn argmax<T: Real>(v: &[T]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}
