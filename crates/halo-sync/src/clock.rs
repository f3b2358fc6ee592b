//! UTC times as the database stores them: `YYYY-MM-DDTHH:MM:SS.mmmZ`, one fixed width, so
//! text order is time order. The one place this crate reads the system clock (`clippy.toml`
//! forbids it elsewhere).

use std::time::{SystemTime, UNIX_EPOCH};

use halo_models::Timestamp;

/// Now, as stored.
#[allow(clippy::disallowed_methods)] // the crate's clock module
pub fn now() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format_unix_nanos(i128::try_from(nanos).unwrap_or(0))
}

/// A payload instant, as stored (converted to UTC, milliseconds).
pub fn format_timestamp(t: &Timestamp) -> String {
    format_unix_nanos(t.unix_nanos())
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` of nanoseconds since the Unix epoch (the epoch itself for an
/// instant chrono cannot represent, past the year 262,000).
pub fn format_unix_nanos(nanos: i128) -> String {
    let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(0);
    let subsec = u32::try_from(nanos.rem_euclid(1_000_000_000)).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, subsec)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A `--since` value: a date (`2024-05-01`, midnight UTC) or an ISO-8601 instant.
pub fn parse_since(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    text.parse::<Timestamp>()
        .ok()
        .or_else(|| format!("{text}T00:00:00Z").parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_stored_in_one_width() {
        let t: Timestamp = "2025-01-24T03:51:46.1Z".parse().unwrap();
        assert_eq!(format_timestamp(&t), "2025-01-24T03:51:46.100Z");
        let t: Timestamp = "2024-02-29T23:30:00-01:00".parse().unwrap();
        assert_eq!(format_timestamp(&t), "2024-03-01T00:30:00.000Z");
        assert_eq!(format_unix_nanos(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_unix_nanos(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn since_takes_a_date_or_an_instant() {
        let day = parse_since("2024-05-01").unwrap();
        assert_eq!(format_timestamp(&day), "2024-05-01T00:00:00.000Z");
        assert!(parse_since("2024-05-01T10:00:00Z").is_some());
        assert!(parse_since("May 1st").is_none());
    }
}
