//! Argument parsing and dispatch. Each subcommand lives in its own module here with a clap
//! `Args` struct and a `run` function; any core error is printed and exits with status 2.

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
    List,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), activation_lab::Error> = match cli.command {
        Command::List => {
            for n in activation_lab::activation::names() {
                println!("{n}");
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
