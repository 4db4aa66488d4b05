//! What the articles claim, made measurable: activation comparisons on one config, Nielsen's
//! vanishing-gradient probe, the SELU paper's self-normalisation probe and the "ReLU converges ≈6×
//! faster than tanh" ratio. Pure functions over the `nn` engine; the CLI prints them, the page
//! draws them.

pub mod compare;
pub mod convergence;
pub mod probe;

pub use compare::{
    article_activations, article_variant, compare, compare_with, default_activations,
    default_compare_config, preset, with_activation, Contender, EpochRecord, Preset, Trace,
    PRESETS,
};
pub use convergence::{convergence_ratio, steps_to_target, ConvergenceRatio, ConvergenceRun};
pub use probe::{
    gradient_probe, normalization_probe, GradientProbe, LayerMoments, NormalizationProbe,
};
