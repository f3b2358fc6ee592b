//! Film major versions and the record layout each one uses.

use std::fmt;
use std::str::FromStr;

/// The oldest film major version this crate reads.
pub const MIN_VERSION: u32 = 30;

/// The newest film major version whose layout has been checked against real films.
pub const NEWEST_KNOWN_VERSION: u32 = 41;

/// The major version of a theater film, from the film manifest (`FilmMajorVersion`) or the file name.
///
/// ```
/// use halo_film::{FilmVersion, Layout};
/// let v: FilmVersion = "39".parse().unwrap();
/// assert_eq!(v.layout(), Layout::GamertagAt12);
/// assert!(v.is_known());
/// assert!(!FilmVersion::new(50).is_known());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilmVersion(u32);

impl FilmVersion {
    /// Wraps a film major version number.
    #[must_use]
    pub const fn new(version: u32) -> Self {
        Self(version)
    }

    /// The version number.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Whether this version is at least [`MIN_VERSION`], the oldest this crate reads.
    #[must_use]
    pub const fn is_supported(self) -> bool {
        self.0 >= MIN_VERSION
    }

    /// Whether this version's layout has been checked against real films (30 to 41).
    /// A newer version is read with the default layout and reported as untested.
    #[must_use]
    pub const fn is_known(self) -> bool {
        self.0 >= MIN_VERSION && self.0 <= NEWEST_KNOWN_VERSION
    }

    /// The record layout this version uses: 39 and 40 place the gamertag 12 bytes later;
    /// every other version (including unknown future ones) uses the default layout.
    #[must_use]
    pub const fn layout(self) -> Layout {
        match self.0 {
            39 | 40 => Layout::GamertagAt12,
            _ => Layout::Default,
        }
    }

    /// The distance in bits from a record's XUID to its tail marker observed in real films of
    /// this version, or `None` when the version is unknown.
    #[must_use]
    pub const fn tail_distance(self) -> Option<u64> {
        match self.0 {
            30..=33 => Some(17_006),
            34 => Some(15_534),
            35 | 41 => Some(15_406),
            36..=38 => Some(11_086),
            39 | 40 => Some(12_526),
            _ => None,
        }
    }
}

impl From<u32> for FilmVersion {
    fn from(version: u32) -> Self {
        Self(version)
    }
}

impl fmt::Display for FilmVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for FilmVersion {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(Self)
    }
}

/// Where the fields of a 60-byte event record sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// Versions up to 38 and from 41 on: the gamertag is `W[0..32]`.
    Default,
    /// Versions 39 and 40: the gamertag is `W[12..44]`.
    GamertagAt12,
}

impl Layout {
    /// Byte offset of the 32-byte UTF-16LE gamertag inside the record.
    #[must_use]
    pub const fn gamertag_offset(self) -> usize {
        match self {
            Self::Default => 0,
            Self::GamertagAt12 => 12,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_by_version() {
        for v in [30, 33, 34, 35, 36, 37, 38, 41, 42, 50, u32::MAX] {
            assert_eq!(FilmVersion::new(v).layout(), Layout::Default, "{v}");
        }
        assert_eq!(FilmVersion::new(39).layout(), Layout::GamertagAt12);
        assert_eq!(FilmVersion::new(40).layout(), Layout::GamertagAt12);
        assert_eq!(Layout::GamertagAt12.gamertag_offset(), 12);
    }

    #[test]
    fn known_and_supported() {
        assert!(!FilmVersion::new(29).is_supported());
        assert!(FilmVersion::new(30).is_known());
        assert!(FilmVersion::new(41).is_known());
        assert!(!FilmVersion::new(42).is_known());
        assert!(FilmVersion::new(50).is_supported());
        assert_eq!(FilmVersion::new(34).tail_distance(), Some(15_534));
        assert_eq!(FilmVersion::new(50).tail_distance(), None);
        assert_eq!(" 37 ".parse::<FilmVersion>().map(FilmVersion::get), Ok(37));
        assert_eq!(FilmVersion::new(37).to_string(), "37");
        assert_eq!(format!("version {}", FilmVersion::from(40)), "version 40");
    }
}
