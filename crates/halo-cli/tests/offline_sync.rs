//! `halo --offline sync` end to end: the history into a SQLite file, the summary, and bad
//! input (an unknown player writes nothing).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{halo_command, stderr, stdout};

/// A fresh database path.
fn db_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("halo-cli-sync");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

#[test]
fn offline_sync_stores_the_history_and_a_second_run_finds_it_stored() {
    let db = db_path("twice");
    let run = || {
        halo_command(&[
            "--offline",
            "sync",
            "aCurtis X89",
            "--db",
            db.to_str().unwrap(),
        ])
        .env("HALO_OFFLINE_HISTORY", "40")
        .output()
        .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Offline: "), "{text}");
    assert!(
        text.contains("aCurtis X89 (xuid 2535445291321133): 40 new, 0 already stored, 0 failed"),
        "{text}"
    );
    let dir = db.with_extension("csv");
    let export = halo_command(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    let listing = stdout(&export);
    assert!(
        listing
            .lines()
            .next()
            .unwrap()
            .starts_with("matches                   40 rows  "),
        "{listing}"
    );
    let matches = std::fs::read_to_string(dir.join("matches.csv")).unwrap();
    assert_eq!(matches.lines().count(), 41);
    let again = run();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains(": 0 new, 25 already stored, 0 failed"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn an_unknown_player_exits_1_and_writes_nothing() {
    let db = db_path("unknown");
    let faults = db.with_extension("faults.json");
    std::fs::write(
        &faults,
        r#"{"rules":[{"endpoint":"Profile_GetUser","action":{"kind":"status","status":404}}]}"#,
    )
    .unwrap();
    let out = halo_command(&[
        "--offline",
        "sync",
        "Nobody Here",
        "--db",
        db.to_str().unwrap(),
    ])
    .env("HALO_TESTKIT_FAULTS", &faults)
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        "error: no player `Nobody Here` is known to the Halo services"
    );
    assert!(!db.exists());
}
