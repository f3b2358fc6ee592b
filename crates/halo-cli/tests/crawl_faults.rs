//! `halo crawl` worker processes under the faults, over a halo-testkit world and
//! throw-away PostgreSQL clusters: a worker killed with `kill -9` mid-crawl and another worker
//! finishing its work; PostgreSQL stopped for 5 seconds and started again while two workers
//! run. In both, every match is stored exactly once and the exports (and the queue) equal a
//! fault-free crawl's. And a worker signed in for real sends without the client's own rate
//! limit (the account's budget paces it), where `halo sync` keeps it. (halo-sync's
//! `crawl_postgres.rs` tests the same queue in one process: leases of a simulated dead
//! worker, an outage under in-process workers.) Without
//! PostgreSQL's programs each test prints a visible `SKIPPED:` line.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // a test polling other processes in real time

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{halo_command, stderr, stdout, world_server};
use halo_sync::Database;
use halo_sync::store::{SqlValue, query_all};
use halo_testkit::TestServer;
use halo_testkit::postgres::PgCluster;

/// The seed player (aCurtis X89).
const SEED: &str = "2535445291321133";
/// Matches in each listed player's history.
const HISTORY: u64 = 8;
/// Players listed (the seed and those found first in rosters).
const MAX_PLAYERS: &str = "4";

fn clusters(test: &str) -> Option<(PgCluster, PgCluster)> {
    match PgCluster::start().and_then(|a| Ok((a, PgCluster::start()?))) {
        Ok(pair) => Some(pair),
        Err(e) => {
            println!("SKIPPED: {test}: {e}");
            eprintln!("SKIPPED: {test}: {e}");
            None
        }
    }
}

/// `halo crawl` as a worker against `server`, at `rate` requests per second for the account.
fn worker(server: &TestServer, url: &str, rate: u32, lease: u64) -> Command {
    let (rate, lease) = (rate.to_string(), lease.to_string());
    let mut command = halo_command(&[
        "--json",
        "crawl",
        "--db",
        url,
        "--seed",
        SEED,
        "--max-players",
        MAX_PLAYERS,
        "--concurrency",
        "4",
        "--account",
        "tester",
        "--rate",
        &rate,
        "--lease",
        &lease,
    ]);
    command
        .env("HALO_BASE_URL", server.base_url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Kills a child when the test ends, however it ends.
struct Reaped(Option<Child>);

impl Reaped {
    fn output(mut self) -> Output {
        self.0.take().unwrap().wait_with_output().unwrap()
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A worker's report (the last line of its `--json` output).
fn report(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    let text = stdout(out);
    serde_json::from_str(text.lines().last().unwrap()).unwrap()
}

/// Rows of a query on a fresh connection.
fn rows(url: &str, sql: &str) -> Vec<Vec<SqlValue>> {
    try_rows(url, sql).unwrap()
}

fn try_rows(url: &str, sql: &str) -> Result<Vec<Vec<SqlValue>>, halo_sync::Error> {
    let mut db = Database::postgres(url)?;
    let mut out = Vec::new();
    db.backend().transaction(&mut |tx| {
        out = query_all(tx, sql, &[])?;
        Ok(())
    })?;
    Ok(out)
}

fn int(url: &str, sql: &str) -> i64 {
    rows(url, sql)[0][0].as_i64().unwrap()
}

/// `halo export --format jsonl` of a database: each file's name and bytes.
fn export(url: &str, name: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("crawl-faults-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = halo_command(&[
        "export",
        "--db",
        url,
        "--format",
        "jsonl",
        "--out",
        &dir.to_string_lossy(),
    ])
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let files = read_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    files
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// The queue's rows that do not depend on who did the work or when.
fn queue(url: &str) -> Vec<Vec<SqlValue>> {
    let mut out = rows(
        url,
        "SELECT match_id, depth::bigint, state FROM crawl_matches ORDER BY match_id",
    );
    out.extend(rows(
        url,
        "SELECT xuid::text, depth::bigint, state, matches FROM crawl_players ORDER BY xuid",
    ));
    out
}

/// The final database of a fault-free crawl by one worker: its exports and its queue.
fn fault_free(
    server: &TestServer,
    url: &str,
    name: &str,
) -> (BTreeMap<String, Vec<u8>>, Vec<Vec<SqlValue>>) {
    let out = worker(server, url, 1000, 30).output().unwrap();
    assert_eq!(report(&out)["failed"], 0);
    let files = export(url, name);
    assert!(
        files.get("matches.jsonl").is_some_and(|f| f.len() > 100),
        "{:?}",
        files.keys()
    );
    (files, queue(url))
}

/// Asserts `url` ends equal to the fault-free crawl and every match is done.
fn assert_equal(url: &str, name: &str, expected: &(BTreeMap<String, Vec<u8>>, Vec<Vec<SqlValue>>)) {
    let files = export(url, name);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        expected.0.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &expected.0 {
        assert!(
            files[file] == *bytes,
            "{file} differs from the fault-free crawl's"
        );
    }
    assert_eq!(queue(url), expected.1);
    assert_eq!(
        int(
            url,
            "SELECT count(*) FROM crawl_matches WHERE state <> 'done'"
        ),
        0
    );
}

/// Polls `done` matches until at least `n` and, when `holding`, some row claimed (or a minute
/// passes; the queue's tables appear when the first worker starts). A worker that ends before
/// is a failure, with its output.
fn wait_for_done(url: &str, n: i64, holding: bool, workers: &mut [Reaped]) {
    let started = Instant::now();
    let ready = || {
        try_rows(
            url,
            "SELECT (SELECT count(*) FROM crawl_matches WHERE state = 'done'), \
             (SELECT count(*) FROM crawl_matches WHERE state = 'claimed') \
             + (SELECT count(*) FROM crawl_players WHERE state = 'claimed')",
        )
        .ok()
        .and_then(|r| Some((r[0][0].as_i64()?, r[0][1].as_i64()?)))
        .is_some_and(|(done, claimed)| done >= n && (!holding || claimed > 0))
    };
    while !ready() {
        for w in workers.iter_mut() {
            if let Some(child) = &mut w.0
                && child.try_wait().unwrap().is_some()
            {
                let out = w.0.take().unwrap().wait_with_output().unwrap();
                panic!("a worker ended early: {}{}", stdout(&out), stderr(&out));
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_worker_killed_mid_crawl_leaves_its_work_to_another() {
    let Some((clean, faulty)) = clusters("a_worker_killed_mid_crawl_leaves_its_work_to_another")
    else {
        return;
    };
    let (_runtime, server) = world_server(HISTORY);
    let expected = fault_free(&server, &clean.url(), "clean-kill");
    let total = int(&clean.url(), "SELECT count(*) FROM matches");
    let url = faulty.url();

    // 20 requests a second and a 2-second lease: the first worker is killed while it holds
    // claims, which expire 2 seconds later.
    let mut first = [Reaped(Some(worker(&server, &url, 20, 2).spawn().unwrap()))];
    let pid = first[0].0.as_ref().unwrap().id();
    // Killed right after it was seen holding a claim, so it dies mid-work.
    wait_for_done(&url, 6, true, &mut first);
    let [first] = first;
    // SIGKILL: no clean-up of any kind runs in the worker.
    let killed = first.0.as_ref().map(|c| {
        Command::new("kill")
            .args(["-9", &c.id().to_string()])
            .status()
            .unwrap()
    });
    assert!(killed.unwrap().success());
    let out = first.output();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(9)
    );
    let held = int(
        &url,
        "SELECT (SELECT count(*) FROM crawl_matches WHERE state = 'claimed') \
         + (SELECT count(*) FROM crawl_players WHERE state = 'claimed')",
    );
    assert!(held > 0, "the killed worker held no claim");
    let done_by_dead = int(
        &url,
        &format!("SELECT count(*) FROM crawl_matches WHERE stored_by LIKE '%:{pid}'"),
    );
    assert!(done_by_dead >= 6 && done_by_dead < total, "{done_by_dead}");

    let second = worker(&server, &url, 1000, 30).output().unwrap();
    let second = report(&second);
    assert_eq!(second["failed"], 0, "{second}");
    assert_eq!(second["lost_leases"], 0, "{second}");
    // Exactly once: the second worker stored only what the dead one had not.
    let stored = second["stored"].as_i64().unwrap();
    assert_eq!(
        done_by_dead + stored,
        int(&url, "SELECT count(*) FROM matches")
    );
    assert_eq!(
        int(
            &url,
            &format!("SELECT count(*) FROM crawl_matches WHERE stored_by NOT LIKE '%:{pid}'")
        ),
        stored
    );
    // The dead worker's claims were taken over.
    assert!(
        int(
            &url,
            "SELECT count(*) FROM crawl_matches WHERE attempts > 1"
        ) + int(
            &url,
            &format!(
                "SELECT count(*) FROM crawl_players WHERE state = 'done' AND xuid::text <> '{SEED}'"
            )
        ) > 0
    );
    assert_equal(&url, "killed", &expected);
}

#[test]
fn postgres_stopped_for_five_seconds_under_two_workers() {
    let Some((clean, faulty)) = clusters("postgres_stopped_for_five_seconds_under_two_workers")
    else {
        return;
    };
    let (_runtime, server) = world_server(HISTORY);
    let expected = fault_free(&server, &clean.url(), "clean-outage");
    let url = faulty.url();

    let mut workers: Vec<Reaped> = (0..2)
        .map(|_| Reaped(Some(worker(&server, &url, 12, 30).spawn().unwrap())))
        .collect();
    wait_for_done(&url, 4, false, &mut workers);
    faulty.pause().unwrap();
    let stopped = Instant::now();
    std::thread::sleep(Duration::from_secs(5));
    faulty.resume().unwrap();
    assert!(stopped.elapsed() >= Duration::from_secs(5));
    let reports: Vec<serde_json::Value> =
        workers.into_iter().map(|w| report(&w.output())).collect();
    assert!(reports.iter().all(|r| r["failed"] == 0), "{reports:?}");
    let stored: i64 = reports.iter().map(|r| r["stored"].as_i64().unwrap()).sum();
    assert_eq!(stored, int(&url, "SELECT count(*) FROM matches"));
    assert_equal(&url, "outage", &expected);
}

/// A command of `halo` signed in with the test server's static Spartan token and clearance
/// (the path real users take, with the client's own rate limit), its waits logged on
/// standard error.
fn signed_in(mut command: Command) -> Output {
    command
        .env("HALO_SPARTAN_TOKEN", halo_testkit::DEFAULT_SPARTAN_TOKEN)
        .env("HALO_CLEARANCE", halo_testkit::DEFAULT_CLEARANCE_ID)
        .env("RUST_LOG", "halo_client::wait=debug")
        .output()
        .unwrap()
}

#[test]
fn a_workers_client_has_no_rate_limit_of_its_own_the_account_budget_paces_it() {
    let Some(cluster) = PgCluster::start()
        .map_err(|e| {
            println!("SKIPPED: crawl pace: {e}");
            eprintln!("SKIPPED: crawl pace: {e}");
        })
        .ok()
    else {
        return;
    };
    let (_runtime, server) = world_server(HISTORY);
    // `halo sync` keeps the client's default limit (5 a second, no burst): its calls wait.
    let db = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("crawl-pace-{}.db", std::process::id()));
    let mut sync = halo_command(&["sync", SEED, "--db", &db.to_string_lossy()]);
    sync.env("HALO_BASE_URL", server.base_url());
    let sync = signed_in(sync);
    let _ = std::fs::remove_file(&db);
    assert!(sync.status.success(), "{}", stderr(&sync));
    assert!(
        stderr(&sync).contains("client rate limit"),
        "{}",
        stderr(&sync)
    );
    // A crawl worker's client sends as fast as the account's budget (1,000 a second) allows.
    let worker = signed_in(worker(&server, &cluster.url(), 1000, 30));
    let stored = int(&cluster.url(), "SELECT count(*) FROM matches");
    assert!(
        stored >= i64::try_from(HISTORY).unwrap(),
        "{stored} {} {}",
        stdout(&worker),
        stderr(&worker)
    );
    assert_eq!(report(&worker)["stored"], stored);
    assert!(
        !stderr(&worker).contains("client rate limit"),
        "{}",
        stderr(&worker)
    );
}
