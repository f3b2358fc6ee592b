//! ISO-8601 instants ([`Timestamp`]) and durations ([`IsoDuration`]) that keep full precision and
//! re-encode to exactly the text they were parsed from.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Error returned when a string is not an ISO-8601 instant or duration this crate understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIsoError {
    kind: &'static str,
    input: String,
}

impl ParseIsoError {
    fn new(kind: &'static str, input: &str) -> Self {
        Self {
            kind,
            input: input.chars().take(64).collect(),
        }
    }
}

impl fmt::Display for ParseIsoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ISO-8601 {}: {:?}", self.kind, self.input)
    }
}

impl std::error::Error for ParseIsoError {}

const KIND_TIMESTAMP: &str = "instant";
const KIND_ISODURATION: &str = "duration";

/// The UTC offset written after an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UtcOffset {
    /// `Z`.
    Z,
    /// No offset written (the Halo services mean UTC).
    Absent,
    /// `+HH:MM` or `-HH:MM`, in minutes east of UTC.
    Minutes(i16),
}

/// An ISO-8601 instant such as `2023-11-18T02:24:55.6571234Z`.
///
/// Keeps every digit of the fraction (up to nanoseconds) and the way the offset was written, so
/// it re-encodes to the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    frac_digits: u8,
    nanos: u32,
    offset: UtcOffset,
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

const POW10: [u32; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];

/// The Unix epoch, written `1970-01-01T00:00:00Z`: what a missing key reads as (see
/// `Presence` in halo-models).
impl Default for Timestamp {
    fn default() -> Self {
        Self {
            year: 1970,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            frac_digits: 0,
            nanos: 0,
            offset: UtcOffset::Z,
        }
    }
}

impl Timestamp {
    fn parse_bytes(b: &[u8]) -> Option<Self> {
        let year = digits(b, 0, 4)?;
        expect(b, 4, b'-')?;
        let month = digits(b, 5, 2)?;
        expect(b, 7, b'-')?;
        let day = digits(b, 8, 2)?;
        expect(b, 10, b'T')?;
        let hour = digits(b, 11, 2)?;
        expect(b, 13, b':')?;
        let minute = digits(b, 14, 2)?;
        expect(b, 16, b':')?;
        let second = digits(b, 17, 2)?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        if second > 60 {
            return None;
        }
        let mut at = 19;
        let (mut frac_digits, mut nanos) = (0u8, 0u32);
        if b.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            let n = at - start;
            if n == 0 || n > 9 {
                return None;
            }
            let value = digits(b, start, n)?;
            frac_digits = u8::try_from(n).ok()?;
            nanos = value * POW10[9 - n];
        }
        let offset = match b.get(at) {
            None => UtcOffset::Absent,
            Some(b'Z') if at + 1 == b.len() => UtcOffset::Z,
            Some(&sign @ (b'+' | b'-')) if at + 6 == b.len() => {
                let h = digits(b, at + 1, 2)?;
                expect(b, at + 3, b':')?;
                let m = digits(b, at + 4, 2)?;
                if h > 23 || m > 59 {
                    return None;
                }
                let minutes = i16::try_from(h * 60 + m).ok()?;
                UtcOffset::Minutes(if sign == b'-' { -minutes } else { minutes })
            }
            Some(_) => return None,
        };
        Some(Self {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
            hour: u8::try_from(hour).ok()?,
            minute: u8::try_from(minute).ok()?,
            second: u8::try_from(second).ok()?,
            frac_digits,
            nanos,
            offset,
        })
    }

    /// Calendar year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// Month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// Day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// Hour, minute and second as written (local to [`Self::offset`]).
    pub fn time_of_day(&self) -> (u8, u8, u8) {
        (self.hour, self.minute, self.second)
    }

    /// Fraction of the second, in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// The offset as written.
    pub fn offset(&self) -> UtcOffset {
        self.offset
    }

    /// Seconds since 1970-01-01T00:00:00Z (an absent offset counts as UTC).
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let offset = match self.offset {
            UtcOffset::Minutes(m) => i64::from(m) * 60,
            UtcOffset::Z | UtcOffset::Absent => 0,
        };
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - offset
    }

    /// Nanoseconds since the Unix epoch.
    pub fn unix_nanos(&self) -> i128 {
        i128::from(self.unix_seconds()) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The instant as a [`std::time::SystemTime`].
    pub fn to_system_time(self) -> std::time::SystemTime {
        let secs = self.unix_seconds();
        let base = std::time::UNIX_EPOCH;
        let at = if secs >= 0 {
            base + std::time::Duration::from_secs(secs.unsigned_abs())
        } else {
            base - std::time::Duration::from_secs(secs.unsigned_abs())
        };
        at + std::time::Duration::from_nanos(u64::from(self.nanos))
    }
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.unix_nanos().cmp(&other.unix_nanos()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.frac_digits > 0 {
            let n = usize::from(self.frac_digits);
            let value = self.nanos / POW10[9 - n];
            write!(f, ".{value:0n$}")?;
        }
        match self.offset {
            UtcOffset::Z => f.write_char('Z'),
            UtcOffset::Absent => Ok(()),
            UtcOffset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

impl FromStr for Timestamp {
    type Err = ParseIsoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_bytes(s.as_bytes()).ok_or_else(|| ParseIsoError::new(KIND_TIMESTAMP, s))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 instant")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Timestamp, E> {
                Timestamp::parse_bytes(v).ok_or_else(|| {
                    E::custom(ParseIsoError::new(
                        KIND_TIMESTAMP,
                        &String::from_utf8_lossy(v),
                    ))
                })
            }
        }
        // Bytes: serde_json then skips its UTF-8 check; the parser accepts ASCII only.
        deserializer.deserialize_bytes(TimestampVisitor)
    }
}

const HAS_WEEKS: u8 = 1;
const HAS_DAYS: u8 = 2;
const HAS_HOURS: u8 = 4;
const HAS_MINUTES: u8 = 8;
const HAS_SECONDS: u8 = 16;
const HAS_T: u8 = 32;

/// An ISO-8601 duration such as `PT9M9.4211615S` or `P17DT3H`.
///
/// Weeks, days, hours, minutes and (fractional) seconds are kept as written, so the value
/// re-encodes to the same text; years and months (whose length varies) are not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    negative: bool,
    present: u8,
    frac_digits: u8,
    weeks: u32,
    days: u32,
    hours: u32,
    minutes: u32,
    seconds: u32,
    nanos: u32,
}

impl IsoDuration {
    /// A zero duration, written `PT0S`.
    pub const ZERO: Self = Self {
        negative: false,
        present: HAS_T | HAS_SECONDS,
        frac_digits: 0,
        weeks: 0,
        days: 0,
        hours: 0,
        minutes: 0,
        seconds: 0,
        nanos: 0,
    };

    fn parse_bytes(b: &[u8]) -> Option<Self> {
        let mut d = Self::default();
        let mut at = 0;
        if b.first() == Some(&b'-') {
            d.negative = true;
            at = 1;
        }
        expect(b, at, b'P')?;
        at += 1;
        let mut in_time = false;
        // Order of designators: W D (date part), then H M S after T.
        let mut last_rank = 0u8;
        while at < b.len() {
            if b[at] == b'T' {
                if in_time {
                    return None;
                }
                in_time = true;
                d.present |= HAS_T;
                at += 1;
                continue;
            }
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            let int_len = at - start;
            if int_len == 0 || int_len > 9 || (int_len > 1 && b[start] == b'0') {
                return None;
            }
            let value = digits(b, start, int_len)?;
            let mut frac = None;
            if b.get(at) == Some(&b'.') {
                at += 1;
                let fs = at;
                while b.get(at).is_some_and(u8::is_ascii_digit) {
                    at += 1;
                }
                let n = at - fs;
                if n == 0 || n > 9 {
                    return None;
                }
                frac = Some((digits(b, fs, n)?, n));
            }
            let designator = *b.get(at)?;
            at += 1;
            let (rank, flag) = match (in_time, designator) {
                (false, b'W') => (1, HAS_WEEKS),
                (false, b'D') => (2, HAS_DAYS),
                (true, b'H') => (3, HAS_HOURS),
                (true, b'M') => (4, HAS_MINUTES),
                (true, b'S') => (5, HAS_SECONDS),
                _ => return None,
            };
            if rank <= last_rank || (frac.is_some() && flag != HAS_SECONDS) {
                return None;
            }
            last_rank = rank;
            d.present |= flag;
            match flag {
                HAS_WEEKS => d.weeks = value,
                HAS_DAYS => d.days = value,
                HAS_HOURS => d.hours = value,
                HAS_MINUTES => d.minutes = value,
                _ => {
                    d.seconds = value;
                    if let Some((f, n)) = frac {
                        d.frac_digits = u8::try_from(n).ok()?;
                        d.nanos = f * POW10[9 - n];
                    }
                }
            }
        }
        let has_component = d.present & !HAS_T != 0;
        let time_ok =
            (d.present & HAS_T == 0) || (d.present & (HAS_HOURS | HAS_MINUTES | HAS_SECONDS) != 0);
        (has_component && time_ok).then_some(d)
    }

    /// Whether the duration was written with a leading `-`.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whole seconds of the magnitude (weeks, days, hours and minutes included).
    pub fn whole_seconds(&self) -> u64 {
        u64::from(self.weeks) * 604_800
            + u64::from(self.days) * 86_400
            + u64::from(self.hours) * 3_600
            + u64::from(self.minutes) * 60
            + u64::from(self.seconds)
    }

    /// Nanoseconds of the fractional second.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The magnitude as a [`std::time::Duration`] (see [`Self::is_negative`] for the sign).
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::new(self.whole_seconds(), self.nanos)
    }

    /// The signed length in seconds.
    pub fn as_secs_f64(&self) -> f64 {
        let v = self.to_std().as_secs_f64();
        if self.negative { -v } else { v }
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_char('-')?;
        }
        f.write_char('P')?;
        if self.present & HAS_WEEKS != 0 {
            write!(f, "{}W", self.weeks)?;
        }
        if self.present & HAS_DAYS != 0 {
            write!(f, "{}D", self.days)?;
        }
        if self.present & HAS_T != 0 {
            f.write_char('T')?;
        }
        if self.present & HAS_HOURS != 0 {
            write!(f, "{}H", self.hours)?;
        }
        if self.present & HAS_MINUTES != 0 {
            write!(f, "{}M", self.minutes)?;
        }
        if self.present & HAS_SECONDS != 0 {
            write!(f, "{}", self.seconds)?;
            if self.frac_digits > 0 {
                let n = usize::from(self.frac_digits);
                write!(f, ".{:0n$}", self.nanos / POW10[9 - n])?;
            }
            f.write_char('S')?;
        }
        Ok(())
    }
}

impl FromStr for IsoDuration {
    type Err = ParseIsoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_bytes(s.as_bytes()).ok_or_else(|| ParseIsoError::new(KIND_ISODURATION, s))
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;
        impl Visitor<'_> for DurationVisitor {
            type Value = IsoDuration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 duration")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IsoDuration, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<IsoDuration, E> {
                IsoDuration::parse_bytes(v).ok_or_else(|| {
                    E::custom(ParseIsoError::new(
                        KIND_ISODURATION,
                        &String::from_utf8_lossy(v),
                    ))
                })
            }
        }
        // Bytes: serde_json then skips its UTF-8 check; the parser accepts ASCII only.
        deserializer.deserialize_bytes(DurationVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_to_the_same_text() {
        for text in [
            "2023-11-18T02:24:55.657Z",
            "2022-07-01T00:00:00Z",
            "2024-02-29T23:59:59.6571234Z",
            "2021-11-15T18:00:00+01:30",
            "2021-11-15T18:00:00.10-05:00",
            "0001-01-01T00:00:00",
        ] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
        }
        let t: Timestamp = "1970-01-02T00:00:01.5Z".parse().unwrap();
        assert_eq!(t.unix_seconds(), 86_401);
        assert_eq!(t.nanosecond(), 500_000_000);
        let shifted: Timestamp = "1970-01-02T01:00:01.5+01:00".parse().unwrap();
        assert_eq!(shifted.unix_nanos(), t.unix_nanos());
    }

    #[test]
    fn bad_instants_are_errors() {
        for text in [
            "",
            "2023-13-01T00:00:00Z",
            "2023-01-01 00:00:00Z",
            "2023-01-01T00:00:00.Z",
            "2023-01-01T00:00:00ZZ",
            "2023-01-01T00:00:00.1234567890Z",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
    }

    #[test]
    fn durations_round_trip_to_the_same_text() {
        for text in [
            "PT9M9.4211615S",
            "P17DT3H",
            "PT0S",
            "PT1H2M3S",
            "-PT0.5S",
            "P2W",
            "PT10.000S",
        ] {
            let d: IsoDuration = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
        let d: IsoDuration = "PT9M9.4211615S".parse().unwrap();
        assert_eq!(d.whole_seconds(), 549);
        assert_eq!(d.subsec_nanos(), 421_161_500);
        let long: IsoDuration = "P17DT3H".parse().unwrap();
        assert_eq!(long.to_std().as_secs(), 17 * 86_400 + 3 * 3_600);
        assert_eq!(IsoDuration::ZERO.to_string(), "PT0S");
    }

    #[test]
    fn bad_durations_are_errors() {
        for text in [
            "", "P", "PT", "P1Y", "PT1.5M", "PT1S2M", "9M", "PT01S", "P1DT",
        ] {
            assert!(text.parse::<IsoDuration>().is_err(), "{text}");
        }
    }
}
