//! The adaptive rate limiter's rules, one at a time, on tokio's paused clock: the answers a
//! server gives are fed to a shared [`RateLimiter`] at exact instants, and the rate it settles
//! on is checked against the value each rule gives. Slow start doubles the rate every half
//! second it is the bottleneck; a refusal cuts it to 90%, or to 98% of what the server accepted
//! since the last refusal (the refused request's partial token counted), never counting what
//! was answered during a pause or across an idle stretch; the steady increase is 2% a second,
//! never past 98% of the rate refused until two minutes have passed.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use halo_client::{RateLimit, RateLimiter};
use tokio::time::{Instant, advance};

fn adaptive(initial_per_second: f64) -> RateLimiter {
    RateLimiter::new(RateLimit::Adaptive { initial_per_second })
}

/// The limiter's rate, which must be `expected` (to the nanosecond its interval is kept in).
#[track_caller]
fn assert_rate(limiter: &RateLimiter, expected: f64) {
    let rate = limiter.rate().unwrap();
    assert!(
        (rate - expected).abs() <= expected * 1e-6,
        "rate {rate}, expected {expected}"
    );
}

fn refused(limiter: &RateLimiter) {
    limiter.record(true, None);
}

fn accepted(limiter: &RateLimiter) {
    limiter.record(false, None);
}

/// A caller sending as fast as the limiter lets it until `until`, every request accepted at
/// once; each rate the limiter moves to, with when (since `start`).
async fn saturate(limiter: &RateLimiter, start: Instant, until: Instant) -> Vec<(Duration, f64)> {
    let mut changes = Vec::new();
    let mut rate = limiter.rate().unwrap();
    while Instant::now() < until {
        limiter.acquire().await;
        accepted(limiter);
        let now_rate = limiter.rate().unwrap();
        if now_rate != rate {
            rate = now_rate;
            changes.push((start.elapsed(), rate));
        }
    }
    changes
}

#[tokio::test(start_paused = true)]
async fn slow_start_doubles_the_rate_every_half_second_it_is_the_bottleneck() {
    let limiter = adaptive(10.0);
    let start = Instant::now();
    let changes = saturate(&limiter, start, start + Duration::from_secs(2)).await;
    // Each epoch starts at the success that ended the last one, and the answer that completes
    // half a second doubles the rate (10/s: 100 ms apart, so exactly at 0.5 s, and so on).
    let expected = [(500, 20.0), (1000, 40.0), (1500, 80.0), (2000, 160.0)];
    assert_eq!(changes.len(), expected.len(), "{changes:?}");
    for (&(at, rate), (millis, expected)) in changes.iter().zip(expected) {
        assert_eq!(at, Duration::from_millis(millis), "{changes:?}");
        assert!((rate - expected).abs() <= expected * 1e-6, "{changes:?}");
    }
    // The first refusal ends slow start: 90% of the rate refused.
    refused(&limiter);
    assert_rate(&limiter, 144.0);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_cuts_the_rate_to_90_percent() {
    let limiter = adaptive(10.0);
    // The first refusal ends slow start, keeping the last rate that went without one: the
    // initial rate here.
    refused(&limiter);
    assert_rate(&limiter, 10.0);
    // Two refusals at the same instant both count (no pause: each is a request of its own).
    refused(&limiter);
    assert_rate(&limiter, 9.0);
    // 100 ms after the last is too short a window to measure the server: 90% again.
    advance(Duration::from_millis(100)).await;
    refused(&limiter);
    assert_rate(&limiter, 8.1);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_cuts_the_rate_to_98_percent_of_what_the_server_accepted_since_the_last() {
    let limiter = adaptive(10.0);
    refused(&limiter);
    // 9 successes in the next 2 s: an unsaturated limiter does not change its rate on them.
    for _ in 0..9 {
        advance(Duration::from_millis(200)).await;
        accepted(&limiter);
    }
    assert_rate(&limiter, 10.0);
    advance(Duration::from_millis(200)).await;
    refused(&limiter);
    // The server accepted 9 requests and the refused one's partial token in 2 s: 5/s, and
    // 98% of that is under 90% of 10.
    assert_rate(&limiter, 4.9);
}

#[tokio::test(start_paused = true)]
async fn answers_during_a_pause_are_not_measured_and_its_end_is() {
    let limiter = adaptive(10.0);
    let start = Instant::now();
    limiter.record(true, Some(Duration::from_secs(1)));
    assert_eq!(limiter.paused_until(), Some(start + Duration::from_secs(1)));
    assert_rate(&limiter, 10.0);
    // Answers to requests sent before the refusal, arriving during its pause.
    advance(Duration::from_millis(300)).await;
    accepted(&limiter);
    advance(Duration::from_millis(300)).await;
    accepted(&limiter);
    // The first answer at the pause's very end, and one more.
    advance(Duration::from_millis(400)).await;
    accepted(&limiter);
    advance(Duration::from_millis(500)).await;
    accepted(&limiter);
    advance(Duration::from_millis(500)).await;
    refused(&limiter);
    // Since the first refusal (2 s, its pause included): 2 successes and the partial token,
    // 1.5/s, and 98% of it.
    assert_rate(&limiter, 1.47);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_of_a_request_sent_before_the_pause_does_not_cut_again() {
    let limiter = adaptive(10.0);
    let start = Instant::now();
    refused(&limiter);
    limiter.record(true, Some(Duration::from_secs(1)));
    assert_rate(&limiter, 9.0);
    // Another request in flight is refused during the pause: the pause grows, the rate stays.
    advance(Duration::from_millis(500)).await;
    limiter.record(true, Some(Duration::from_secs(1)));
    assert_eq!(
        limiter.paused_until(),
        Some(start + Duration::from_millis(1500))
    );
    assert_rate(&limiter, 9.0);
}

/// The rate after a refusal at 0 s, two successes at `gap` and half a second later, and a
/// refusal another half second later, with an initial rate of `initial`.
async fn cut_after_a_gap(initial: f64, gap: Duration) -> f64 {
    let limiter = adaptive(initial);
    refused(&limiter);
    advance(gap).await;
    accepted(&limiter);
    advance(Duration::from_millis(500)).await;
    accepted(&limiter);
    advance(Duration::from_millis(500)).await;
    refused(&limiter);
    limiter.rate().unwrap()
}

#[tokio::test(start_paused = true)]
async fn an_idle_stretch_is_not_measured_as_the_server_rate() {
    let close = |rate: f64, expected: f64| (rate - expected).abs() <= expected * 1e-6;
    // At 2/s a gap is idle time from four intervals (2 s) on. Shorter, or exactly that, and
    // the window runs from the refusal: 2 successes and the partial token in 2.5 s, 1.2/s.
    let rate = cut_after_a_gap(2.0, Duration::from_millis(1500)).await;
    assert!(close(rate, 0.98 * 1.2), "{rate}");
    let rate = cut_after_a_gap(2.0, Duration::from_secs(2)).await;
    assert!(close(rate, 0.98 * 1.0), "{rate}");
    // Longer: the window starts at the first success after it, 3 in 1 s, 3/s, and 90% of 2
    // is lower.
    let rate = cut_after_a_gap(2.0, Duration::from_secs(3)).await;
    assert!(close(rate, 1.8), "{rate}");
    // At 5/s four intervals are 0.8 s, but a gap is idle only from 1 s on: 2 s is idle, the
    // window is 1 s long (3/s), not 3 s (1/s).
    let rate = cut_after_a_gap(5.0, Duration::from_secs(2)).await;
    assert!(close(rate, 0.98 * 3.0), "{rate}");
}

#[tokio::test(start_paused = true)]
async fn the_rate_creeps_up_2_percent_a_second_under_the_refused_rate_for_two_minutes() {
    let limiter = adaptive(10.0);
    let start = Instant::now();
    // Refused at 10/s, twice: 9/s, and 10/s is the ceiling for two minutes.
    refused(&limiter);
    refused(&limiter);
    assert_rate(&limiter, 9.0);
    let changes = saturate(&limiter, start, start + Duration::from_secs(125)).await;
    // 2% a second while the limiter is the bottleneck, up to 98% of 10/s.
    let expected = [9.18, 9.3636, 9.550_872, 9.741_889_44, 9.8];
    for (&(_, rate), expected) in changes.iter().zip(expected) {
        assert!((rate - expected).abs() <= expected * 1e-6, "{changes:?}");
    }
    let mut previous = Duration::ZERO;
    for &(at, _) in &changes[..5] {
        assert!(at - previous >= Duration::from_secs(1), "{changes:?}");
        assert!(at - previous < Duration::from_millis(1200), "{changes:?}");
        previous = at;
    }
    // Then it holds until the refusal is two minutes old, and creeps up again.
    let (at, rate) = changes[5];
    assert!(
        at >= Duration::from_secs(120) && at < Duration::from_millis(121_200),
        "{changes:?}"
    );
    assert!((rate - 9.8 * 1.02).abs() <= 1e-5, "{changes:?}");
    assert!(changes.len() >= 8, "{changes:?}");
}

#[tokio::test(start_paused = true)]
async fn a_refused_rate_is_forgotten_exactly_two_minutes_later() {
    for (age, grown) in [
        (Duration::from_millis(119_999), 10.0),
        (Duration::from_secs(120), 10.2),
    ] {
        let limiter = adaptive(10.0);
        let start = Instant::now();
        // Refused at 10/s: the rate stays, and may not pass 9.8 for two minutes.
        refused(&limiter);
        // Idle until a second before `age`, then a whole second as the bottleneck.
        advance(age - Duration::from_secs(1)).await;
        accepted(&limiter);
        limiter.acquire().await;
        limiter.acquire().await;
        tokio::time::sleep_until(start + age).await;
        accepted(&limiter);
        assert_rate(&limiter, grown);
    }
}
