//! `activation-lab eval-model FILE`: loads a saved model (from `train --save` or the page) and
//! prints its loss and accuracy on the training and test parts of a data set, as CSV.

use std::path::PathBuf;

use activation_lab::nn::{ModelFile, Trainer};
use activation_lab::{Error, Result};

use super::train::{usage_on_error, CsvOut, DataArgs};

/// Unset 2-D flags default to what the file records (regenerating the training data exactly),
/// else to the set's sample count, noise 0, ratio 0.5 and the model's training seed.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The model file (JSON).
    pub file: PathBuf,
    /// Data set to evaluate on (default: the one named in the file).
    #[arg(long)]
    pub dataset: Option<String>,
    /// Points to generate (2-D sets only).
    #[arg(long)]
    pub samples: Option<usize>,
    /// Noise on TF Playground's 0..50 scale (2-D sets only).
    #[arg(long)]
    pub noise: Option<f64>,
    /// Share of points that train (2-D sets only).
    #[arg(long)]
    pub train_ratio: Option<f64>,
    /// Seed of the 2-D data.
    #[arg(long)]
    pub seed: Option<u64>,
}

pub fn run(args: &Args) -> Result<()> {
    usage_on_error(&["eval-model"], run_inner(args))
}

fn run_inner(args: &Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", args.file.display())))?;
    let model = ModelFile::parse(&text)?;
    let dataset = match (&args.dataset, &model.data) {
        (Some(d), _) => d.clone(),
        (None, Some(info)) => info.name.clone(),
        (None, None) => {
            return Err(Error::Invalid(
                "the model file names no data set; give --dataset".into(),
            ))
        }
    };
    // Recorded generation parameters apply only when evaluating on the recorded set.
    let recorded = model
        .data
        .as_ref()
        .filter(|info| info.name == dataset)
        .and_then(|info| info.generated);
    let data = DataArgs {
        dataset: Some(dataset),
        samples: args.samples.or(recorded.map(|g| g.samples)),
        noise: args.noise.or(recorded.map(|g| g.noise)).unwrap_or(0.0),
        train_ratio: args
            .train_ratio
            .or(recorded.map(|g| g.train_ratio))
            .unwrap_or(0.5),
    };
    let seed = args
        .seed
        .or(recorded.map(|g| g.seed))
        .unwrap_or(model.config.seed);
    let split = data.load(seed)?;
    let mut t = Trainer::from_model(&model, split)?;
    let e = t.evaluate();
    let mut out = CsvOut::open(None)?;
    out.line("split,loss,accuracy")?;
    let opt = |v: Option<f32>| v.map(|x| x.to_string()).unwrap_or_default();
    out.line(&format!("train,{},{}", e.train.loss, opt(e.train.accuracy)))?;
    if let Some(test) = e.test {
        out.line(&format!("test,{},{}", test.loss, opt(test.accuracy)))?;
    }
    Ok(())
}
