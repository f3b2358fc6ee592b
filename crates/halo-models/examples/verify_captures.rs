//! Checks captured payloads against the models (run through `cargo xtask verify-captures`).
//!
//! Usage: `verify_captures PATH...` where PATH is a captures root (holding `responses/`), a
//! responses directory, an endpoint directory (its name is the endpoint id) or one file. Prints
//! one line per file, `lossless`, `lossless, N unknown paths: ...` (decoded and re-encoded
//! exactly, with fields the models do not know) or `error at PATH: ...` (did not decode, or did
//! not re-encode to the same JSON), then the three counts. Exits non-zero only on errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use halo_models::{UnknownPaths, decode, lossless};

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: verify_captures PATH...");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    let (mut lossless, mut with_unknown, mut errors) = (0usize, 0usize, 0usize);
    for arg in &args {
        if let Err(e) = collect(arg, &mut files) {
            println!("{}: error at .: cannot read: {e}", arg.display());
            errors += 1;
        }
    }
    for (endpoint, file) in &files {
        let verdict = check(endpoint, file);
        match &verdict {
            Verdict::Lossless => lossless += 1,
            Verdict::Unknown(_) => with_unknown += 1,
            Verdict::Error { .. } => errors += 1,
        }
        println!("{}: {verdict}", file.display());
    }
    println!(
        "{} files: {lossless} lossless, {with_unknown} lossless with unknown paths, {errors} errors",
        files.len()
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What became of one file.
enum Verdict {
    /// Decoded, every field known, re-encoded to exactly the same JSON.
    Lossless,
    /// Decoded and re-encoded exactly, with fields the models do not know (their paths).
    Unknown(Vec<String>),
    /// Did not decode, or did not re-encode to the same JSON.
    Error {
        /// The JSON path (`.` for the whole file).
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Lossless => f.write_str("lossless"),
            Self::Unknown(paths) => {
                write!(
                    f,
                    "lossless, {} unknown paths: {}",
                    paths.len(),
                    paths.join(", ")
                )
            }
            Self::Error { path, message } => write!(f, "error at {path}: {message}"),
        }
    }
}

fn error(path: &str, message: impl std::fmt::Display) -> Verdict {
    Verdict::Error {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

/// Adds `(endpoint id, file)` pairs under `path`.
fn collect(path: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        let endpoint = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((endpoint, path.to_path_buf()));
        return Ok(());
    }
    let responses = path.join("responses");
    if responses.is_dir() {
        return collect(&responses, out);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let endpoint = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "json") {
            out.push((endpoint.clone(), entry));
        }
    }
    Ok(())
}

/// The verdict on one file.
fn check(endpoint: &str, file: &Path) -> Verdict {
    if endpoint.is_empty() {
        return error(".", "no endpoint id (the file's directory names it)");
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return error(".", format!("cannot read: {e}")),
    };
    let response = match decode(endpoint, &bytes) {
        Ok(r) => r,
        // The message carries serde_json's line and column.
        Err(e) => return error(e.path(), &e),
    };
    let unknown = response.unknown_paths();
    let original: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return error(".", format!("not JSON: {e}")),
    };
    let back = match serde_json::to_value(&response) {
        Ok(back) => back,
        Err(e) => return error(".", format!("re-encoding failed: {e}")),
    };
    let diff = lossless::exact_differences(&original, &back, 5);
    if let Some(first) = diff.first() {
        return error(
            first,
            format!("re-encoding differs (at {})", diff.join(", ")),
        );
    }
    if unknown.is_empty() {
        Verdict::Lossless
    } else {
        Verdict::Unknown(unknown)
    }
}
