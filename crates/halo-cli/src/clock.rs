//! The one place the CLI reads the system's wall clock (`clippy.toml` forbids it elsewhere);
//! timers and waits use tokio's clock.

use std::time::SystemTime;

/// The current wall-clock time.
#[allow(clippy::disallowed_methods)] // the crate's clock module
pub(crate) fn wall_now() -> SystemTime {
    SystemTime::now()
}
