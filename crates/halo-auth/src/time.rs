//! Instants as the services write them (ISO-8601) and as the token store keeps them (Unix
//! milliseconds), read and written by chrono. The current time comes from [`crate::clock`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parses an RFC 3339 instant, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, as the
/// services write expiries; `None` for other text and for instants before 1970.
pub(crate) fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    (at.timestamp() >= 0).then(|| SystemTime::from(at))
}

/// `2010-10-10T03:06:35.525Z`: an instant in UTC to the millisecond, as the services write it
/// (the in-process fake writes its expiries so).
#[cfg(test)]
pub(crate) fn format_iso8601(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Milliseconds since the Unix epoch (0 before it), for the token store.
pub(crate) fn to_unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// The inverse of [`to_unix_millis`].
pub(crate) fn from_unix_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_service_instants() {
        let t = parse_iso8601("2999-01-27T05:03:47Z").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            32_474_408_627
        );
        let t = parse_iso8601("2010-10-10T03:06:35.5251155Z").unwrap();
        let d = t.duration_since(UNIX_EPOCH).unwrap();
        assert_eq!(d.as_secs(), 1_286_679_995);
        assert_eq!(d.subsec_nanos(), 525_115_500);
        let t = parse_iso8601("1970-01-01T01:00:00+01:00").unwrap();
        assert_eq!(t, UNIX_EPOCH);
        assert_eq!(format_iso8601(t), "1970-01-01T00:00:00.000Z");
        let t = parse_iso8601("2024-02-29T23:59:59.9999Z").unwrap();
        assert_eq!(format_iso8601(t), "2024-02-29T23:59:59.999Z");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2999-01-27",
            "2999-13-01T00:00:00Z",
            "2999-01-01T00:00:00",
            "2999-01-01T00:00:00.Z",
            "abcd-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2999-01-01T00:00:00+0100",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
