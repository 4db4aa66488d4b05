//! `activation-lab export-pytorch`: the same flags as `train`, written out as a standalone PyTorch
//! script (see `activation_lab::export::pytorch`).

use activation_lab::export::pytorch::{pytorch_script, DataChoice};
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
    #[command(flatten)]
    pub net: NetArgs,
    /// Write the script here instead of stdout.
    #[arg(long, short)]
    pub out: Option<std::path::PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let base = TrainConfig {
        hidden: args.data.default_hidden(),
        activations: ActivationSpec::parse_list(&args.activation)?,
        ..TrainConfig::default()
    };
    let config = args.net.apply(base)?;
    if !config.layers.is_empty() {
        // The script writer emits dense layers only so far (Conv2d/MaxPool2d: issue #15).
        return Err(Error::Invalid(
            "export-pytorch takes plain hidden widths (e.g. --layers 64,32); conv/pool/dropout \
             layer lists are not exported yet"
                .into(),
        ));
    }
    let data = DataChoice {
        name: args.data.name().to_string(),
        samples: args.data.samples,
        noise: args.data.noise,
        train_ratio: args.data.train_ratio,
    };
    let script = pytorch_script(&config, &data)?;
    match &args.out {
        Some(path) => std::fs::write(path, script)
            .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display()))),
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
