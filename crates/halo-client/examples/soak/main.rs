//! The reliability soak of any length (see `engine.rs` for what it runs and what passes):
//! prints the counts (calls, successes, each typed error kind, refreshes, RSS at the start and
//! end of the steady phase) and exits 1 when the run fails.
//!
//! Usage: `cargo xtask soak [--seconds N] [--seed S] [--callers C]`, or directly
//! `cargo run -p halo-client --example soak -- [--seconds N] [--seed S] [--callers C]`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod engine;

use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let mut seconds = 60_u64;
    let mut seed = 20_u64;
    let mut callers = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse::<u64>().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) if v > 0 => seconds = v,
            ("--seed", Some(v)) => seed = v,
            ("--callers", Some(v)) if v > 0 => callers = usize::try_from(v).ok(),
            _ => {
                eprintln!("usage: soak [--seconds N] [--seed S] [--callers C] (whole numbers)");
                return ExitCode::from(2);
            }
        }
    }
    let mut config = engine::SoakConfig::new(Duration::from_secs(seconds), seed);
    if let Some(callers) = callers {
        config.callers = callers;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "soak: {} callers, {seconds} s, seed {seed}, tokens living {} s renewed {} s early, \
         fault plan of 7 faults on 4 endpoints",
        config.callers,
        config.token_lifetime.as_secs(),
        config.refresh_margin.as_secs()
    );
    let report = match runtime.block_on(engine::run(config)) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("soak could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{report}");
    let failures = report.failures(&config);
    if failures.is_empty() {
        println!("PASS");
        ExitCode::SUCCESS
    } else {
        for failure in failures {
            println!("FAIL: {failure}");
        }
        ExitCode::FAILURE
    }
}
