//! Criterion benchmark: decoding the 14 payloads of SPNKr's reference script
//! (`spnkr_decode.py`) into the typed models, into `serde_json::Value`, and through a
//! validation-only pass (`serde::de::IgnoredAny`). Throughput is reported per file and for all 14
//! files decoded back to back. `cargo xtask bench --spnkr PYTHON` prints the SPNKr-comparable figures.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CASES: [&str; 14] = include!("common/spnkr_cases.rs");

fn load() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
    CASES
        .iter()
        .map(|case| {
            let endpoint = case.split('/').next().unwrap();
            (*case, endpoint, std::fs::read(root.join(case)).unwrap())
        })
        .collect()
}

fn typed(endpoint: &str, bytes: &[u8]) {
    black_box(halo_models::decode(endpoint, bytes).unwrap());
}

fn value(_: &str, bytes: &[u8]) {
    black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
}

fn ignored(_: &str, bytes: &[u8]) {
    black_box(serde_json::from_slice::<serde::de::IgnoredAny>(bytes).unwrap());
}

type Decoder = fn(&str, &[u8]);

const DECODERS: [(&str, Decoder); 3] =
    [("typed", typed), ("value", value), ("ignored_any", ignored)];

fn per_file(c: &mut Criterion) {
    for (case, endpoint, bytes) in load() {
        let mut group = c.benchmark_group(case);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for (name, decoder) in DECODERS {
            group.bench_function(name, |b| b.iter(|| decoder(endpoint, black_box(&bytes))));
        }
        group.finish();
    }
}

fn all_files(c: &mut Criterion) {
    let files = load();
    let total: usize = files.iter().map(|(_, _, b)| b.len()).sum();
    let mut group = c.benchmark_group("all_14_files");
    group.throughput(Throughput::Bytes(total as u64));
    for (name, decoder) in DECODERS {
        group.bench_function(name, |b| {
            b.iter(|| {
                for (_, endpoint, bytes) in &files {
                    decoder(endpoint, black_box(bytes));
                }
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    targets = per_file, all_files
}
criterion_main!(benches);
