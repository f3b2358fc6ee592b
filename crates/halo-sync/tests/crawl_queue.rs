//! The crawl queue's leases over a throw-away PostgreSQL cluster, one call at a time: a match
//! that failed is kept failed with its reason and never handed out again; a worker whose lease
//! expired and was taken over can neither complete nor fail the row any more (the new owner
//! can); a player is finished only by the worker holding them; the queue is idle only when no
//! row waits or is leased. Without PostgreSQL's programs each test prints a visible `SKIPPED:`
//! line.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // leases expire in real time in PostgreSQL (clock_timestamp())

use std::time::Duration;

use halo_sync::Database;
use halo_sync::crawl::queue::{self, Claimed};
use halo_sync::error::Error;
use halo_sync::store::{SqlValue, Tx, query_all};
use halo_testkit::postgres::PgCluster;

/// Two captured matches (a Slayer and a CTF game of the captures' player).
const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";
const CTF: &str = "4b64348e-5897-4028-856d-44c7955c83e3";
/// The captures' player.
const XUID: i64 = 2_535_445_291_321_133;

/// A lease long enough for a test's calls.
const LONG: Duration = Duration::from_secs(60);
/// A lease that expires while the test sleeps.
const SHORT: Duration = Duration::from_millis(200);

fn open(test: &str) -> Option<(PgCluster, Database)> {
    let cluster = match PgCluster::start() {
        Ok(cluster) => cluster,
        Err(e) => {
            println!("SKIPPED: {test}: {e}");
            return None;
        }
    };
    let mut db = Database::postgres(&cluster.url()).unwrap();
    in_tx(&mut db, queue::create);
    Some((cluster, db))
}

/// Runs `work` in one transaction and answers its value.
fn in_tx<T: Default>(
    db: &mut Database,
    mut work: impl FnMut(&mut dyn Tx) -> Result<T, Error>,
) -> T {
    let mut out = T::default();
    db.backend()
        .transaction(&mut |tx| {
            out = work(tx)?;
            Ok(())
        })
        .unwrap();
    out
}

/// `(state, lease_owner, attempts, stored_by, error)` of a queued match.
fn match_row(db: &mut Database, id: &str) -> Vec<SqlValue> {
    let id = id.to_owned();
    in_tx(db, |tx| {
        query_all(
            tx,
            "SELECT state, lease_owner, attempts::bigint, stored_by, error \
             FROM crawl_matches WHERE match_id = $1",
            &[id.as_str().into()],
        )
    })
    .pop()
    .unwrap()
}

fn keys(claimed: &[Claimed]) -> Vec<&str> {
    claimed.iter().map(|c| c.key.as_str()).collect()
}

fn text(s: &str) -> SqlValue {
    SqlValue::from(s)
}

#[test]
fn a_failed_match_keeps_its_reason_and_is_never_claimed_again() {
    let Some((_cluster, mut db)) =
        open("a_failed_match_keeps_its_reason_and_is_never_claimed_again")
    else {
        return;
    };
    let ids = vec![SLAYER.to_owned(), CTF.to_owned()];
    in_tx(&mut db, |tx| queue::add_matches(tx, &ids, 1));
    let claimed = in_tx(&mut db, |tx| queue::claim_matches(tx, "worker-a", 10, LONG));
    assert_eq!(keys(&claimed), [SLAYER, CTF]);
    assert!(claimed.iter().all(|c| c.depth == 1));
    assert!(!in_tx(&mut db, |tx| queue::idle(tx, 10)));

    let reason = "stats: the server answered 500 Internal Server Error";
    assert!(in_tx(&mut db, |tx| queue::match_failed(
        tx, SLAYER, "worker-a", reason
    )));
    assert_eq!(
        match_row(&mut db, SLAYER),
        [
            text("failed"),
            SqlValue::Null,
            SqlValue::Int(1),
            SqlValue::Null,
            text(reason)
        ]
    );
    // Failing it again is refused: it is no longer leased by anyone.
    assert!(!in_tx(&mut db, |tx| queue::match_failed(
        tx, SLAYER, "worker-a", reason
    )));
    assert!(!in_tx(&mut db, |tx| queue::match_done(
        tx, SLAYER, "worker-a"
    )));

    // The other match is still worker-a's; a second worker gets nothing.
    assert!(in_tx(&mut db, |tx| queue::claim_matches(tx, "worker-b", 10, LONG)).is_empty());
    assert!(in_tx(&mut db, |tx| queue::match_done(tx, CTF, "worker-a")));
    assert_eq!(
        match_row(&mut db, CTF),
        [
            text("done"),
            SqlValue::Null,
            SqlValue::Int(1),
            text("worker-a"),
            SqlValue::Null
        ]
    );
    // Queuing both again changes nothing: the failed one stays failed, not pending.
    in_tx(&mut db, |tx| queue::add_matches(tx, &ids, 0));
    assert!(in_tx(&mut db, |tx| queue::claim_matches(tx, "worker-b", 10, LONG)).is_empty());
    assert_eq!(match_row(&mut db, SLAYER)[0], text("failed"));
    assert!(in_tx(&mut db, |tx| queue::idle(tx, 10)));
}

#[test]
fn a_taken_over_match_is_completed_or_failed_only_by_its_new_owner() {
    let Some((_cluster, mut db)) =
        open("a_taken_over_match_is_completed_or_failed_only_by_its_new_owner")
    else {
        return;
    };
    let ids = vec![SLAYER.to_owned(), CTF.to_owned()];
    in_tx(&mut db, |tx| queue::add_matches(tx, &ids, 0));
    let first = in_tx(&mut db, |tx| queue::claim_matches(tx, "slow", 10, SHORT));
    assert_eq!(keys(&first), [SLAYER, CTF]);
    // While the lease runs nobody else gets the matches.
    assert!(in_tx(&mut db, |tx| queue::claim_matches(tx, "fast", 10, LONG)).is_empty());
    std::thread::sleep(SHORT * 2);
    let second = in_tx(&mut db, |tx| queue::claim_matches(tx, "fast", 10, LONG));
    assert_eq!(keys(&second), [SLAYER, CTF]);
    assert_eq!(
        match_row(&mut db, SLAYER)[..3],
        [text("claimed"), text("fast"), SqlValue::Int(2)]
    );

    // The slow worker comes back: its answers are refused and change nothing.
    assert!(!in_tx(&mut db, |tx| queue::match_failed(
        tx,
        SLAYER,
        "slow",
        "timed out"
    )));
    assert!(!in_tx(&mut db, |tx| queue::match_done(tx, CTF, "slow")));
    assert_eq!(
        match_row(&mut db, SLAYER),
        [
            text("claimed"),
            text("fast"),
            SqlValue::Int(2),
            SqlValue::Null,
            SqlValue::Null
        ]
    );
    assert_eq!(
        match_row(&mut db, CTF)[..2],
        [text("claimed"), text("fast")]
    );

    // The new owner finishes both.
    assert!(in_tx(&mut db, |tx| queue::match_done(tx, SLAYER, "fast")));
    assert!(in_tx(&mut db, |tx| queue::match_failed(
        tx,
        CTF,
        "fast",
        "decode: bad body"
    )));
    assert_eq!(
        match_row(&mut db, SLAYER),
        [
            text("done"),
            SqlValue::Null,
            SqlValue::Int(2),
            text("fast"),
            SqlValue::Null
        ]
    );
    assert_eq!(match_row(&mut db, CTF)[0], text("failed"));
    assert!(in_tx(&mut db, |tx| queue::idle(tx, 10)));
}

#[test]
fn a_player_is_finished_only_by_the_worker_holding_them() {
    let Some((_cluster, mut db)) = open("a_player_is_finished_only_by_the_worker_holding_them")
    else {
        return;
    };
    in_tx(&mut db, |tx| queue::add_players(tx, &[XUID], 0));
    in_tx(&mut db, |tx| queue::add_players(tx, &[XUID + 1], 1));
    assert!(!in_tx(&mut db, |tx| queue::idle(tx, 10)));
    let first = in_tx(&mut db, |tx| queue::claim_player(tx, "slow", SHORT, 10)).unwrap();
    assert_eq!(
        first,
        Claimed {
            key: XUID.to_string(),
            depth: 0
        }
    );
    // The deeper player waits while the shallower listing's lease runs.
    assert_eq!(
        in_tx(&mut db, |tx| queue::claim_player(tx, "fast", LONG, 10)),
        None
    );
    std::thread::sleep(SHORT * 2);
    let taken = in_tx(&mut db, |tx| queue::claim_player(tx, "fast", LONG, 10)).unwrap();
    assert_eq!(taken.key, XUID.to_string());

    assert!(!in_tx(&mut db, |tx| queue::player_finished(
        tx, XUID, "slow", 8, None
    )));
    assert!(in_tx(&mut db, |tx| queue::player_finished(
        tx, XUID, "fast", 8, None
    )));
    let player = |db: &mut Database, xuid: i64| {
        in_tx(db, |tx| {
            query_all(
                tx,
                "SELECT state, matches, error FROM crawl_players WHERE xuid = $1",
                &[xuid.into()],
            )
        })
        .pop()
        .unwrap()
    };
    assert_eq!(
        player(&mut db, XUID),
        [text("done"), SqlValue::Int(8), SqlValue::Null]
    );

    // The second player's listing fails: kept failed with its reason, not listed again.
    let next = in_tx(&mut db, |tx| queue::claim_player(tx, "fast", LONG, 10)).unwrap();
    assert_eq!(
        next,
        Claimed {
            key: (XUID + 1).to_string(),
            depth: 1
        }
    );
    let reason = "history: the server answered 404 Not Found";
    assert!(in_tx(&mut db, |tx| queue::player_finished(
        tx,
        XUID + 1,
        "fast",
        0,
        Some(reason)
    )));
    assert_eq!(
        player(&mut db, XUID + 1),
        [text("failed"), SqlValue::Int(0), text(reason)]
    );
    assert_eq!(
        in_tx(&mut db, |tx| queue::claim_player(tx, "fast", LONG, 10)),
        None
    );
    assert!(in_tx(&mut db, |tx| queue::idle(tx, 10)));
}

#[test]
fn players_of_one_depth_are_listed_at_once_and_a_deeper_one_waits_for_shallower_matches() {
    let Some((_cluster, mut db)) = open(
        "players_of_one_depth_are_listed_at_once_and_a_deeper_one_waits_for_shallower_matches",
    ) else {
        return;
    };
    in_tx(&mut db, |tx| queue::add_players(tx, &[XUID, XUID + 1], 0));
    in_tx(&mut db, |tx| queue::add_players(tx, &[XUID + 2], 1));
    let claim = |db: &mut Database, owner: &str| {
        in_tx(db, |tx| queue::claim_player(tx, owner, LONG, 10)).map(|c| (c.key, c.depth))
    };
    // Both seeds at once, by two workers; the depth-1 player waits for their listings.
    assert_eq!(claim(&mut db, "a"), Some((XUID.to_string(), 0)));
    assert_eq!(claim(&mut db, "b"), Some(((XUID + 1).to_string(), 0)));
    assert_eq!(claim(&mut db, "c"), None);
    // The first listing queued a depth-0 match; the second is still listing.
    let ids = vec![SLAYER.to_owned()];
    in_tx(&mut db, |tx| queue::add_matches(tx, &ids, 0));
    assert!(in_tx(&mut db, |tx| queue::player_finished(
        tx, XUID, "a", 1, None
    )));
    assert_eq!(claim(&mut db, "c"), None);
    assert!(in_tx(&mut db, |tx| queue::player_finished(
        tx,
        XUID + 1,
        "b",
        0,
        None
    )));
    // Listings done, but the depth-0 match is waiting, then being fetched.
    assert_eq!(claim(&mut db, "c"), None);
    let claimed = in_tx(&mut db, |tx| queue::claim_matches(tx, "a", 8, LONG));
    assert_eq!(
        claimed,
        vec![Claimed {
            key: SLAYER.to_owned(),
            depth: 0
        }]
    );
    assert_eq!(claim(&mut db, "c"), None);
    // Stored: every shallower match is done, the depth-1 player is listed.
    assert!(in_tx(&mut db, |tx| queue::match_done(tx, SLAYER, "a")));
    assert_eq!(claim(&mut db, "c"), Some(((XUID + 2).to_string(), 1)));
}
