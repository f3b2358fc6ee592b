//! Checks captured payloads against the models (run through `cargo xtask verify-captures`).
//!
//! Usage: `verify_captures PATH...` where PATH is a captures root (holding `responses/`), a
//! responses directory, an endpoint directory (its name is the endpoint id) or one file. Prints
//! one line per file: `lossless`, the JSON paths the model does not know, or the decode error with
//! its JSON path. Exits 0 only when every file decoded losslessly.

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
    for arg in &args {
        if let Err(e) = collect(arg, &mut files) {
            println!("{}: cannot read: {e}", arg.display());
            files.push((String::new(), arg.clone()));
        }
    }
    let (mut ok, mut failed) = (0usize, 0usize);
    for (endpoint, file) in &files {
        if endpoint.is_empty() {
            failed += 1;
            continue;
        }
        let verdict = check(endpoint, file);
        let good = verdict == "lossless";
        println!("{}: {verdict}", file.display());
        if good {
            ok += 1;
        } else {
            failed += 1;
        }
    }
    println!("{ok} lossless, {failed} failed");
    if failed == 0 && ok > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
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

/// `lossless`, or what is wrong with one file.
fn check(endpoint: &str, file: &Path) -> String {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return format!("cannot read: {e}"),
    };
    let response = match decode(endpoint, &bytes) {
        Ok(r) => r,
        Err(e) => return format!("decode error: {e}"),
    };
    let unknown = response.unknown_paths();
    if !unknown.is_empty() {
        return format!("unknown JSON paths: {}", unknown.join(", "));
    }
    let original: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return format!("not JSON: {e}"),
    };
    match serde_json::to_value(&response) {
        Ok(back) => {
            let diff = lossless::differences(&original, &back, 5);
            if diff.is_empty() {
                "lossless".to_owned()
            } else {
                format!("re-encoding differs at: {}", diff.join(", "))
            }
        }
        Err(e) => format!("re-encoding failed: {e}"),
    }
}
