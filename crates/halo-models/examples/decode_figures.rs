//! Decode throughput figures on the same 14 payloads as SPNKr's reference script
//! (`spnkr_decode.py`): typed models, `serde_json::Value`, and a validation-only pass
//! (`serde::de::IgnoredAny`). Each (file, decoder) pair runs for `--seconds` (default 1); the
//! overall figure is total bytes over total time, as the reference script computes it.
//!
//! Usage: `cargo run --release -p halo-models --example decode_figures -- [CAPTURES] [--seconds S]
//! [--json] [--only typed|value|ignored_any] [--case SUBSTRING] [--cpu-time] [--count N]`
//!
//! `--count N` decodes each file exactly N times instead of for `--seconds`: a fixed amount of
//! work for instruction counters (`valgrind --tool=callgrind`), whose totals compare two builds
//! (run it with N and 2N and subtract, to leave out the program's start).
//!
//! `--cpu-time` divides by the time the thread spent on a CPU (Linux's
//! `/proc/thread-self/schedstat`) instead of the wall-clock time, so that on a machine shared
//! with other work the figure does not count the time the decoder waited for a core.
#![allow(clippy::disallowed_methods)] // a figures program: it times real work with std::time::Instant

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The reference script's files (endpoint directory / case), in its order.
const CASES: [&str; 14] = include!("../benches/common/spnkr_cases.rs");

type Decoder = fn(&str, &[u8]) -> bool;

const DECODERS: [(&str, Decoder); 3] = [
    ("typed", |endpoint, bytes| {
        halo_models::decode(endpoint, bytes).map(black_box).is_ok()
    }),
    ("value", |_, bytes| {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .map(black_box)
            .is_ok()
    }),
    ("ignored_any", |_, bytes| {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
            .map(black_box)
            .is_ok()
    }),
];

fn main() {
    let mut captures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("captures");
    let mut seconds = 1.0_f64;
    let mut json = false;
    let mut cpu_time = false;
    let mut only: Option<String> = None;
    let mut case_filter: Option<String> = None;
    let mut count: Option<u128> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--cpu-time" => cpu_time = true,
            "--only" => only = args.next(),
            "--case" => case_filter = args.next(),
            "--count" => count = args.next().and_then(|s| s.parse().ok()),
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            other => captures = PathBuf::from(other),
        }
    }
    let budget = Duration::from_secs_f64(seconds);
    let mut rows = Vec::new();
    let mut totals = [(0u128, Duration::ZERO); 3];
    for case in CASES {
        if case_filter.as_deref().is_some_and(|f| !case.contains(f)) {
            continue;
        }
        let endpoint = case.split('/').next().unwrap_or(case);
        let bytes = match std::fs::read(captures.join("responses").join(case)) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{case}: {e}");
                std::process::exit(1);
            }
        };
        let mut figures = [0.0_f64; 3];
        for (i, (name, decoder)) in DECODERS.iter().enumerate() {
            if only.as_deref().is_some_and(|o| o != *name) {
                continue;
            }
            if !decoder(endpoint, &bytes) {
                eprintln!("{case}: {name} decode failed");
                std::process::exit(1);
            }
            let (mut n, start, on_cpu) = (0u128, Instant::now(), cpu_clock(cpu_time));
            match count {
                Some(count) => {
                    for _ in 0..count {
                        decoder(endpoint, black_box(&bytes));
                    }
                    n = count;
                }
                None => {
                    while start.elapsed() < budget {
                        for _ in 0..8 {
                            decoder(endpoint, black_box(&bytes));
                        }
                        n += 8;
                    }
                }
            }
            let elapsed = match on_cpu {
                Some(before) => cpu_clock(true).unwrap_or(before).saturating_sub(before),
                None => start.elapsed(),
            };
            let decoded = n * bytes.len() as u128;
            figures[i] = decoded as f64 / elapsed.as_secs_f64() / 1e6;
            totals[i].0 += decoded;
            totals[i].1 += elapsed;
        }
        rows.push((case, bytes.len(), figures));
    }
    let overall: Vec<f64> = totals
        .iter()
        .map(|(b, t)| *b as f64 / t.as_secs_f64() / 1e6)
        .collect();
    if json {
        // A decoder left out by `--only` has no overall figure: `null`, not NaN (not JSON).
        let overall: Vec<String> = overall
            .iter()
            .map(|f| {
                if f.is_finite() {
                    format!("{f:.1}")
                } else {
                    "null".to_owned()
                }
            })
            .collect();
        let rows: Vec<String> = rows
            .iter()
            .map(|(case, len, f)| {
                format!(
                    "{{\"file\":\"{case}\",\"bytes\":{len},\"typed_mb_per_s\":{:.1},\"value_mb_per_s\":{:.1},\"ignored_any_mb_per_s\":{:.1}}}",
                    f[0], f[1], f[2]
                )
            })
            .collect();
        println!(
            "{{\"rows\":[{}],\"overall\":{{\"typed\":{},\"value\":{},\"ignored_any\":{}}}}}",
            rows.join(","),
            overall[0],
            overall[1],
            overall[2]
        );
        return;
    }
    println!(
        "{:48} {:>9}  {:>12} {:>12} {:>12}",
        "file", "bytes", "typed MB/s", "Value MB/s", "Ignored MB/s"
    );
    for (case, len, f) in &rows {
        println!(
            "{case:48} {len:>9}  {:>12.1} {:>12.1} {:>12.1}",
            f[0], f[1], f[2]
        );
    }
    println!(
        "overall typed {:.1} MB/s, Value {:.1} MB/s, IgnoredAny {:.1} MB/s; typed / Value = {:.2}",
        overall[0],
        overall[1],
        overall[2],
        overall[0] / overall[1]
    );
}

/// The time this thread has spent on a CPU, when `wanted` (exits if Linux does not say).
fn cpu_clock(wanted: bool) -> Option<Duration> {
    if !wanted {
        return None;
    }
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok();
    let nanos = stat
        .as_deref()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    match nanos {
        Some(nanos) => Some(Duration::from_nanos(nanos)),
        None => {
            eprintln!("--cpu-time needs /proc/thread-self/schedstat (Linux)");
            std::process::exit(2);
        }
    }
}
