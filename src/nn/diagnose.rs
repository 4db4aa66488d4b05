//! Divergence explained, not just reported (TF Playground #3, #5, #41, #77, #208: users confused by
//! NaN). Given the run's config and the snapshots up to the divergence, [`explain_divergence`]
//! names the most likely cause and proposes one concrete config change the page can apply with a
//! click (and the CLI can print as flags).
//!
//! The rules, in order (the first that fits wins):
//! 1. It blew up within the first steps and the user overrode the init with one too large for the
//!    activation → use the activation's own init.
//! 2. The learning rate is above what the optimizer tolerates → lr ÷ 10 (named "unbounded
//!    activation" when the hidden activation cannot saturate its output, since nothing then caps
//!    the growing activations).
//! 3. The gradient norm grew by orders of magnitude and nothing clips it → clip_norm = 1.
//! 4. Otherwise → lr ÷ 10, the fix that works for almost every divergence.

use serde::Serialize;

use super::config::TrainConfig;
use super::init::Init;
use super::optim::Optimizer;
use super::trainer::{Snapshot, Status};
use crate::activation::Activation;

/// Growth of the gradient norm (last / first) that counts as exploding gradients.
pub const GRADIENT_GROWTH: f32 = 100.0;
/// Within this many steps a divergence points at the starting point (init), not the dynamics.
pub const EARLY_STEPS: u64 = 3;

/// Why a run probably diverged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    LearningRateTooHigh,
    /// An activation unbounded above with a large learning rate: activations and loss can grow
    /// without limit.
    UnboundedActivationHighLr,
    /// An init whose scale is wrong for the activation (e.g. He for sigmoid/tanh, or a large
    /// init feeding exponential activations).
    InitScale,
    /// Gradients exploded and no clipping was set.
    NoClipping,
}

/// One config change that should make the run train.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// What changes, for a button label: "learning rate 3 → 0.3".
    pub label: String,
    /// The same in Simplified Chinese (the page's other language).
    pub label_zh: String,
    /// The whole config with the change applied (the one click).
    pub config: TrainConfig,
}

/// A cause in words with its fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    pub cause: Cause,
    /// One or two sentences for people.
    pub message: String,
    /// The same in Simplified Chinese.
    pub message_zh: String,
    pub fix: Fix,
}

/// Largest learning rate each optimizer usually survives on these small nets (an order of magnitude
/// above the common defaults: Adam 1e-3..1e-2, SGD 0.01..0.1).
pub fn typical_max_lr(optimizer: &Optimizer) -> f32 {
    match optimizer {
        Optimizer::Adam { .. } => 0.1,
        Optimizer::Momentum { .. } => 0.3,
        Optimizer::Sgd => 1.0,
    }
}

/// Explains a divergence; `None` when the last snapshot is not a divergence (or there is none).
pub fn explain_divergence(config: &TrainConfig, history: &[Snapshot]) -> Option<Diagnosis> {
    let last = history.last()?;
    let Status::Diverged { step } = last.status else {
        return None;
    };
    let run = Run::new(config, history, step);
    run.init_scale()
        .or_else(|| run.learning_rate_above_tolerance())
        .or_else(|| run.unclipped_gradient_growth())
        .or_else(|| Some(run.fallback()))
}

/// What every rule reads: the config, the run up to the divergence and the activations' names.
struct Run<'a> {
    config: &'a TrainConfig,
    history: &'a [Snapshot],
    step: u64,
    activations: Vec<Activation>,
    names: String,
    names_zh: String,
}

impl<'a> Run<'a> {
    fn new(config: &'a TrainConfig, history: &'a [Snapshot], step: u64) -> Self {
        let activations: Vec<_> = (0..config.dense_units().len())
            .filter_map(|l| config.activation(l).ok())
            .collect();
        let mut names = activations.iter().map(|a| a.name()).collect::<Vec<_>>();
        names.dedup();
        let (names, names_zh) = if names.is_empty() {
            ("the linear model".to_string(), "线性模型".to_string())
        } else {
            (names.join("/"), names.join("/"))
        };
        Run {
            config,
            history,
            step,
            activations,
            names,
            names_zh,
        }
    }

    fn lr_fix(&self) -> Fix {
        let config = self.config;
        let lr = config.lr / 10.0;
        Fix {
            label: format!("learning rate {} → {}", config.lr, lr),
            label_zh: format!("学习率 {} → {}", config.lr, lr),
            config: TrainConfig {
                lr,
                ..config.clone()
            },
        }
    }

    /// Rule 1: an early blow-up with an overridden init that does not suit the activation.
    fn init_scale(&self) -> Option<Diagnosis> {
        let (step, names, names_zh) = (self.step, &self.names, &self.names_zh);
        let init = self.config.init?;
        let mismatched = self
            .activations
            .iter()
            .any(|a| Init::default_for(a) != init);
        if step > EARLY_STEPS || !mismatched {
            return None;
        }
        let default = self
            .activations
            .first()
            .map(|a| Init::default_for(a).name())
            .unwrap_or("glorot_uniform");
        Some(Diagnosis {
            cause: Cause::InitScale,
            message: format!(
                "The run diverged at step {step}, before training could do anything: the {} init gives {names} weights of the wrong scale, so the first activations or gradients already overflow. Use the activation's own init ({default}).",
                init.name()
            ),
            message_zh: format!(
                "训练在第 {step} 步就发散了，还没来得及学习：{} 初始化给 {names_zh} 的权重尺度不对，最初的激活值或梯度已经溢出。请使用该激活函数自己的初始化（{default}）。",
                init.name()
            ),
            fix: Fix {
                label: format!("init {} → {default} (per activation)", init.name()),
                label_zh: format!("初始化 {} → {default}（按激活函数）", init.name()),
                config: TrainConfig {
                    init: None,
                    ..self.config.clone()
                },
            },
        })
    }

    /// Rule 2: a learning rate beyond what the optimizer tolerates.
    fn learning_rate_above_tolerance(&self) -> Option<Diagnosis> {
        let (config, step) = (self.config, self.step);
        let max_lr = typical_max_lr(&config.optimizer);
        if config.lr <= max_lr {
            return None;
        }
        let unbounded = self.activations.iter().any(|a| !a.info().bounded);
        let (cause, why, why_zh) = if unbounded {
            (
                Cause::UnboundedActivationHighLr,
                format!(
                    "{} is unbounded, so with a learning rate this large the activations and the loss grow without limit",
                    self.names
                ),
                format!("{} 没有上界，学习率这么大时激活值和损失会无限增长", self.names_zh),
            )
        } else {
            (
                Cause::LearningRateTooHigh,
                "each step overshoots the minimum by more than it gains".to_string(),
                "每一步都越过最小值，越走越远".to_string(),
            )
        };
        Some(Diagnosis {
            cause,
            message: format!(
                "The loss exploded at step {step}: a learning rate of {} is too high for {} (it usually needs ≤ {max_lr}); {why}. Divide the learning rate by 10.",
                config.lr,
                config.optimizer.name()
            ),
            message_zh: format!(
                "损失在第 {step} 步爆炸：对 {} 来说学习率 {} 太高（通常需要 ≤ {max_lr}）；{why_zh}。请把学习率除以 10。",
                config.optimizer.name(),
                config.lr
            ),
            fix: self.lr_fix(),
        })
    }

    /// Rule 3: exploding gradients without clipping.
    fn unclipped_gradient_growth(&self) -> Option<Diagnosis> {
        let step = self.step;
        if self.config.clip_norm.is_some() || self.config.clip_value.is_some() {
            return None;
        }
        let total = |s: &Snapshot| s.grad_norms.iter().map(|g| g * g).sum::<f32>().sqrt();
        let first = self.history.iter().map(total).find(|&g| g > 0.0)?;
        let peak = self.history.iter().map(total).fold(0.0f32, f32::max);
        if peak < GRADIENT_GROWTH * first {
            return None;
        }
        Some(Diagnosis {
            cause: Cause::NoClipping,
            message: format!(
                "The gradient norm grew {:.0}× (from {first:.3} to {peak:.3}) before the loss exploded at step {step}, and nothing clipped it. Clip the gradient's global norm to 1.",
                peak / first
            ),
            message_zh: format!(
                "在损失于第 {step} 步爆炸之前，梯度范数增长了 {:.0} 倍（从 {first:.3} 到 {peak:.3}），而没有任何裁剪。请把梯度的全局范数裁剪到 1。",
                peak / first
            ),
            fix: Fix {
                label: "clip norm → 1".into(),
                label_zh: "梯度范数裁剪 → 1".into(),
                config: TrainConfig {
                    clip_norm: Some(1.0),
                    ..self.config.clone()
                },
            },
        })
    }

    /// Rule 4: the fix that works for almost every divergence.
    fn fallback(&self) -> Diagnosis {
        let (step, lr) = (self.step, self.config.lr);
        Diagnosis {
            cause: Cause::LearningRateTooHigh,
            message: format!(
                "The loss exploded at step {step}. A learning rate of {lr} is too high for this network and data; divide it by 10."
            ),
            message_zh: format!(
                "损失在第 {step} 步爆炸。学习率 {lr} 对这个网络和数据来说太高；请把它除以 10。"
            ),
            fix: self.lr_fix(),
        }
    }
}
