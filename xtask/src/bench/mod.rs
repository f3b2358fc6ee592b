//! `cargo xtask bench [--json] [--quick] [--seconds S] [--matches N] [--spnkr PYTHON]`: every
//! figure of `docs/BENCHMARKS.md` in one sitting. It builds the figure programs in release
//! mode first (so compiling never overlaps a measurement), then runs, one at a time:
//!
//! - decode throughput over `spnkr_decode.py`'s 14 payloads: `decode_figures` once per decoder
//!   (typed, `serde_json::Value`, `IgnoredAny`), each in a process of its own so one decoder's
//!   heap never slows another, and `decode_call_figures` (a typed halo-client call over a
//!   transport answering with the preloaded body);
//! - `film_figures` over `captures/films/` (median decode and inflate times per chunk);
//! - `client_figures` (the stack's overhead over a bare hyper-util client, and useful
//!   throughput under a server rate limit);
//! - `halo --offline sync` of 10,000 matches under GNU time;
//! - with `--spnkr PYTHON`, SPNKr's `spnkr_decode.py` and `spnkr_film.py` in the same sitting.
//!
//! The crawl figures (PostgreSQL, several `halo crawl` processes) are `cargo xtask bench-crawl`
//! ([`crawl`]).

pub mod crawl;
mod machine;
mod options;
mod programs;
mod report;
mod sync;
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use options::Options;
use programs::{
    CallFigures, ClientFigures, DecodeFigures, FilmFigure, SpnkrDecode, SpnkrFilm, json,
};
use report::{DecodeRow, FilmRow, RateLimited, Report, Settings};

/// Runs the command with its arguments (after `bench`).
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
                eprintln!("bench: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(report) => {
            print!("{}", table::render(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One sitting: build, then every figure in turn.
fn sitting(root: &Path, options: &Options) -> Result<Report, String> {
    let scripts = match &options.spnkr {
        Some(python) => Some((python.clone(), spnkr_scripts(root, options)?)),
        None => None,
    };
    eprintln!("building the figure programs (release) ...");
    programs::build(root)?;
    let mut machine = machine::Machine::read();
    let examples = programs::release_dir(root).join("examples");
    let captures = root.join("crates/halo-models/captures");
    let films = captures.join("films");
    let seconds = options.decode_seconds.to_string();

    let mut typed: Option<DecodeFigures> = None;
    let mut columns = Vec::new();
    for decoder in ["typed", "value", "ignored_any"] {
        eprintln!("decode: halo-models ({decoder}), {seconds} s per file ...");
        let figures: DecodeFigures = json(
            Command::new(examples.join("decode_figures"))
                .arg(&captures)
                .args(["--seconds", &seconds, "--json", "--only", decoder]),
        )?;
        if decoder == "typed" {
            typed = Some(figures);
        } else {
            columns.push(figures);
        }
    }
    let typed = typed.ok_or("no typed decode figures")?;
    eprintln!(
        "decode: a typed halo-client call over a preloaded transport, {seconds} s per file ..."
    );
    let call: CallFigures = json(
        Command::new(examples.join("decode_call_figures"))
            .arg(&captures)
            .args(["--seconds", &seconds, "--json"]),
    )?;
    // SPNKr right after ours, so both see the same load.
    let spnkr_decode: Option<SpnkrDecode> = match &scripts {
        Some((python, dir)) => {
            eprintln!("decode: SPNKr, {seconds} s per file ...");
            Some(json(
                Command::new(python)
                    .arg(dir.join("spnkr_decode.py"))
                    .arg(&captures)
                    .args(["--seconds", &seconds, "--json"]),
            )?)
        }
        None => None,
    };
    let missing = |what: &str, file: &str| format!("{what}: no figure for {file}");
    let column = |part: usize, file: &str, pick: fn(&programs::DecodeFiguresRow) -> f64| {
        columns
            .get(part)
            .and_then(|c| c.rows.iter().find(|r| r.file == file))
            .map(pick)
            .ok_or_else(|| missing("decode_figures", file))
    };
    let mut decode = Vec::new();
    for row in &typed.rows {
        decode.push(DecodeRow {
            file: row.file.clone(),
            bytes: row.bytes,
            mb_per_s: row.typed_mb_per_s,
            value_mb_per_s: column(0, &row.file, |r| r.value_mb_per_s)?,
            ignored_any_mb_per_s: column(1, &row.file, |r| r.ignored_any_mb_per_s)?,
            client_mb_per_s: call
                .rows
                .iter()
                .find(|r| r.file == row.file)
                .map(|r| r.client_mb_per_s)
                .ok_or_else(|| missing("decode_call_figures", &row.file))?,
            spnkr_mb_per_s: None,
            vs_spnkr: None,
        });
    }

    eprintln!("film: halo-film, {} s per chunk ...", options.film_seconds);
    let film: Vec<FilmFigure> = json(
        Command::new(examples.join("film_figures"))
            .arg(&films)
            .args(["--seconds", &options.film_seconds.to_string(), "--json"]),
    )?;
    let spnkr_film: Option<Vec<SpnkrFilm>> = match &scripts {
        Some((python, dir)) => {
            eprintln!("film: SPNKr (one read per chunk, as its script times it) ...");
            Some(json(
                Command::new(python)
                    .arg(dir.join("spnkr_film.py"))
                    .arg(&films)
                    .arg("--json"),
            )?)
        }
        None => None,
    };

    eprintln!(
        "client: overhead ({} rounds of {} s per side), then {} s under a server limit ...",
        options.rounds, options.overhead_seconds, options.limited_seconds
    );
    let mut client_command = Command::new(examples.join("client_figures"));
    client_command
        .arg("--json")
        .env("ROUNDS", options.rounds.to_string())
        .env("OVERHEAD_SECS", options.overhead_seconds.to_string())
        .env("LIMITED_SECS", options.limited_seconds.to_string())
        .env_remove("ONLY")
        .env_remove("AA_TEST")
        .env_remove("VERBOSE");
    if options.quick {
        client_command.env("TYPED_ONLY", "1");
    } else {
        client_command.env_remove("TYPED_ONLY");
    }
    let client: ClientFigures = json(&mut client_command)?;

    eprintln!(
        "sync: halo --offline sync of {} matches ...",
        options.matches
    );
    let halo = programs::release_dir(root).join("halo");
    let sync = sync::measure(&halo, options.matches)?;

    let mut report = Report {
        quick: options.quick,
        machine: machine.clone(),
        settings: Settings {
            decode_seconds: options.decode_seconds,
            film_seconds: options.film_seconds,
            rounds: options.rounds,
            overhead_seconds: options.overhead_seconds,
            limited_seconds: options.limited_seconds,
        },
        decode,
        decode_overall_mb_per_s: typed
            .overall
            .typed
            .ok_or("decode_figures: no typed figure")?,
        decode_value_overall_mb_per_s: columns
            .first()
            .and_then(|c| c.overall.value)
            .ok_or("decode_figures: no Value figure")?,
        decode_ignored_any_overall_mb_per_s: columns
            .get(1)
            .and_then(|c| c.overall.ignored_any)
            .ok_or("decode_figures: no IgnoredAny figure")?,
        decode_client_mb_per_s: call.overall.client,
        decode_client_fraction: call.overall.fraction,
        film: film
            .into_iter()
            .map(|f| FilmRow {
                file: f.file,
                events: f.events,
                ms: f.ms,
                inflate_ms: f.inflate_ms,
                spnkr_ms: None,
                spnkr_events: None,
                vs_spnkr: None,
            })
            .collect(),
        client_overhead_ratio: client.overhead_ratio,
        client_layers_ratio: client.layers_ratio,
        bare_req_per_s: client.bare_req_per_s,
        stack_req_per_s: client.stack_req_per_s,
        rate_limited_fraction: client.limited.fraction,
        rate_limited: RateLimited {
            rate: client.limited.rate,
            useful_per_s: client.limited.useful_per_s,
            errors: client.limited.errors,
            rate_limited_429s: client.limited.rate_limited_429s,
        },
        sync,
        spnkr: None,
    };

    if let (Some((python, _)), Some(decode), Some(film)) = (&scripts, spnkr_decode, spnkr_film) {
        report.add_spnkr(
            python.display().to_string(),
            &decode
                .rows
                .into_iter()
                .map(|r| (r.file, r.mb_per_s))
                .collect::<Vec<_>>(),
            decode.overall_mb_per_s,
            &film
                .into_iter()
                .map(|r| (r.file, r.events, r.ms))
                .collect::<Vec<_>>(),
        );
    }
    machine.finish();
    report.machine = machine;
    Ok(report)
}

/// The folder of SPNKr's scripts: `--spnkr-dir`, else the first `shared/bench` holding
/// `spnkr_decode.py` beside the repository or one of its ancestors (`../shared/bench` from
/// the main checkout). Checks that the interpreter imports spnkr.
fn spnkr_scripts(root: &Path, options: &Options) -> Result<PathBuf, String> {
    let dir = match &options.spnkr_dir {
        Some(dir) => dir.clone(),
        None => root
            .ancestors()
            .map(|a| a.join("shared/bench"))
            .find(|d| d.join("spnkr_decode.py").is_file())
            .ok_or("no shared/bench/spnkr_decode.py beside the repository; give --spnkr-dir")?,
    };
    for script in ["spnkr_decode.py", "spnkr_film.py"] {
        if !dir.join(script).is_file() {
            return Err(format!("{}: no {script}", dir.display()));
        }
    }
    let python = options.spnkr.as_deref().unwrap_or(Path::new("python3"));
    let imports = Command::new(python)
        .args(["-c", "import spnkr"])
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !imports.status.success() {
        return Err(format!(
            "{} cannot import spnkr; create it with: python3 -m venv $HOME/spnkr-venv && $HOME/spnkr-venv/bin/pip install spnkr==0.10.2",
            python.display()
        ));
    }
    Ok(dir)
}
