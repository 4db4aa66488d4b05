//! `activation-lab export-pytorch`: the same flags as `train`, written out as a standalone PyTorch
//! script (see `activation_lab::export::pytorch`). With `--replay`, also writes
//! `<script>.replay.json` (our initial weights, data, batch order, learning rates and first batch
//! losses) so the script follows our trainer step for step (`activation_lab::export::replay`).

use activation_lab::experiment::preset;
use activation_lab::export::pytorch::{pytorch_script_with_replay, DataChoice};
use activation_lab::export::replay::{replay, replay_file_name, DEFAULT_REPLAY_STEPS};
use activation_lab::nn::{ActivationSpec, TrainConfig};
use activation_lab::{Error, Result};
use clap::Args;

use super::train::{DataArgs, NetArgs};

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Activation for every hidden layer, or one per layer separated by commas.
    #[arg(long, default_value = "relu")]
    pub activation: String,
    /// Start from a named experiment's network and settings (as `compare --preset`):
    /// `article-cnn` or `small-cnn`; its data set is mnist unless --dataset is given, and SELU
    /// gets AlphaDropout as in the article. The other flags then adjust it.
    #[arg(long)]
    pub preset: Option<String>,
    #[command(flatten)]
    pub net: NetArgs,
    /// Write the script here instead of stdout.
    #[arg(long, short)]
    pub out: Option<std::path::PathBuf>,
    /// Also write OUT.replay.json: the script then starts from our initial weights and follows
    /// our data, batch order and learning rates step for step (needs --out).
    #[arg(long)]
    pub replay: bool,
    /// With --replay: how many of our training steps to run and record for comparison.
    #[arg(long, default_value_t = DEFAULT_REPLAY_STEPS)]
    pub replay_steps: usize,
}

fn write_file(path: &std::path::Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))
}

pub fn run(args: ExportArgs) -> Result<()> {
    super::train::usage_on_error(&["export-pytorch"], run_inner(args))
}

fn run_inner(mut args: ExportArgs) -> Result<()> {
    let activations = ActivationSpec::parse_list(&args.activation)?;
    let base = match &args.preset {
        Some(name) => {
            let p = preset(name)?;
            args.data
                .dataset
                .get_or_insert_with(|| p.dataset.to_string());
            match activations.as_slice() {
                [one] => (p.variant)(&p.config, one),
                _ => TrainConfig {
                    activations,
                    ..p.config
                },
            }
        }
        None => TrainConfig {
            layers: activation_lab::nn::layer::spec::dense_list(&args.data.default_hidden()),
            activations,
            ..TrainConfig::default()
        },
    };
    let config = args.net.apply(base)?;
    let data = DataChoice {
        name: args.data.name().to_string(),
        samples: args.data.samples,
        noise: args.data.noise,
        train_ratio: args.data.train_ratio,
    };
    let replay_name = match (&args.out, args.replay) {
        (None, true) => return Err(Error::Invalid(
            "--replay writes a second file next to the script; give the script's path with --out"
                .into(),
        )),
        (Some(out), true) => Some(replay_file_name(
            &out.file_name()
                .map_or("script".into(), |n| n.to_string_lossy()),
        )),
        _ => None,
    };
    let script = pytorch_script_with_replay(&config, &data, replay_name.as_deref())?;
    match &args.out {
        Some(path) => {
            if let Some(name) = &replay_name {
                let doc = replay(&config, &data, args.replay_steps)?;
                write_file(&path.with_file_name(name), &doc.to_json())?;
            }
            write_file(path, &script)
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match out.write_all(script.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::Invalid(format!("cannot write the script: {e}")))
                }
                _ => Ok(()),
            }
        }
    }
}
