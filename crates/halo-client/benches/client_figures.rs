//! Client figures against halo-testkit on loopback (a figures program, not a timed test):
//!
//! 1. Overhead: requests per second through the full stack (rate limit off) versus a bare
//!    hyper-util client, same server, same concurrency. Rounds alternate to share the noise.
//! 2. Under a server limit of R requests per second: useful responses per second over the
//!    run as a fraction of R, with the adaptive limiter and no tuning, and the errors the
//!    caller saw.
//!
//! Knobs (environment): `OVERHEAD_SECS` (per round, default 3), `ROUNDS` (default 4),
//! `CONCURRENCY` (default 32), `RATE` (default 20), `BURST` (server bucket, default = RATE),
//! `LIMITED_SECS` (default 30), `WORKERS` (default 16).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use halo_client::{BaseUrl, Client, RateLimit, StaticTokens};
use halo_models::Xuid;
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, DEFAULT_XUID, TestServer};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        overhead().await;
        limited().await;
    });
}

/// Runs `concurrency` workers calling `call` for `secs`; returns completed requests per second.
async fn run<F, Fut>(concurrency: usize, secs: f64, call: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let call = call.clone();
        let done = Arc::clone(&done);
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                assert!(call().await, "request failed");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

async fn overhead() {
    let secs: f64 = env("OVERHEAD_SECS", 3.0);
    let rounds: usize = env("ROUNDS", 4);
    let concurrency: usize = env("CONCURRENCY", 32);
    let server = TestServer::builder()
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let url = format!(
        "{}/halostats.svc.halowaypoint.com/hi/players/xuid({DEFAULT_XUID})/matches/count",
        server.base_url()
    );

    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let bare: HyperClient<HttpConnector, Full<Bytes>> = HyperClient::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build(connector);
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap();

    let bare_call = {
        let url = url.clone();
        move || {
            let bare = bare.clone();
            let url = url.clone();
            async move {
                let request = http::Request::get(url.as_str())
                    .header("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN)
                    .header("accept", "application/json")
                    .body(Full::new(Bytes::new()))
                    .unwrap();
                let response = bare.request(request).await.unwrap();
                let ok = response.status().is_success();
                let body = response.into_body().collect().await.unwrap().to_bytes();
                ok && !body.is_empty()
            }
        }
    };
    let stack_call = move || {
        let client = client.clone();
        async move {
            let response = client
                .stats()
                .match_count(Xuid(DEFAULT_XUID))
                .send_raw()
                .await;
            response.is_ok_and(|r| !r.body().is_empty())
        }
    };

    // Warm both pools.
    run(concurrency, 0.5, bare_call.clone()).await;
    run(concurrency, 0.5, stack_call.clone()).await;
    let mut bare_rates = Vec::new();
    let mut stack_rates = Vec::new();
    for _ in 0..rounds {
        bare_rates.push(run(concurrency, secs, bare_call.clone()).await);
        stack_rates.push(run(concurrency, secs, stack_call.clone()).await);
    }
    let median = |rates: &mut Vec<f64>| {
        rates.sort_by(f64::total_cmp);
        rates[rates.len() / 2]
    };
    let bare = median(&mut bare_rates);
    let stack = median(&mut stack_rates);
    println!("overhead: concurrency {concurrency}, {rounds} rounds of {secs} s each, median");
    println!("  bare hyper-util client : {bare:9.0} req/s");
    println!("  halo-client full stack : {stack:9.0} req/s");
    println!(
        "  ratio stack / bare     : {:9.3} (target >= 0.9)",
        stack / bare
    );
}

async fn limited() {
    let rate: f64 = env("RATE", 20.0);
    let burst: u32 = env("BURST", rate.round() as u32);
    let secs: f64 = env("LIMITED_SECS", 30.0);
    let workers: usize = env("WORKERS", 16);
    let server = TestServer::builder()
        .rate_limit(halo_testkit::RateLimit::new(rate, burst.max(1)))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::adaptive())
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap();
    let useful = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let client = client.clone();
        let useful = Arc::clone(&useful);
        let errors = Arc::clone(&errors);
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                match client
                    .stats()
                    .match_count(Xuid(DEFAULT_XUID))
                    .send_raw()
                    .await
                {
                    Ok(_) => useful.fetch_add(1, Ordering::Relaxed),
                    Err(_) => errors.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let useful = useful.load(Ordering::Relaxed) as f64;
    let stats = server.stats();
    println!(
        "under a server limit: R = {rate} req/s (bucket {burst}), {workers} workers, adaptive limiter, {elapsed:.1} s"
    );
    println!("  useful responses/s     : {:9.2}", useful / elapsed);
    println!(
        "  fraction of R          : {:9.3} (target >= 0.95)",
        useful / elapsed / rate
    );
    println!(
        "  errors surfaced        : {:9}",
        errors.load(Ordering::Relaxed)
    );
    println!("  429s from the server   : {:9}", stats.rate_limited);
    println!(
        "  limiter settled at     : {:9.2} req/s",
        client.limiter().rate().unwrap_or(f64::NAN)
    );
}
