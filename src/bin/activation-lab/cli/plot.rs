//! `activation-lab plot NAME[,NAME]... [--derivative] [--range A:B] --svg FILE`: the page's curves
//! chart, drawn by the same plotters code, written as SVG. The options are turned into a page
//! hash and parsed by `PageState::parse`, so the CLI accepts exactly what a shared link accepts.

use activation_lab::plot::curves::render_svg;
use activation_lab::plot::style::Style;
use activation_lab::state::PageState;
use activation_lab::{Error, Result};

#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Comma-separated activation names, e.g. `gelu,relu` (see `activation-lab list`).
    pub names: String,
    /// Also draw the derivatives (on their own chart below).
    #[arg(long)]
    pub derivative: bool,
    /// Draw the derivatives dashed on the same chart instead of below.
    #[arg(long, requires = "derivative")]
    pub overlay: bool,
    /// x range as A:B, e.g. `-5:5` (default: the page's default range).
    #[arg(long, value_name = "A:B", allow_hyphen_values = true)]
    pub range: Option<String>,
    /// Parameter override as NAME.KEY=VALUE, e.g. `elu.alpha=0.5` (repeatable).
    #[arg(long = "param", short = 'p', value_name = "NAME.KEY=VALUE")]
    pub params: Vec<String>,
    /// Add the fp16 view (curve after rounding to IEEE half precision, with its error).
    #[arg(long)]
    pub fp16: bool,
    /// Dark background.
    #[arg(long)]
    pub dark: bool,
    /// Width and height in pixels.
    #[arg(long, default_value_t = 800)]
    pub width: u32,
    #[arg(long, default_value_t = 600)]
    pub height: u32,
    /// Output file.
    #[arg(long, value_name = "FILE")]
    pub svg: std::path::PathBuf,
}

/// The page hash these options describe.
fn hash(args: &Args) -> String {
    let mut parts = vec![format!("fn={}", args.names)];
    if args.derivative {
        parts.push("deriv=1".into());
        if args.overlay {
            parts.push("dmode=overlay".into());
        }
    }
    if let Some(r) = &args.range {
        parts.push(format!("range={r}"));
    }
    if args.fp16 {
        parts.push("fp16=1".into());
    }
    parts.extend(args.params.iter().cloned());
    parts.join("&")
}

pub fn run(args: &Args) -> Result<()> {
    if args.params.iter().any(|p| p.contains('&')) {
        return Err(Error::Invalid("--param must not contain `&`".into()));
    }
    let state = PageState::parse(&hash(args))?;
    let style = Style {
        dark: args.dark,
        ..Style::default()
    };
    let svg = render_svg(&state, args.width, args.height, &style)?;
    std::fs::write(&args.svg, svg)
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", args.svg.display())))
}
