//! `activation-lab`: the native CLI over the same core the page uses.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI is native-only; wasm test builds (which compile every bin) get this empty stand-in.
#[cfg(target_arch = "wasm32")]
fn main() {}
