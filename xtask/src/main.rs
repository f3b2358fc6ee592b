//! Repository automation, run as `cargo xtask <command>`:
//!
//! - `codegen [--check]`: regenerate `crates/halo-models/src/generated/` from the captures
//!   (with `--check`, fail instead when regenerating would change a file).
//! - `verify-captures [PATH...]`: decode captured payloads with the models and report, per file,
//!   lossless / unknown JSON paths / decode error with its path.
//! - `mutants [--file PATH]... [-- ARGS]`: mutation testing with cargo-mutants (installed when
//!   missing) of the files that keep data safe, a table of caught and missed mutants per file.
//! - `bench [--json] [--quick] [--seconds S] [--matches N] [--spnkr PYTHON]`: every figure of
//!   `docs/BENCHMARKS.md` in one sitting (release build first), optionally beside SPNKr's.
//! - `bench-crawl [--workers 3] [--players 50] [--matches 20000] [--rate R] [--quick] [--json]`:
//!   the crawl figures (`halo crawl` workers over PostgreSQL, on several accounts and on one).
//! - `soak [--seconds N] [--seed S] [--callers C] [--release]`: the reliability soak
//!   (halo-client's `soak` example: 32 callers, random faults, expiring tokens), its counts.

mod bench;
mod codegen;
mod mutants;
mod soak;
mod verify;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = codegen::repo_root();
    match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = match args.get(1..).unwrap_or_default() {
                [] => false,
                [flag] if flag == "--check" => true,
                _ => return usage(),
            };
            match codegen::run(&root, !check) {
                Ok(drift) if drift.is_empty() => {
                    println!("generated code is up to date");
                    ExitCode::SUCCESS
                }
                Ok(drift) => {
                    for d in &drift {
                        println!("{} {}", d.change, d.path.display());
                    }
                    if check {
                        eprintln!("generated code is stale; run: cargo xtask codegen");
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("codegen failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("verify-captures") => verify::run(&root, args.get(1..).unwrap_or_default()),
        Some("mutants") => mutants::run(&root, args.get(1..).unwrap_or_default()),
        Some("bench") => bench::run(&root, args.get(1..).unwrap_or_default()),
        Some("bench-crawl") => bench::crawl::run(&root, args.get(1..).unwrap_or_default()),
        Some("soak") => soak::run(&root, args.get(1..).unwrap_or_default()),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask codegen [--check]\n       cargo xtask verify-captures [PATH...]\n       cargo xtask mutants [--file PATH]... [-- ARGS]\n       cargo xtask bench [--json] [--quick] [--seconds S] [--matches N] [--spnkr PYTHON]\n       cargo xtask bench-crawl [--workers 3] [--players 50] [--matches 20000] [--rate R] [--quick] [--json]\n       cargo xtask soak [--seconds N] [--seed S] [--callers C] [--release]"
    );
    ExitCode::from(2)
}
