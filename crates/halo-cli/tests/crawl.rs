//! `halo --offline crawl` end to end over a throw-away PostgreSQL cluster: a worker crawls
//! one seed's history (`--max-players 1`; discovery is tested in halo-sync), `halo crawl status` shows the queue done, a second worker
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
    let first = crawl(&url);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(text.starts_with("Offline: "), "{text}");
    assert!(text.contains(" 0 failed, 1 players listed"), "{text}");

    let status = halo_command(&["--json", "crawl", "status", "--db", &url])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["players"]["done"], 1, "{status}");
    assert_eq!(status["matches"]["pending"], 0, "{status}");
    assert_eq!(status["matches"]["claimed"], 0, "{status}");
    assert_eq!(status["matches"]["failed"], 0, "{status}");
    // The seed's 20 matches, each stored once (other players were found, not listed).
    assert_eq!(status["matches"]["done"], 20, "{status}");
    assert_eq!(status["accounts"][0]["account"], "offline", "{status}");

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
