//! The sync engine's decisions over halo-testkit, each checked by what lands in the database
//! and what was asked of the server: `--since` keeps exactly the matches started at or after
//! the instant; custom games never ask the skill service; a skill answer that fails fails its
//! match (recorded, tried again) while a missing one (404) stores the match without CSR; a
//! stats answer for another match is a failure, not a stored match; matches stored out of order
//! (the newest by a limited sync) do not end the next sync before the unstored ones; an empty
//! history is paged to its end; a player the service does not know is `PlayerNotFound` and any
//! other profile failure is not.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use halo_models::Timestamp;
use halo_sync::store::SqlValue;
use halo_sync::{Database, ErrorKind, Silent, SyncOptions, Syncer};
use halo_testkit::{FaultAction, FaultPlan, FaultRule};

/// The slayer capture's match (matchmade, in the history capture).
const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";
/// The CTF capture's match (matchmade).
const CTF: &str = "4b64348e-5897-4028-856d-44c7955c83e3";

fn text(s: &str) -> SqlValue {
    SqlValue::from(s)
}

/// A rule answering every request of `path` with `status` (and `body`).
fn answer(path: String, status: u16, body: Option<String>) -> FaultRule {
    FaultRule::path(
        path,
        FaultAction::Status {
            status,
            retry_after: None,
            body,
        },
    )
}

#[tokio::test]
async fn since_keeps_exactly_the_matches_started_at_or_after_the_instant() {
    let server = server(40).await;
    let all = db_path("since-all");
    let client = client(&server);
    let player = halo_sync::resolve(&client, GAMERTAG.parse().unwrap())
        .await
        .unwrap();
    let syncer = Syncer::new(
        client,
        Database::sqlite(&all).unwrap(),
        SyncOptions {
            concurrency: 3,
            ..SyncOptions::default()
        },
    );
    // The syncer shows its options, not its client or database.
    let debug = format!("{syncer:?}");
    assert!(debug.starts_with("Syncer {"), "{debug}");
    assert!(debug.contains("concurrency: 3"), "{debug}");
    let report = syncer.sync_player(&player, &Silent).await.unwrap();
    assert_eq!((report.listed, report.new), (40, 40));
    // The database comes back with the 40 matches in it.
    let mut db = syncer.into_database().unwrap();
    let counts = db.counts().unwrap();
    assert!(counts.contains(&("matches", 40)), "{counts:?}");
    drop(db);

    // Custom games (lifecycle 1) never ask the skill service; every matchmade one (3) does.
    let custom = int(
        &all,
        "SELECT count(*) FROM matches WHERE lifecycle_mode = 1",
    );
    let matchmade = int(
        &all,
        "SELECT count(*) FROM matches WHERE lifecycle_mode = 3",
    );
    assert_eq!((custom, matchmade), (5, 35));
    assert_eq!(requests_of(&server, "Skill_GetMatchResult"), 35);

    // The 10th newest match's start is the instant: it and the 9 newer ones are synced.
    let newest = rows(
        &all,
        "SELECT match_id, start_time FROM matches ORDER BY start_time DESC",
    );
    let tenth = newest[9][1].as_str().unwrap();
    assert_ne!(newest[10][1], newest[9][1]);
    let since: Timestamp = tenth.parse().unwrap();
    let path = db_path("since");
    let report = sync_with(
        &server,
        &path,
        SyncOptions {
            since: Some(since),
            ..SyncOptions::default()
        },
    )
    .await;
    assert_eq!((report.listed, report.new, report.already), (10, 10, 0));
    // Matches were left out on purpose: the player's history is not complete.
    assert!(!report.complete);
    let synced = rows(
        &path,
        "SELECT match_id, start_time FROM matches ORDER BY start_time DESC",
    );
    assert_eq!(synced, newest[..10]);
    assert_eq!(synced[9][1], text(tenth));
}

#[tokio::test]
async fn a_failed_skill_answer_fails_its_match_and_a_missing_one_stores_it_without_csr() {
    let plan = FaultPlan::new()
        .rule(answer(format!("/hi/matches/{SLAYER}/skill"), 500, None))
        .rule(answer(format!("/hi/matches/{CTF}/skill"), 404, None));
    let server = server_with(60, plan).await;
    let path = db_path("skill");
    let report = sync(&server, &path).await;
    assert_eq!((report.listed, report.new), (60, 59));
    assert_eq!(report.failed.len(), 1, "{:?}", report.failed);
    let (id, stage, reason) = &report.failed[0];
    assert_eq!((id.as_str(), *stage), (SLAYER, "skill"));
    assert!(reason.contains("500"), "{reason}");
    // A failure is not a complete sync: the next one must try the match again.
    assert!(!report.complete);
    assert_eq!(
        rows(&path, "SELECT match_id, stage FROM sync_failures"),
        vec![vec![text(SLAYER), text("skill")]]
    );
    assert_eq!(
        int(
            &path,
            &format!("SELECT count(*) FROM matches WHERE match_id = '{SLAYER}'")
        ),
        0
    );
    // The CTF game had no skill answer: stored with its players' stats, without CSR.
    let me = format!("xuid({XUID})");
    assert_eq!(
        rows(
            &path,
            &format!(
                "SELECT value FROM player_mode_stats WHERE match_id = '{CTF}' \
                 AND player_id = '{me}' AND stat = 'FlagGrabs'"
            )
        ),
        vec![vec![SqlValue::Real(7.0)]]
    );
    assert_eq!(
        int(
            &path,
            &format!("SELECT count(*) FROM csr_changes WHERE match_id = '{CTF}'")
        ),
        0
    );
    assert!(int(&path, "SELECT count(*) FROM csr_changes") > 0);
}

#[tokio::test]
async fn a_stats_answer_for_another_match_is_a_failure_not_a_stored_match() {
    // The CTF game's stats as the server answers them.
    let clean = server(60).await;
    let ctf_body = client(&clean)
        .stats()
        .match_stats(CTF.parse().unwrap())
        .send_raw()
        .await
        .unwrap()
        .into_body();
    let ctf_body = String::from_utf8(ctf_body.to_vec()).unwrap();
    drop(clean);

    let plan = FaultPlan::new().rule(answer(
        format!("/hi/matches/{SLAYER}/stats"),
        200,
        Some(ctf_body),
    ));
    let server = server_with(60, plan).await;
    let path = db_path("swapped");
    let report = sync(&server, &path).await;
    assert_eq!(
        report.failed,
        vec![(
            SLAYER.to_owned(),
            "stats",
            format!("the stats answer is for match {CTF}")
        )]
    );
    assert_eq!(report.new, 59);
    assert_eq!(int(&path, "SELECT count(*) FROM matches"), 59);
    assert_eq!(
        int(
            &path,
            &format!("SELECT count(*) FROM matches WHERE match_id = '{SLAYER}'")
        ),
        0
    );
}

#[tokio::test]
async fn matches_stored_out_of_order_do_not_end_the_next_sync_early() {
    let path = db_path("out-of-order");
    // The 25 newest of 30 new matches, by a limited sync: not complete.
    let newer = server_newer(100, 30).await;
    let report = sync_with(
        &newer,
        &path,
        SyncOptions {
            limit: Some(25),
            ..SyncOptions::default()
        },
    )
    .await;
    assert_eq!((report.listed, report.new), (25, 25));
    assert!(!report.complete);
    drop(newer);
    // Then a complete sync of the 100 older ones.
    let older = server(100).await;
    let report = sync(&older, &path).await;
    assert_eq!((report.new, report.already), (100, 0));
    assert!(report.complete);
    drop(older);

    // 30 new since that complete sync: the first page is stored whole (the limited sync's
    // 25), but only 5 of the second are; they are fetched and the history is paged to its end.
    let newer = server_newer(100, 30).await;
    let report = sync(&newer, &path).await;
    assert_eq!((report.listed, report.new, report.already), (130, 5, 125));
    assert!(report.complete);
    assert!(!report.stopped_early);
    assert_eq!(requests_of(&newer, "Stats_GetMatchStats"), 5);
    assert_eq!(int(&path, "SELECT count(*) FROM matches"), 130);
}

#[tokio::test]
async fn an_empty_history_is_paged_to_its_end() {
    let path = db_path("empty");
    for _ in 0..2 {
        let server = server(0).await;
        let report = sync(&server, &path).await;
        assert_eq!((report.listed, report.new, report.already), (0, 0, 0));
        assert!(report.complete);
        assert!(!report.stopped_early);
    }
}

#[tokio::test]
async fn an_unknown_player_is_not_found_and_a_failing_profile_service_is_not() {
    let server = server(1).await;
    let e = halo_sync::resolve(&client(&server), "Nobody Here 42".parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::PlayerNotFound {
            player: "Nobody Here 42".to_owned()
        }
    );

    let failing = server_with(
        1,
        FaultPlan::new().rule(FaultRule::endpoint(
            "Profile_GetUser",
            FaultAction::Status {
                status: 500,
                retry_after: None,
                body: None,
            },
        )),
    )
    .await;
    let e = halo_sync::resolve(&client(&failing), GAMERTAG.parse().unwrap())
        .await
        .unwrap_err();
    match e.kind() {
        ErrorKind::Api { message } => assert!(message.contains("500"), "{message}"),
        other => panic!("not an API error: {other:?}"),
    }
}
