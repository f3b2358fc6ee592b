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

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` of nanoseconds since the Unix epoch.
pub fn format_unix_nanos(nanos: i128) -> String {
    let millis = nanos.div_euclid(1_000_000);
    let secs = millis.div_euclid(1_000);
    let ms = millis.rem_euclid(1_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// A `--since` value: a date (`2024-05-01`, midnight UTC) or an ISO-8601 instant.
pub fn parse_since(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    text.parse::<Timestamp>()
        .ok()
        .or_else(|| format!("{text}T00:00:00Z").parse().ok())
}

/// Howard Hinnant's days-to-civil: (year, month, day) of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
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
    }

    #[test]
    fn since_takes_a_date_or_an_instant() {
        let day = parse_since("2024-05-01").unwrap();
        assert_eq!(format_timestamp(&day), "2024-05-01T00:00:00.000Z");
        assert!(parse_since("2024-05-01T10:00:00Z").is_some());
        assert!(parse_since("May 1st").is_none());
    }
}
