//! Prints how long decoding each highlight-events chunk of a folder takes, for
//! `cargo xtask bench` to set beside SPNKr's figures.
//!
//! Usage: `film_figures DIR [--seconds S] [--json]`. The film major version is the number that
//! starts each file name (`37_<matchId>.zlib`). Each chunk is decoded repeatedly for about
//! `S` seconds (default 0.3, at least 20 times) after a warm-up, and the median time of one
//! decode is reported, with the median time of its zlib inflate alone (the same one-shot
//! inflate into a reused buffer that the decoder does), so the parse's own share is visible.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // a figures program: it times real work with std::time::Instant

use std::path::PathBuf;
use std::time::{Duration, Instant};

use flate2::{Decompress, FlushDecompress, Status};

fn main() {
    let mut dir = PathBuf::from(".");
    let mut json = false;
    let mut seconds = 0.3_f64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            other => dir = PathBuf::from(other),
        }
    }
    let budget = Duration::from_secs_f64(seconds);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zlib"))
        .collect();
    files.sort();
    let mut decoder = halo_film::Decoder::new();
    let mut rows = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let version: u32 = name.split('_').next().unwrap().parse().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let events = decoder.decode(&bytes, version).unwrap().events.len();
        let ms = median_ms(budget, || {
            let n = decoder
                .decode(std::hint::black_box(&bytes), version)
                .unwrap()
                .events
                .len();
            assert_eq!(n, events);
        });
        let mut out = Vec::with_capacity(bytes.len() * 16);
        let inflate_ms = median_ms(budget, || {
            out.clear();
            let status = Decompress::new(true)
                .decompress_vec(
                    std::hint::black_box(&bytes),
                    &mut out,
                    FlushDecompress::Finish,
                )
                .unwrap();
            assert_eq!(
                status,
                Status::StreamEnd,
                "{name}: inflated past 16 times its size"
            );
        });
        rows.push((name, events, ms, inflate_ms));
    }
    if json {
        let items: Vec<String> = rows
            .iter()
            .map(|(f, e, ms, inflate)| {
                format!(
                    "{{\"file\": \"{f}\", \"events\": {e}, \"ms\": {ms:.4}, \"inflate_ms\": {inflate:.4}}}"
                )
            })
            .collect();
        println!("[{}]", items.join(", "));
    } else {
        for (f, e, ms, inflate) in rows {
            println!("{f:52} {e:5} events {ms:9.3} ms (inflate {inflate:9.3} ms)");
        }
    }
}

/// The median time of one call of `f` in milliseconds, over calls for about `budget` (at least
/// 20), after one warm-up call.
fn median_ms(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 20 {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}
