//! `activation-lab`: the native CLI over the same core the page uses.
//! Each subcommand lives in its own module with a clap `Args` struct and a `run` function;
//! this file only dispatches. Any core error is printed and exits with status 2 (the status
//! clap uses for usage errors), so scripts see one code for "bad input".
//! Native only: on wasm32 (where clap is not a dependency) the crate is empty and has no main.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

mod eval;
mod list;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), activation_lab::Error> = match &cli.command {
        Command::List(args) => list::run(args),
        Command::Eval(args) => eval::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
