//! `activation-lab train`: one run, one CSV row per epoch. Also the flags, data loading, CSV and
//! progress helpers that `compare` and `probe` share.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use activation_lab::data::{ImageSource, Split, TwoD};
use activation_lab::experiment::EpochRecord;
use activation_lab::nn::{
    explain_divergence, parse_layers, ActivationSpec, DataInfo, Decay, DropoutKind, Generated,
    Init, Loss, Optimizer, Schedule, Status, TrainConfig, Trainer,
};
use activation_lab::{Error, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

/// Which data set to train on.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// circle, xor, gaussian, spiral, moons, spiral3, gaussians3..gaussians6, plane,
    /// multi_gaussian, digits or mnist [default: circle; a --preset's own set].
    #[arg(long)]
    pub dataset: Option<String>,
    /// Points to generate (2-D sets only).
    #[arg(long)]
    pub samples: Option<usize>,
    /// Noise on TF Playground's 0..50 scale (2-D sets only).
    #[arg(long, default_value_t = 0.0)]
    pub noise: f64,
    /// Share of points that train (2-D sets only; digits and MNIST use their fixed 80/20 split).
    #[arg(long, default_value_t = 0.5)]
    pub train_ratio: f64,
}

impl DataArgs {
    /// The data set's name (`circle` unless given).
    pub fn name(&self) -> &str {
        self.dataset.as_deref().unwrap_or("circle")
    }

    /// Generates or loads the split; `seed` drives 2-D generation.
    pub fn load(&self, seed: u64) -> Result<Split> {
        if let Ok(source) = ImageSource::from_name(self.name()) {
            return source.load_split();
        }
        let kind = TwoD::from_name(self.name()).map_err(|_| {
            Error::Invalid(format!(
                "unknown dataset `{}`; valid: circle, xor, gaussian, spiral, moons, spiral3, gaussians3..gaussians6, plane, multi_gaussian, digits, mnist",
                self.name()
            ))
        })?;
        let n = self.samples.unwrap_or(kind.default_samples());
        kind.generate_split(n, self.noise, self.train_ratio, seed)
    }

    /// Hidden units that suit the data set when `--layers` is not given.
    pub fn default_hidden(&self) -> Vec<usize> {
        match ImageSource::from_name(self.name()).map(|s| s.name) {
            Ok("digits") => vec![32],
            Ok(_) => vec![64],
            Err(_) => vec![8, 8],
        }
    }
}

/// Network and optimisation flags; unset ones keep the subcommand's defaults.
#[derive(Args, Debug, Clone)]
pub struct NetArgs {
    /// Hidden units per layer, input side first, e.g. `8,8`; or a layer list with conv, pool,
    /// dropout and flatten items for image data, e.g.
    /// `conv32k3,conv64k3,pool2,drop0.25,flatten,128,drop0.5` (see the README).
    #[arg(long)]
    pub layers: Option<String>,
    /// sgd, momentum, nesterov or adam.
    #[arg(long)]
    pub optimizer: Option<String>,
    #[arg(long)]
    pub lr: Option<f32>,
    /// Learning-rate schedule: constant, step or cosine.
    #[arg(long)]
    pub schedule: Option<String>,
    /// Linear learning-rate warm-up over this many steps (with any schedule).
    #[arg(long)]
    pub warmup_steps: Option<u64>,
    /// Step schedule: decay every N epochs (default 1).
    #[arg(long)]
    pub step_every: Option<usize>,
    /// Step schedule: multiply the rate by GAMMA at each decay (default 0.5).
    #[arg(long)]
    pub gamma: Option<f32>,
    /// Cosine schedule: final rate as a fraction of --lr (default 0).
    #[arg(long)]
    pub lr_floor: Option<f32>,
    /// Mini-batch size.
    #[arg(long)]
    pub batch: Option<usize>,
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Clamp each gradient element to ±VALUE (Keras clipvalue).
    #[arg(long)]
    pub clip_value: Option<f32>,
    /// Rescale the gradient to global norm ≤ VALUE (Keras clipnorm).
    #[arg(long)]
    pub clip_norm: Option<f32>,
    /// glorot_uniform, glorot_normal, he_uniform, he_normal or lecun_normal (default: per activation).
    #[arg(long)]
    pub init: Option<String>,
    /// Dropout rate after each hidden layer.
    #[arg(long)]
    pub dropout: Option<f32>,
    /// Use AlphaDropout (for SELU) instead of standard dropout.
    #[arg(long)]
    pub alpha_dropout: bool,
    #[arg(long)]
    pub l1: Option<f32>,
    #[arg(long)]
    pub l2: Option<f32>,
    /// auto, softmax_cross_entropy, sigmoid_bce or mse.
    #[arg(long)]
    pub loss: Option<String>,
    /// PReLU: learn one slope per unit instead of one per layer.
    #[arg(long)]
    pub prelu_per_unit: bool,
    /// Identity skip connections between consecutive equal-width hidden layers.
    #[arg(long)]
    pub residual: bool,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl NetArgs {
    /// `base` with every given flag applied, validated.
    pub fn apply(&self, mut c: TrainConfig) -> Result<TrainConfig> {
        if let Some(text) = &self.layers {
            c.set_layers(parse_layers(text)?);
        }
        if let Some(o) = &self.optimizer {
            c.optimizer = Optimizer::parse(o)?;
        }
        if let Some(v) = self.lr {
            c.lr = v;
        }
        c.schedule = self.schedule(c.schedule)?;
        if let Some(v) = self.batch {
            c.batch_size = v;
        }
        if let Some(v) = self.epochs {
            c.epochs = v;
        }
        if self.clip_value.is_some() {
            c.clip_value = self.clip_value;
        }
        if self.clip_norm.is_some() {
            c.clip_norm = self.clip_norm;
        }
        if let Some(i) = &self.init {
            c.init = Some(Init::parse(i)?);
        }
        if let Some(v) = self.dropout {
            c.dropout = v;
        }
        if self.alpha_dropout {
            c.dropout_kind = DropoutKind::Alpha;
        }
        if let Some(v) = self.l1 {
            c.l1 = v;
        }
        if let Some(v) = self.l2 {
            c.l2 = v;
        }
        if let Some(l) = &self.loss {
            c.loss = Loss::parse(l)?;
        }
        c.prelu_per_unit |= self.prelu_per_unit;
        c.residual |= self.residual;
        c.seed = self.seed;
        c.validate()?;
        Ok(c)
    }

    /// `base` with the schedule flags applied; a parameter flag for another schedule is an error.
    fn schedule(&self, base: Schedule) -> Result<Schedule> {
        let mut s = base;
        if let Some(name) = &self.schedule {
            s.decay = Schedule::decay_from_name(name)?;
        }
        if let Some(w) = self.warmup_steps {
            s.warmup_steps = w;
        }
        match &mut s.decay {
            Decay::Step {
                every_epochs,
                gamma,
            } => {
                if let Some(v) = self.step_every {
                    *every_epochs = v;
                }
                if let Some(v) = self.gamma {
                    *gamma = v;
                }
            }
            Decay::Cosine { floor } => {
                if let Some(v) = self.lr_floor {
                    *floor = v;
                }
            }
            Decay::Constant => {}
        }
        let wrong = |flag: &str, needs: &str| {
            Err(Error::Invalid(format!(
                "{flag} only applies to --schedule {needs} (the schedule is {})",
                s.name()
            )))
        };
        if !matches!(s.decay, Decay::Step { .. }) {
            if self.step_every.is_some() {
                return wrong("--step-every", "step");
            }
            if self.gamma.is_some() {
                return wrong("--gamma", "step");
            }
        }
        if !matches!(s.decay, Decay::Cosine { .. }) && self.lr_floor.is_some() {
            return wrong("--lr-floor", "cosine");
        }
        Ok(s)
    }
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Activation for every hidden layer (`relu`, `leaky_relu(0.2)`, `elu(alpha=0.5)`), or one per
    /// layer separated by commas.
    #[arg(long, default_value = "relu")]
    pub activation: String,
    #[command(flatten)]
    pub net: NetArgs,
    /// Write the CSV here instead of stdout.
    #[arg(long)]
    pub csv: Option<std::path::PathBuf>,
    /// Also draw train/test loss and accuracy per epoch as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
    /// Save the trained model and its config as a model file (JSON; the page opens it too).
    #[arg(long)]
    pub save: Option<std::path::PathBuf>,
}

pub fn run(args: TrainArgs) -> Result<()> {
    usage_on_error(&["train"], run_inner(args))
}

fn run_inner(args: TrainArgs) -> Result<()> {
    let base = TrainConfig {
        layers: activation_lab::nn::layer::spec::dense_list(&args.data.default_hidden()),
        activations: ActivationSpec::parse_list(&args.activation)?,
        ..TrainConfig::default()
    };
    let config = args.net.apply(base)?;
    let split = args.data.load(config.seed)?;
    let mut t = Trainer::new(config.clone(), split)?;
    let label = config
        .activations
        .iter()
        .map(ActivationSpec::label)
        .collect::<Vec<_>>()
        .join("+");
    let mut out = CsvOut::open(args.csv.as_deref())?;
    out.header(config.dense_units().len(), config.conv_count())?;
    let mut progress = Progress::new(config.epochs as u64, "train");
    let mut records = Vec::new();
    let mut history = vec![t.snapshot()];
    while t.status() == Status::Running {
        let snap = t.run_epoch();
        history.push(snap.clone());
        if let Some(rec) = EpochRecord::from_snapshot(&snap) {
            if rec.epoch > 0 && t.epoch() == rec.epoch && snap.step > 0 {
                out.row(&label, &rec)?;
                records.push(rec);
            }
        }
        progress.set(t.epoch() as u64);
    }
    progress.finish();
    match explain_divergence(&config, &history) {
        Some(d) => eprintln!("{label}: {} Suggested fix: {}.", d.message, d.fix.label),
        None => report_status(t.status(), &label),
    }
    if let Some(path) = &args.save {
        let generated = TwoD::from_name(args.data.name())
            .ok()
            .map(|kind| Generated {
                samples: args.data.samples.unwrap_or(kind.default_samples()),
                noise: args.data.noise,
                train_ratio: args.data.train_ratio,
                seed: config.seed,
            });
        let json = t.save_with_data(DataInfo {
            generated,
            ..DataInfo::named(args.data.name())
        });
        std::fs::write(path, json)
            .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))?;
    }
    if let Some(path) = &args.svg {
        write_svg(path, &[(label, records.as_slice())])?;
    }
    Ok(())
}

/// Draws per-epoch loss and accuracy of one or more runs to an SVG file (`--svg`).
pub fn write_svg(path: &std::path::Path, runs: &[(String, &[EpochRecord])]) -> Result<()> {
    let charts = activation_lab::plot::traces::epoch_charts(runs);
    let style = activation_lab::plot::Style::default();
    let svg = activation_lab::plot::traces::render_lines_svg(&charts, 1000, 420, &style)?;
    std::fs::write(path, svg).map_err(|e| {
        activation_lab::Error::Invalid(format!("cannot write {}: {e}", path.display()))
    })
}

/// Tells the user on stderr when a run stopped early.
pub fn report_status(status: Status, label: &str) {
    if let Status::Diverged { step } = status {
        eprintln!(
            "{label}: diverged at step {step} (the loss exploded); try a smaller learning rate, clipping or another init"
        );
    }
}

/// CSV to a file or stdout.
pub struct CsvOut {
    sink: Box<dyn Write>,
    /// Layers whose output mean and std end each row (0: none).
    stats: usize,
}

impl CsvOut {
    pub fn open(path: Option<&std::path::Path>) -> Result<Self> {
        let sink: Box<dyn Write> = match path {
            Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
                |e| Error::Invalid(format!("cannot write {}: {e}", p.display())),
            )?)),
            None => Box::new(std::io::stdout()),
        };
        Ok(CsvOut { sink, stats: 0 })
    }

    pub fn line(&mut self, text: &str) -> Result<()> {
        match writeln!(self.sink, "{text}").and_then(|_| self.sink.flush()) {
            Ok(()) => Ok(()),
            // The reader went away (`| head`): stop quietly, as Unix tools do.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            Err(e) => Err(Error::Invalid(format!("cannot write CSV: {e}"))),
        }
    }

    /// `epoch,activation,train_loss,train_acc,test_loss,test_acc,grad_norm_1..,grad_norm_out,dead_1..`
    /// then, with conv layers, `conv_grad_norm_1..,conv_dead_1..`.
    pub fn header(&mut self, hidden: usize, convs: usize) -> Result<()> {
        let mut h = String::from("epoch,activation,train_loss,train_acc,test_loss,test_acc");
        for l in 1..=hidden {
            h.push_str(&format!(",grad_norm_{l}"));
        }
        h.push_str(",grad_norm_out");
        for l in 1..=hidden {
            h.push_str(&format!(",dead_{l}"));
        }
        for what in ["conv_grad_norm", "conv_dead"] {
            for l in 1..=convs {
                h.push_str(&format!(",{what}_{l}"));
            }
        }
        for what in ["mean", "std"] {
            for l in 1..=self.stats {
                h.push_str(&format!(",{what}_{l}"));
            }
        }
        self.line(&h)
    }

    /// Rows end with the output mean and std of each of `layers` conv and hidden dense layers
    /// (`mean_1..,std_1..`, input side first); call before [`Self::header`].
    pub fn with_layer_stats(&mut self, layers: usize) {
        self.stats = layers;
    }

    pub fn row(&mut self, label: &str, r: &EpochRecord) -> Result<()> {
        let opt = |v: Option<f32>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut s = format!(
            "{},{},{},{},{},{}",
            r.epoch,
            csv_field(label),
            r.train_loss,
            opt(r.train_accuracy),
            opt(r.test_loss),
            opt(r.test_accuracy)
        );
        // Dense columns first, then the conv layers' (which the records list first).
        let (conv_grads, grads) = r.grad_norms.split_at(r.conv_layers);
        let (conv_dead, dead) = r.dead_fractions.split_at(r.conv_layers);
        let dense = grads.iter().chain(dead);
        for g in dense.chain(conv_grads).chain(conv_dead) {
            s.push_str(&format!(",{g}"));
        }
        if self.stats > 0 {
            for v in r.act_mean.iter().chain(&r.act_std) {
                s.push_str(&format!(",{v}"));
            }
        }
        self.line(&s)
    }
}

/// Quotes a field that contains a comma or quote.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A progress bar on stderr that only appears once a run has taken more than a second (and
/// indicatif hides it when stderr is not a terminal).
pub struct Progress {
    start: Instant,
    total: u64,
    message: String,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(total: u64, message: &str) -> Self {
        Progress {
            start: Instant::now(),
            total,
            message: message.to_string(),
            bar: None,
        }
    }

    pub fn set(&mut self, pos: u64) {
        if self.bar.is_none() && self.start.elapsed() > Duration::from_secs(1) {
            let bar = ProgressBar::new(self.total);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            bar.set_message(self.message.clone());
            self.bar = Some(bar);
        }
        if let Some(b) = &self.bar {
            b.set_position(pos);
        }
    }

    pub fn set_message(&mut self, message: &str) {
        self.message = message.to_string();
        if let Some(b) = &self.bar {
            b.set_message(self.message.clone());
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The split as shared data for multi-run commands.
pub fn shared(split: Split) -> Arc<Split> {
    Arc::new(split)
}

/// On error, prints the usage of subcommand `path` (e.g. `["probe", "gradients"]`) to stderr
/// before the dispatcher prints the error and exits with status 2.
pub fn usage_on_error(path: &[&str], result: Result<()>) -> Result<()> {
    if result.is_err() {
        eprintln!("Usage: activation-lab {} [OPTIONS]", path.join(" "));
        eprintln!("For more information, try '--help'.");
    }
    result
}
