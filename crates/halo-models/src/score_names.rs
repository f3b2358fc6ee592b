//! Names of personal-score awards, keyed by their 32-bit `NameId` (no public metadata endpoint
//! serves these; the table comes from `ENUMS.md`).

/// `(NameId, name)` pairs sorted by id.
pub const PERSONAL_SCORE_NAMES: &[(u32, &str)] = &[
    (22113181, "Flag Returned"),
    (152718958, "Mark Assist"),
    (204144695, "Ball Taken"),
    (221060588, "Emp Assist"),
    (249491819, "Self Destruction"),
    (316828380, "Runner Stopped"),
    (340198991, "Hill Control"),
    (395875864, "Destroyed Falcon"),
    (454168309, "Ball Control"),
    (522435689, "Collected Bonus Xp"),
    (555570945, "Flag Capture Assist"),
    (586857799, "Hijacked Falcon"),
    (597066859, "Destroyed Banshee"),
    (601966503, "Flag Captured"),
    (638246808, "Kill Assist"),
    (665081740, "Hacked Terminal"),
    (674964649, "Hijacked Wasp"),
    (709346128, "Zone Secured"),
    (746397417, "Carrier Stopped"),
    (757037588, "Zone Captured 100"),
    (911992497, "Betrayed Player"),
    (963594075, "Driver Assist"),
    (1024030246, "Killed Player"),
    (1032565232, "Hill Scored"),
    (1059880024, "Hijacked Chopper"),
    (1117301492, "Extraction Converted"),
    (1267013266, "Sensor Assist"),
    (1416267372, "Destroyed Mongoose"),
    (1552628741, "Extraction Denied"),
    (1614285349, "Hijacked Ghost"),
    (1661163286, "Destroyed Razorback"),
    (1825517751, "Extraction Initiated"),
    (1834653062, "Hijacked Warthog"),
    (2008690931, "Destroyed Rocket Warthog"),
    (2106274556, "Destroyed Wasp"),
    (2107631925, "Destroyed Gungoose"),
    (2130209372, "Revive Denied"),
    (2188620691, "Power Seed Secured"),
    (2191528998, "Hijacked Mongoose"),
    (2387185397, "Flag Taken"),
    (2408971842, "Eliminated Player"),
    (2742351765, "Destroyed Phantom"),
    (2801241965, "Stockpile Scored"),
    (2848565291, "Hijacked Razorback"),
    (3002710045, "Flag Stolen"),
    (3107879375, "Destroyed Warthog"),
    (3150095814, "Hijacked Banshee"),
    (3243589708, "Destroyed Wraith"),
    (3428202435, "Revived Player"),
    (3454330054, "Destroyed Scorpion"),
    (3472794399, "Destroyed Chopper"),
    (3507884073, "Zone Captured 50"),
    (3996338664, "Power Seed Stolen"),
    (4026987576, "Zone Captured 75"),
    (4128329646, "Carrier Killed"),
    (4130011565, "Extraction Completed"),
    (4186766732, "Hijacked Gungoose"),
    (4247243561, "Conversion Denied"),
    (4254982885, "Destroyed Ghost"),
    (4294405210, "Hijacked Rocket Warthog"),
    (4294967295, "Custom"),
];

/// The name of a personal-score award (`1024030246` is `"Killed Player"`), or `None` when unknown.
pub fn personal_score_name(name_id: u64) -> Option<&'static str> {
    let id = u32::try_from(name_id).ok()?;
    PERSONAL_SCORE_NAMES
        .binary_search_by_key(&id, |&(k, _)| k)
        .ok()
        .and_then(|i| PERSONAL_SCORE_NAMES.get(i))
        .map(|&(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        assert_eq!(personal_score_name(1_024_030_246), Some("Killed Player"));
        assert_eq!(personal_score_name(638_246_808), Some("Kill Assist"));
        assert_eq!(personal_score_name(4_294_967_295), Some("Custom"));
        assert_eq!(personal_score_name(1), None);
        assert_eq!(personal_score_name(u64::MAX), None);
        assert_eq!(PERSONAL_SCORE_NAMES.len(), 61);
    }
}
