//! `activation-lab eval NAME [--param KEY=VALUE]... [X]...`: value and derivative as CSV.
//! Inputs come from the arguments, or one per line on stdin when there are none. Numbers are
//! printed in Rust's shortest round-trip form (`0.1`, `1e300`, `NaN`, `inf`, `-inf`), so the
//! output reads back as exactly the f64 the core computed.

use std::io::{self, BufRead, Write};

use activation_lab::activation::Activation;
use activation_lab::{Error, Result};

/// Accepted number formats, named in every "not a number" message.
const NUMBER_FORMATS: &str = "write a decimal such as 0.5, -3, 1e-8, or inf, -inf, NaN";

#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Activation name (see `activation-lab list`).
    pub name: String,
    /// Override a parameter, e.g. `--param alpha=0.5` (repeatable; torch.nn names).
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, f64)>,
    /// Inputs; when none are given, one per line is read from stdin.
    #[arg(value_name = "X", value_parser = parse_x)]
    pub xs: Vec<f64>,
}

fn parse_number(s: &str) -> std::result::Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| format!("`{s}` is not a number; {NUMBER_FORMATS}"))
}

fn parse_x(s: &str) -> std::result::Result<f64, String> {
    parse_number(s)
}

fn parse_param(s: &str) -> std::result::Result<(String, f64), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE, e.g. alpha=0.5"))?;
    Ok((key.trim().to_string(), parse_number(value)?))
}

/// One CSV row: `x,value,derivative`.
fn row(a: &Activation, x: f64) -> String {
    format!("{x:?},{:?},{:?}", a.value(x), a.derivative(x))
}

/// Writes one line, reporting whether the reader is still there (a closed pipe, as in
/// `eval … | head`, ends the output quietly instead of panicking).
fn emit(out: &mut impl Write, line: &str) -> io::Result<bool> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn run(args: &Args) -> Result<()> {
    let overrides: Vec<(&str, f64)> = args.params.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let a = Activation::new(&args.name, &overrides)?;
    let io_err = |e: io::Error| Error::Invalid(format!("I/O error: {e}"));
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if !emit(&mut out, "x,value,derivative").map_err(io_err)? {
        return Ok(());
    }
    if args.xs.is_empty() {
        for (n, line) in io::stdin().lock().lines().enumerate() {
            let line = line.map_err(io_err)?;
            if line.trim().is_empty() {
                continue;
            }
            let x = parse_number(&line)
                .map_err(|m| Error::Invalid(format!("stdin line {}: {m}", n + 1)))?;
            if !emit(&mut out, &row(&a, x)).map_err(io_err)? {
                return Ok(());
            }
        }
    } else {
        for &x in &args.xs {
            if !emit(&mut out, &row(&a, x)).map_err(io_err)? {
                return Ok(());
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(io_err(e)),
        _ => Ok(()),
    }
}
