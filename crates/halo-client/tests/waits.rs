//! Waits on tokio's paused clock: a 429 with `Retry-After` never spends a catalog retry, the
//! call's deadline bounds every wait (the server's, the rate limiter's, a retry's), and each
//! wait is reported to the `on_wait` hook with its host and reason.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::fake::{Answer, Fake};
use halo_client::layers::{Wait, WaitHook, WaitReason};
use halo_client::{ErrorKind, RateLimit, Route};
use http::StatusCode;
use tokio::time::Instant;

const MATCH: &str = "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5";

fn match_stats(client: &halo_client::Client) -> halo_client::Call<serde_json::Value> {
    client
        .request(Route::by_id("Stats_GetMatchStats").unwrap())
        .path_param("matchId", MATCH)
}

fn recorder() -> (WaitHook, Arc<Mutex<Vec<Wait>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&waits);
    (
        WaitHook::new(move |wait| sink.lock().unwrap().push(wait.clone())),
        waits,
    )
}

#[tokio::test(start_paused = true)]
async fn retry_after_waits_do_not_spend_the_catalog_retries() {
    // Stats_GetMatchStats retries 14 times by its policy; 20 refusals with Retry-After are
    // waited out without spending any of them.
    let mut answers: Vec<Answer> = (0..20)
        .map(|_| Answer::status(429, "").header("retry-after", "2"))
        .collect();
    answers.push(Answer::ok(
        r#"{"MatchId":"ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5"}"#,
    ));
    let fake = Fake::script(answers);
    let (hook, waits) = recorder();
    let client = fake_client!(fake, rate_limit = RateLimit::Off, on_wait = hook);
    let started = Instant::now();
    let response = match_stats(&client).send_raw().await.unwrap();
    assert_eq!(response.attempts(), 21);
    assert_eq!(fake.count(), 21);
    assert!(started.elapsed() >= Duration::from_secs(40));
    // The budget was not touched either.
    assert_eq!(
        client.retry_budget().available(),
        halo_client::RetryBudget::DEFAULT_CAPACITY
    );
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), 20);
    assert!(
        waits
            .iter()
            .all(|wait| wait.reason == WaitReason::RetryAfter
                && wait.duration == Duration::from_secs(2)
                && wait.host == "halostats.svc.halowaypoint.com"
                && wait.endpoint == Some("Stats_GetMatchStats"))
    );
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_the_deadline_fails_at_once() {
    let fake = Fake::new(|_, _| Answer::status(429, "slow down").header("retry-after", "50"));
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::Off,
        deadline = Duration::from_secs(120)
    );
    let started = Instant::now();
    let error = match_stats(&client).send().await.unwrap_err();
    // Waits at 0 s and 50 s; the third (100 s + 50 s) would pass 120 s, so the call ends at
    // 100 s without sleeping.
    assert_eq!(fake.count(), 3);
    assert_eq!(started.elapsed(), Duration::from_secs(100));
    match error.kind() {
        ErrorKind::DeadlineExceeded {
            deadline,
            elapsed,
            wait,
        } => {
            assert_eq!(*deadline, Duration::from_secs(120));
            assert_eq!(*elapsed, Duration::from_secs(100));
            assert_eq!(*wait, Some(Duration::from_secs(50)));
        }
        other => panic!("{other:?}"),
    }
    // The last answer stays reachable.
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(
        error.to_string(),
        "Stats_GetMatchStats: gave up after 100 s: waiting 50 s more would pass the call's \
         deadline of 120 s: server answered 429 Too Many Requests: slow down"
    );

    // A request's own deadline overrides the client's.
    let error = match_stats(&client)
        .deadline(Duration::from_secs(10))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::DeadlineExceeded { wait: Some(_), .. }
    ));
    // The 429's `Retry-After` paused the client: the turn (50 s away) is past those 10 s, so
    // the request never left.
    assert_eq!(fake.count(), 3);
}

#[tokio::test(start_paused = true)]
async fn the_rate_limiter_waits_within_the_deadline() {
    // One request every 10 s.
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let (hook, waits) = recorder();
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::per_second(0.1),
        deadline = Duration::from_secs(30),
        on_wait = hook
    );
    let started = Instant::now();
    match_stats(&client).send_raw().await.unwrap();
    // The next turn is 10 s away: past a 5 s deadline, so that call fails at once.
    let error = match_stats(&client)
        .deadline(Duration::from_secs(5))
        .send_raw()
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert!(
        matches!(
            error.kind(),
            ErrorKind::DeadlineExceeded {
                wait: Some(wait),
                elapsed,
                ..
            } if *wait == Duration::from_secs(10) && elapsed.is_zero()
        ),
        "{error:?}"
    );
    assert_eq!(error.endpoint(), Some("Stats_GetMatchStats"));
    assert!(waits.lock().unwrap().is_empty());
    // Within the client's 30 s it waits its turn, and the wait is reported.
    match_stats(&client).send_raw().await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(10));
    assert_eq!(fake.count(), 2);
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert_eq!(waits[0].reason, WaitReason::RateLimit);
    assert_eq!(waits[0].duration, Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_429_without_retry_after_spends_a_retry() {
    let fake = Fake::new(|_, _| Answer::status(429, ""));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let error = client
        .request(Route::by_id("Stats_GetMatchCount").unwrap())
        .path_param("player", "xuid(1)")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RetriesExhausted { .. }),
        "{error}"
    );
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    let ErrorKind::RetriesExhausted { attempts, .. } = error.kind() else {
        unreachable!()
    };
    assert_eq!(*attempts as usize, fake.count());
}

#[tokio::test(start_paused = true)]
async fn a_waiter_is_reported_again_only_when_its_turn_moves_a_long_wait_later() {
    // One request a second; three at once: the first goes, the other two wait 1 s each.
    let fake = Fake::new(|_, _| Answer::ok("{}"));
    let (hook, waits) = recorder();
    let client = fake_client!(
        fake,
        rate_limit = RateLimit::per_second(1.0),
        on_wait = hook
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            match_stats(&client).send_raw().await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    // At 1 s one of them takes the turn; the other's turn moved 1 s later, not more than a
    // long wait: it is not reported again.
    assert_eq!(started.elapsed(), Duration::from_secs(2));
    {
        let waits = waits.lock().unwrap();
        assert_eq!(waits.len(), 2, "{waits:?}");
        assert!(
            waits.iter().all(|wait| wait.reason == WaitReason::RateLimit
                && wait.duration == Duration::from_secs(1)),
            "{waits:?}"
        );
    }

    // A request waiting for its turn (at 3 s) when a 5 s pause starts (at 2.5 s): its turn
    // moved 4.5 s later, and that wait is reported too.
    let clone = client.clone();
    let waiter = tokio::spawn(async move { match_stats(&clone).send_raw().await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    client.limiter().pause(Duration::from_secs(5));
    waiter.await.unwrap().unwrap();
    assert_eq!(started.elapsed(), Duration::from_millis(7500));
    assert_eq!(fake.count(), 4);
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), 4, "{waits:?}");
    assert_eq!(
        (waits[2].reason, waits[2].duration),
        (WaitReason::RateLimit, Duration::from_secs(1))
    );
    assert_eq!(
        (waits[3].reason, waits[3].duration),
        (WaitReason::RetryAfter, Duration::from_millis(4500))
    );
}
