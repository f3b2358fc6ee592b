//! Failing loud: no silent offline mode, no `null` without an error beside it, `--strict`
//! all-or-nothing (exit status 3), a history that fails midway prints what it got. Offline
//! against the embedded test server, with fault plans given by `HALO_TESTKIT_FAULTS`.
#![allow(clippy::unwrap_used)]

mod common;

use common::{halo, halo_command, halo_faults, slayer_match_id, stderr, stdout};

/// The issue's plan: 30% of discovery requests answer 502.
const DISCOVERY_502_30: &str = r#"{"rules":[{"path":"discovery-infiniteugc.svc.halowaypoint.com/**",
    "probability":0.3,"action":{"kind":"status","status":502}}]}"#;

/// Every discovery request answers 502.
const DISCOVERY_502: &str = r#"{"rules":[{"path":"discovery-infiniteugc.svc.halowaypoint.com/**",
    "action":{"kind":"status","status":502}}]}"#;

/// The first history page comes through, every later request for one answers 503.
const HISTORY_503_AFTER_FIRST: &str = r#"{"rules":[
    {"endpoint":"Stats_GetMatchHistory","first":1,"action":{"kind":"delay","ms":0}},
    {"endpoint":"Stats_GetMatchHistory","action":{"kind":"status","status":503}}]}"#;

/// The JSON paths of every `null` in `value`.
fn nulls(value: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        serde_json::Value::Null => out.push(path.clone()),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                nulls(item, path, out);
                path.pop();
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                path.push(key.clone());
                nulls(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The part a null at `path` belongs to (the facade's part names).
fn part_of(path: &[String]) -> &'static str {
    let has = |key: &str| path.iter().any(|p| p == key);
    if has("gamertag") {
        "gamertags"
    } else if has("csr") {
        "skill"
    } else if has("medals") {
        "medal_names"
    } else if has("map_mode_pair") {
        "map_mode_pair"
    } else if has("map") {
        "map"
    } else if has("mode") {
        "mode"
    } else if has("playlist") {
        "playlist"
    } else if has("season") {
        "season"
    } else {
        "unknown"
    }
}

/// Asserts that every `null` in `report` has an entry for its part in the nearest `errors`
/// (a history line's own, else the report's).
fn assert_every_null_has_an_error(report: &serde_json::Value) {
    let mut found = Vec::new();
    nulls(report, &mut Vec::new(), &mut found);
    for path in &found {
        let part = part_of(path);
        assert_ne!(part, "unknown", "null at {path:?} belongs to no part");
        // The object holding the null's part: a history line (`matches/N`) or the report.
        let scope = if path.first().map(String::as_str) == Some("matches") {
            &report["matches"][path[1].parse::<usize>().unwrap()]
        } else {
            report
        };
        let errors = scope["errors"].as_array();
        let listed = errors.is_some_and(|errors| errors.iter().any(|e| e["part"] == part));
        assert!(listed, "null at {path:?} without an error for `{part}`");
    }
}

#[test]
fn without_credentials_or_offline_api_commands_say_what_to_do() {
    let id = slayer_match_id();
    for args in [
        vec!["match", id.as_str()],
        vec!["history"],
        vec!["player", "--json"],
        vec!["film", "events", id.as_str()],
    ] {
        let out = halo(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("error: no credentials: "), "{message}");
        assert!(message.contains("halo auth login"), "{message}");
        assert!(message.contains("--offline"), "{message}");
    }
    // HALO_OFFLINE=1 is --offline.
    let out = halo_command(&["player", "--json"])
        .env("HALO_OFFLINE", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["offline"], true);
}

#[test]
fn offline_tables_say_so_first() {
    let id = slayer_match_id();
    for args in [
        vec!["match", id.as_str(), "--offline"],
        vec!["history", "-n", "3", "--offline"],
        vec!["player", "--offline"],
        vec![
            "film",
            "events",
            "adfde763-6996-4ffb-8cd5-55855454c5f0",
            "--offline",
        ],
    ] {
        let out = halo(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let first = stdout(&out).lines().next().unwrap_or_default().to_owned();
        assert_eq!(
            first, "Offline: captured data from the embedded test server, not the Halo services.",
            "{args:?}"
        );
    }
}

#[test]
fn a_null_always_has_an_error_beside_it() {
    let id = slayer_match_id();
    for (name, args) in [
        ("nulls-history", vec!["--json", "history", "--count", "200"]),
        ("nulls-match", vec!["--json", "match", id.as_str()]),
        ("nulls-player", vec!["--json", "player"]),
    ] {
        let out = halo_faults(name, DISCOVERY_502_30, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_every_null_has_an_error(&report);
        // One warning line per kind of failure, never one per match.
        let warnings = stderr(&out)
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count();
        assert!(warnings <= 12, "{}", stderr(&out));
    }
    // Every discovery request failing: every name of the slayer match is null, each part
    // listed once, and the rest of the scoreboard is whole.
    let out = halo_faults("nulls-all", DISCOVERY_502, &["--json", "match", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_every_null_has_an_error(&report);
    for part in ["map", "mode", "playlist", "map_mode_pair"] {
        assert_eq!(report[part]["name"], serde_json::Value::Null, "{part}");
        assert_eq!(report["parts"][part], "failed", "{part}");
    }
    assert_eq!(report["teams"][0]["score"], 50);
    assert_eq!(report["teams"][0]["players"][0]["gamertag"], "aCurtis X89");
    let kinds: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"server answered 502 (HIUGC_Discovery_GetPlaylist)"),
        "{kinds:?}"
    );
    assert!(
        stderr(&out).contains(
            "warning: playlist names could not be fetched: server answered 502 \
             (HIUGC_Discovery_GetPlaylist); null in the JSON, see \"errors\""
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn strict_is_all_or_nothing() {
    // Under the issue's plan: exit 3 with nothing printed, or exit 0 with nothing failed.
    let out = halo_faults(
        "strict-30",
        DISCOVERY_502_30,
        &["--strict", "--json", "history", "--count", "200"],
    );
    match out.status.code() {
        Some(3) => {
            assert_eq!(stdout(&out), "");
            let err = stderr(&out);
            assert!(err.lines().any(|l| l.starts_with("warning: ")), "{err}");
            assert!(
                err.lines()
                    .last()
                    .unwrap_or_default()
                    .starts_with("error: ")
                    && err.contains("--strict"),
                "{err}"
            );
        }
        Some(0) => {
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut found = Vec::new();
            nulls(&report, &mut Vec::new(), &mut found);
            assert!(found.is_empty(), "{found:?}");
            assert!(!stdout(&out).contains("\"errors\""));
        }
        other => panic!("exit {other:?}: {}", stderr(&out)),
    }
    // A plan that always fails some part: always 3, in tables too.
    let id = slayer_match_id();
    let out = halo_faults("strict-all", DISCOVERY_502, &["--strict", "match", &id]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    // Without --strict the same command prints, marks and warns, and exits 0.
    let out = halo_faults("strict-off", DISCOVERY_502, &["match", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("\nPlaylist  edfef3ac?\n"), "{table}");
    assert!(
        stderr(&out).contains("warning: map names could not be fetched: server answered 502"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_history_that_fails_midway_prints_what_it_got() {
    let out = halo_faults(
        "history-midway",
        HISTORY_503_AFTER_FIRST,
        &["--json", "history", "--count", "60"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["matches"].as_array().unwrap().len(), 25);
    let error = &report["errors"][0];
    assert_eq!(error["part"], "history");
    assert_eq!(error["detail"], "stopped after 25 of the 60 matches asked");
    assert!(
        stderr(&out).contains(
            "warning: the match history could not be fetched whole (stopped after 25 of the \
             60 matches asked): "
        ),
        "{}",
        stderr(&out)
    );
    let out = halo_faults(
        "history-midway-strict",
        HISTORY_503_AFTER_FIRST,
        &["--strict", "history", "--count", "60"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

/// A seeded random plan over every request: server errors, resets, 429s with `Retry-After: 0`,
/// malformed bodies, and discovery failing more often.
fn random_plan(seed: u64) -> String {
    format!(
        r#"{{"seed":{seed},"rules":[
        {{"path":"discovery-infiniteugc.svc.halowaypoint.com/**","probability":0.2,"action":{{"kind":"status","status":502}}}},
        {{"probability":0.05,"action":{{"kind":"status","status":503}}}},
        {{"probability":0.03,"action":{{"kind":"reset_before_headers"}}}},
        {{"probability":0.05,"action":{{"kind":"status","status":429,"retry_after":0}}}},
        {{"probability":0.02,"action":{{"kind":"malformed_json"}}}}]}}"#
    )
}

#[test]
fn under_a_seeded_random_plan_no_null_lacks_an_error() {
    let id = slayer_match_id();
    let mut printed = 0;
    for seed in [1_u64, 7, 42] {
        let plan = random_plan(seed);
        for args in [
            vec!["--json", "match", id.as_str()],
            vec!["--json", "history", "--count", "60"],
        ] {
            let out = halo_faults(&format!("random-{seed}"), &plan, &args);
            let err = stderr(&out);
            match out.status.code() {
                Some(0) => {
                    printed += 1;
                    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                    assert_every_null_has_an_error(&report);
                    // Every warning line is one line of text, no control characters.
                    assert!(!err.contains('\u{1b}'), "{err:?}");
                }
                // The main part itself failed: nothing printed, one error line, its cause named.
                Some(1) => {
                    assert_eq!(stdout(&out), "", "{args:?}");
                    let last = err.lines().last().unwrap_or_default();
                    assert!(last.starts_with("error: "), "{err}");
                }
                other => panic!("seed {seed} {args:?}: exit {other:?}: {err}"),
            }
            // Under --strict (requests interleave, so the faults land elsewhere): all or
            // nothing.
            let mut strict = args.clone();
            strict.insert(0, "--strict");
            let again = halo_faults(&format!("random-{seed}-strict"), &plan, &strict);
            match again.status.code() {
                Some(0) => {
                    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
                    let mut found = Vec::new();
                    nulls(&report, &mut Vec::new(), &mut found);
                    assert!(found.is_empty(), "seed {seed} {args:?}: {found:?}");
                    assert!(!stdout(&again).contains("\"errors\""));
                }
                Some(1 | 3) => assert_eq!(stdout(&again), "", "seed {seed} {args:?}"),
                other => panic!("seed {seed} {strict:?}: exit {other:?}: {}", stderr(&again)),
            }
        }
    }
    // The plan is mild enough that most runs print.
    assert!(printed >= 3, "{printed}");
}
