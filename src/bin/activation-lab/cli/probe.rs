//! `activation-lab probe gradients | normalization | convergence`: the articles' claims as numbers.

use activation_lab::experiment::{convergence_ratio, gradient_probe, normalization_probe};
use activation_lab::nn::{ActivationSpec, Init, Optimizer, TrainConfig};
use activation_lab::Result;
use clap::{Args, Subcommand};

use super::train::{csv_field, usage_on_error, CsvOut, DataArgs, NetArgs};

#[derive(Subcommand, Debug)]
pub enum ProbeCommand {
    /// Per-hidden-layer gradient norm at init (Nielsen ch. 5): `layer,grad_norm,...`.
    Gradients(GradientArgs),
    /// Per-layer activation mean/std through a deep net (SELU paper): `layer,mean,std`.
    Normalization(NormalizationArgs),
    /// Steps to a target training error for two activations and their ratio (ReLU vs tanh "≈6×").
    Convergence(ConvergenceArgs),
}

#[derive(Args, Debug)]
pub struct GradientArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, default_value = "sigmoid")]
    pub activation: String,
    /// Extra columns: the norms after each of this many training epochs.
    #[arg(long = "probe-epochs", default_value_t = 0)]
    pub probe_epochs: usize,
    #[command(flatten)]
    pub net: NetArgs,
    #[arg(long)]
    pub csv: Option<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct NormalizationArgs {
    #[arg(long, default_value = "selu")]
    pub activation: String,
    /// Weight init (default: the activation's usual one, lecun_normal for SELU).
    #[arg(long)]
    pub init: Option<String>,
    /// Hidden layers.
    #[arg(long, default_value_t = 32)]
    pub depth: usize,
    /// Units per layer (and input width).
    #[arg(long, default_value_t = 100)]
    pub width: usize,
    /// Standard-normal input samples.
    #[arg(long, default_value_t = 1000)]
    pub samples: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub csv: Option<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct ConvergenceArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, default_value = "relu")]
    pub fast: String,
    #[arg(long, default_value = "tanh")]
    pub slow: String,
    /// Target training error in [0, 1).
    #[arg(long, default_value_t = 0.05)]
    pub target: f32,
    /// Check the training error every this many steps.
    #[arg(long, default_value_t = 5)]
    pub check_every: usize,
    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(cmd: ProbeCommand) -> Result<()> {
    match cmd {
        ProbeCommand::Gradients(a) => usage_on_error(&["probe", "gradients"], gradients(a)),
        ProbeCommand::Normalization(a) => {
            usage_on_error(&["probe", "normalization"], normalization(a))
        }
        ProbeCommand::Convergence(a) => usage_on_error(&["probe", "convergence"], convergence(a)),
    }
}

fn gradients(a: GradientArgs) -> Result<()> {
    // Nielsen's setup: 4 × 30 hidden units, plain SGD, mini-batches of 10.
    let base = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&[30; 4]),
        activations: ActivationSpec::parse_list(&a.activation)?,
        optimizer: Optimizer::Sgd,
        lr: 0.1,
        batch_size: 10,
        ..TrainConfig::default()
    };
    let config = a.net.apply(base)?;
    let split = a.data.load(config.seed)?;
    let p = gradient_probe(&config, split, a.probe_epochs)?;
    let mut out = CsvOut::open(a.csv.as_deref())?;
    let mut header = String::from("layer,grad_norm,weight_grad_norm");
    for e in 1..=p.per_epoch.len() {
        header.push_str(&format!(",grad_norm_epoch_{e}"));
    }
    out.line(&header)?;
    for l in 0..p.at_init.len() {
        let mut row = format!("{},{},{}", l + 1, p.at_init[l], p.weights_at_init[l]);
        for e in &p.per_epoch {
            row.push_str(&format!(",{}", e[l]));
        }
        out.line(&row)?;
    }
    Ok(())
}

fn normalization(a: NormalizationArgs) -> Result<()> {
    let act = ActivationSpec::parse(&a.activation)?;
    let init = a.init.as_deref().map(Init::parse).transpose()?;
    let p = normalization_probe(&act, init, a.depth, a.width, a.samples, a.seed)?;
    let mut out = CsvOut::open(a.csv.as_deref())?;
    out.line("layer,mean,std")?;
    for (l, m) in p.layers.iter().enumerate() {
        out.line(&format!("{},{},{}", l + 1, m.mean, m.std))?;
    }
    Ok(())
}

fn convergence(a: ConvergenceArgs) -> Result<()> {
    let base = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&a.data.default_hidden()),
        optimizer: Optimizer::Sgd,
        lr: 0.05,
        epochs: 200,
        ..TrainConfig::default()
    };
    let config = a.net.apply(base)?;
    let split = a.data.load(config.seed)?;
    let fast = ActivationSpec::parse(&a.fast)?;
    let slow = ActivationSpec::parse(&a.slow)?;
    let r = convergence_ratio(&config, split, &fast, &slow, a.target, a.check_every)?;
    let mut out = CsvOut::open(None)?;
    out.line("activation,target_error,steps_to_target,epochs_to_target,final_train_error")?;
    for run in [&r.fast, &r.slow] {
        let opt = |v: Option<String>| v.unwrap_or_default();
        out.line(&format!(
            "{},{},{},{},{}",
            csv_field(&run.activation),
            r.target_error,
            opt(run.steps_to_target.map(|s| s.to_string())),
            opt(run.epochs_to_target.map(|e| e.to_string())),
            run.final_train_error
        ))?;
    }
    match r.ratio {
        Some(x) => eprintln!(
            "{} needs {x:.2}× the steps of {} to reach {:.1}% training error (the articles claim ≈6× for tanh vs ReLU)",
            r.slow.activation,
            r.fast.activation,
            r.target_error * 100.0
        ),
        None => eprintln!("one of the runs never reached the target; raise --epochs or --target"),
    }
    Ok(())
}
