//! End to end over halo-testkit: a player's history into SQLite, its values as captured,
//! and a second sync that fetches only the new matches.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use halo_sync::store::SqlValue;

/// The slayer capture's match (matchmade, in the history capture).
const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";
/// The CTF capture's match.
const CTF: &str = "4b64348e-5897-4028-856d-44c7955c83e3";

#[tokio::test]
async fn a_history_lands_in_the_database_with_the_captured_values() {
    let server = server(60).await;
    let path = db_path("values");
    let report = sync(&server, &path).await;
    assert_eq!((report.listed, report.new, report.already), (60, 60, 0));
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert!(report.complete);
    assert_eq!(int(&path, "SELECT count(*) FROM matches"), 60);
    assert_eq!(int(&path, "SELECT count(*) FROM sync_failures"), 0);

    // The slayer capture: aCurtis X89's 18 kills, 6 kinds of medal, CSR 1530 -> 1532.
    let me = format!("xuid({XUID})");
    let kills = int(
        &path,
        &format!(
            "SELECT kills FROM player_stats WHERE match_id = '{SLAYER}' AND player_id = '{me}'"
        ),
    );
    assert_eq!(kills, 18);
    let medals = int(
        &path,
        &format!("SELECT count(*) FROM medals WHERE match_id = '{SLAYER}' AND player_id = '{me}'"),
    );
    assert_eq!(medals, 6);
    let csr = rows(
        &path,
        &format!(
            "SELECT pre_csr, post_csr, post_tier FROM csr_changes \
             WHERE match_id = '{SLAYER}' AND xuid = {XUID}"
        ),
    );
    assert_eq!(
        csr,
        vec![vec![
            SqlValue::Int(1530),
            SqlValue::Int(1532),
            SqlValue::from("Onyx")
        ]]
    );
    // The CTF capture's per-mode stats: 7 flag grabs, 9.6 s as carrier.
    let ctf = rows(
        &path,
        &format!(
            "SELECT stat, value FROM player_mode_stats WHERE match_id = '{CTF}' \
             AND player_id = '{me}' AND stat IN ('FlagGrabs', 'TimeAsFlagCarrier') ORDER BY stat"
        ),
    );
    assert_eq!(
        ctf,
        vec![
            vec![SqlValue::from("FlagGrabs"), SqlValue::Real(7.0)],
            vec![SqlValue::from("TimeAsFlagCarrier"), SqlValue::Real(9.6)],
        ]
    );
    let start = rows(
        &path,
        &format!("SELECT start_time, lifecycle_mode FROM matches WHERE match_id = '{CTF}'"),
    );
    assert_eq!(
        start,
        vec![vec![
            SqlValue::from("2025-01-24T03:51:46.942Z"),
            SqlValue::Int(3)
        ]]
    );
}

#[tokio::test]
async fn a_second_sync_fetches_only_the_new_matches() {
    let path = db_path("incremental");
    let first = server(100).await;
    let report = sync(&first, &path).await;
    assert_eq!(report.new, 100);
    assert_eq!(requests_of(&first, "Stats_GetMatchStats"), 100);
    drop(first);

    // Ten newer matches; the history pages reach the stored ones and stop.
    let second = server_newer(100, 10).await;
    let report = sync(&second, &path).await;
    assert_eq!((report.new, report.failed.len()), (10, 0));
    assert!(report.complete);
    assert!(report.stopped_early);
    assert_eq!(requests_of(&second, "Stats_GetMatchStats"), 10);
    // The first page (10 new, 15 stored) is not enough: the second, stored whole, ends it.
    assert_eq!((report.listed, report.already), (50, 40));
    assert_eq!(requests_of(&second, "Stats_GetMatchHistory"), 2);
    assert_eq!(int(&path, "SELECT count(*) FROM matches"), 110);

    // Nothing new: no match is fetched at all.
    let third = server_newer(100, 10).await;
    let report = sync(&third, &path).await;
    assert_eq!((report.new, report.already), (0, 25));
    assert_eq!(requests_of(&third, "Stats_GetMatchStats"), 0);
    assert_eq!(requests_of(&third, "Stats_GetMatchHistory"), 1);
}

#[tokio::test]
async fn a_rebuild_from_the_raw_bodies_gives_the_same_tables() {
    let server = server(40).await;
    let path = db_path("rebuild");
    sync(&server, &path).await;
    let dump = |path: &std::path::Path| {
        let mut all = Vec::new();
        for table in halo_sync::schema::TABLES.iter().filter(|t| t.materialized) {
            all.push((table.name, rows(path, &table.select_sql())));
        }
        all
    };
    let before = dump(&path);
    assert_eq!(before[0].1.len(), 40);
    let mut db = halo_sync::Database::sqlite(&path).unwrap();
    let report = halo_sync::rebuild(&mut db, &halo_sync::Silent).unwrap();
    drop(db);
    assert_eq!(report.matches, 40);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    // The captured medal metadata names 151 medals; the offline world names every map, mode,
    // playlist and map-mode pair its matches use (the 5 custom games among the 40 add their
    // maps and modes).
    assert_eq!(report.medal_names, 151);
    assert_eq!(report.assets, 41);
    assert_eq!(
        int(
            &path,
            "SELECT count(*) FROM matches WHERE lifecycle_mode = 1"
        ),
        5
    );
    assert_eq!(
        rows(
            &path,
            "SELECT name FROM assets WHERE kind = 'playlist' ORDER BY name"
        ),
        vec![
            vec![SqlValue::from("Playlist 05a31b26 (synthetic name)")],
            vec![SqlValue::from("Playlist 689b7a63 (synthetic name)")],
            vec![SqlValue::from("Playlist d3777b09 (synthetic name)")],
            vec![SqlValue::from("Playlist edf37cf4 (synthetic name)")],
            vec![SqlValue::from("Quick Play")],
            vec![SqlValue::from("Ranked Arena")],
        ]
    );
    assert_eq!(dump(&path), before);
}

#[tokio::test]
async fn matches_of_every_matchmade_mode_land_with_their_mode_stats_and_names() {
    let server = server(250).await;
    let path = db_path("modes");
    let report = sync(&server, &path).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let modes: Vec<String> = rows(
        &path,
        "SELECT DISTINCT mode FROM player_mode_stats ORDER BY mode",
    )
    .into_iter()
    .map(|r| r[0].as_str().unwrap().to_owned())
    .collect();
    for mode in [
        "CaptureTheFlagStats",
        "EliminationStats",
        "InfectionStats",
        "OddballStats",
        "PveStats",
        "PvpStats",
        "ZonesStats",
    ] {
        assert!(
            modes.iter().any(|m| m == mode),
            "{mode} missing from {modes:?}"
        );
    }
    // PvE (gameplay interaction 2) and custom games (lifecycle 1, no skill) are both there.
    assert!(
        int(
            &path,
            "SELECT count(*) FROM matches WHERE gameplay_interaction = 2"
        ) > 0
    );
    assert_eq!(
        int(
            &path,
            "SELECT count(*) FROM csr_changes c JOIN matches m USING (match_id) \
             WHERE m.lifecycle_mode = 1"
        ),
        0
    );
}
