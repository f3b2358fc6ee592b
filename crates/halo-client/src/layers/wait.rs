//! Waits a call makes on purpose (a server's `Retry-After`, the client's own rate limit, a
//! retry's backoff), and how they are reported: every wait is a `debug` event of the tracing
//! target [`WAIT_TARGET`] (`info` from [`Wait::LONG`] on), and a [`WaitHook`] set with
//! `ClientBuilder::on_wait` sees each one, so a program can tell its user why nothing seems to
//! happen.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::routes::Route;

/// The tracing target of wait events.
pub const WAIT_TARGET: &str = "halo_client::wait";

/// Why a call waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitReason {
    /// The server answered 429 (or 503) with `Retry-After`, or every clone is paused by one.
    RetryAfter,
    /// The client's own rate limit spaces requests.
    RateLimit,
    /// The retry policy's delay before the next attempt.
    Backoff,
}

impl WaitReason {
    /// A few words for a person: `rate limited`, `client rate limit`, `retrying`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::RetryAfter => "rate limited",
            Self::RateLimit => "client rate limit",
            Self::Backoff => "retrying",
        }
    }
}

/// One wait, as a [`WaitHook`] sees it before the call sleeps.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Wait {
    /// The endpoint id, when the request was built from a route.
    pub endpoint: Option<&'static str>,
    /// The host the request is for (the route's host, else the URI's authority).
    pub host: String,
    /// How long the call is about to wait.
    pub duration: Duration,
    /// Why.
    pub reason: WaitReason,
}

impl Wait {
    /// Waits from this long on are logged at `info` (shorter ones at `debug`).
    pub const LONG: Duration = Duration::from_secs(1);

    /// A wait for `host` (no endpoint), to test a hook with.
    pub fn new(host: impl Into<String>, duration: Duration, reason: WaitReason) -> Self {
        Self {
            endpoint: None,
            host: host.into(),
            duration,
            reason,
        }
    }

    /// The wait of a request for `route` (or to `uri` without one).
    pub(crate) fn of(
        route: Option<&'static Route>,
        uri: &http::Uri,
        duration: Duration,
        reason: WaitReason,
    ) -> Self {
        let host = match route {
            Some(route) => route.host.to_owned(),
            None => uri.authority().map_or_else(String::new, |a| a.to_string()),
        };
        Self {
            endpoint: route.map(|route| route.id),
            host,
            duration,
            reason,
        }
    }
}

/// A function told about every wait (cheap `Clone` handle; runs on the waiting task, so it
/// must return quickly).
#[derive(Clone)]
pub struct WaitHook(Arc<dyn Fn(&Wait) + Send + Sync>);

impl WaitHook {
    /// A hook calling `hook`.
    pub fn new(hook: impl Fn(&Wait) + Send + Sync + 'static) -> Self {
        Self(Arc::new(hook))
    }
}

impl fmt::Debug for WaitHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WaitHook")
    }
}

/// Log a wait and tell the hook.
pub(crate) fn report(hook: Option<&WaitHook>, wait: &Wait) {
    let seconds = wait.duration.as_secs_f64();
    let endpoint = wait.endpoint.unwrap_or("-");
    if wait.duration >= Wait::LONG {
        tracing::info!(target: WAIT_TARGET, endpoint, host = %wait.host, seconds, reason = wait.reason.describe(), "waiting");
    } else {
        tracing::debug!(target: WAIT_TARGET, endpoint, host = %wait.host, seconds, reason = wait.reason.describe(), "waiting");
    }
    if let Some(hook) = hook {
        (hook.0)(wait);
    }
}
