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
    chrono::DateTime::<chrono::Utc>::from(instant.max(UNIX_EPOCH))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `docs/using-crates.md`, whose snippets run as doctests of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../docs/using-crates.md")]
pub struct UsingCratesDoc;

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
