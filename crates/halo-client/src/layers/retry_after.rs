//! `Retry-After` parsing: delay-seconds or an HTTP date (RFC 9110, 10.2.3).
//!
//! A date is measured against the response's own `Date` header, so no wall clock is read.
//! HTTP dates are read by the `httpdate` crate (what hyper itself uses): the IMF-fixdate and
//! the two obsolete formats a recipient must accept, with every field range-checked.

use std::time::Duration;

use http::HeaderMap;
use http::header::{DATE, RETRY_AFTER};

/// The delay a response's `Retry-After` asks for: seconds, or an HTTP date relative to the
/// response's `Date` header (a date without a `Date` header is ignored). Negative or
/// unparsable values give `None`; a date in the past gives zero.
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(1e9)));
    }
    let target = httpdate::parse_http_date(value).ok()?;
    let now = httpdate::parse_http_date(headers.get(DATE)?.to_str().ok()?.trim()).ok()?;
    Some(target.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(retry_after: &str, date: Option<&str>) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        if let Some(date) = date {
            map.insert(DATE, HeaderValue::from_str(date).unwrap());
        }
        map
    }

    fn after(retry_after: &str, date: &str) -> Option<Duration> {
        parse_retry_after(&headers(retry_after, Some(date)))
    }

    #[test]
    fn seconds() {
        assert_eq!(
            parse_retry_after(&headers("3", None)),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after(&headers("0.5", None)),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(&headers("-1", None)), None);
        assert_eq!(parse_retry_after(&headers("-0.5", None)), None);
        assert_eq!(parse_retry_after(&headers("NaN", None)), None);
        assert_eq!(parse_retry_after(&headers("soon", None)), None);
        assert_eq!(parse_retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn http_dates_against_the_date_header() {
        assert_eq!(
            after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 08:49:30 GMT"
            ),
            Some(Duration::from_secs(7))
        );
        // A date before the response's own: no wait.
        assert_eq!(
            after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "Mon, 07 Nov 1994 08:49:30 GMT"
            ),
            Some(Duration::ZERO)
        );
        // No `Date` header: the date cannot be placed, so it is ignored.
        assert_eq!(
            parse_retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT", None)),
            None
        );
    }

    #[test]
    fn minutes_and_hours_apart() {
        let date = "Mon, 23 Nov 2026 10:00:00 GMT";
        assert_eq!(
            after("Mon, 23 Nov 2026 10:02:00 GMT", date),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            after("Mon, 23 Nov 2026 11:00:05 GMT", date),
            Some(Duration::from_secs(3605))
        );
        assert_eq!(
            after("Tue, 24 Nov 2026 10:00:00 GMT", date),
            Some(Duration::from_secs(86_400))
        );
    }

    #[test]
    fn every_month_is_read() {
        // The first of each month of 2026 against the last second of the month before.
        let months = [
            ("Jan", "Thu", "Wed, 31 Dec 2025"),
            ("Feb", "Sun", "Sat, 31 Jan 2026"),
            ("Mar", "Sun", "Sat, 28 Feb 2026"),
            ("Apr", "Wed", "Tue, 31 Mar 2026"),
            ("May", "Fri", "Thu, 30 Apr 2026"),
            ("Jun", "Mon", "Sun, 31 May 2026"),
            ("Jul", "Wed", "Tue, 30 Jun 2026"),
            ("Aug", "Sat", "Fri, 31 Jul 2026"),
            ("Sep", "Tue", "Mon, 31 Aug 2026"),
            ("Oct", "Thu", "Wed, 30 Sep 2026"),
            ("Nov", "Sun", "Sat, 31 Oct 2026"),
            ("Dec", "Tue", "Mon, 30 Nov 2026"),
        ];
        for (month, weekday, eve) in months {
            let target = format!("{weekday}, 01 {month} 2026 00:00:00 GMT");
            let date = format!("{eve} 23:59:59 GMT");
            assert_eq!(
                after(&target, &date),
                Some(Duration::from_secs(1)),
                "{target} against {date}"
            );
        }
    }

    #[test]
    fn out_of_range_fields_are_refused() {
        let date = "Mon, 23 Nov 2026 10:00:00 GMT";
        for bad in [
            "Mon, 32 Nov 2026 10:00:00 GMT",
            "Mon, 00 Nov 2026 10:00:00 GMT",
            "Mon, 23 Foo 2026 10:00:00 GMT",
            "Mon, 23 Nov 2026 24:00:00 GMT",
            "Mon, 23 Nov 2026 10:60:00 GMT",
            "Mon, 23 Nov 2026 10:00:61 GMT",
            "Mon, 23 Nov 1969 10:00:00 GMT",
            "Mon, 23 Nov 2026 10:00:00 CET",
            "Mon, 31 Feb 2026 10:00:00 GMT",
            "23 Nov 2026 10:00:00",
        ] {
            assert_eq!(after(bad, date), None, "{bad}");
        }
        // A malformed `Date` header makes any date unplaceable.
        assert_eq!(after("Mon, 23 Nov 2026 10:00:00 GMT", "yesterday"), None);
    }

    #[test]
    fn the_obsolete_formats_are_accepted() {
        let date = "Sun, 06 Nov 1994 08:49:30 GMT";
        assert_eq!(
            after("Sunday, 06-Nov-94 08:49:37 GMT", date),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            after("Sun Nov  6 08:49:37 1994", date),
            Some(Duration::from_secs(7))
        );
    }
}
