//! The consistency check against the match stats of the sample's match.
#![allow(clippy::unwrap_used)]

mod common;

use halo_film::{EventCounts, EventKind, PlayerStats, check};

/// Human players' kills, deaths and medal counts, and the game-variant category, read from
/// `Stats_GetMatchStats/oddball_custom_with_bot.json`.
fn match_stats() -> (Vec<PlayerStats>, String) {
    let path =
        common::captures().join("responses/Stats_GetMatchStats/oddball_custom_with_bot.json");
    let stats: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let category = stats["MatchInfo"]["GameVariantCategory"].to_string();
    let mut players = Vec::new();
    for player in stats["Players"].as_array().unwrap() {
        let id = player["PlayerId"].as_str().unwrap();
        let Some(xuid) = id.strip_prefix("xuid(").and_then(|s| s.strip_suffix(')')) else {
            continue; // a bot
        };
        let (mut kills, mut deaths, mut medals) = (0, 0, 0);
        for team in player["PlayerTeamStats"].as_array().unwrap() {
            let core = &team["Stats"]["CoreStats"];
            kills += core["Kills"].as_u64().unwrap() as u32;
            deaths += core["Deaths"].as_u64().unwrap() as u32;
            medals += core["Medals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["Count"].as_u64().unwrap() as u32)
                .sum::<u32>();
        }
        players.push(PlayerStats::new(
            xuid.parse().unwrap(),
            kills,
            deaths,
            medals,
        ));
    }
    (players, category)
}

#[test]
fn the_sample_agrees_with_its_match_stats() {
    let (players, category) = match_stats();
    assert_eq!(
        players,
        vec![PlayerStats::new(2_535_445_291_321_133, 2, 1, 1)]
    );
    assert_eq!(category, "18");
    let events = halo_film::decode(&common::sample(), 37).unwrap().events;
    assert_eq!(check(&events, &players, &category), vec![]);
}

#[test]
fn a_missing_death_is_one_mismatch() {
    let (players, category) = match_stats();
    let mut events = halo_film::decode(&common::sample(), 37).unwrap().events;
    let death = events
        .iter()
        .position(|e| e.kind == EventKind::Death)
        .unwrap();
    events.remove(death);
    let mismatches = check(&events, &players, &category);
    assert_eq!(mismatches.len(), 1);
    let m = &mismatches[0];
    assert_eq!(m.xuid, 2_535_445_291_321_133);
    assert_eq!(m.expected, EventCounts::new(2, 1, 1));
    assert_eq!(m.found, EventCounts::new(2, 0, 1));
    assert_eq!(m.category, "18");
    assert_eq!(
        m.to_string(),
        "player xuid(2535445291321133): match stats say 2 kills, 1 deaths, 1 medals, \
         highlight events have 2 kills, 0 deaths, 1 medals (game variant category 18)"
    );
}

#[test]
fn a_player_without_events_is_a_mismatch_and_mode_events_do_not_count() {
    let events = halo_film::decode(&common::sample(), 37).unwrap().events;
    let players = [
        PlayerStats::new(2_535_445_291_321_133, 2, 1, 1),
        PlayerStats::new(2_535_400_000_000_000, 0, 3, 0),
    ];
    let mismatches = check(&events, &players, "Slayer");
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].xuid, 2_535_400_000_000_000);
    assert_eq!(mismatches[0].found, EventCounts::default());
}
