//! `activation-lab list`: the catalog, one line per function — name, parameters with their torch
//! defaults, output range, the property flags that hold, and relative cost.

use std::io::Write;

use activation_lab::activation::{Activation, CATALOG};
use activation_lab::Result;

/// No options: the catalog is small enough to show whole.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// One line of the listing (public for reuse by other subcommands' help).
pub fn line(a: &Activation) -> String {
    let i = a.info();
    let params = if a.params().is_empty() {
        "-".to_string()
    } else {
        a.params()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let flags: Vec<&str> = [
        (i.monotonic, "monotonic"),
        (i.smooth, "smooth"),
        (i.zero_centred, "zero-centred"),
        (i.saturating, "saturating"),
        (i.bounded, "bounded"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|&(_, name)| name)
    .collect();
    format!(
        "{:<12} {:<44} range {:<15} cost {:<2} {}",
        a.name(),
        params,
        i.range,
        i.cost,
        flags.join(",")
    )
}

pub fn run(_args: &Args) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for spec in CATALOG {
        let a = Activation::from_name(spec.name)?;
        // A closed pipe (`list | head`) ends the listing quietly instead of panicking.
        if writeln!(out, "{}", line(&a)).is_err() {
            break;
        }
    }
    Ok(())
}
