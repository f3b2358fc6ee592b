//! Long waits shown on standard error: when the service (or the client's own rate limit) makes
//! a call wait [`SHOWN_FROM`] or more, one line `waiting N s for <host> (rate limited)`, once
//! per wait (calls paused by the same `Retry-After` share one line).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use halo_client::layers::{Wait, WaitHook};
use tokio::time::Instant;

use crate::safe_text;

/// Waits shorter than this are not shown.
pub(crate) const SHOWN_FROM: Duration = Duration::from_secs(3);

/// A hook printing each long wait once on standard error.
pub(crate) fn hook() -> WaitHook {
    let shown = Arc::new(Mutex::new(None::<Instant>));
    WaitHook::new(move |wait| {
        if let Some(line) = line(&shown, wait, Instant::now()) {
            eprintln!("{line}");
        }
    })
}

/// The line for `wait` starting at `now`, unless it is short or ends with a wait already shown
/// (within a second of its end).
fn line(shown: &Mutex<Option<Instant>>, wait: &Wait, now: Instant) -> Option<String> {
    if wait.duration < SHOWN_FROM {
        return None;
    }
    let ends = now + wait.duration;
    let mut last = shown.lock().unwrap_or_else(PoisonError::into_inner);
    if last.is_some_and(|last| ends <= last + Duration::from_secs(1)) {
        return None;
    }
    *last = Some(ends);
    Some(format!(
        "waiting {} s for {} ({})",
        wait.duration.as_secs_f64().ceil(),
        safe_text::one_line(&wait.host),
        wait.reason.describe()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use halo_client::layers::WaitReason;

    #[test]
    fn a_long_wait_is_shown_once() {
        let shown = Mutex::new(None);
        let now = Instant::now();
        let mut wait = Wait::new(
            "halostats.svc.halowaypoint.com",
            Duration::from_secs(30),
            WaitReason::RetryAfter,
        );
        assert_eq!(
            line(&shown, &wait, now).as_deref(),
            Some("waiting 30 s for halostats.svc.halowaypoint.com (rate limited)")
        );
        // Another call paused until the same moment: no second line.
        wait.duration = Duration::from_millis(29_500);
        assert_eq!(line(&shown, &wait, now + Duration::from_millis(500)), None);
        // A short wait: nothing.
        wait.duration = Duration::from_secs(1);
        assert_eq!(line(&shown, &wait, now + Duration::from_secs(40)), None);
        // A later wait: shown, with a host made safe.
        let wait = Wait::new(
            "evil\u{1b}[2J",
            Duration::from_secs(5),
            WaitReason::RateLimit,
        );
        assert_eq!(
            line(&shown, &wait, now + Duration::from_secs(40)).as_deref(),
            Some("waiting 5 s for evil\\u{1b}[2J (client rate limit)")
        );
    }
}
