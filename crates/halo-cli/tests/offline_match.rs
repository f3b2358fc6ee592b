//! `halo match` and `halo film events` end to end, offline against the embedded test server.
#![allow(clippy::unwrap_used)]

mod common;

use common::{golden, halo, ok, slayer_match_id, stderr, stdout};

#[test]
fn match_json_has_the_slayer_scoreboard() {
    let id = slayer_match_id();
    let out = halo(&["match", &id, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "no credentials configured; running offline against the embedded test server \
         (see `halo auth login`)"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["match_id"], id.as_str());
    let teams = report["teams"].as_array().unwrap();
    let scores: Vec<(i64, &str)> = teams
        .iter()
        .map(|t| (t["score"].as_i64().unwrap(), t["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(scores, vec![(50, "win"), (31, "loss")]);
    let humans: Vec<&serde_json::Value> = teams
        .iter()
        .flat_map(|t| t["players"].as_array().unwrap())
        .filter(|p| p["bot"] == false)
        .collect();
    assert_eq!(humans.len(), 8);
    let me = humans
        .iter()
        .find(|p| p["xuid"] == 2_535_445_291_321_133_u64)
        .unwrap();
    assert_eq!(me["gamertag"], "aCurtis X89");
    assert_eq!(
        (&me["kills"], &me["deaths"], &me["assists"]),
        (&18.into(), &8.into(), &5.into())
    );
    assert_eq!(me["accuracy"], 61.08);
    assert_eq!(
        me["csr"],
        serde_json::json!({"pre": 1530, "post": 1532, "change": 2})
    );
    assert_eq!(report["playlist"]["name"], "Ranked Arena");
}

#[test]
fn match_table_is_golden() {
    golden("match_slayer.txt", &ok(&["match", &slayer_match_id()]));
}

#[test]
fn a_bad_match_id_is_a_clear_error() {
    let out = halo(&["match", "not-a-guid"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: `not-a-guid` is not a match id"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn film_events_of_a_match() {
    let id = slayer_match_id();
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["film", "events", &id, "--json", "--offline"])).unwrap();
    assert!(events.len() > 100, "{} events", events.len());
    assert!(events.iter().any(|e| e["kind"] == "kill"));
    assert!(events.iter().any(|e| e["kind"] == "medal"));
    let table = ok(&["film", "events", &id]);
    assert!(table.starts_with("     TIME  GAMERTAG"), "{table}");
    assert!(
        table.ends_with(&format!("{} events\n", events.len())),
        "{table}"
    );
}

#[test]
fn film_events_match_the_reference_decoder() {
    // The testkit serves this match's own captured highlight-events chunk (version 37).
    let id = "adfde763-6996-4ffb-8cd5-55855454c5f0";
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["film", "events", id, "--json"])).unwrap();
    let path = common::captures().join(format!("films/expected/37_{id}.events.json"));
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let expected = expected["events"].as_array().unwrap();
    assert_eq!(events.len(), expected.len());
    assert_eq!(events.len(), 230);
    for (got, want) in events.iter().zip(expected) {
        assert_eq!(got["xuid"], want["xuid"]);
        assert_eq!(got["gamertag"], want["gamertag"]);
        assert_eq!(got["kind"], want["event_type"]);
        assert_eq!(got["time_ms"], want["time_ms"]);
    }
    assert_eq!(events[0]["gamertag"], "YoungStudSZN");
    assert_eq!(events[0]["time_ms"], 40_000);
}

#[test]
fn a_bad_film_match_id_is_a_clear_error() {
    let out = halo(&["film", "events", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: `nope` is not a match id"),
        "{}",
        stderr(&out)
    );
}
