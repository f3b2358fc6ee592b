//! Names the game shows that no endpoint serves: teams by team id, the studio's bots by bot id,
//! competitive skill tiers.
//!
//! Provenance: the team and bot names are the tables of the MIT-licensed SPNKr project
//! (`spnkr/extras.py`, `TEAM_MAP` and `BOT_MAP`, version 0.10.2), which read them from the game.

use halo_models::{PreMatchCsr, Tier, Xuid};

/// The game's team names by team id (0 is Eagle, 1 is Cobra...).
const TEAM_NAMES: [&str; 9] = [
    "Eagle", "Cobra", "Hades", "Valkyrie", "Rampart", "Cutlass", "Valor", "Hazard", "Observer",
];

/// The name the game gives team `team_id`, when it has one.
pub fn team_name(team_id: i64) -> Option<&'static str> {
    usize::try_from(team_id)
        .ok()
        .and_then(|i| TEAM_NAMES.get(i))
        .copied()
}

/// The studio's bots, by the number of their `bid(N.0)` id.
const BOT_NAMES: [&str; 60] = [
    "343 Ritzy",
    "343 Meowlnir",
    "343 Wiggle Cat",
    "343 Ellis",
    "343 Godfather",
    "343 Colson",
    "343 Donos",
    "343 PardonMy",
    "343 Ensrude",
    "343 TooMilks",
    "343 Beard",
    "343 Razzle",
    "343 Nando",
    "343 GrappleMans",
    "343 Zero",
    "343 Mak",
    "343 Hundy",
    "343 Lacuna",
    "343 Cream Corn",
    "343 Brew Dog",
    "343 Lemondade",
    "343 Flippant",
    "343 Connmando",
    "343 Byrontron",
    "343 Ham Sammich",
    "343 BoboGan",
    "343 Robot Hoida",
    "343 Mumblebee",
    "343 Tedosaur",
    "343 Cliffton",
    "343 Stone",
    "343 Marmot",
    "343 Mickey",
    "343 Bachici",
    "343 Ben Desk",
    "343 BF Scrub",
    "343 Chaco",
    "343 Total Ten",
    "343 Darkstar",
    "343 Aloysius",
    "343 Dazzle",
    "343 Rhinosaurus",
    "343 Doomfruit",
    "343 Cosmo",
    "343 Sandwolf",
    "343 O Freruner",
    "343 Bergerton",
    "343 SpaceCase",
    "343 KaleDucky",
    "343 BERRYHILL",
    "343 Oscar",
    "343 The Referee",
    "343 Free Money",
    "343 Kubly",
    "343 Tanuki",
    "343 Shady Seal",
    "343 Chilies",
    "343 The Thumb",
    "343 Forge Lord",
    "343 Hollis",
];

/// The name of a bot from the text of its id (`8.0` of `bid(8.0)`), when the game has one.
pub fn bot_name(bid: &str) -> Option<&'static str> {
    let number = bid.strip_suffix(".0").unwrap_or(bid);
    number
        .parse::<usize>()
        .ok()
        .and_then(|i| BOT_NAMES.get(i))
        .copied()
}

/// The tier's name as the game shows it: `Diamond III`, `Onyx` (no sub-tiers), `None` when the
/// player is not ranked (the service sends a negative CSR or an empty tier).
pub fn tier_name(csr: &PreMatchCsr) -> Option<String> {
    if csr.value < 0 || csr.tier == Tier::Unranked {
        return None;
    }
    let tier = csr.tier.code();
    Some(match (&csr.tier, csr.sub_tier.name()) {
        (Tier::Onyx, _) | (_, None) => tier.to_owned(),
        (_, Some(sub)) => format!("{tier} {sub}"),
    })
}

/// An XUID as a JSON number (as the film events and the profile service write it), not the
/// string halo-models writes.
pub(crate) fn xuid_number<S: serde::Serializer>(xuid: &Xuid, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(xuid.0)
}

/// [`xuid_number`] of an XUID that may be missing (fields that skip `None`).
pub(crate) fn xuid_number_opt<S: serde::Serializer>(
    xuid: &Option<Xuid>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match xuid {
        Some(xuid) => s.serialize_u64(xuid.0),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_and_bots() {
        assert_eq!(team_name(0), Some("Eagle"));
        assert_eq!(team_name(1), Some("Cobra"));
        assert_eq!(team_name(8), Some("Observer"));
        assert_eq!(team_name(9), None);
        assert_eq!(team_name(-1), None);
        assert_eq!(bot_name("8.0"), Some("343 Ensrude"));
        assert_eq!(bot_name("0.0"), Some("343 Ritzy"));
        assert_eq!(bot_name("59"), Some("343 Hollis"));
        assert_eq!(bot_name("60.0"), None);
        assert_eq!(bot_name("x"), None);
    }

    #[test]
    fn tiers_read_as_the_game_shows_them() {
        let csr = |value: i64, tier: &str, sub: i64| -> PreMatchCsr {
            serde_json::from_value(serde_json::json!({
                "Value": value, "MeasurementMatchesRemaining": 0, "Tier": tier, "TierStart": 0,
                "SubTier": sub, "NextTier": "", "NextTierStart": 0, "NextSubTier": 0,
                "InitialMeasurementMatches": 5
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(
            tier_name(&csr(1249, "Diamond", 2)).as_deref(),
            Some("Diamond III")
        );
        assert_eq!(tier_name(&csr(1549, "Onyx", 0)).as_deref(), Some("Onyx"));
        assert_eq!(tier_name(&csr(-1, "", 0)), None);
    }
}
