//! `halo --offline crawl` end to end over a throw-away PostgreSQL cluster: a worker crawls
//! one seed's history (`--max-players 1`; discovery is tested in halo-sync), `halo crawl status` shows the queue done (read against
//! the cut the worker recorded, or one given), a second worker
//! finds nothing left to store; a crawl without a PostgreSQL database is a clear error. Where
//! PostgreSQL is not installed the crawl test prints a visible `SKIPPED:` line.
#![allow(clippy::unwrap_used)]

mod common;

use common::{halo_command, stderr, stdout};
use halo_testkit::postgres::PgCluster;

fn crawl(url: &str) -> std::process::Output {
    halo_command(&[
        "--offline",
        "crawl",
        "--db",
        url,
        "--seed",
        "aCurtis X89",
        "--max-players",
        "1",
        "--rate",
        "1000",
    ])
    .env("HALO_OFFLINE_HISTORY", "20")
    .output()
    .unwrap()
}

#[test]
fn a_crawl_from_one_seed_empties_the_queue_and_a_second_worker_finds_nothing() {
    let cluster = match PgCluster::start() {
        Ok(cluster) => cluster,
        Err(why) => {
            println!("SKIPPED: {why}");
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
    let url = cluster.url();
    // Before any worker started, the status reads against the default cut.
    let empty = halo_command(&["--json", "crawl", "status", "--db", &url])
        .output()
        .unwrap();
    assert!(empty.status.success(), "{}", stderr(&empty));
    let empty: serde_json::Value = serde_json::from_str(&stdout(&empty)).unwrap();
    assert_eq!(
        (&empty["max_players"], &empty["max_players_from"]),
        (&serde_json::json!(100), &serde_json::json!("default")),
        "{empty}"
    );
    assert_eq!(empty["players"]["pending"], 0, "{empty}");

    let first = crawl(&url);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(text.starts_with("Offline: "), "{text}");
    assert!(text.contains(" 0 failed, 1 players listed"), "{text}");

    // No --max-players: read against the cut the worker recorded in the queue.
    let status = halo_command(&["--json", "crawl", "status", "--db", &url])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    // Against the crawl's cut of one player: the seed is done, nothing waits, and the players
    // found in his matches' rosters are counted beyond the cut, not as pending.
    assert_eq!(status["players"]["done"], 1, "{status}");
    assert_eq!(status["players"]["pending"], 0, "{status}");
    assert_eq!(status["max_players"], 1, "{status}");
    assert_eq!(status["max_players_from"], "workers", "{status}");
    // The other human players of the seed's 20 offline matches.
    assert_eq!(status["players_beyond_max"], 123, "{status}");
    assert_eq!(status["matches"]["pending"], 0, "{status}");
    assert_eq!(status["matches"]["claimed"], 0, "{status}");
    assert_eq!(status["matches"]["failed"], 0, "{status}");
    // The seed's 20 matches, each stored once (other players were found, not listed).
    assert_eq!(status["matches"]["done"], 20, "{status}");
    assert_eq!(status["accounts"][0]["account"], "offline", "{status}");

    // Read against a wider cut, those players wait to be listed.
    let wide = halo_command(&["crawl", "status", "--db", &url, "--max-players", "5"])
        .output()
        .unwrap();
    let wide = stdout(&wide);
    assert!(
        wide.starts_with(
            "Players: 4 pending, 0 claimed, 1 done, 0 failed\n  and 119 more found beyond \
             --max-players 5 (not listed by a crawl with that cut)\n"
        ),
        "{wide}"
    );

    // The text names where the cut comes from.
    let recorded = halo_command(&["crawl", "status", "--db", &url])
        .output()
        .unwrap();
    assert!(
        stdout(&recorded).starts_with(
            "Players: 0 pending, 0 claimed, 1 done, 0 failed\n  and 123 more found beyond \
             --max-players 1, the workers' largest (not listed by a crawl with that cut)\n"
        ),
        "{}",
        stdout(&recorded)
    );

    let second = crawl(&url);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("This worker: 0 matches stored, 0 failed, 0 players listed"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn a_crawl_needs_a_postgresql_database() {
    let out = halo_command(&["--offline", "crawl", "--db", "halo.sqlite"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a crawl needs a PostgreSQL database"),
        "{}",
        stderr(&out)
    );
}
