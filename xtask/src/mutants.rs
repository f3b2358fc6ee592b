//! `cargo xtask mutants [--file PATH]... [-- ARGS]`: mutation testing of the files that keep
//! data safe and the service happy, with cargo-mutants (installed when missing), each file's
//! mutants tested by its own crate's tests. Prints one line per file: mutants caught, missed,
//! timed out and unviable, and the share of viable mutants caught (timeouts count as caught).
//!
//! Too slow for CI on two cores (minutes per file); run it before changing the files it
//! covers, and record the table in `docs/quality.md`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The files mutation-tested by default.
pub const DEFAULT_FILES: &[&str] = &[
    "crates/halo-client/src/layers/retry.rs",
    "crates/halo-client/src/layers/rate_limit.rs",
    "crates/halo-client/src/layers/retry_after.rs",
    "crates/halo-auth/src/provider.rs",
    "crates/halo-film/src/decode.rs",
    "crates/halo-film/src/version.rs",
    "crates/halo-sync/src/engine.rs",
    "crates/halo-sync/src/crawl/queue.rs",
];

/// The cargo-mutants release line this command was written against.
const CARGO_MUTANTS_VERSION: &str = "^27";

/// What one file's run found.
#[derive(Debug, Default, PartialEq)]
pub struct Tally {
    /// Mutants the tests failed on.
    pub caught: u64,
    /// Mutants every test passed with.
    pub missed: u64,
    /// Mutants whose tests hung past the timeout (counted as caught).
    pub timeout: u64,
    /// Mutants that did not compile.
    pub unviable: u64,
}

impl Tally {
    /// The share of viable mutants caught, timeouts included, in percent.
    pub fn caught_percent(&self) -> f64 {
        let viable = self.caught + self.missed + self.timeout;
        if viable == 0 {
            return 100.0;
        }
        100.0 * (self.caught + self.timeout) as f64 / viable as f64
    }

    /// Reads cargo-mutants' `outcomes.json`.
    pub fn from_outcomes(json: &serde_json::Value) -> Self {
        let mut tally = Self::default();
        for outcome in json["outcomes"].as_array().into_iter().flatten() {
            match outcome["summary"].as_str() {
                Some("CaughtMutant") => tally.caught += 1,
                Some("MissedMutant") => tally.missed += 1,
                Some("Timeout") => tally.timeout += 1,
                Some("Unviable") => tally.unviable += 1,
                _ => {}
            }
        }
        tally
    }
}

/// Runs the command with its arguments (after `mutants`).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let (ours, extra) = match args.iter().position(|a| a == "--") {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (args, &[][..]),
    };
    let mut files = Vec::new();
    let mut rest = ours.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.next()) {
            ("--file", Some(path)) => files.push(path.clone()),
            _ => {
                eprintln!("usage: cargo xtask mutants [--file PATH]... [-- CARGO_MUTANTS_ARGS]");
                return ExitCode::from(2);
            }
        }
    }
    if files.is_empty() {
        files = DEFAULT_FILES.iter().map(|f| (*f).to_owned()).collect();
    }
    if let Err(error) = ensure_installed() {
        eprintln!("cargo-mutants: {error}");
        return ExitCode::FAILURE;
    }
    let mut failed = false;
    let mut table = Vec::new();
    for file in &files {
        let Some(package) = package_of(root, file) else {
            eprintln!("{file}: not inside a crate of this workspace");
            failed = true;
            continue;
        };
        let output = root.join("target/mutants").join(file.replace('/', "_"));
        if let Err(error) = std::fs::create_dir_all(&output) {
            eprintln!("{}: {error}", output.display());
            failed = true;
            continue;
        }
        let status = Command::new("cargo")
            .current_dir(root)
            .args([
                "mutants",
                "--no-shuffle",
                "--file",
                file,
                "--package",
                &package,
            ])
            .arg("--output")
            .arg(&output)
            .args(extra)
            .status();
        // cargo-mutants exits non-zero when a mutant is missed: the table says which.
        if let Err(error) = status {
            eprintln!("{file}: cargo mutants did not run: {error}");
            failed = true;
            continue;
        }
        let outcomes = output.join("mutants.out/outcomes.json");
        match std::fs::read(&outcomes)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
        {
            Ok(json) => table.push((file.clone(), Tally::from_outcomes(&json))),
            Err(error) => {
                eprintln!("{}: {error}", outcomes.display());
                failed = true;
            }
        }
    }
    println!(
        "\n{:<48} {:>6} {:>6} {:>7} {:>8} {:>7}",
        "file", "caught", "missed", "timeout", "unviable", "caught%"
    );
    for (file, tally) in &table {
        println!(
            "{:<48} {:>6} {:>6} {:>7} {:>8} {:>6.1}%",
            file,
            tally.caught,
            tally.missed,
            tally.timeout,
            tally.unviable,
            tally.caught_percent()
        );
    }
    println!("missed mutants are listed in target/mutants/<file>/mutants.out/missed.txt");
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Installs cargo-mutants when `cargo mutants --version` does not answer.
fn ensure_installed() -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["mutants", "--version"])
        .output()
        .is_ok_and(|out| out.status.success());
    if installed {
        return Ok(());
    }
    eprintln!("installing cargo-mutants {CARGO_MUTANTS_VERSION} (once)");
    let status = Command::new("cargo")
        .args([
            "install",
            "--locked",
            "cargo-mutants",
            "--version",
            CARGO_MUTANTS_VERSION,
        ])
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo install failed ({status})"))
    }
}

/// The name of the crate holding `file` (`crates/<name>/...`).
fn package_of(root: &Path, file: &str) -> Option<String> {
    let path = PathBuf::from(file);
    let mut components = path.components();
    let (Some(first), Some(name)) = (components.next(), components.next()) else {
        return None;
    };
    let dir = root.join(first.as_os_str()).join(name.as_os_str());
    dir.join("Cargo.toml")
        .is_file()
        .then(|| name.as_os_str().to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_outcomes_and_timeouts_as_caught() {
        let json = serde_json::json!({"outcomes": [
            {"summary": "Success"},
            {"summary": "CaughtMutant"}, {"summary": "CaughtMutant"}, {"summary": "CaughtMutant"},
            {"summary": "MissedMutant"},
            {"summary": "Timeout"},
            {"summary": "Unviable"}, {"summary": "Unviable"},
        ]});
        let tally = Tally::from_outcomes(&json);
        assert_eq!(
            tally,
            Tally {
                caught: 3,
                missed: 1,
                timeout: 1,
                unviable: 2
            }
        );
        assert!((tally.caught_percent() - 80.0).abs() < 1e-9);
        assert!((Tally::default().caught_percent() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn files_belong_to_their_crates() {
        let root = crate::codegen::repo_root();
        assert_eq!(
            package_of(&root, "crates/halo-film/src/version.rs").as_deref(),
            Some("halo-film")
        );
        assert_eq!(package_of(&root, "README.md"), None);
        for file in DEFAULT_FILES {
            assert!(root.join(file).is_file(), "{file}");
        }
    }
}
