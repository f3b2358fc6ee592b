//! Client figures against halo-testkit on loopback (a figures program, not a timed test; run by
//! `cargo xtask bench`, or `cargo run --release -p halo-client --example client_figures --
//! [--json]`):
//!
//! 1. Overhead: requests per second through the full stack (rate limit off) versus a bare
//!    hyper-util client, same server, same concurrency. Each round builds a new client for
//!    each side (so new connections: how a pool's connections happen to spread over the
//!    runtime's workers otherwise biases a whole run), warms it for `WARM_SECS`, and measures
//!    the two back to back, alternating which goes first; the ratio is the median of the
//!    rounds' ratios. Many short rounds (40 of 0.3 s) read steadier than a few long ones on a
//!    shared machine: runs of the same binary agree within about 0.02 (AA_TEST: 0.98-1.00).
//!    The comparison is kept fair: the bare client sends the very request the stack sends
//!    (same URL, same headers in the same order: the Spartan token, `user-agent`, `accept`,
//!    `accept-encoding: gzip, deflate`, then `host`, which the stack sets itself and the bare
//!    client leaves to hyper-util, in the same place; the program checks this against the
//!    server's record and stops if they differ), over the same connector type (hyper-rustls' `HttpsConnector`
//!    over `HttpConnector` with the `rustls` feature, plain `HttpConnector` without) and the
//!    same pool settings, and collects the whole body. Each side's call is boxed alike.
//! 2. Under a server limit of R requests per second: useful responses per second over the
//!    run as a fraction of R, with the adaptive limiter and no tuning, and the errors the
//!    caller saw.
//!
//! Knobs (environment): `OVERHEAD_SECS` (per side per round, default 0.3), `ROUNDS` (default 40),
//! `WARM_SECS` (per side per round, default 0.1),
//! `CONCURRENCY` (default 32), `RATE` (default 20), `BURST` (server bucket, default = RATE),
//! `LIMITED_SECS` (default 30), `WORKERS` (default 16). `ONLY=stack` or `ONLY=bare` runs one
//! side of the overhead figure alone (for a profiler) and skips the second figure; `ONLY=layers`
//! runs the tower stack alone; `ONLY=limited` runs the second figure alone. The overhead figure is given twice: for a typed call
//! (`client.stats().match_count(..).send_raw()`, the headline), then for the tower stack alone
//! (`Client::stack` given a request built from the URL string, as the bare client's is);
//! `TYPED_ONLY=1` skips the second. `LIMITED_SECS=0` skips the limited figure. `VERBOSE=1`
//! prints every round; `AA_TEST=1` first runs the bare client against itself the same way (it
//! should read about 1.0: a check of the method, not of the client).
//!
//! `--json` prints the figures as one JSON object on standard output (`overhead_ratio`,
//! `bare_req_per_s`, `stack_req_per_s`, `layers_ratio`, `limited`) and the readable lines on
//! standard error; a figure that was skipped is `null`.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]
#![allow(clippy::disallowed_methods)] // a figures program: it times real work with std::time::Instant

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use halo_client::context::{RequestContext, RequestOptions};
use halo_client::transport::TransportConfig;
use halo_client::{BaseUrl, Client, RateLimit, Route, StaticTokens};
use halo_models::Xuid;
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, DEFAULT_XUID, TestServer};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tower::ServiceExt;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether `--json` was given: the readable lines then go to standard error.
static JSON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Prints one readable line (on standard error under `--json`).
macro_rules! say {
    ($($arg:tt)*) => {
        if *JSON.get().unwrap_or(&false) {
            eprintln!($($arg)*);
        } else {
            println!($($arg)*);
        }
    };
}

/// The figures of a run, printed as JSON under `--json`.
#[derive(Default)]
struct Figures {
    overhead_ratio: Option<f64>,
    bare_req_per_s: Option<f64>,
    stack_req_per_s: Option<f64>,
    layers_ratio: Option<f64>,
    /// Rate R, useful responses per second, fraction of R, errors, the server's 429s.
    limited: Option<(f64, f64, f64, u64, u64)>,
}

static FIGURES: Mutex<Figures> = Mutex::new(Figures {
    overhead_ratio: None,
    bare_req_per_s: None,
    stack_req_per_s: None,
    layers_ratio: None,
    limited: None,
});

fn main() {
    JSON.set(std::env::args().skip(1).any(|a| a == "--json"))
        .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let only = std::env::var("ONLY").ok();
    runtime.block_on(async {
        if only.as_deref() != Some("limited") {
            overhead().await;
        }
        if only.as_deref().is_none_or(|only| only == "limited") && env("LIMITED_SECS", 30.0) > 0.0 {
            limited().await;
        }
    });
    if *JSON.get().unwrap() {
        let f = FIGURES.lock().unwrap();
        let num = |v: Option<f64>| v.map_or("null".to_owned(), |v| format!("{v:.4}"));
        let limited = f.limited.map_or("null".to_owned(), |(rate, useful, fraction, errors, limited)| {
            format!(
                "{{\"rate\":{rate},\"useful_per_s\":{useful:.3},\"fraction\":{fraction:.4},\"errors\":{errors},\"rate_limited_429s\":{limited}}}"
            )
        });
        println!(
            "{{\"overhead_ratio\":{},\"bare_req_per_s\":{},\"stack_req_per_s\":{},\"layers_ratio\":{},\"limited\":{limited}}}",
            num(f.overhead_ratio),
            num(f.bare_req_per_s),
            num(f.stack_req_per_s),
            num(f.layers_ratio),
        );
    }
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

/// A bare call: a new bare hyper-util client (its own pool), shared behind one `Arc` as the
/// stack's `Client` is, so a call clones one reference count on both sides.
fn bare_call(url: &str) -> impl Fn() -> BoxedCall + Clone + Send + 'static {
    let bare = Arc::new(bare_client());
    let url: Arc<str> = Arc::from(url);
    move || {
        let bare = Arc::clone(&bare);
        let url = Arc::clone(&url);
        Box::pin(async move {
            let request = http::Request::get(&*url)
                .header("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN)
                .header("user-agent", USER_AGENT)
                .header("accept", "application/json")
                .header("accept-encoding", "gzip, deflate")
                .body(Full::new(Bytes::new()))
                .unwrap();
            let response = bare.request(request).await.unwrap();
            let ok = response.status().is_success();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            ok && !body.is_empty()
        })
    }
}

/// A new client of the testkit: static tokens, rate limit off, everything else by default.
fn new_client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap()
}

/// A call through a new client's full stack (its own pool), rate limit off.
fn stack_call(server: &TestServer) -> impl Fn() -> BoxedCall + Clone + Send + 'static {
    let client = new_client(server);
    move || {
        let client = client.clone();
        Box::pin(async move {
            let response = client
                .stats()
                .match_count(Xuid(DEFAULT_XUID))
                .send_raw()
                .await;
            response.is_ok_and(|r| !r.body().is_empty())
        })
    }
}

/// A call through the tower stack alone of a new client (its own pool), rate limit off: the
/// request is built from the URL string, as the bare client's is, with the route attached.
fn layers_call(server: &TestServer, url: &str) -> impl Fn() -> BoxedCall + Clone + Send + 'static {
    let stack = new_client(server).stack();
    let route = Route::by_id("Stats_GetMatchCount").unwrap();
    let url: Arc<str> = Arc::from(url);
    move || {
        let stack = stack.clone();
        let url = Arc::clone(&url);
        Box::pin(async move {
            let mut request = http::Request::get(&*url).body(Bytes::new()).unwrap();
            request
                .extensions_mut()
                .insert(RequestContext::new(route, RequestOptions::default()));
            let response = stack.oneshot(request).await;
            response.is_ok_and(|r| r.status().is_success() && !r.body().is_empty())
        })
    }
}

/// One call of either side, boxed alike so the harness costs both the same.
type BoxedCall = std::pin::Pin<Box<dyn Future<Output = bool> + Send>>;

/// Which side a run measures.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// A bare hyper-util client.
    Bare,
    /// A typed call: `client.stats().match_count(..).send_raw()`.
    Stack,
    /// The tower stack alone (`Client::stack`), given a request built from the URL string
    /// as the bare client is (plus the route, so the endpoint's policy applies).
    Layers,
}

/// Requests per second of `side` over `secs`, on a new client (and so new connections)
/// warmed for `warm` seconds first.
async fn measure(
    side: Side,
    server: &TestServer,
    url: &str,
    concurrency: usize,
    warm: f64,
    secs: f64,
) -> f64 {
    async fn warmed<F>(call: F, concurrency: usize, warm: f64, secs: f64) -> f64
    where
        F: Fn() -> BoxedCall + Clone + Send + 'static,
    {
        run(concurrency, warm, call.clone()).await;
        run(concurrency, secs, call).await
    }
    match side {
        Side::Bare => warmed(bare_call(url), concurrency, warm, secs).await,
        Side::Stack => warmed(stack_call(server), concurrency, warm, secs).await,
        Side::Layers => warmed(layers_call(server, url), concurrency, warm, secs).await,
    }
}

async fn overhead() {
    let secs: f64 = env("OVERHEAD_SECS", 0.3);
    let rounds: usize = env("ROUNDS", 40);
    let concurrency: usize = env("CONCURRENCY", 32);
    let warm: f64 = env("WARM_SECS", 0.1);
    let server = TestServer::start_without_env_faults().await.unwrap();
    let url = format!(
        "{}/halostats.svc.halowaypoint.com/hi/players/xuid({DEFAULT_XUID})/matches/count",
        server.base_url()
    );

    if let Ok(only) = std::env::var("ONLY") {
        // Profiling aid: one side only, so a profile (or `perf stat`) holds nothing else.
        let side = if only == "bare" {
            Side::Bare
        } else {
            Side::Stack
        };
        let call_secs = secs * rounds as f64;
        let rate = measure(side, &server, &url, concurrency, 0.5, call_secs).await;
        say!(
            "{only} only: {rate:.0} req/s, {:.0} requests after 0.5 s of warm-up",
            rate * call_secs
        );
        return;
    }
    // Check that both send the same request.
    measure(Side::Bare, &server, &url, concurrency, 0.0, 0.1).await;
    let bare_sent = last_request(&server);
    measure(Side::Stack, &server, &url, concurrency, 0.0, 0.1).await;
    let stack_sent = last_request(&server);
    say!("request sent by both (as the server recorded it, secrets redacted):");
    say!("  GET {}", stack_sent.0);
    for (name, value) in &stack_sent.1 {
        say!("  {name}: {value}");
    }
    assert_eq!(
        bare_sent, stack_sent,
        "the bare client must send the request the stack sends"
    );
    measure(Side::Layers, &server, &url, concurrency, 0.0, 0.1).await;
    assert_eq!(
        bare_sent,
        last_request(&server),
        "the stack alone must send the same request"
    );
    let pairs = |first: Side, second: Side| {
        let (server, url) = (&server, url.as_str());
        async move {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for round in 0..rounds {
                // Alternate which side goes first, so neither always follows the other.
                let (x, y) = if round % 2 == 0 {
                    (first, second)
                } else {
                    (second, first)
                };
                let rx = measure(x, server, url, concurrency, warm, secs).await;
                let ry = measure(y, server, url, concurrency, warm, secs).await;
                let (ra, rb) = if round % 2 == 0 { (rx, ry) } else { (ry, rx) };
                if std::env::var_os("VERBOSE").is_some() {
                    say!("  round {round}: {ra:.0} vs {rb:.0}");
                }
                a.push(ra);
                b.push(rb);
            }
            (a, b)
        }
    };
    if std::env::var_os("AA_TEST").is_some() {
        // Check of the method: the bare client against itself should read 1.0.
        let (a, b) = pairs(Side::Bare, Side::Bare).await;
        say!("A/A test (bare vs bare): {:.3}", median_ratio(&a, &b));
    }
    let (mut stack_rates, mut bare_rates) = pairs(Side::Stack, Side::Bare).await;
    let ratio = median_ratio(&stack_rates, &bare_rates);
    let bare = median(&mut bare_rates);
    let stack = median(&mut stack_rates);
    {
        let mut f = FIGURES.lock().unwrap();
        f.overhead_ratio = Some(ratio);
        f.bare_req_per_s = Some(bare);
        f.stack_req_per_s = Some(stack);
    }
    say!(
        "overhead: concurrency {concurrency}, {rounds} rounds of {secs} s per side, new clients each round, median"
    );
    say!("  bare hyper-util client : {bare:9.0} req/s");
    say!("  halo-client full stack : {stack:9.0} req/s");
    say!("  ratio stack / bare     : {ratio:9.3} (target >= 0.9; median of the rounds' ratios)");
    if std::env::var_os("TYPED_ONLY").is_none() {
        // The same for the tower stack alone, given a request built from the URL string as
        // the bare client's is: it splits the cost between the layers and building the
        // request from the typed call.
        let (mut layers_rates, mut bare_rates) = pairs(Side::Layers, Side::Bare).await;
        let ratio = median_ratio(&layers_rates, &bare_rates);
        FIGURES.lock().unwrap().layers_ratio = Some(ratio);
        say!("  (tower stack alone, request built from the URL, another {rounds} rounds)");
        say!(
            "  bare hyper-util client : {:9.0} req/s",
            median(&mut bare_rates)
        );
        say!(
            "  tower stack alone      : {:9.0} req/s",
            median(&mut layers_rates)
        );
        say!("  ratio stack / bare     : {ratio:9.3}");
    }
}

/// The median of the rounds' ratios `a / b`. Each round pairs the two runs back to back, so
/// a pair shares the machine's load; this is robust to load that changes between rounds,
/// which a ratio of two medians is not.
fn median_ratio(a: &[f64], b: &[f64]) -> f64 {
    let mut ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
    median(&mut ratios)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

const USER_AGENT: &str = concat!("halo-client/", env!("CARGO_PKG_VERSION"));

/// A bare hyper-util client with the stack's connector type and pool settings.
#[cfg(feature = "rustls")]
fn bare_client() -> HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .unwrap()
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(http_connector());
    pooled().build(connector)
}

/// A bare hyper-util client with the stack's connector type and pool settings.
#[cfg(not(feature = "rustls"))]
fn bare_client() -> HyperClient<HttpConnector, Full<Bytes>> {
    pooled().build(http_connector())
}

fn http_connector() -> HttpConnector {
    let config = TransportConfig::default();
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(config.connect_timeout));
    http.set_nodelay(true);
    http.enforce_http(false);
    http
}

fn pooled() -> hyper_util::client::legacy::Builder {
    let config = TransportConfig::default();
    let mut builder = HyperClient::builder(TokioExecutor::new());
    builder
        .pool_idle_timeout(config.pool_idle_timeout)
        .pool_max_idle_per_host(config.pool_max_idle_per_host)
        .pool_timer(TokioTimer::new());
    builder
}

/// The last request the server recorded: path with query, and headers in arrival order.
fn last_request(server: &TestServer) -> (String, Vec<(String, String)>) {
    let request = server.requests().pop().unwrap();
    let query = request.query.map(|q| format!("?{q}")).unwrap_or_default();
    (
        format!("{}{}{query}", request.host, request.path),
        request.headers,
    )
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
    if std::env::var_os("VERBOSE").is_some() {
        // The limiter's rate and the useful responses, every half second.
        let client = client.clone();
        let useful = Arc::clone(&useful);
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(500)).await;
                say!(
                    "  {:5.1} s: limiter {:7.2} req/s, {:5} useful",
                    started.elapsed().as_secs_f64(),
                    client.limiter().rate().unwrap_or(f64::NAN),
                    useful.load(Ordering::Relaxed)
                );
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let useful = useful.load(Ordering::Relaxed) as f64;
    let stats = server.stats();
    let errors_seen = errors.load(Ordering::Relaxed);
    FIGURES.lock().unwrap().limited = Some((
        rate,
        useful / elapsed,
        useful / elapsed / rate,
        errors_seen,
        stats.rate_limited,
    ));
    say!(
        "under a server limit: R = {rate} req/s (bucket {burst}), {workers} workers, adaptive limiter, {elapsed:.1} s"
    );
    say!("  useful responses/s     : {:9.2}", useful / elapsed);
    say!(
        "  fraction of R          : {:9.3} (target >= 0.95)",
        useful / elapsed / rate
    );
    say!(
        "  errors surfaced        : {:9}",
        errors.load(Ordering::Relaxed)
    );
    say!("  429s from the server   : {:9}", stats.rate_limited);
    say!(
        "  limiter settled at     : {:9.2} req/s",
        client.limiter().rate().unwrap_or(f64::NAN)
    );
}
