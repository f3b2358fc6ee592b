//! `cargo xtask soak [--seconds N] [--seed S] [--callers C] [--release]`: runs halo-client's
//! `soak` example (32 callers through the whole client against halo-testkit with a seeded
//! random fault plan and Spartan tokens expiring every few seconds; see
//! `crates/halo-client/examples/soak/engine.rs`), which prints the counts and fails when a
//! call ended other than with the captures' values or a typed error after its retry policy.
//! Running it as an example keeps xtask free of the workspace crates.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Builds and runs the soak with `args` (`--release` builds it optimised; the rest is passed on).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root).args([
        "run",
        "--quiet",
        "--package",
        "halo-client",
        "--example",
        "soak",
    ]);
    if args.iter().any(|a| a == "--release") {
        cmd.arg("--release");
    }
    cmd.arg("--")
        .args(args.iter().filter(|a| *a != "--release"));
    match cmd.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
