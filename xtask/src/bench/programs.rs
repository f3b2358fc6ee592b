//! The figure programs a sitting runs (release examples, the `halo` binary, SPNKr's scripts)
//! and the JSON each prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The example programs `cargo xtask bench` builds and runs, with their packages.
pub const EXAMPLES: [(&str, &str); 4] = [
    ("halo-models", "decode_figures"),
    ("halo-client", "decode_call_figures"),
    ("halo-client", "client_figures"),
    ("halo-film", "film_figures"),
];

/// Builds every program of a sitting in release mode, in one cargo run, so compiling never
/// overlaps a measurement.
///
/// # Errors
/// Cargo failing.
pub fn build(root: &Path) -> Result<(), String> {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .current_dir(root)
        .args(["build", "--release", "--quiet"]);
    for (package, _) in EXAMPLES {
        cargo.args(["-p", package]);
    }
    for (_, example) in EXAMPLES {
        cargo.args(["--example", example]);
    }
    cargo.args(["-p", "halo-cli", "--bin", "halo"]);
    let status = cargo.status().map_err(|e| format!("cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo build --release failed ({status})"))
    }
}

/// The release target folder (`CARGO_TARGET_DIR` or `target/`).
pub fn release_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("release")
}

/// Runs `command`, its standard error passed through, and parses its standard output as `T`.
///
/// # Errors
/// The program failing to start or exiting non-zero, or output that is not the expected JSON.
pub fn json<T: DeserializeOwned>(command: &mut Command) -> Result<T, String> {
    let name = command.get_program().to_string_lossy().into_owned();
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{name}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{name} failed ({})", output.status));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "{name}: unexpected output ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `decode_figures --json` (one decoder's column filled).
#[derive(Debug, Deserialize)]
pub struct DecodeFigures {
    /// One row per payload.
    pub rows: Vec<DecodeFiguresRow>,
    /// Total bytes over total time per decoder.
    pub overall: DecodeOverall,
}

/// A row of `decode_figures --json`.
#[derive(Debug, Deserialize)]
pub struct DecodeFiguresRow {
    /// `Endpoint/case.json`.
    pub file: String,
    /// Payload size.
    pub bytes: u64,
    /// Typed MB/s.
    pub typed_mb_per_s: f64,
    /// `Value` MB/s.
    pub value_mb_per_s: f64,
    /// `IgnoredAny` MB/s.
    pub ignored_any_mb_per_s: f64,
}

/// The overall line of `decode_figures --json` (null for a decoder left out by `--only`).
#[derive(Debug, Deserialize)]
pub struct DecodeOverall {
    /// Typed.
    pub typed: Option<f64>,
    /// `Value`.
    pub value: Option<f64>,
    /// `IgnoredAny`.
    pub ignored_any: Option<f64>,
}

/// `decode_call_figures --json`.
#[derive(Debug, Deserialize)]
pub struct CallFigures {
    /// One row per payload.
    pub rows: Vec<CallFiguresRow>,
    /// Overall.
    pub overall: CallOverall,
}

/// A row of `decode_call_figures --json`.
#[derive(Debug, Deserialize)]
pub struct CallFiguresRow {
    /// `Endpoint/case.json`.
    pub file: String,
    /// MB/s of payload through a typed call.
    pub client_mb_per_s: f64,
}

/// The overall line of `decode_call_figures --json`.
#[derive(Debug, Deserialize)]
pub struct CallOverall {
    /// MB/s of payload through a typed call.
    pub client: f64,
    /// The typed call's MB/s over the bare decode's, timed interleaved with the calls.
    pub fraction: f64,
}

/// A row of `film_figures --json`.
#[derive(Debug, Deserialize)]
pub struct FilmFigure {
    /// The chunk's file name.
    pub file: String,
    /// Events read.
    pub events: u64,
    /// Median ms of one decode.
    pub ms: f64,
    /// Median ms of the inflate alone.
    pub inflate_ms: f64,
}

/// `client_figures --json`.
#[derive(Debug, Deserialize)]
pub struct ClientFigures {
    /// Typed call over bare, median of the rounds' ratios.
    pub overhead_ratio: f64,
    /// Bare requests per second.
    pub bare_req_per_s: f64,
    /// Typed-call requests per second.
    pub stack_req_per_s: f64,
    /// The tower stack alone over bare (null when skipped).
    pub layers_ratio: Option<f64>,
    /// The run under a server limit.
    pub limited: Limited,
}

/// The `limited` object of `client_figures --json`.
#[derive(Debug, Deserialize)]
pub struct Limited {
    /// R.
    pub rate: f64,
    /// Useful responses per second.
    pub useful_per_s: f64,
    /// Useful responses per second over R.
    pub fraction: f64,
    /// Errors the callers saw.
    pub errors: u64,
    /// 429s the server sent.
    pub rate_limited_429s: u64,
}

/// `spnkr_decode.py --json`.
#[derive(Debug, Deserialize)]
pub struct SpnkrDecode {
    /// One row per payload.
    pub rows: Vec<SpnkrDecodeRow>,
    /// Total bytes over total time.
    pub overall_mb_per_s: f64,
}

/// A row of `spnkr_decode.py --json`.
#[derive(Debug, Deserialize)]
pub struct SpnkrDecodeRow {
    /// `Endpoint/case.json`.
    pub file: String,
    /// MB/s.
    pub mb_per_s: f64,
}

/// A row of `spnkr_film.py --json`.
#[derive(Debug, Deserialize)]
pub struct SpnkrFilm {
    /// The chunk's file name.
    pub file: String,
    /// Events read.
    pub events: u64,
    /// Milliseconds of one read.
    pub ms: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_the_programs_print() {
        let decode: DecodeFigures = serde_json::from_str(
            r#"{"rows":[{"file":"Stats_GetMatchStats/slayer.json","bytes":46262,"typed_mb_per_s":612.3,"value_mb_per_s":0.0,"ignored_any_mb_per_s":0.0}],"overall":{"typed":612.3,"value":null,"ignored_any":null}}"#,
        )
        .unwrap();
        assert_eq!(decode.rows[0].bytes, 46262);
        assert_eq!(decode.overall.value, None);
        let film: Vec<FilmFigure> = serde_json::from_str(
            r#"[{"file": "37_a.zlib", "events": 41, "ms": 0.1234, "inflate_ms": 0.0567}]"#,
        )
        .unwrap();
        assert_eq!(film[0].events, 41);
        let client: ClientFigures = serde_json::from_str(
            r#"{"overhead_ratio":0.9012,"bare_req_per_s":21000.0,"stack_req_per_s":19000.0,"layers_ratio":null,"limited":{"rate":20,"useful_per_s":19.500,"fraction":0.9750,"errors":0,"rate_limited_429s":2}}"#,
        )
        .unwrap();
        assert_eq!(client.layers_ratio, None);
        assert_eq!(client.limited.rate_limited_429s, 2);
        let spnkr: SpnkrDecode = serde_json::from_str(
            r#"{"rows": [{"file": "Stats_GetMatchStats/slayer.json", "bytes": 46262, "mb_per_s": 151.2, "us_per_decode": 305.9}], "overall_mb_per_s": 150.1}"#,
        )
        .unwrap();
        assert_eq!(spnkr.rows[0].mb_per_s, 151.2);
    }
}
