//! ISO-8601 text for instants (through chrono) and durations.

use std::time::{Duration, SystemTime};

/// `2025-01-29T04:20:33.441Z` style text for a Unix time in milliseconds.
pub(crate) fn iso8601_millis(unix_millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_millis)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// ISO-8601 text for a wall-clock instant.
pub(crate) fn iso8601(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Unix milliseconds (rounded) of an ISO-8601 instant such as `2025-01-29T04:20:33.4412Z`; one
/// written without an offset is UTC, as the Halo services mean it.
pub(crate) fn parse_iso8601_millis(text: &str) -> Option<i64> {
    let at = match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(at) => at.to_utc(),
        Err(_) => chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()?
            .and_utc(),
    };
    let millis = (i64::from(at.timestamp_subsec_nanos()) + 500_000) / 1_000_000;
    Some(at.timestamp() * 1000 + millis)
}

/// `PT3H59M49.49S` style text for a duration.
pub(crate) fn iso_duration(d: Duration) -> String {
    let total = d.as_secs();
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    let frac = d.subsec_millis();
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if frac > 0 {
        out.push_str(&format!("{s}.{frac:03}S"));
    } else {
        out.push_str(&format!("{s}S"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_capture_time() {
        let millis = parse_iso8601_millis("2025-01-29T04:20:33.441Z").unwrap();
        assert_eq!(iso8601_millis(millis), "2025-01-29T04:20:33.441Z");
        assert_eq!(iso8601_millis(0), "1970-01-01T00:00:00.000Z");
        // Seven fraction digits round to the nearest millisecond; no offset means UTC.
        assert_eq!(
            parse_iso8601_millis("2023-11-18T02:24:55.6576234Z"),
            parse_iso8601_millis("2023-11-18T02:24:55.658")
        );
        assert_eq!(
            parse_iso8601_millis("2024-03-01T00:30:00+01:00"),
            parse_iso8601_millis("2024-02-29T23:30:00Z")
        );
        assert_eq!(parse_iso8601_millis("yesterday"), None);
    }

    #[test]
    fn formats_durations() {
        assert_eq!(iso_duration(Duration::from_secs(4 * 3600)), "PT4H0S");
        assert_eq!(iso_duration(Duration::from_millis(5_250)), "PT5.250S");
    }
}
