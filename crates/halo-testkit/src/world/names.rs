//! Names of what the world's matches point at (maps, modes, playlists, map-mode pairs) and the
//! made-up gamertags of players whose real gamertag no capture holds.
//!
//! Asset names come from the captures where they have them (the discovery manifest, project and
//! playlist samples); the ranked map variants of the 2025 history capture are named from public
//! asset tables (their ids are not in any capture's discovery sample). An asset no capture
//! names (5 maps, 4 modes and 4 playlists of the captured matches) gets a plainly synthetic name,
//! `Map 2fdb8370 (synthetic name)` (kind and first 8 hex digits), rather than a made-up one that
//! could pass for real; its discovery answer's `Description` says so too.

/// What kind of discovery asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Map,
    Mode,
    Playlist,
}

/// `(kind, asset id, name)` of every asset the world's matches use.
const ASSETS: &[(Kind, &str, &str)] = &[
    // Maps of the captured matches.
    (
        Kind::Map,
        "a54808fb-9bf5-432a-a3c3-f76cbea944c1",
        "Fortress - Ranked",
    ),
    (
        Kind::Map,
        "336b5174-3579-4fd8-b2f0-922e4a5f7628",
        "Recharge - Ranked",
    ),
    (
        Kind::Map,
        "e23ea388-9bcb-4180-a0dc-fbe987751b9e",
        "Streets - Ranked",
    ),
    (
        Kind::Map,
        "309253f8-7a75-48ff-83e1-e7fb3db2ac47",
        "Live Fire - Ranked",
    ),
    (
        Kind::Map,
        "4a5e5612-2b2e-4375-a0b3-9335a68815f3",
        "Solitude - Ranked",
    ),
    (
        Kind::Map,
        "70dd38c5-2eb7-4db3-8901-0dfca292ff18",
        "Empyrean - Ranked",
    ),
    (
        Kind::Map,
        "4bffd021-92c0-422b-8b6e-8f595511458c",
        "Cliffside",
    ),
    (
        Kind::Map,
        "d035fc3e-f298-4c14-9487-465be2e1dc1f",
        "Empyrean",
    ),
    (Kind::Map, "e8d56863-9ad4-4efe-9059-81270884589c", "Forest"),
    (
        Kind::Map,
        "1042b738-30d6-453b-a057-cec8bda009b3",
        "Showdown Arena",
    ),
    (
        Kind::Map,
        "c395f3ac-4614-45f9-a83a-56f69e8ae962",
        "Aquarius",
    ),
    (
        Kind::Map,
        "6f82df05-3b24-4746-8579-e0c5ef9e9d64",
        "Deadlock",
    ),
    (
        Kind::Map,
        "2fdb8370-e5ac-4a1a-bdce-a08bc738b9ad",
        "Map 2fdb8370 (synthetic name)",
    ),
    (
        Kind::Map,
        "2953a878-c03e-4fdd-9f58-09a0debd7a6b",
        "Map 2953a878 (synthetic name)",
    ),
    (
        Kind::Map,
        "75cb0f58-21dc-4757-8eb7-c27773697a5a",
        "Map 75cb0f58 (synthetic name)",
    ),
    (Kind::Map, "298d5036-cd43-47b3-a4bd-31e127566593", "Bazaar"),
    (
        Kind::Map,
        "60210676-09d7-4db2-9fd5-8f7e8ca88f6b",
        "Map 60210676 (synthetic name)",
    ),
    (
        Kind::Map,
        "8cf45707-ced1-4722-b736-c139cbf0d1e2",
        "Map 8cf45707 (synthetic name)",
    ),
    // Modes (game variants).
    (
        Kind::Mode,
        "c2d20d44-8606-4669-b894-afae15b3524f",
        "Ranked:Slayer",
    ),
    (
        Kind::Mode,
        "22b8a0eb-0d02-4eb3-8f56-5f63fc254f83",
        "Ranked:Strongholds",
    ),
    (
        Kind::Mode,
        "751bcc9d-aace-45a1-8d71-358f0bc89f7e",
        "Ranked:Oddball",
    ),
    (
        Kind::Mode,
        "88c22b1f-2d64-48b9-bab1-26fe4721fb23",
        "Ranked:King of the Hill",
    ),
    (
        Kind::Mode,
        "4cb279b7-a064-4df6-9058-02cdc6825d93",
        "Ranked:CTF 3 Captures",
    ),
    (
        Kind::Mode,
        "d3aa10fe-502d-4778-8bc2-db5c3a9242ad",
        "Arena:Oddball",
    ),
    (
        Kind::Mode,
        "477e8a04-5df8-4f8b-afb2-1bbaf33d3628",
        "Arena:Team Snipers",
    ),
    (
        Kind::Mode,
        "71689416-ec07-4f30-86a9-8229ebc20762",
        "Arena:Team Slayer",
    ),
    (
        Kind::Mode,
        "de0c672f-bbc8-481c-88d0-7ab63b55270c",
        "Arena:Neutral Flag CTF",
    ),
    (
        Kind::Mode,
        "2ce309df-452b-4a3c-b9b8-b54fdfca3246",
        "Arena:Slayer BR",
    ),
    (
        Kind::Mode,
        "ec11de80-191f-4077-a5ae-232524acd861",
        "Arena:Elimination",
    ),
    (
        Kind::Mode,
        "326484d0-432a-4e9f-818e-9680afdf0ef9",
        "Mode 326484d0 (synthetic name)",
    ),
    (
        Kind::Mode,
        "cb8080d9-aad3-4d45-867e-f751d39be10f",
        "Mode cb8080d9 (synthetic name)",
    ),
    (
        Kind::Mode,
        "32ed13b7-ca55-4095-bd5f-12ff91b42987",
        "Arena:Extraction",
    ),
    (
        Kind::Mode,
        "c5603875-9a55-4398-aba2-f4a545ac5c38",
        "VIP-Default-UGC",
    ),
    (
        Kind::Mode,
        "07d63a23-56ab-4ba5-9587-195b0f20c12b",
        "Mode 07d63a23 (synthetic name)",
    ),
    (
        Kind::Mode,
        "090375a2-ced7-469a-b8f4-7370a6b925b4",
        "Mode 090375a2 (synthetic name)",
    ),
    // Playlists.
    (
        Kind::Playlist,
        "edfef3ac-9cbe-4fa2-b949-8f29deafd483",
        "Ranked Arena",
    ),
    (
        Kind::Playlist,
        "1b1691dc-d8b9-4b1f-825d-cb1c065184c1",
        "Quick Play",
    ),
    (
        Kind::Playlist,
        "d3777b09-88d8-4b66-be44-304e77131598",
        "Playlist d3777b09 (synthetic name)",
    ),
    (
        Kind::Playlist,
        "689b7a63-c40c-4920-b565-48e9428cbe3c",
        "Playlist 689b7a63 (synthetic name)",
    ),
    (
        Kind::Playlist,
        "edf37cf4-46bf-4f1d-880f-323458726969",
        "Playlist edf37cf4 (synthetic name)",
    ),
    (
        Kind::Playlist,
        "05a31b26-514b-49ca-856c-3f2cb965a636",
        "Playlist 05a31b26 (synthetic name)",
    ),
];

/// Marks the names no capture holds (see the module documentation).
const SYNTHETIC: &str = " (synthetic name)";

/// Whether a name is one the world made up because no capture names the asset.
pub(crate) fn is_synthetic(name: &str) -> bool {
    name.ends_with(SYNTHETIC)
}

/// The name of an asset of `kind`, if the world knows it.
pub(crate) fn asset(kind: Kind, asset_id: &str) -> Option<&'static str> {
    ASSETS
        .iter()
        .find(|(k, id, _)| *k == kind && id.eq_ignore_ascii_case(asset_id))
        .map(|(_, _, name)| *name)
}

/// The ranked playlists (those whose matches move a CSR).
pub(crate) fn is_ranked_playlist(asset_id: &str) -> bool {
    asset_id.eq_ignore_ascii_case("edfef3ac-9cbe-4fa2-b949-8f29deafd483")
}

const ADJECTIVES: [&str; 32] = [
    "Silent", "Crimson", "Hollow", "Rapid", "Frozen", "Golden", "Shadow", "Iron", "Lucky", "Brave",
    "Quiet", "Stormy", "Rusty", "Cosmic", "Feral", "Noble", "Swift", "Mellow", "Bold", "Dusty",
    "Electric", "Gentle", "Hidden", "Jolly", "Lunar", "Mighty", "Nimble", "Polar", "Royal",
    "Solar", "Vivid", "Wild",
];

const NOUNS: [&str; 32] = [
    "Falcon",
    "Warthog",
    "Ghost",
    "Pelican",
    "Banshee",
    "Grunt",
    "Jackal",
    "Hunter",
    "Spartan",
    "Wraith",
    "Mongoose",
    "Scorpion",
    "Phantom",
    "Sentinel",
    "Elite",
    "Brute",
    "Skewer",
    "Needler",
    "Sidekick",
    "Bulldog",
    "Mangler",
    "Ravager",
    "Stalker",
    "Hydra",
    "Cindershot",
    "Heatwave",
    "Commando",
    "Disruptor",
    "Shock",
    "Pulse",
    "Sniper",
    "Rocket",
];

/// The made-up gamertag of guest number `n` (players who fill the lobbies of synthetic
/// matches): two words and a number, e.g. `SilentFalcon12`; [`guest_number`] reads it back.
pub(crate) fn guest_gamertag(n: u64) -> String {
    let words = n % 1024;
    format!(
        "{}{}{}",
        ADJECTIVES[(words / 32) as usize],
        NOUNS[(words % 32) as usize],
        n / 1024
    )
}

/// The guest number of a gamertag made by [`guest_gamertag`].
pub(crate) fn guest_number(gamertag: &str) -> Option<u64> {
    let digits_at = gamertag.find(|c: char| c.is_ascii_digit())?;
    let (words, digits) = gamertag.split_at(digits_at);
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    let number: u64 = digits.parse().ok()?;
    let adjective = ADJECTIVES
        .iter()
        .position(|a| words.len() > a.len() && words[..a.len()].eq_ignore_ascii_case(a))?;
    let rest = &words[ADJECTIVES[adjective].len()..];
    let noun = NOUNS.iter().position(|n| n.eq_ignore_ascii_case(rest))?;
    number
        .checked_mul(1024)?
        .checked_add(adjective as u64 * 32 + noun as u64)
}

/// A made-up gamertag for a roster player whose real one no capture holds (two words with a
/// space and a number, so it never reads as a guest's).
pub(crate) fn roster_gamertag(hash: u64) -> String {
    format!(
        "{} {}{}",
        ADJECTIVES[(hash % 32) as usize],
        NOUNS[((hash >> 5) % 32) as usize],
        (hash >> 10) % 90 + 10
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_gamertags_read_back() {
        for n in [0, 1, 31, 32, 1023, 1024, 99_999, 2_400_000] {
            let tag = guest_gamertag(n);
            assert_eq!(guest_number(&tag), Some(n), "{tag}");
            assert_eq!(guest_number(&tag.to_lowercase()), Some(n), "{tag}");
        }
        assert_eq!(guest_gamertag(0), "SilentFalcon0");
        assert_eq!(guest_number("SilentFalcon01"), None);
        assert_eq!(guest_number("aCurtis X89"), None);
        assert_eq!(guest_number("Silent Falcon12"), None);
    }

    #[test]
    fn every_asset_has_a_guid_and_a_name() {
        for (_, id, name) in ASSETS {
            assert!(crate::ids::is_guid(id), "{id}");
            assert!(!name.is_empty());
        }
        assert_eq!(
            asset(Kind::Map, "A54808FB-9bf5-432a-a3c3-f76cbea944c1"),
            Some("Fortress - Ranked")
        );
        assert_eq!(
            asset(Kind::Mode, "a54808fb-9bf5-432a-a3c3-f76cbea944c1"),
            None
        );
    }
}
