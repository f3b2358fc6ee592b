//! A fixed amount of work for valgrind, to count what a typed call costs beside its decode:
//! `decode` runs `halo_models::decode` of one payload N times; `call` runs N typed calls
//! (`Call::any()`, the payload preloaded in the transport, as `decode_call_figures` does), each
//! of which decodes the same payload once. The difference of two runs' totals, divided by N, is
//! one call's own cost: instructions under callgrind, and under cachegrind's simulated caches
//! the cache misses the call adds to the decode it sits beside.
//!
//! ```sh
//! cargo build --release -p halo-client --example call_footprint
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/call_footprint decode 300
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/call_footprint call 300
//! ```
//!
//! Usage: `call_footprint decode|call [N (default 300)] [CASE (default
//! Stats_GetMatchStats/slayer.json)]`, CASE under `crates/halo-models/captures/responses/`.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::hint::black_box;
use std::path::PathBuf;

use bytes::Bytes;
use halo_client::Route;

#[path = "common/preloaded.rs"]
mod preloaded;
use preloaded::client_answering;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    if mode != "decode" && mode != "call" {
        eprintln!("usage: call_footprint decode|call [N] [CASE]");
        std::process::exit(2);
    }
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(300);
    let case = args
        .next()
        .unwrap_or_else(|| "Stats_GetMatchStats/slayer.json".to_owned());
    let endpoint = case.split('/').next().unwrap_or_default().to_owned();
    let route = Route::by_id(&endpoint).unwrap_or_else(|| panic!("no route {endpoint}"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../halo-models/captures/responses")
        .join(&case);
    let body = Bytes::from(std::fs::read(path).unwrap());
    let client = client_answering(body.clone()).unwrap();
    let params: Vec<&'static str> = route.path_params().collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        for _ in 0..n {
            let ok = if mode == "decode" {
                halo_models::decode(&endpoint, black_box(&body)).is_ok()
            } else {
                let mut request = client.request(route);
                for name in &params {
                    request = request.path_param(name, "a9dc0785-2a99-4fec-ba6e-0216feaaf041");
                }
                request.any().await.is_ok()
            };
            assert!(black_box(ok), "{case} did not decode");
        }
    });
}
