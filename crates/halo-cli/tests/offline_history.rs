//! `halo history` end to end, offline against the embedded test server (matchmade and custom
//! games, as the service lists them: the VIP custom game of 2025-08-05, the history capture's
//! 25 matches, then the other captured matches, the captured films' matches and synthetic older
//! ones; 2,664 matchmade matches and 5 custom games in all).
#![allow(clippy::unwrap_used)]

mod common;

use common::{golden, halo, ok, stderr, stdout};

const ME: u64 = 2_535_445_291_321_133;

fn json(args: &[&str]) -> serde_json::Value {
    let mut args = args.to_vec();
    args.push("--offline");
    serde_json::from_str(&ok(&args)).unwrap()
}

#[test]
fn the_signed_in_players_latest_matches() {
    let report = json(&["history", "--count", "3", "--json"]);
    assert_eq!(report["offline"], true);
    assert_eq!(report["player"]["xuid"], ME);
    assert_eq!(report["player"]["gamertag"], "aCurtis X89");
    let matches = report["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 3);
    // Custom games are listed with the matchmade ones, as the service lists them: the newest
    // is the VIP custom game, against bots, with no playlist.
    let vip = &matches[0];
    assert_eq!(vip["match_id"], "bb12c16a-f7e5-4b4c-934c-6ea7527f5139");
    assert_eq!(vip["start_time"], "2025-08-05T18:38:45.677Z");
    assert_eq!(vip["lifecycle"], "CUSTOM");
    assert_eq!(vip["category"], "MULTIPLAYER_ESCORT");
    assert_eq!(vip["map"]["name"], "Bazaar");
    assert_eq!(vip["mode"]["name"], "VIP-Default-UGC");
    assert!(vip.get("playlist").is_none(), "{vip}");
    assert_eq!(vip["player"]["outcome"], "win");
    let first = &matches[1];
    assert_eq!(first["match_id"], "63391382-6b88-43f9-9ff4-6313404c419c");
    assert_eq!(first["start_time"], "2025-01-29T04:20:33.441Z");
    assert_eq!(first["duration_seconds"], 1111);
    assert_eq!(first["category"], "MULTIPLAYER_ODDBALL");
    assert_eq!(first["player"]["outcome"], "loss");
    assert_eq!(first["player"]["rank"], 5);
    assert_eq!(first["player"]["team"], "Eagle");
    assert_eq!(first["playlist"]["name"], "Ranked Arena");
    assert_eq!(first["season"]["id"], "Csr/Seasons/CsrSeason9-1.json");
    // The slayer capture's match, won.
    assert_eq!(
        matches[2]["match_id"],
        "b4be1c44-5782-42b3-8cf8-0d76dd87230c"
    );
    assert_eq!(matches[2]["player"]["outcome"], "win");
    assert_eq!(matches[2]["category"], "MULTIPLAYER_SLAYER");
}

#[test]
fn pages_are_followed_past_the_first_25() {
    let report = json(&["history", "2535445291321133", "-n", "60", "--json"]);
    let matches = report["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 60);
    let ids: std::collections::BTreeSet<&str> = matches
        .iter()
        .map(|m| m["match_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 60, "match ids repeat");
    let starts: Vec<&str> = matches
        .iter()
        .map(|m| m["start_time"].as_str().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] > w[1]), "{starts:?}");
    // After the VIP custom game and the history capture's 25 come the other captured
    // matches, older: the infection capture's (2025-01-22), three custom games of 2024-09-30
    // (Elimination, Stockpile, Extraction), the firefight capture's (2024-09-04).
    let ids: Vec<&str> = matches[26..31]
        .iter()
        .map(|m| m["match_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "1eff9933-121a-42be-ab15-05bda1fc8858",
            "d1764570-0c28-4cf0-b5ec-69cbc70e4733",
            "9a350909-b2bb-448f-a30a-7b234a8b28ef",
            "79ec883a-1450-42b1-a9f8-0bb6175b85fd",
            "e6b701df-6e69-4b74-98f8-c72e83d76622",
        ]
    );
}

#[test]
fn a_gamertag_names_the_player() {
    let report = json(&["history", "TwiningIsland83", "-n", "1", "--json"]);
    assert_eq!(report["player"]["gamertag"], "TwiningIsland83");
    assert_eq!(report["player"]["xuid"], 2_535_469_531_821_339_u64);
    // Their newest match is the oddball capture's, which they played with aCurtis X89.
    assert_eq!(
        report["matches"][0]["match_id"],
        "63391382-6b88-43f9-9ff4-6313404c419c"
    );
    let out = halo(&["history", "Some Gamer", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("no player with gamertag `Some Gamer`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn history_table_is_golden() {
    let table = ok(&["history", "--offline"]);
    assert!(table.starts_with("Offline: "), "{table}");
    golden("history.txt", &table);
}

#[test]
fn bad_players_and_counts_are_clear_errors() {
    let out = halo(&["history", "a/b", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: `a/b` is not a valid gamertag"),
        "{}",
        stderr(&out)
    );
    let out = halo(&["history", "--count", "0", "--offline"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--count"), "{}", stderr(&out));
}
