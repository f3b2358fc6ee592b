//! Helpers shared by the integration tests: where the captured chunks are, and reading them.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;

/// `crates/halo-models/captures`.
pub fn captures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../halo-models/captures")
}

/// Every captured chunk: (file stem, film major version, compressed bytes), sorted by name.
pub fn chunks() -> Vec<(String, u32, Vec<u8>)> {
    let dir = captures().join("films");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zlib"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
            let version = stem.split('_').next().unwrap().parse().unwrap();
            (stem, version, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The 6-event sample chunk (version 37), compressed.
pub fn sample() -> Vec<u8> {
    std::fs::read(captures().join("films/37_highlight_events_sample.zlib")).unwrap()
}

/// The reference decoder's events for a chunk.
pub fn expected(stem: &str) -> serde_json::Value {
    let path = captures().join(format!("films/expected/{stem}.events.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}
