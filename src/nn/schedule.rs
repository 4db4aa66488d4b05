//! Learning-rate schedules (TF Playground #158): a decay rule (constant, step decay, cosine) with an
//! optional linear warm-up in front. [`Schedule`] is the serialisable description in a
//! `TrainConfig`; [`LrPlan`] resolves it against a run's length so the trainer (and the chart under
//! the loss curve) can ask for the rate at any step.

use serde::{Deserialize, Serialize};

use super::limits::MAX_EPOCHS;
use crate::error::{Error, Result};

/// Longest warm-up accepted (far beyond any run the page or CLI can do in reasonable time).
pub const MAX_WARMUP_STEPS: u64 = 10_000_000;

/// How the rate decays after warm-up. `Constant` keeps the base rate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Decay {
    #[default]
    Constant,
    /// Multiply the rate by `gamma` every `every_epochs` completed epochs (torch `StepLR`).
    Step { every_epochs: usize, gamma: f32 },
    /// Half a cosine from the base rate down to `floor × base` over the steps after warm-up
    /// (SGDR without restarts); `floor` is a fraction in [0, 1].
    Cosine { floor: f32 },
}

/// A decay rule plus an optional linear warm-up; the default is a constant rate. During warm-up the
/// rate ramps up to the base; after it, step decay counts completed epochs from the start of the
/// run, while the cosine spans the steps after warm-up (so it starts at the base rate).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Schedule {
    pub decay: Decay,
    /// Steps over which the rate rises linearly from `base / warmup_steps` to `base` (0: none).
    pub warmup_steps: u64,
}

impl Schedule {
    /// A schedule name as typed on the CLI or picked on the page: `constant`, `step` or `cosine`,
    /// with the usual parameters (`step`: every epoch, γ = 0.5; `cosine`: floor 0).
    pub fn decay_from_name(name: &str) -> Result<Decay> {
        match name.trim().to_ascii_lowercase().as_str() {
            "constant" | "none" => Ok(Decay::Constant),
            "step" | "step_decay" => Ok(Decay::Step {
                every_epochs: 1,
                gamma: 0.5,
            }),
            "cosine" | "cos" => Ok(Decay::Cosine { floor: 0.0 }),
            other => {
                let other = crate::activation::truncate_for_message(other);
                Err(Error::text(
                    format!("unknown schedule `{other}`; valid: constant, step, cosine"),
                    format!("未知的学习率计划 `{other}`；可用：constant、step、cosine"),
                ))
            }
        }
    }

    /// The decay's name (`constant`, `step`, `cosine`).
    pub fn name(&self) -> &'static str {
        match self.decay {
            Decay::Constant => "constant",
            Decay::Step { .. } => "step",
            Decay::Cosine { .. } => "cosine",
        }
    }

    /// Checks the parameters; the message says what to change.
    pub fn validate(&self) -> Result<()> {
        let bad = |en: String, zh: String| Err(Error::text(en, zh));
        if self.warmup_steps > MAX_WARMUP_STEPS {
            let got = self.warmup_steps;
            return bad(
                format!("warm-up must be at most {MAX_WARMUP_STEPS} steps, got {got}"),
                format!("预热最多 {MAX_WARMUP_STEPS} 步，现为 {got}"),
            );
        }
        match self.decay {
            Decay::Constant => Ok(()),
            Decay::Step {
                every_epochs,
                gamma,
            } => {
                if every_epochs == 0 || every_epochs > MAX_EPOCHS {
                    return bad(
                        format!(
                            "step decay: decay every 1 to {MAX_EPOCHS} epochs, got {every_epochs}"
                        ),
                        format!("阶梯衰减：每 1 到 {MAX_EPOCHS} 轮衰减一次，现为 {every_epochs}"),
                    );
                }
                if !(gamma.is_finite() && gamma > 0.0 && gamma <= 1.0) {
                    return bad(
                        format!(
                            "step decay: gamma (the factor per decay) must lie in (0, 1], got {gamma}"
                        ),
                        format!("阶梯衰减：gamma（每次衰减的倍数）须在 (0, 1] 之内，现为 {gamma}"),
                    );
                }
                Ok(())
            }
            Decay::Cosine { floor } => {
                if !(floor.is_finite() && (0.0..=1.0).contains(&floor)) {
                    return bad(
                        format!(
                            "cosine: the floor is a fraction of the base rate in [0, 1], got {floor}"
                        ),
                        format!("余弦：下限是基础学习率的比例，须在 [0, 1] 之内，现为 {floor}"),
                    );
                }
                Ok(())
            }
        }
    }
}

/// A schedule resolved for one run: base rate, steps per epoch and total steps known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrPlan {
    pub schedule: Schedule,
    pub base_lr: f32,
    pub steps_per_epoch: u64,
    pub total_steps: u64,
}

impl LrPlan {
    /// Resolves `schedule` for a run of `epochs × steps_per_epoch` steps. A warm-up as long as the
    /// whole run is rejected (the rate would never reach the base).
    pub fn new(
        schedule: Schedule,
        base_lr: f32,
        steps_per_epoch: usize,
        epochs: usize,
    ) -> Result<Self> {
        schedule.validate()?;
        let steps_per_epoch = steps_per_epoch.max(1) as u64;
        let total_steps = steps_per_epoch * epochs.max(1) as u64;
        if schedule.warmup_steps >= total_steps {
            let warm = schedule.warmup_steps;
            return Err(Error::text(
                format!(
                    "a warm-up of {warm} steps covers the whole run ({total_steps} steps = {epochs} epochs × {steps_per_epoch}); use fewer warm-up steps or more epochs"
                ),
                format!(
                    "{warm} 步预热覆盖了整个训练（{total_steps} 步 = {epochs} 轮 × {steps_per_epoch}）：请减少预热步数或增加轮数"
                ),
            ));
        }
        Ok(LrPlan {
            schedule,
            base_lr,
            steps_per_epoch,
            total_steps,
        })
    }

    /// The rate used by update number `step` (0-based). Steps past the run keep the last rate.
    pub fn lr_at(&self, step: u64) -> f32 {
        let base = f64::from(self.base_lr);
        let warm = self.schedule.warmup_steps;
        if step < warm {
            // Starts at base / warm (never 0, which would waste the first step).
            return (base * (step + 1) as f64 / warm as f64) as f32;
        }
        let step = step.min(self.total_steps - 1);
        let rate = match self.schedule.decay {
            Decay::Constant => base,
            Decay::Step {
                every_epochs,
                gamma,
            } => {
                let epoch = step / self.steps_per_epoch;
                let drops = (epoch / every_epochs as u64).min(i32::MAX as u64) as i32;
                base * f64::from(gamma).powi(drops)
            }
            Decay::Cosine { floor } => {
                let span = (self.total_steps - warm).max(1);
                // Reaches the floor exactly at the last step of the run.
                let progress = if span > 1 {
                    (step - warm) as f64 / (span - 1) as f64
                } else {
                    1.0
                };
                let floor = f64::from(floor);
                base * (floor
                    + (1.0 - floor) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos()))
            }
        };
        rate as f32
    }

    /// `points` evenly spaced `(step, lr)` samples over the whole run, first and last step
    /// included, for drawing the schedule under the loss chart.
    pub fn curve(&self, points: usize) -> Vec<(u64, f32)> {
        let last = self.total_steps - 1;
        let points = points
            .clamp(2, 10_000)
            .min(self.total_steps as usize)
            .max(1);
        if points == 1 {
            return vec![(0, self.lr_at(0))];
        }
        (0..points)
            .map(|i| {
                let s = (i as u128 * last as u128 / (points - 1) as u128) as u64;
                (s, self.lr_at(s))
            })
            .collect()
    }
}
