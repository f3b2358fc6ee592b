//! Which match an id names: a captured match (by its real id) or the `k`-th synthetic match of a
//! party (newest first), whose id encodes the party and `k` under a seeded check.

use crate::ids::mix;

/// A match of the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    /// A captured match (index into the fixed matches).
    Fixed(usize),
    /// The `k`-th synthetic match of a party older than the captures, 0 the newest.
    Party { party: usize, k: u64 },
    /// The `n`-th synthetic match of a party played after the captures, 0 the oldest.
    Newer { party: usize, n: u64 },
}

/// Salt of the ids of matches played after the captures.
pub(crate) const NEWER: u64 = 0x4E45_5745_5200_0000;

/// The id of synthetic match `k` of `party` in a world of `seed`.
pub(crate) fn party_match_id(seed: u64, party: usize, k: u64) -> String {
    let check = mix(seed ^ mix((party as u64) << 48 ^ k ^ 0x3A7C_4000_0000_0000));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        check >> 32,
        party & 0xFFFF,
        (check >> 20) & 0xFFF,
        (check >> 8) & 0xFFF,
        k & 0xFFFF_FFFF_FFFF
    )
}

/// The party and `k` of a synthetic match id of this seed (not checked against party lengths).
pub(crate) fn parse_party_match_id(seed: u64, id: &str) -> Option<(usize, u64)> {
    let party = usize::from_str_radix(id.get(9..13)?, 16).ok()?;
    let k = u64::from_str_radix(id.get(24..36)?, 16).ok()?;
    party_match_id(seed, party, k)
        .eq_ignore_ascii_case(id)
        .then_some((party, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_depend_on_the_seed() {
        let id = party_match_id(7, 3, 99_999);
        assert!(crate::ids::is_guid(&id), "{id}");
        assert_eq!(parse_party_match_id(7, &id), Some((3, 99_999)));
        assert_eq!(
            parse_party_match_id(7, &id.to_uppercase()),
            Some((3, 99_999))
        );
        assert_eq!(parse_party_match_id(8, &id), None);
        assert_ne!(party_match_id(7, 3, 1), party_match_id(7, 4, 1));
        assert_eq!(
            parse_party_match_id(7, "b4be1c44-5782-42b3-8cf8-0d76dd87230c"),
            None
        );
    }
}
