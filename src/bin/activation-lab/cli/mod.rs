//! Argument parsing and dispatch. Each subcommand lives in its own module here with a clap
//! `Args` struct and a `run` function; any core error is printed and exits with status 2 (the status
//! clap uses for usage errors), so scripts see one code for "bad input".

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod compare;
mod eval;
mod eval_model;
mod export;
mod list;
mod plot;
mod probe;
mod train;

#[derive(Parser)]
#[command(
    name = "activation-lab",
    version,
    about = "See and test neural-network activation functions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// One line per activation: name, parameters with defaults, properties.
    List(list::Args),
    /// Value and derivative of one activation as CSV (x,value,derivative).
    Eval(eval::Args),
    /// The curves chart (and derivatives) as SVG, drawn by the page's chart code.
    Plot(plot::Args),
    /// Train one network; one CSV row per epoch.
    Train(train::TrainArgs),
    /// Evaluate a saved model file on a data set: loss and accuracy on train and test.
    EvalModel(eval_model::Args),
    /// Train one config with several activations (same seed, init stream and batch order).
    Compare(compare::CompareArgs),
    /// The `train` flags as a standalone PyTorch script (same network, optimizer, data set).
    ExportPytorch(export::ExportArgs),
    /// The `train` flags as a standalone Keras 3 script (torch, JAX or TensorFlow backend).
    ExportKeras(export::ExportArgs),
    /// The articles' probes: gradients, normalization, convergence.
    Probe {
        #[command(subcommand)]
        probe: probe::ProbeCommand,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), activation_lab::Error> = match cli.command {
        Command::List(args) => list::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Train(args) => train::run(args),
        Command::EvalModel(args) => eval_model::run(&args),
        Command::Compare(args) => compare::run(args),
        Command::Probe { probe } => probe::run(probe),
        Command::ExportPytorch(args) => export::run(args, export::Framework::Pytorch),
        Command::ExportKeras(args) => export::run(args, export::Framework::Keras),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
