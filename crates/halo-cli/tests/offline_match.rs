//! `halo match` and `halo film events` end to end, offline against the embedded test server.
#![allow(clippy::unwrap_used)]

mod common;

use common::{golden, halo, ok, slayer_match_id, stderr, stdout};

#[test]
fn match_json_has_the_slayer_scoreboard() {
    let id = slayer_match_id();
    let out = halo(&["match", &id, "--json", "--offline"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["offline"], true);
    assert_eq!(report["match_id"], id.as_str());
    let teams = report["teams"].as_array().unwrap();
    let scores: Vec<(&str, i64, &str)> = teams
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["score"].as_i64().unwrap(),
                t["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(scores, vec![("Cobra", 50, "win"), ("Eagle", 31, "loss")]);
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
    assert_eq!(me["kda"], 11.66);
    assert_eq!(me["team"], "Cobra");
    // The skill capture is this player's result in this match.
    let csr = &me["csr"];
    assert_eq!(
        (&csr["before"]["value"], &csr["after"]["value"]),
        (&1530.into(), &1532.into())
    );
    assert_eq!(csr["after"]["tier"], "Onyx");
    assert_eq!(csr["change"], 2);
    assert_eq!(report["playlist"]["name"], "Ranked Arena");
    assert_eq!(report["season"]["id"], "Csr/Seasons/CsrSeason9-1.json");
    assert_eq!(report["parts"]["stats"], "ok");
    assert_eq!(report["parts"]["skill"], "ok");
}

#[test]
fn match_table_is_golden() {
    let table = ok(&["match", &slayer_match_id(), "--offline"]);
    assert!(table.starts_with("Offline: "), "{table}");
    golden("match_slayer.txt", &table);
}

#[test]
fn a_bad_match_id_is_a_clear_error() {
    let out = halo(&["match", "not-a-guid", "--offline"]);
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
    // A match of a captured film: its stats are the film's players and counts.
    let id = "adfde763-6996-4ffb-8cd5-55855454c5f0";
    let report: serde_json::Value =
        serde_json::from_str(&ok(&["film", "events", id, "--json", "--offline"])).unwrap();
    assert_eq!(report["offline"], true);
    let events = report["events"].as_array().unwrap();
    assert!(events.len() > 100, "{} events", events.len());
    assert!(events.iter().any(|e| e["kind"] == "kill"));
    assert!(events.iter().any(|e| e["kind"] == "medal"));
    let check = &report["check"];
    assert_eq!(check["consistent"], true, "{check}");
    assert_eq!(check["players_checked"], 8);
    assert_eq!(check["mismatches"].as_array().unwrap().len(), 0);
    assert_eq!(check["strangers"].as_array().unwrap().len(), 0);
    let table = ok(&["film", "events", id, "--offline"]);
    assert!(table.starts_with("Offline: "), "{table}");
    assert!(table.contains("\n     TIME  GAMERTAG"), "{table}");
    assert!(
        table.contains(&format!("\n{} events\n", events.len())),
        "{table}"
    );
    assert!(
        table.contains("\nCheck against the match stats: consistent"),
        "{table}"
    );
    // The slayer match has no film.
    let out = halo(&["film", "events", &slayer_match_id(), "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no film"), "{}", stderr(&out));
}

#[test]
fn film_events_match_the_reference_decoder() {
    // The testkit serves this match's own captured highlight-events chunk (version 37).
    let id = "adfde763-6996-4ffb-8cd5-55855454c5f0";
    let report: serde_json::Value =
        serde_json::from_str(&ok(&["film", "events", id, "--json", "--offline"])).unwrap();
    let events = report["events"].as_array().unwrap();
    assert_eq!(report["film_major_version"], 37);
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
    let out = halo(&["film", "events", "nope", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: `nope` is not a match id"),
        "{}",
        stderr(&out)
    );
}
