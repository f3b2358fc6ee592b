//! Time-dependent behaviour of the stack on tokio's paused clock, against an in-process fake
//! transport: retry delays and policies, Retry-After, the shared rate limiter (fixed, off,
//! adaptive), timeouts, the retry budget, and single-flight token refresh.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use common::fake::{Answer, Fake, limited_server};
use halo_client::token::TokenFuture;
use halo_client::{
    ErrorKind, PolicyOverride, RateLimit, RetryBudget, Route, StaticTokens, TokenSource, Tokens,
};
use http::StatusCode;
use tokio::time::Instant;

const MATCH: &str = "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5";

fn match_stats(client: &halo_client::Client) -> halo_client::Call<serde_json::Value> {
    client
        .request(Route::by_id("Stats_GetMatchStats").unwrap())
        .path_param("matchId", MATCH)
}

#[tokio::test(start_paused = true)]
async fn fresh_match_404_is_retried_with_the_catalog_delays() {
    let fake = Fake::script(vec![
        Answer::status(404, ""),
        Answer::status(404, ""),
        Answer::ok(r#"{"MatchId":"ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5"}"#),
    ]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 3);
    assert_eq!(
        response.json::<serde_json::Value>().unwrap()["MatchId"],
        MATCH
    );
    // linearretry404retry: 2000 ms per retry plus up to 100 ms of jitter.
    let seen = fake.seen();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(2000) && gap <= Duration::from_millis(2100),
            "{gap:?}"
        );
    }
    assert!(started.elapsed() <= Duration::from_millis(4200));
}

#[tokio::test(start_paused = true)]
async fn a_404_is_final_where_the_policy_does_not_retry_it() {
    let fake = Fake::script(vec![Answer::status(404, r#"{"error":"no such player"}"#)]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = client
        .request(Route::by_id("Stats_GetMatchCount").unwrap())
        .path_param("player", "xuid(1)")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        error.body().unwrap(),
        &Bytes::from_static(br#"{"error":"no such player"}"#)
    );
    assert_eq!(error.endpoint(), Some("Stats_GetMatchCount"));
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_for_idempotent_requests_only() {
    let fake = Fake::new(|_, _| Answer::status(503, "busy"));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    // GET, linearretry: one retry, then RetriesExhausted with the last status.
    let error = match_stats(&client)
        .retry(PolicyOverride::new().retry_if_not_found(false))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 15, .. }
        ),
        "{error}"
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(fake.count(), 15);

    // POST: never retried after it may have reached the server.
    let fake = Fake::new(|_, _| Answer::status(503, "busy"));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = client
        .request(Route::by_id("Economy_PostCurrencyTransaction").unwrap())
        .path_param("player", "xuid(1)")
        .path_param("currencyId", "cr")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(fake.count(), 1);

    // A reset connection on a POST is not retried either; on a GET it is.
    let fake = Fake::script(vec![Answer::reset(), Answer::ok("{}")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = client
        .request(Route::by_id("HIUGC_SpawnAsset").unwrap())
        .path_param("title", "hi")
        .path_param("assetType", "maps")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect());
    assert_eq!(fake.count(), 1);
    let fake = Fake::script(vec![Answer::reset(), Answer::ok("{}")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);
}

#[tokio::test(start_paused = true)]
async fn per_client_and_per_request_overrides() {
    let fake = Fake::new(|_, _| Answer::status(500, ""));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        retry = PolicyOverride::new().max_retries(3).delay_scale(0.001)
    );
    let started = Instant::now();
    let error = match_stats(&client).send().await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::RetriesExhausted { attempts: 4, .. }
    ));
    // 2000 ms scaled to 2 ms (plus up to 0.1 ms of jitter) per retry.
    assert!(started.elapsed() < Duration::from_millis(10));
    let error = match_stats(&client)
        .retry(PolicyOverride::new().max_retries(0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(fake.count(), 5);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_pauses_every_clone() {
    let fake = Fake::script(vec![
        Answer::status(429, "").header("retry-after", "3"),
        Answer::ok("{}"),
        Answer::ok("{}"),
    ]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let clone = client.clone();
    let first = tokio::spawn(async move { match_stats(&client).send_raw().await });
    tokio::time::sleep(Duration::from_millis(10)).await;
    let second = tokio::spawn(async move { match_stats(&clone).send_raw().await });
    assert_eq!(first.await.unwrap().unwrap().attempts(), 2);
    assert_eq!(second.await.unwrap().unwrap().attempts(), 1);
    let seen = fake.seen();
    assert_eq!(seen.len(), 3);
    let start = seen[0].at;
    // Neither the retry nor the other clone's request went before the 3 s pause ended.
    assert!(seen[1].at - start >= Duration::from_secs(3));
    assert!(seen[2].at - start >= Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_bound_is_returned() {
    let fake = Fake::script(vec![
        Answer::status(429, "slow down").header("retry-after", "3600"),
    ]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = match_stats(&client).send().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn one_limiter_spaces_every_clone() {
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(fake);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            match_stats(&client).send_raw().await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let seen = fake.seen();
    assert_eq!(seen.len(), 10);
    // Default 5 per second: 200 ms apart.
    for pair in seen.windows(2) {
        assert_eq!(pair[1].at - pair[0].at, Duration::from_millis(200));
    }

    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(fake, rate_limit = RateLimit::per_second(40.0));
    let started = Instant::now();
    for _ in 0..41 {
        match_stats(&client).send_raw().await.unwrap();
    }
    assert_eq!(started.elapsed(), Duration::from_secs(1));

    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    for _ in 0..100 {
        match_stats(&client).send_raw().await.unwrap();
    }
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn adaptive_mode_converges_under_the_server_rate() {
    for rate in [8.0, 50.0] {
        let fake = limited_server(rate);
        let client = fake_client!(fake, rate_limit = RateLimit::adaptive());
        let done = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let deadline = started + Duration::from_secs(30);
        let mut workers = Vec::new();
        for _ in 0..16 {
            let client = client.clone();
            let done = Arc::clone(&done);
            workers.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    match_stats(&client).send_raw().await.unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        for worker in workers {
            worker.await.unwrap();
        }
        let elapsed = started.elapsed().as_secs_f64();
        let useful = done.load(Ordering::Relaxed) as f64 / elapsed;
        let refused = fake
            .seen()
            .len()
            .saturating_sub(done.load(Ordering::Relaxed));
        // The first seconds include slow start's overshoot and its pause; then it holds just
        // under the limit with no refusals.
        assert!(
            useful >= 0.9 * rate,
            "rate {rate}: {useful:.2}/s, {refused} refused"
        );
        assert!(refused <= 10, "rate {rate}: {refused} refused");
        let settled = client.limiter().rate().unwrap();
        eprintln!("rate {rate}: useful {useful:.2}/s, refused {refused}, settled {settled:.2}");
        assert!(
            (0.9 * rate..=rate).contains(&settled),
            "rate {rate}: settled at {settled:.2}"
        );
    }
}

/// A token source counting refreshes; tokens become `token-N` after N refreshes.
struct Counting {
    refreshes: AtomicUsize,
}

impl TokenSource for Counting {
    fn tokens(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let n = self.refreshes.load(Ordering::SeqCst);
            Tokens::new(&format!("token-{n}"), Some("clearance-1"))
        })
    }

    fn refresh<'a>(&'a self, _rejected: &'a Tokens) -> TokenFuture<'a> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let n = self.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
            Tokens::new(&format!("token-{n}"), Some("clearance-1"))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn expired_token_under_64_concurrent_requests_causes_one_refresh() {
    let fake = Fake::new(|request, _| {
        match request
            .headers()
            .get("x-343-authorization-spartan")
            .map(|v| v.to_str().unwrap())
        {
            Some("token-1") => Answer::ok("{}").delay(Duration::from_millis(5)),
            _ => Answer::status(401, "").delay(Duration::from_millis(5)),
        }
    });
    let source = Arc::new(Counting {
        refreshes: AtomicUsize::new(0),
    });
    struct Shared(Arc<Counting>);
    impl TokenSource for Shared {
        fn tokens(&self) -> TokenFuture<'_> {
            self.0.tokens()
        }
        fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a> {
            self.0.refresh(rejected)
        }
    }
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        tokens = Shared(Arc::clone(&source))
    );
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            match_stats(&client).send_raw().await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().status(), StatusCode::OK);
    }
    assert_eq!(source.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(fake.count(), 128);
}

#[tokio::test(start_paused = true)]
async fn headers_tokens_and_clearance() {
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        tokens = StaticTokens::new("v4=spartan", Some("flight-1")).unwrap(),
        user_agent = "halo-tests/1"
    );
    // Clearance-aware.
    client
        .request(Route::by_id("Skill_GetMatchResult").unwrap())
        .path_param("matchId", MATCH)
        .accept_language("fr-FR")
        .send_raw()
        .await
        .unwrap();
    // Not clearance-aware.
    match_stats(&client).send_raw().await.unwrap();
    // Anonymous.
    client
        .request(Route::by_id("GameCms_GetNotAllowedInTitleMessage").unwrap())
        .send_raw()
        .await
        .unwrap();
    let seen = fake.seen();
    let header = |i: usize, name: &str| {
        seen[i]
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        seen[0].path,
        format!("/skill.svc.halowaypoint.com/hi/matches/{MATCH}/skill")
    );
    assert_eq!(
        header(0, "x-343-authorization-spartan").as_deref(),
        Some("v4=spartan")
    );
    assert!(seen[0].headers["x-343-authorization-spartan"].is_sensitive());
    assert_eq!(header(0, "343-clearance").as_deref(), Some("flight-1"));
    assert_eq!(header(0, "accept-language").as_deref(), Some("fr-FR"));
    assert_eq!(header(0, "user-agent").as_deref(), Some("halo-tests/1"));
    assert_eq!(
        header(0, "accept-encoding").as_deref(),
        Some("gzip, deflate")
    );
    assert_eq!(
        header(1, "x-343-authorization-spartan").as_deref(),
        Some("v4=spartan")
    );
    assert_eq!(header(1, "343-clearance"), None);
    assert_eq!(header(2, "x-343-authorization-spartan"), None);

    // Static tokens refused: an auth error, no loop.
    let fake = Fake::new(|_, _| Answer::status(401, ""));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        tokens = StaticTokens::new("v4=old", None).unwrap()
    );
    let error = match_stats(&client).send().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Auth { .. }), "{error}");
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn attempts_time_out_by_policy() {
    let fake = Fake::new(|_, _| Answer::ok("{}").delay(Duration::from_secs(60)));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    let error = client
        .request(Route::by_id("Stats_GetMatchCount").unwrap())
        .path_param("player", "xuid(1)")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(matches!(
        error.kind(),
        ErrorKind::RetriesExhausted { attempts: 2, .. }
    ));
    // linearretry: 10 s per attempt, one retry after 50-60 ms.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(20_050) && elapsed <= Duration::from_millis(20_060),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_retry_budget_stops_a_storm() {
    let fake = Fake::new(|_, _| Answer::status(500, ""));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        retry_budget = RetryBudget::new(12)
    );
    for _ in 0..5 {
        let _ = match_stats(&client).send().await;
    }
    // 12 tokens pay for 2 retries of 5; afterwards every failure is returned at once.
    assert_eq!(fake.count(), 5 + 2);
    assert_eq!(client.retry_budget().available(), 2);
}
