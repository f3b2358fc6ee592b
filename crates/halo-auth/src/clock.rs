//! The one place this crate reads the system clocks (`clippy.toml` forbids it elsewhere):
//! wall-clock instants advanced by tokio's clock.
//!
//! Expiries come from the servers as wall-clock instants. The current wall-clock time is taken
//! once, when a [`Clock`] is made, and advanced with `tokio::time::Instant`, so tests on a paused
//! tokio clock see tokens expire without waiting.
#![allow(clippy::disallowed_methods)] // the crate's clock module

use std::time::SystemTime;

/// Wall-clock time advanced by the tokio clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    wall: SystemTime,
    mono: tokio::time::Instant,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Self {
            wall: SystemTime::now(),
            mono: tokio::time::Instant::now(),
        }
    }

    /// The current wall-clock time: the start time advanced by the tokio clock, or the system
    /// clock when that is later (the monotonic clock stands still while a machine sleeps, and a
    /// token that expired during the sleep must be seen as expired).
    pub(crate) fn now(&self) -> SystemTime {
        let advanced = self.wall + self.mono.elapsed();
        advanced.max(SystemTime::now())
    }
}
