//! Behaviour of the rate limiter and the retry layer that keeps data safe and the service
//! happy, on tokio's paused clock against an in-process fake transport: a write that timed out
//! is never sent twice, the retry budget refills, only a 429 pauses every clone, a pause is
//! never shortened, and the adaptive limiter settles inside a band around the server's limit
//! and recovers after a pause.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::fake::{Answer, Fake, limited_server};
use halo_client::layers::RetryLayer;
use halo_client::{
    ConnectReason, ErrorKind, PolicyOverride, RateLimit, RateLimiter, RetryBudget, Route,
};
use tokio::time::Instant;

const MATCH: &str = "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5";

fn match_stats(client: &halo_client::Client) -> halo_client::Call<serde_json::Value> {
    client
        .request(Route::by_id("Stats_GetMatchStats").unwrap())
        .path_param("matchId", MATCH)
}

/// `HIUGC_SpawnAsset` is a POST: it creates something on the server.
fn spawn_asset(client: &halo_client::Client) -> halo_client::Call<serde_json::Value> {
    client
        .request(Route::by_id("HIUGC_SpawnAsset").unwrap())
        .path_param("title", "hi")
        .path_param("assetType", "Maps")
}

/// Sends `call` with up to 3 retries of 2 s each to a server that answers after 60 s; the
/// requests the server saw.
async fn sent_after_timeouts(
    call: fn(&halo_client::Client) -> halo_client::Call<serde_json::Value>,
) -> usize {
    let fake = Fake::new(|_, _| Answer::ok("{}").delay(Duration::from_secs(60)));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = call(&client)
        .retry(
            PolicyOverride::new()
                .max_retries(3)
                .timeout(Duration::from_secs(2)),
        )
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    fake.count()
}

#[tokio::test(start_paused = true)]
async fn a_post_that_timed_out_is_not_sent_again() {
    // It may have reached the server: sending it again could create the asset twice.
    assert_eq!(sent_after_timeouts(spawn_asset).await, 1);
    // The same policy on a GET retries the timeout, but timeouts are connection-level
    // failures: at most `RetryLayer::MAX_CONNECTION_RETRIES` (2) retries of the policy's 3.
    assert_eq!(sent_after_timeouts(match_stats).await, 3);
}

#[tokio::test(start_paused = true)]
async fn a_post_refused_with_a_server_error_is_not_sent_again() {
    let fake = Fake::new(|_, _| Answer::status(503, ""));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = spawn_asset(&client)
        .retry(PolicyOverride::new().max_retries(3))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_retry_budget_refills_after_a_storm() {
    // Fail the first 7 requests (a storm), then answer.
    let fake = Fake::new(|_, index| {
        if index < 7 {
            Answer::status(500, "")
        } else {
            Answer::ok("{}")
        }
    });
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        retry_budget = RetryBudget::new(12)
    );
    for _ in 0..5 {
        let _ = match_stats(&client).send_raw().await;
    }
    // 12 tokens paid for 2 retries of 5.
    assert_eq!(fake.count(), 7);
    assert_eq!(client.retry_budget().available(), 2);
    // Each first-attempt success refunds one token, up to the capacity.
    for _ in 0..20 {
        match_stats(&client).send_raw().await.unwrap();
    }
    assert_eq!(client.retry_budget().available(), 12);
}

#[tokio::test(start_paused = true)]
async fn a_refilled_budget_pays_for_retries_again() {
    let fake = Fake::new(|_, index| match index {
        // A storm that empties the budget (5 first attempts, 1 retry of 5 tokens).
        0..=5 => Answer::status(500, ""),
        // A calm stretch: 10 first-attempt successes refund 10 tokens.
        6..=15 => Answer::ok("{}"),
        // One more failure: now retried, and the retry succeeds.
        16 => Answer::status(500, ""),
        _ => Answer::ok("{}"),
    });
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        retry_budget = RetryBudget::new(5)
    );
    for _ in 0..5 {
        let _ = match_stats(&client).send_raw().await;
    }
    assert_eq!(client.retry_budget().available(), 0);
    assert_eq!(fake.count(), 6);
    for _ in 0..10 {
        match_stats(&client).send_raw().await.unwrap();
    }
    assert_eq!(client.retry_budget().available(), 5);
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);
}

#[tokio::test(start_paused = true)]
async fn only_a_429_pauses_every_clone() {
    // A 503 with Retry-After: the retry waits, other clones do not.
    let fake = Fake::new(|_, index| {
        if index == 0 {
            Answer::status(503, "").header("retry-after", "5")
        } else {
            Answer::ok("{}")
        }
    });
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let clone = client.clone();
    let started = Instant::now();
    let first = tokio::spawn(async move { match_stats(&client).send_raw().await });
    tokio::time::sleep(Duration::from_millis(10)).await;
    let second = match_stats(&clone).send_raw().await.unwrap();
    assert_eq!(second.attempts(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(clone.limiter().paused_until().is_none());
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.attempts(), 2);
    assert!(started.elapsed() >= Duration::from_secs(5));

    // A 429 with Retry-After: every clone waits.
    let fake = Fake::new(|_, index| {
        if index == 0 {
            Answer::status(429, "").header("retry-after", "5")
        } else {
            Answer::ok("{}")
        }
    });
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let clone = client.clone();
    let started = Instant::now();
    let first = tokio::spawn(async move { match_stats(&client).send_raw().await });
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert!(clone.limiter().paused_until().is_some());
    match_stats(&clone).send_raw().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(5));
    first.await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_pause_is_extended_never_shortened_and_ends() {
    let limiter = RateLimiter::new(RateLimit::Off);
    assert_eq!(limiter.paused_until(), None);
    let started = Instant::now();
    limiter.pause(Duration::from_secs(10));
    assert_eq!(
        limiter.paused_until(),
        Some(started + Duration::from_secs(10))
    );
    limiter.pause(Duration::from_secs(1));
    assert_eq!(
        limiter.paused_until(),
        Some(started + Duration::from_secs(10))
    );
    limiter.pause(Duration::from_secs(20));
    assert_eq!(
        limiter.paused_until(),
        Some(started + Duration::from_secs(20))
    );
    // A clone shares the pause; a waiter wakes when it ends.
    let clone = limiter.clone();
    clone.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_secs(20));
    assert_eq!(limiter.paused_until(), None);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_without_retry_after_does_not_pause() {
    let limiter = RateLimiter::new(RateLimit::per_second(10.0));
    limiter.record(true, None);
    assert_eq!(limiter.paused_until(), None);
    // A fixed rate does not change on a refusal.
    assert_eq!(limiter.rate(), Some(10.0));
}

/// Runs 16 workers against `client` until `until`; returns the successes.
async fn load(client: &halo_client::Client, until: Instant) -> usize {
    let done = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..16 {
        let client = client.clone();
        let done = Arc::clone(&done);
        workers.push(tokio::spawn(async move {
            while Instant::now() < until {
                match_stats(&client).send_raw().await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    done.load(Ordering::Relaxed)
}

#[tokio::test(start_paused = true)]
async fn the_adaptive_rate_settles_in_a_band_under_the_server_limit_and_recovers() {
    for rate in [8.0, 20.0, 50.0] {
        let fake = limited_server(rate);
        let client = fake_client!(fake, rate_limit = RateLimit::adaptive());
        load(&client, Instant::now() + Duration::from_secs(30)).await;
        let settled = client.limiter().rate().unwrap();
        // Under the limit (the margin keeps it below), and not far under it (7.84, 19.23 and
        // 48.10 at 8, 20 and 50 per second).
        assert!(
            (0.95 * rate..=rate).contains(&settled),
            "rate {rate}: settled at {settled:.2}"
        );

        // A long pause (maintenance) and then the same load: back to the band within seconds,
        // without a storm of refusals.
        client.limiter().pause(Duration::from_secs(30));
        tokio::time::sleep(Duration::from_secs(31)).await;
        let before = fake.count();
        let started = Instant::now();
        let done = load(&client, started + Duration::from_secs(20)).await;
        let useful = done as f64 / started.elapsed().as_secs_f64();
        let refused = fake.count() - before - done;
        assert!(
            useful >= 0.9 * rate,
            "rate {rate}: {useful:.2}/s after a pause"
        );
        assert!(refused <= 5, "rate {rate}: {refused} refused after a pause");
        let settled = client.limiter().rate().unwrap();
        assert!(
            (0.95 * rate..=rate).contains(&settled),
            "rate {rate}: settled at {settled:.2} after a pause"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_adaptive_rate_grows_only_while_it_is_the_bottleneck() {
    // One caller sending one request a second never saturates a 5/s limiter: no growth.
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(fake, rate_limit = RateLimit::adaptive());
    for _ in 0..10 {
        match_stats(&client).send_raw().await.unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert_eq!(client.limiter().rate(), Some(5.0));

    // Saturated with no refusals, slow start doubles it every half second.
    load(&client, Instant::now() + Duration::from_millis(2_100)).await;
    let grown = client.limiter().rate().unwrap();
    assert!(grown >= 40.0, "grew to {grown:.2}");
}

/// A GET of match stats whose policy allows `retries` retries and never retries a 404.
fn match_stats_retrying(
    client: &halo_client::Client,
    retries: u32,
) -> halo_client::Call<serde_json::Value> {
    match_stats(client).retry(
        PolicyOverride::new()
            .max_retries(retries)
            .retry_if_not_found(false),
    )
}

#[tokio::test(start_paused = true)]
async fn an_unlimited_budget_never_runs_out() {
    let fake = Fake::new(|_, _| Answer::status(500, ""));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        retry_budget = RetryBudget::unlimited()
    );
    // 120 retries: more than the default budget's 100.
    for _ in 0..40 {
        let _ = match_stats_retrying(&client, 3).send_raw().await;
    }
    assert_eq!(fake.count(), 160);
    assert_eq!(client.retry_budget().available(), u32::MAX);
}

#[test]
fn a_retry_layer_draws_from_the_budget_it_was_given() {
    let layer = RetryLayer::with(
        PolicyOverride::default(),
        RetryBudget::new(7),
        Duration::from_secs(60),
    );
    assert_eq!(layer.budget().available(), 7);
    assert_eq!(
        RetryLayer::new().budget().available(),
        RetryBudget::DEFAULT_CAPACITY
    );
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_final_and_408_is_retried_for_gets_only() {
    // A 400 is the request's fault: sending it again cannot help.
    let fake = Fake::new(|_, _| Answer::status(400, "bad"));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = match_stats_retrying(&client, 3)
        .send_raw()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Status { status, .. } if *status == 400),
        "{error}"
    );
    assert_eq!(fake.count(), 1);

    // A 408 (the server timed out waiting) is retried on a GET...
    let fake = Fake::script(vec![Answer::status(408, "")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let response = match_stats_retrying(&client, 3).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);

    // ...and not on a POST.
    let fake = Fake::script(vec![Answer::status(408, "")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = spawn_asset(&client)
        .retry(PolicyOverride::new().max_retries(3))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::REQUEST_TIMEOUT));
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_single_attempt_failure_is_not_wrapped_as_exhausted_retries() {
    let fake = Fake::new(|_, _| Answer::status(500, ""));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = match_stats_retrying(&client, 0)
        .send_raw()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Status { status, .. } if *status == 500),
        "{error}"
    );
    assert_eq!(error.endpoint(), Some("Stats_GetMatchStats"));
    assert_eq!(fake.count(), 1);

    let error = match_stats_retrying(&client, 2)
        .send_raw()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 3, .. }
        ),
        "{error}"
    );
    assert_eq!(error.endpoint(), Some("Stats_GetMatchStats"));
    assert_eq!(fake.count(), 4);
}

#[tokio::test(start_paused = true)]
async fn unreadable_bodies_are_retried_for_gets_only_and_oversized_ones_never() {
    // An encoding the client cannot decode: the body was unreadable, try again.
    let unreadable = || Answer::ok("{}").header("content-encoding", "br");
    let fake = Fake::script(vec![unreadable()]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let response = match_stats_retrying(&client, 3).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);

    let fake = Fake::script(vec![unreadable()]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = spawn_asset(&client)
        .retry(PolicyOverride::new().max_retries(3))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Body { .. }), "{error}");
    assert_eq!(fake.count(), 1);

    // Larger than the cap: it would be as large again.
    let fake = Fake::new(|_, _| Answer::ok(&"x".repeat(100)));
    let client = fake_client!(fake, rate_limit = RateLimit::Off, max_response_bytes = 10);
    let error = match_stats_retrying(&client, 3)
        .send_raw()
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Body { .. }), "{error}");
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn connection_failures_are_retried_when_nothing_was_sent() {
    // Refused before a connection existed: even a POST may go again.
    let fake = Fake::script(vec![Answer::fail(ConnectReason::Refused)]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    spawn_asset(&client)
        .retry(PolicyOverride::new().max_retries(3))
        .send()
        .await
        .unwrap();
    assert_eq!(fake.count(), 2);

    // A TLS failure will fail the same way again, even for a GET.
    let fake = Fake::new(|_, _| Answer::fail(ConnectReason::Tls));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = match_stats_retrying(&client, 3)
        .send_raw()
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error}");
    assert_eq!(fake.count(), 1);

    // A host that refuses every time: the first attempt and
    // `RetryLayer::MAX_CONNECTION_RETRIES` retries, not the policy's 5.
    let fake = Fake::new(|_, _| Answer::fail(ConnectReason::Refused));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = match_stats_retrying(&client, 5)
        .send_raw()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 3, .. }
        ),
        "{error}"
    );
    assert_eq!(fake.count(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_exactly_the_bound_is_honoured() {
    // A 429 asking for the longest wait honoured (60 s by default).
    let fake = Fake::script(vec![Answer::status(429, "").header("retry-after", "60")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    let response = match_stats_retrying(&client, 0).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(started.elapsed(), Duration::from_secs(60));

    // A 503 asking for the same is honoured too; one second more is returned at once.
    let fake = Fake::script(vec![Answer::status(503, "").header("retry-after", "60")]);
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    let response = match_stats_retrying(&client, 1).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(started.elapsed(), Duration::from_secs(60));

    let fake = Fake::new(|_, _| Answer::status(503, "").header("retry-after", "61"));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let started = Instant::now();
    let error = match_stats_retrying(&client, 1)
        .send_raw()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(after) } if *after == Duration::from_secs(61)),
        "{error}"
    );
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(fake.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_wait_ending_exactly_at_the_deadline_is_taken() {
    let fake = Fake::script(vec![Answer::status(429, "").header("retry-after", "10")]);
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        deadline = Duration::from_secs(10)
    );
    let started = Instant::now();
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(started.elapsed(), Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_pause_is_over_at_its_exact_end() {
    let limiter = RateLimiter::new(RateLimit::Off);
    limiter.pause(Duration::from_secs(10));
    tokio::time::advance(Duration::from_millis(9_999)).await;
    assert!(limiter.paused_until().is_some());
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(limiter.paused_until(), None);
}

#[tokio::test(start_paused = true)]
async fn a_late_turn_keeps_the_schedule_and_an_idle_one_starts_it_again() {
    let limiter = RateLimiter::new(RateLimit::per_second(10.0));
    let started = Instant::now();
    limiter.acquire().await;
    // The next turn was at 100 ms; taken 99 ms late (a busy runtime), it keeps the schedule:
    // the turn after it is still at 200 ms, so the rate sent is the rate asked.
    tokio::time::advance(Duration::from_millis(199)).await;
    limiter.acquire().await;
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(200));
    // The turn at 300 ms taken a whole interval late: idle time, not lateness; the schedule
    // starts again from now (no burst to catch up).
    tokio::time::advance(Duration::from_millis(200)).await;
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(400));
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(500));
}

#[tokio::test(start_paused = true)]
async fn a_turn_exactly_at_the_deadline_is_taken() {
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::per_second(1.0),
        deadline = Duration::from_secs(1)
    );
    let started = Instant::now();
    match_stats(&client).send_raw().await.unwrap();
    // The next turn is at 1 s, the very end of this call's deadline: still in time.
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 1);
    assert_eq!(started.elapsed(), Duration::from_secs(1));
    assert_eq!(fake.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_fixed_rate_lets_its_burst_go_at_once_after_idle_time() {
    let limiter = RateLimiter::new(RateLimit::Fixed {
        per_second: 10.0,
        burst: 3,
    });
    let started = Instant::now();
    for _ in 0..3 {
        limiter.acquire().await;
    }
    assert_eq!(started.elapsed(), Duration::ZERO);
    // Then one turn every 100 ms.
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(100));
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(200));
    // After a second of idle time, the whole burst again.
    tokio::time::advance(Duration::from_secs(1)).await;
    for _ in 0..3 {
        limiter.acquire().await;
    }
    assert_eq!(started.elapsed(), Duration::from_millis(1200));
    limiter.acquire().await;
    assert_eq!(started.elapsed(), Duration::from_millis(1300));
}

#[tokio::test(start_paused = true)]
async fn a_rate_that_is_not_a_positive_number_means_no_limit() {
    for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let limiter = RateLimiter::new(RateLimit::per_second(rate));
        assert_eq!(limiter.rate(), None, "{rate}");
        let started = Instant::now();
        for _ in 0..100 {
            limiter.acquire().await;
        }
        assert_eq!(started.elapsed(), Duration::ZERO, "{rate}");
        // The adaptive mode starts at its default instead.
        let limiter = RateLimiter::new(RateLimit::Adaptive {
            initial_per_second: rate,
        });
        assert_eq!(limiter.rate(), Some(5.0), "{rate}");
    }
    // The slowest rate kept is one request every 10 s.
    let limiter = RateLimiter::new(RateLimit::per_second(0.01));
    assert_eq!(limiter.rate(), Some(0.1));
}
