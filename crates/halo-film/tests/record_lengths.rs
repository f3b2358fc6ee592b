//! The record length each film version is checked against: every real film shows its version's
//! distance from an event to its tail marker, and a film read as a version with another distance
//! is reported, with the distance found and the one expected.
#![allow(clippy::unwrap_used)]

mod common;

use halo_film::{Decoder, FilmVersion, Warning};

/// A version whose record length differs from `version`'s.
fn other_version(version: u32) -> u32 {
    if version == 34 { 36 } else { 34 }
}

#[test]
fn every_real_film_shows_its_versions_record_length() {
    // Forced: read as a version of the other layout, a film is refused (see malformed.rs).
    let mut decoder = Decoder::new().force(true);
    let mut checked = Vec::new();
    for (stem, version, bytes) in common::chunks() {
        let other = other_version(version);
        let highlights = decoder.decode(&bytes, other).unwrap();
        let lengths: Vec<(u64, u64)> = highlights
            .warnings
            .iter()
            .filter_map(|warning| match warning {
                Warning::UnusualRecordLength { bits, usual, .. } => Some((*bits, *usual)),
                _ => None,
            })
            .collect();
        // Read as another version, every event is reported at the distance it really has.
        assert_eq!(lengths.len(), highlights.events.len(), "{stem} as {other}");
        let forced = highlights
            .warnings
            .iter()
            .any(|warning| matches!(warning, Warning::Forced { .. }));
        assert_eq!(forced, matches!(version, 39 | 40), "{stem} as {other}");
        let usual = FilmVersion::new(other).tail_distance().unwrap();
        for (bits, reported_usual) in &lengths {
            assert_eq!(*reported_usual, usual, "{stem}");
            assert_eq!(
                Some(*bits),
                FilmVersion::new(version).tail_distance(),
                "{stem}: version {version}'s documented record length"
            );
        }
        checked.push(version);
    }
    checked.dedup();
    assert_eq!(checked, [30, 31, 33, 34, 35, 36, 37, 40]);
}

#[test]
fn record_lengths_of_versions_without_a_captured_film() {
    // Each shares its length with a captured neighbour (checked above).
    let length = |v: u32| FilmVersion::new(v).tail_distance();
    assert_eq!(length(32), length(30));
    assert_eq!(length(38), length(37));
    assert_eq!(length(39), length(40));
    assert_eq!(length(41), length(35));
    assert_eq!(length(29), None);
    assert_eq!(length(42), None);
}
