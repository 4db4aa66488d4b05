//! `activation-lab compare`: the same config, seed and batch order for several activations; CSV
//! rows per activation per epoch.

use activation_lab::experiment::{
    compare_with, default_activations, default_compare_config, preset, with_activation, Contender,
    EpochRecord,
};
use activation_lab::Result;
use clap::Args;

use super::train::{
    report_status, shared, usage_on_error, write_svg, CsvOut, DataArgs, NetArgs, Progress,
};

#[derive(Args, Debug)]
pub struct CompareArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Comma-separated activations (default: sigmoid,relu,elu,leaky_relu(0.2),selu,gelu; a
    /// preset's: the same with gelu_tanh). `relu+bn` adds BatchNorm before every activation.
    #[arg(long)]
    pub activations: Option<String>,
    /// A named experiment whose network and settings the other flags then adjust:
    /// `article-cnn` (the article's MNIST CNN, 5 epochs; SELU with AlphaDropout), `small-cnn`
    /// (a ConvNetJS-sized CNN, 15 epochs) or `selu-vs-batchnorm` (a 16 × 64 MLP: selu,
    /// relu+bn, relu; prints the layer statistics). Its data set is mnist unless --dataset is
    /// given.
    #[arg(long)]
    pub preset: Option<String>,
    /// Also print each layer's output mean and std (`mean_1..,std_1..`) on the training set.
    #[arg(long)]
    pub layer_stats: bool,
    #[command(flatten)]
    pub net: NetArgs,
    /// Write the CSV here instead of stdout.
    #[arg(long)]
    pub csv: Option<std::path::PathBuf>,
    /// Also draw the overlaid test loss and accuracy per epoch as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
}

pub fn run(args: CompareArgs) -> Result<()> {
    usage_on_error(&["compare"], run_inner(args))
}

fn run_inner(mut args: CompareArgs) -> Result<()> {
    let (base, default_list, variant) = match &args.preset {
        Some(name) => {
            let p = preset(name)?;
            args.data
                .dataset
                .get_or_insert_with(|| p.dataset.to_string());
            (p.config, p.activations, p.variant)
        }
        None => {
            let units = args.data.default_hidden();
            let mut base = default_compare_config(units[0]);
            base.set_layers(activation_lab::nn::layer::spec::dense_list(&units));
            let lineup = default_activations().into_iter().map(Contender::from);
            (base, lineup.collect(), with_activation as _)
        }
    };
    let activations = match &args.activations {
        Some(list) => Contender::parse_list(list)?,
        None => default_list,
    };
    let config = args.net.apply(base)?;
    let split = shared(args.data.load(config.seed)?);
    let mut out = CsvOut::open(args.csv.as_deref())?;
    let stats = args.layer_stats || args.preset.as_deref() == Some("selu-vs-batchnorm");
    if stats {
        out.with_layer_stats(config.conv_count() + config.dense_units().len());
    }
    out.header(config.dense_units().len(), config.conv_count())?;
    let total = (config.epochs * activations.len()) as u64;
    let mut progress = Progress::new(total, "compare");
    let labels: Vec<String> = activations.iter().map(Contender::label).collect();
    let mut write_error = None;
    let traces = compare_with(&config, &activations, split, variant, |run, rec| {
        progress.set_message(&labels[run]);
        progress.set((run * config.epochs + rec.epoch) as u64);
        if let Err(e) = out.row(&labels[run], rec) {
            write_error.get_or_insert(e);
        }
    })?;
    progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    for t in &traces {
        report_status(t.status, &t.activation);
    }
    if let Some(path) = &args.svg {
        let runs: Vec<(String, &[EpochRecord])> = traces
            .iter()
            .map(|t| (t.activation.clone(), t.epochs.as_slice()))
            .collect();
        write_svg(path, &runs)?;
    }
    Ok(())
}
