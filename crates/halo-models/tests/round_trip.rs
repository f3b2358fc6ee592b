//! Every captured payload is a test: it decodes with its endpoint's model, knows every field, and
//! re-encodes to the same JSON value.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use halo_models::{UnknownPaths, decode, lossless};

fn captures() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let endpoint = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "json") {
                out.push((endpoint.clone(), file));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_capture_decodes_and_round_trips() {
    let files = captures();
    assert!(files.len() >= 130, "only {} captures found", files.len());
    let mut failures = Vec::new();
    for (endpoint, file) in &files {
        let bytes = std::fs::read(file).unwrap();
        let response = match decode(endpoint, &bytes) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        assert_eq!(response.endpoint_id(), endpoint);
        let unknown = response.unknown_paths();
        if !unknown.is_empty() {
            failures.push(format!("{}: unknown {unknown:?}", file.display()));
        }
        let original: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let reencoded = serde_json::to_value(&response).unwrap();
        let diff = lossless::exact_differences(&original, &reencoded, 5);
        if !diff.is_empty() {
            failures.push(format!(
                "{}: re-encoding differs at {diff:?}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
