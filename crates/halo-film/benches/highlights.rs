//! Criterion benchmark: decoding each captured highlight-events chunk (the chunks SPNKr's
//! reference script times, see `cargo xtask bench`).
#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn chunks() -> Vec<(String, u32, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../halo-models/captures/films");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zlib"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            let version = name.split('_').next().unwrap().parse().unwrap();
            (name, version, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn highlights(c: &mut Criterion) {
    let mut group = c.benchmark_group("highlights");
    let mut decoder = halo_film::Decoder::new();
    for (name, version, bytes) in chunks() {
        group.bench_function(name, |b| {
            b.iter(|| {
                decoder
                    .decode(black_box(&bytes), version)
                    .unwrap()
                    .events
                    .len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, highlights);
criterion_main!(benches);
