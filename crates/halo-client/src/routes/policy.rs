//! Retry policies as the service's catalog defines them, and user overrides of them.

use std::time::Duration;

/// One retry policy of the catalog (`RetryPolicies` in the settings document).
///
/// The delay before retry `n` (1-based) is `delay * growth^(n-1)` plus a uniform jitter in
/// `0..=jitter`, capped at [`RetryPolicy::MAX_DELAY`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// The catalog's policy id (`linearretry404retry`), or the id of the policy it overrides.
    pub id: &'static str,
    /// Timeout of one attempt.
    pub timeout: Duration,
    /// Retries after the first attempt (0: never retried).
    pub max_retries: u32,
    /// Delay before the first retry.
    pub delay: Duration,
    /// Growth factor of the delay per retry (1.0: constant).
    pub growth: f64,
    /// Upper bound of the random jitter added to each delay.
    pub jitter: Duration,
    /// Whether a 404 is retried (a match that just ended is not yet in the stats service).
    pub retry_if_not_found: bool,
}

impl RetryPolicy {
    /// The longest computed delay between two attempts.
    pub const MAX_DELAY: Duration = Duration::from_secs(120);

    /// A policy from the catalog's numbers (milliseconds).
    pub const fn from_catalog(
        id: &'static str,
        timeout_ms: u64,
        max_retries: u32,
        delay_ms: u64,
        growth: f64,
        jitter_ms: u64,
        retry_if_not_found: bool,
    ) -> Self {
        Self {
            id,
            timeout: Duration::from_millis(timeout_ms),
            max_retries,
            delay: Duration::from_millis(delay_ms),
            growth,
            jitter: Duration::from_millis(jitter_ms),
            retry_if_not_found,
        }
    }

    /// A policy that never retries, with a 10 s attempt timeout.
    pub const fn never() -> Self {
        Self::from_catalog("never", 10_000, 0, 0, 1.0, 0, false)
    }

    /// The delay before retry `retry` (1-based), given a jitter sample in `0.0..1.0`.
    pub fn delay_for(&self, retry: u32, jitter_sample: f64) -> Duration {
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let growth = if self.growth.is_finite() && self.growth > 0.0 {
            self.growth.powi(exponent)
        } else if exponent == 0 {
            1.0
        } else {
            0.0
        };
        let base = self.delay.as_secs_f64() * growth;
        let jitter = self.jitter.as_secs_f64() * jitter_sample.clamp(0.0, 1.0);
        let total = base + jitter;
        if total.is_finite() && total < Self::MAX_DELAY.as_secs_f64() {
            Duration::from_secs_f64(total.max(0.0))
        } else {
            Self::MAX_DELAY
        }
    }
}

/// Changes to apply over an endpoint's catalog policy, per client or per request. Unset fields
/// keep the catalog's value; `delay_scale` multiplies the delays and jitter (tests use it to
/// shrink the catalog's seconds to milliseconds).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct PolicyOverride {
    /// Replaces the retry count.
    pub max_retries: Option<u32>,
    /// Replaces the first delay.
    pub delay: Option<Duration>,
    /// Replaces the growth factor.
    pub growth: Option<f64>,
    /// Replaces the jitter bound.
    pub jitter: Option<Duration>,
    /// Replaces the attempt timeout.
    pub timeout: Option<Duration>,
    /// Replaces the 404 behaviour.
    pub retry_if_not_found: Option<bool>,
    /// Multiplies delay and jitter (after replacements).
    pub delay_scale: Option<f64>,
}

impl PolicyOverride {
    /// No change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set the retry count.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Set the first delay.
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Set the growth factor.
    #[must_use]
    pub fn growth(mut self, growth: f64) -> Self {
        self.growth = Some(growth);
        self
    }

    /// Set the jitter bound.
    #[must_use]
    pub fn jitter(mut self, jitter: Duration) -> Self {
        self.jitter = Some(jitter);
        self
    }

    /// Set the attempt timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Set whether 404 is retried.
    #[must_use]
    pub fn retry_if_not_found(mut self, retry: bool) -> Self {
        self.retry_if_not_found = Some(retry);
        self
    }

    /// Multiply delays and jitter by `scale` (e.g. `0.001` turns seconds into milliseconds).
    #[must_use]
    pub fn delay_scale(mut self, scale: f64) -> Self {
        self.delay_scale = Some(scale);
        self
    }

    /// This override applied over `policy`.
    pub fn apply(&self, policy: &RetryPolicy) -> RetryPolicy {
        let mut out = *policy;
        if let Some(value) = self.max_retries {
            out.max_retries = value;
        }
        if let Some(value) = self.delay {
            out.delay = value;
        }
        if let Some(value) = self.growth {
            out.growth = value;
        }
        if let Some(value) = self.jitter {
            out.jitter = value;
        }
        if let Some(value) = self.timeout {
            out.timeout = value;
        }
        if let Some(value) = self.retry_if_not_found {
            out.retry_if_not_found = value;
        }
        if let Some(scale) = self.delay_scale.filter(|s| s.is_finite() && *s >= 0.0) {
            out.delay = out.delay.mul_f64(scale.min(1e6));
            out.jitter = out.jitter.mul_f64(scale.min(1e6));
        }
        out
    }

    /// `other` applied after `self` (`other`'s set fields win).
    #[must_use]
    pub fn then(self, other: &PolicyOverride) -> Self {
        Self {
            max_retries: other.max_retries.or(self.max_retries),
            delay: other.delay.or(self.delay),
            growth: other.growth.or(self.growth),
            jitter: other.jitter.or(self.jitter),
            timeout: other.timeout.or(self.timeout),
            retry_if_not_found: other.retry_if_not_found.or(self.retry_if_not_found),
            delay_scale: match (self.delay_scale, other.delay_scale) {
                (Some(a), Some(b)) => Some(a * b),
                (a, b) => a.or(b),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_and_linear_delays() {
        let exp = RetryPolicy::from_catalog(
            "longerdelayedexponentialretry",
            10_000,
            2,
            2000,
            3.5,
            150,
            false,
        );
        assert_eq!(exp.delay_for(1, 0.0), Duration::from_millis(2000));
        assert_eq!(exp.delay_for(2, 0.0), Duration::from_millis(7000));
        assert_eq!(exp.delay_for(2, 1.0), Duration::from_millis(7150));
        let linear =
            RetryPolicy::from_catalog("linearretry404retry", 2500, 14, 2000, 1.0, 100, true);
        assert_eq!(linear.delay_for(14, 0.5), Duration::from_millis(2050));
        let zero =
            RetryPolicy::from_catalog("telemetryhighpriorityretry", 20_000, 5, 0, 0.0, 0, false);
        assert_eq!(zero.delay_for(3, 0.9), Duration::ZERO);
        let huge = RetryPolicy::from_catalog("x", 1, 99, 2000, 10.0, 0, false);
        assert_eq!(huge.delay_for(40, 0.0), RetryPolicy::MAX_DELAY);
    }

    #[test]
    fn overrides_compose() {
        let policy =
            RetryPolicy::from_catalog("linearretry404retry", 2500, 14, 2000, 1.0, 100, true);
        let client = PolicyOverride::new().delay_scale(0.001).max_retries(3);
        let request = PolicyOverride::new().max_retries(1);
        let out = client.then(&request).apply(&policy);
        assert_eq!(out.max_retries, 1);
        assert_eq!(out.delay, Duration::from_millis(2));
        assert_eq!(out.jitter, Duration::from_micros(100));
        assert!(out.retry_if_not_found);
        assert_eq!(out.id, "linearretry404retry");
    }
}
