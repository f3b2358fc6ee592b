//! Typed calls end to end, no network: for each of the 14 payloads of SPNKr's reference script
//! (`spnkr_decode.py`), a client over a transport that answers every request with that
//! payload's preloaded bytes, and `Call::any()` (the route by id, its path parameters filled)
//! run in a loop for `--seconds`. The figure is payload bytes per second, so it compares with
//! `halo-models`' `decode_figures` (the decode alone): the difference is the client's own cost
//! (request building, the tower stack, collecting the body).
//!
//! Beside it, the same program times the bare decode (`halo_models::decode`, what the call
//! decodes with) for another `--seconds` per file, interleaved with the calls in 10 slices of
//! each, so both see the same machine: their ratio (`fraction`) is the share of the decode's
//! speed a typed call keeps, free of the drift between separate programs run minutes apart.
//!
//! Usage: `cargo run --release -p halo-client --example decode_call_figures -- [CAPTURES]
//! [--seconds S] [--json] [--cpu-time]`
//!
//! `--cpu-time` divides by the time the thread spent on a CPU (Linux's
//! `/proc/thread-self/schedstat`) instead of the wall-clock time, as `decode_figures
//! --cpu-time` does, so that on a shared machine the figure does not count waits for a core.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]
#![allow(clippy::disallowed_methods)] // a figures program: it times real work with std::time::Instant

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bytes::Bytes;
use halo_client::{Client, Route};

#[path = "common/preloaded.rs"]
mod preloaded;
use preloaded::client_answering;

/// The reference script's files (endpoint directory / case), in its order.
const CASES: [&str; 14] = include!("../../halo-models/benches/common/spnkr_cases.rs");

/// A value of the right form for each path parameter of `route` (chosen once, outside the
/// timed loop: picking them is the program's work, not the client's).
fn params(route: &'static Route) -> Vec<(&'static str, &'static str)> {
    route
        .path_params()
        .map(|name| {
            let lower = name.to_ascii_lowercase();
            let player =
                lower.contains("player") || lower.contains("xuid") || lower.contains("gamertag");
            let value = if player {
                "xuid(2533274965035069)"
            } else {
                "a9dc0785-2a99-4fec-ba6e-0216feaaf041"
            };
            (name, value)
        })
        .collect()
}

/// One typed call of `route`, its path parameters filled with `params`.
async fn call(client: &Client, route: &'static Route, params: &[(&str, &str)]) -> bool {
    let mut request = client.request(route);
    for (name, value) in params {
        request = request.path_param(name, *value);
    }
    request.any().await.map(black_box).is_ok()
}

fn main() {
    let mut captures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../halo-models/captures");
    let mut seconds = 1.0_f64;
    let mut json = false;
    let mut cpu_time = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--cpu-time" => cpu_time = true,
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            other => captures = PathBuf::from(other),
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let budget = Duration::from_secs_f64(seconds);
    let (mut total_bytes, mut total_time) = (0u128, Duration::ZERO);
    let (mut bare_total_bytes, mut bare_total_time) = (0u128, Duration::ZERO);
    let mut rows = Vec::new();
    for case in CASES {
        let endpoint = case.split('/').next().unwrap_or(case);
        let route = Route::by_id(endpoint).unwrap_or_else(|| panic!("no route {endpoint}"));
        let body = Bytes::from(std::fs::read(captures.join("responses").join(case)).unwrap());
        let len = body.len();
        let client = client_answering(body.clone()).unwrap();
        let params = params(route);
        let (mut call_time, mut calls) = (Duration::ZERO, 0u128);
        let (mut bare_time, mut bares) = (Duration::ZERO, 0u128);
        runtime.block_on(async {
            if !call(&client, route, &params).await {
                eprintln!("{case}: the typed call failed");
                std::process::exit(1);
            }
            let slice = budget / SLICES;
            for _ in 0..SLICES {
                let (time, n) = timed(slice, cpu_time, async || {
                    call(&client, route, &params).await;
                })
                .await;
                (call_time, calls) = (call_time + time, calls + n);
                let (time, n) = timed(slice, cpu_time, async || {
                    let _ = black_box(halo_models::decode(endpoint, black_box(&body)));
                })
                .await;
                (bare_time, bares) = (bare_time + time, bares + n);
            }
        });
        let (decoded, bare_decoded) = (calls * len as u128, bares * len as u128);
        total_bytes += decoded;
        total_time += call_time;
        bare_total_bytes += bare_decoded;
        bare_total_time += bare_time;
        rows.push((
            case,
            len,
            decoded as f64 / call_time.as_secs_f64() / 1e6,
            bare_decoded as f64 / bare_time.as_secs_f64() / 1e6,
        ));
    }
    let overall = total_bytes as f64 / total_time.as_secs_f64() / 1e6;
    let bare = bare_total_bytes as f64 / bare_total_time.as_secs_f64() / 1e6;
    let fraction = overall / bare;
    if json {
        let rows: Vec<String> = rows
            .iter()
            .map(|(case, len, mbs, bare)| {
                format!(
                    "{{\"file\":\"{case}\",\"bytes\":{len},\"client_mb_per_s\":{mbs:.1},\
                     \"bare_mb_per_s\":{bare:.1}}}"
                )
            })
            .collect();
        println!(
            "{{\"rows\":[{}],\"overall\":{{\"client\":{overall:.1},\"bare\":{bare:.1},\
             \"fraction\":{fraction:.4}}}}}",
            rows.join(",")
        );
        return;
    }
    println!(
        "{:48} {:>9}  {:>10}  {:>10}  {:>8}",
        "file", "bytes", "call MB/s", "bare MB/s", "call/bare"
    );
    for (case, len, mbs, bare) in &rows {
        println!(
            "{case:48} {len:>9}  {mbs:>10.1}  {bare:>10.1}  {:>8.3}",
            mbs / bare
        );
    }
    println!(
        "overall typed call {overall:.1} MB/s, bare decode {bare:.1} MB/s, call/bare {fraction:.3}"
    );
}

/// Slices of each side per file, alternating.
const SLICES: u32 = 10;

/// Runs `work` in batches of 8 for `slice` (wall-clock), answering the time it took (on the
/// thread's CPU with `cpu_time`) and how many times it ran.
async fn timed(slice: Duration, cpu_time: bool, work: impl AsyncFn()) -> (Duration, u128) {
    let (mut n, start, on_cpu) = (0u128, Instant::now(), cpu_clock(cpu_time));
    while start.elapsed() < slice {
        for _ in 0..8 {
            work().await;
        }
        n += 8;
    }
    let time = match on_cpu {
        Some(before) => cpu_clock(true).unwrap_or(before).saturating_sub(before),
        None => start.elapsed(),
    };
    (time, n)
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
