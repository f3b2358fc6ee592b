//! `cargo xtask bench-crawl [--workers 3] [--players 50] [--matches 20000] [--rate R]
//! [--concurrency K] [--quick] [--json]`: the crawl figures of issue 17. It builds the release
//! `halo` and halo-cli's `crawl_figures` example, then runs the example twice (each run on a
//! throw-away PostgreSQL cluster and a fresh halo-testkit world limiting each account to R
//! requests per second): the workers on as many accounts as workers, then on one account.
//! Each run checks every match stored exactly once and prints useful responses per second
//! against its goal (0.9 x accounts x R).

use std::path::Path;
use std::process::{Command, ExitCode};

use serde::{Deserialize, Serialize};

use super::machine::Machine;
use super::programs::{json, release_dir};

/// The command line.
#[derive(Debug, Clone, PartialEq)]
struct Options {
    json: bool,
    workers: u32,
    players: u32,
    matches: u32,
    rate: u32,
    concurrency: u32,
}

/// The usage line.
const USAGE: &str = "usage: cargo xtask bench-crawl [--workers 3] [--players 50] [--matches 20000] [--rate R] [--concurrency K] [--quick] [--json]";

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = Self {
            json: false,
            workers: 3,
            players: 50,
            matches: if quick { 2_000 } else { 20_000 },
            rate: 40,
            concurrency: 8,
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| -> Result<u32, String> {
                let text = rest
                    .next()
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
                match text.parse::<u32>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(format!(
                        "{name} {text}: expected a positive number\n{USAGE}"
                    )),
                }
            };
            match arg.as_str() {
                "--json" => options.json = true,
                "--quick" => {}
                "--workers" => options.workers = value("--workers")?,
                "--players" => options.players = value("--players")?,
                "--matches" => options.matches = value("--matches")?,
                "--rate" => options.rate = value("--rate")?,
                "--concurrency" => options.concurrency = value("--concurrency")?,
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

/// What `crawl_figures` prints for one run.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct Run {
    workers: u64,
    accounts: u64,
    rate: u64,
    concurrency: u64,
    players: u64,
    history: u64,
    matches_expected: u64,
    matches_stored: u64,
    stored_by_workers: u64,
    failed: u64,
    exactly_once: bool,
    seconds: f64,
    useful_responses: u64,
    useful_per_s: f64,
    budget_per_s: f64,
    fraction: f64,
    http_429: u64,
    peak_rss_mb: Option<f64>,
}

/// Both runs and the machine.
#[derive(Debug, Serialize)]
struct Report {
    machine: Machine,
    runs: Vec<Run>,
}

/// Runs the command with its arguments (after `bench-crawl`).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let options = match Options::parse(args) {
        Ok(options) => options,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match sitting(root, &options) {
        Ok(report) if options.json => match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("bench-crawl: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(report) => {
            print!("{}", render(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-crawl: {e}");
            ExitCode::FAILURE
        }
    }
}

fn sitting(root: &Path, options: &Options) -> Result<Report, String> {
    eprintln!("building halo and crawl_figures (release) ...");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new("nice")
        .arg(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "halo-cli"])
        .args(["--bin", "halo", "--example", "crawl_figures"])
        .status()
        .map_err(|e| format!("nice cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release failed ({status})"));
    }
    let release = release_dir(root);
    let mut machine = Machine::read();
    let mut runs = Vec::new();
    for accounts in [options.workers, 1] {
        eprintln!(
            "crawl: {} workers on {accounts} account(s), {} players, {} matches, R = {} req/s ...",
            options.workers, options.players, options.matches, options.rate
        );
        let run: Run = json(
            Command::new(release.join("examples/crawl_figures"))
                .arg("--halo")
                .arg(release.join("halo"))
                .args(["--workers", &options.workers.to_string()])
                .args(["--accounts", &accounts.to_string()])
                .args(["--players", &options.players.to_string()])
                .args(["--matches", &options.matches.to_string()])
                .args(["--rate", &options.rate.to_string()])
                .args(["--concurrency", &options.concurrency.to_string()]),
        )?;
        eprintln!(
            "crawl: {:.1} useful responses/s ({:.3} of {accounts} x R) in {:.1} s",
            run.useful_per_s, run.fraction, run.seconds
        );
        runs.push(run);
    }
    machine.finish();
    Ok(Report { machine, runs })
}

/// The readable table.
fn render(report: &Report) -> String {
    let mut out = String::new();
    let m = &report.machine;
    out.push_str(&format!(
        "machine: {} processors ({}), {:.1} GiB, load {:.1} -> {:.1}\n",
        m.nproc, m.cpu, m.memory_gib, m.load_average_start[0], m.load_average_end[0]
    ));
    out.push_str(
        "| workers / accounts | matches (players x history) | exactly once | useful/s | of accounts x R | goal | 429s | failed | wall |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in &report.runs {
        let met = if r.fraction >= 0.9 { "met" } else { "MISSED" };
        out.push_str(&format!(
            "| {} / {} | {} ({} x {}) | {} ({} stored, {} by workers) | {:.1} | {:.3} (R = {}) | >= 0.9: {met} | {} | {} | {:.1} s |\n",
            r.workers,
            r.accounts,
            r.matches_expected,
            r.players,
            r.history,
            if r.exactly_once { "yes" } else { "NO" },
            r.matches_stored,
            r.stored_by_workers,
            r.useful_per_s,
            r.fraction,
            r.rate,
            r.http_429,
            r.failed,
            r.seconds
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn defaults_quick_and_bad_arguments() {
        let o = Options::parse(&[]).unwrap();
        assert_eq!(
            (o.workers, o.players, o.matches, o.rate),
            (3, 50, 20_000, 40)
        );
        let o = Options::parse(&args(&["--quick", "--json", "--rate", "25"])).unwrap();
        assert!(o.json);
        assert_eq!((o.matches, o.rate), (2_000, 25));
        assert!(Options::parse(&args(&["--rate"])).is_err());
        assert!(Options::parse(&args(&["--rate", "0"])).is_err());
        assert!(Options::parse(&args(&["--fast"])).is_err());
    }
}
