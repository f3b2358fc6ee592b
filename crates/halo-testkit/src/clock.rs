//! The one place this crate reads the system's wall clock (`clippy.toml` forbids it elsewhere).
//! Expiry checks use `tokio::time::Instant`, which follows tokio's paused test clock; the wall
//! clock is read only for the instants written into token bodies (`IssueInstant`, `NotAfter`).

use std::time::SystemTime;

/// The current wall-clock time.
#[allow(clippy::disallowed_methods)] // the crate's clock module
pub(crate) fn wall_now() -> SystemTime {
    SystemTime::now()
}
