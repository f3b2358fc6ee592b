//! Every way a connection fails is named, with the host, over real sockets on 127.0.0.1:
//! refused, DNS (an unresolvable `.invalid` name), TLS (https spoken to a plain-HTTP port), an
//! unsupported scheme (`ftp://`), and a host that accepts but never answers (timeouts). A dead
//! host fails within the first attempt's timeout plus a few retries, and says how long it took.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // wire tests run in real time (STYLE 14) and read the real clocks

use std::time::{Duration, Instant};

use halo_client::{
    BaseUrl, Client, ConnectReason, Error, ErrorKind, PolicyOverride, RateLimit, Route,
    StaticTokens,
};
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, TestServer};

const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";

fn client(root: &str, retry: PolicyOverride) -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root(root))
        .rate_limit(RateLimit::Off)
        .retry(retry)
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap()
}

/// Match stats: policy `linearretry404retry`, 14 retries by the catalog.
async fn match_stats(client: &Client) -> Error {
    client
        .request(Route::by_id("Stats_GetMatchStats").unwrap())
        .path_param("matchId", SLAYER)
        .send()
        .await
        .unwrap_err()
}

fn reason(error: &Error) -> Option<ConnectReason> {
    error.connect_reason()
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn a_refused_connection_is_named_and_retried_twice_only() {
    let port = closed_port();
    let client = client(
        &format!("http://127.0.0.1:{port}"),
        PolicyOverride::new().delay_scale(0.01),
    );
    let error = match_stats(&client).await;
    assert_eq!(reason(&error), Some(ConnectReason::Refused), "{error}");
    // 1 attempt + 2 connection retries, though the policy allows 14.
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 3, .. }
        ),
        "{error}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with("Stats_GetMatchStats: gave up after 3 attempts in "),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            " s: cannot connect to 127.0.0.1:{port}: connection refused"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn an_unresolvable_host_is_a_dns_failure() {
    let client = client(
        "http://halo-client-test.invalid",
        PolicyOverride::new().delay_scale(0.01),
    );
    let error = match_stats(&client).await;
    assert_eq!(reason(&error), Some(ConnectReason::Dns), "{error}");
    assert!(
        error
            .to_string()
            .contains("cannot connect to halo-client-test.invalid: DNS lookup failed"),
        "{error}"
    );
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_a_tls_failure_not_retried() {
    let server = TestServer::start_without_env_faults().await.unwrap();
    let root = server.base_url().replacen("http://", "https://", 1);
    let client = client(&root, PolicyOverride::new());
    let started = Instant::now();
    let error = match_stats(&client).await;
    assert_eq!(reason(&error), Some(ConnectReason::Tls), "{error}");
    // Never retried: a TLS failure does not go away by asking again.
    assert!(matches!(error.kind(), ErrorKind::Connect { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let authority = root.trim_start_matches("https://");
    assert!(
        error.to_string().starts_with(&format!(
            "Stats_GetMatchStats: cannot connect to {authority}: TLS handshake failed"
        )),
        "{error}"
    );
}

#[tokio::test]
async fn a_bad_scheme_is_named_before_any_io() {
    let client = client("ftp://127.0.0.1:1", PolicyOverride::new());
    let error = match_stats(&client).await;
    assert_eq!(reason(&error), Some(ConnectReason::UnsupportedScheme));
    assert!(matches!(error.kind(), ErrorKind::Connect { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "Stats_GetMatchStats: cannot connect to ftp://127.0.0.1:1: unsupported URL scheme \
         (only http and https)"
    );
}

#[tokio::test]
async fn a_host_that_never_answers_times_out_quickly() {
    // Accepts connections (the kernel does) and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = client(
        &format!("http://127.0.0.1:{port}"),
        PolicyOverride::new()
            .timeout(Duration::from_millis(200))
            .delay_scale(0.01),
    );
    let started = Instant::now();
    let error = match_stats(&client).await;
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error}");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 3, .. }
        ),
        "{error}"
    );
    // Three 200 ms attempts and two 20 ms delays, not the policy's fifteen attempts.
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert!(
        error
            .to_string()
            .ends_with(&format!("no answer from 127.0.0.1:{port} within 0.2 s")),
        "{error}"
    );
    drop(listener);
}
