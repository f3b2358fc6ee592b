//! A token-bucket rate limit per caller token.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::RateLimit;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Buckets of every caller seen so far.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    /// Takes one request from `key`'s bucket; `Err(wait)` when empty.
    pub(crate) fn check(
        &mut self,
        limit: RateLimit,
        key: &str,
        now: Instant,
    ) -> Result<(), Duration> {
        let burst = f64::from(limit.burst.max(1));
        let rate = if limit.per_second > 0.0 {
            limit.per_second
        } else {
            f64::MIN_POSITIVE
        };
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / rate).min(3600.0);
            Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::from_secs(1)))
        }
    }
}

/// `Retry-After` seconds for a wait (rounded up, at least 1).
pub(crate) fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let mut limiter = Limiter::default();
        let limit = RateLimit::new(2.0, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(limit, "a", t0).is_ok());
        }
        let wait = limiter.check(limit, "a", t0).unwrap_err();
        assert_eq!(retry_after_secs(wait), 1);
        assert!(
            limiter.check(limit, "b", t0).is_ok(),
            "buckets are per token"
        );
        assert!(
            limiter
                .check(limit, "a", t0 + Duration::from_millis(600))
                .is_ok()
        );
    }
}
