//! Shared pieces of the halo-rs examples: a [`Client`] of an in-process
//! [`TestServer`], and instants written as ISO-8601.
//!
//! Every example (`cargo run -p halo-examples --example NAME`) starts a
//! `halo_testkit::TestServer` on 127.0.0.1 and answers from its offline world: nothing leaves
//! the machine. `tests/run.rs` runs each of them and checks what it printed.

use std::time::{SystemTime, UNIX_EPOCH};

use halo_client::{BaseUrl, Client, StaticTokens};
use halo_testkit::TestServer;

/// The XUID of the offline world's signed-in player (gamertag `aCurtis X89`).
pub const ME: u64 = 2_535_445_291_321_133;

/// A [`Client`] of `server`: every Halo host is served under its base URL, with the testkit's
/// Spartan token and clearance. Against the real service, use `Client::builder()` with a
/// `TokenProvider` of halo-auth instead (see `docs/` and halo-client's README).
///
/// # Errors
/// The testkit's token is refused by [`StaticTokens::new`] or the builder fails.
pub fn client_of(server: &TestServer) -> Result<Client, halo_client::Error> {
    let tokens = StaticTokens::new(
        halo_testkit::DEFAULT_SPARTAN_TOKEN,
        Some(halo_testkit::DEFAULT_CLEARANCE_ID),
    )?;
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .tokens(tokens)
        .build()
}

/// `instant` as ISO-8601 in UTC to the second, e.g. `2026-12-05T09:03:00Z` (instants before
/// 1970 are written as 1970-01-01T00:00:00Z).
pub fn iso8601(instant: SystemTime) -> String {
    let seconds = instant
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn instants_are_iso_8601() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // 2024-02-29T12:34:56Z: a leap day.
        let leap = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(iso8601(leap), "2024-02-29T12:34:56Z");
        let new_year = UNIX_EPOCH + Duration::from_secs(946_684_800);
        assert_eq!(iso8601(new_year), "2000-01-01T00:00:00Z");
    }
}
