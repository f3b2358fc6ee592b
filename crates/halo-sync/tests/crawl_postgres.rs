//! `halo crawl`'s queue over a throw-away PostgreSQL cluster and the testkit's world: two
//! workers together fetch every match exactly once; a dead worker's leases expire and are
//! taken over; PostgreSQL stopped for 5 s and started again is waited out and the database
//! ends equal to a fault-free crawl's. Without PostgreSQL's programs each test prints a
//! visible `SKIPPED:` line.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use common::*;
use halo_models::Xuid;
use halo_sync::Database;
use halo_sync::crawl::{CrawlOptions, CrawlReport, Crawler, CutSource, queue, status};
use halo_sync::store::{SqlValue, query_all};
use halo_testkit::postgres::PgCluster;
use halo_testkit::{FaultAction, FaultPlan, FaultRule, TestServer, World};

/// Matches in each listed player's history.
const HISTORY: u64 = 8;

fn cluster(test: &str) -> Option<PgCluster> {
    match PgCluster::start() {
        Ok(cluster) => Some(cluster),
        Err(e) => {
            println!("SKIPPED: {test}: {e}");
            None
        }
    }
}

/// A world whose listed players each have a short history.
async fn world_server() -> TestServer {
    TestServer::builder()
        .players(World::default_players(HISTORY))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

fn options(worker: &str, max_players: u64, lease: Duration) -> CrawlOptions {
    CrawlOptions {
        worker: worker.to_owned(),
        account: "test-account".to_owned(),
        rate: 1000,
        max_players,
        concurrency: 4,
        lease,
    }
}

async fn open(url: &str) -> Database {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || Database::postgres(&url))
        .await
        .unwrap()
        .unwrap()
}

async fn crawler(server: &TestServer, url: &str, options: CrawlOptions) -> Crawler {
    let db = open(url).await;
    let client = client(server);
    tokio::task::spawn_blocking(move || Crawler::new(client, db, options))
        .await
        .unwrap()
        .unwrap()
}

/// Rows of a query on a fresh connection.
async fn rows(url: &str, sql: &'static str) -> Vec<Vec<SqlValue>> {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut db = Database::postgres(&url).unwrap();
        let mut out = Vec::new();
        db.backend()
            .transaction(&mut |tx| {
                out = query_all(tx, sql, &[])?;
                Ok(())
            })
            .unwrap();
        out
    })
    .await
    .unwrap()
}

/// Stats requests per match id the server answered.
fn stats_fetches(server: &TestServer) -> HashMap<String, usize> {
    let mut fetches = HashMap::new();
    for r in server.requests() {
        if r.endpoint.as_deref() == Some("Stats_GetMatchStats") {
            *fetches.entry(r.path.clone()).or_insert(0) += 1;
        }
    }
    fetches
}

/// Two workers crawl to the end together.
async fn crawl_two(server: &TestServer, url: &str, max_players: u64) -> (CrawlReport, CrawlReport) {
    let lease = Duration::from_secs(30);
    let a = crawler(server, url, options("worker-a", max_players, lease)).await;
    let b = crawler(server, url, options("worker-b", max_players, lease)).await;
    a.seed(&[Xuid(XUID)]).await.unwrap();
    let (ra, rb) = tokio::join!(a.run(), b.run());
    (ra.unwrap(), rb.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_fetch_every_match_exactly_once() {
    let Some(cluster) = cluster("two_workers_fetch_every_match_exactly_once") else {
        return;
    };
    let server = world_server().await;
    let url = cluster.url();
    let (a, b) = crawl_two(&server, &url, 10).await;

    let matches = rows(&url, "SELECT count(*) FROM matches").await[0][0]
        .as_i64()
        .unwrap();
    // More than the seed's own history: players found in rosters were crawled too.
    assert!(matches > i64::try_from(HISTORY).unwrap(), "{matches}");
    assert_eq!(i64::try_from(a.stored + b.stored).unwrap(), matches);
    assert_eq!(
        (a.failed, b.failed, a.lost_leases, b.lost_leases),
        (0, 0, 0, 0)
    );
    assert_eq!(a.players + b.players, 10);
    let fetches = stats_fetches(&server);
    assert_eq!(fetches.len(), usize::try_from(matches).unwrap());
    assert!(fetches.values().all(|n| *n == 1), "{fetches:?}");

    let url2 = url.clone();
    let st =
        tokio::task::spawn_blocking(move || status(&mut Database::postgres(&url2).unwrap(), None))
            .await
            .unwrap()
            .unwrap();
    // Read against the cut the workers recorded: ten listed, none left within it; the others
    // found in rosters are beyond it.
    assert_eq!((st.max_players, st.cut_source), (10, CutSource::Workers));
    assert_eq!(st.players, [0, 0, 10, 0]);
    let found = rows(&url, "SELECT count(*) FROM crawl_players").await[0][0]
        .as_i64()
        .unwrap();
    assert_eq!(st.players_beyond, found - 10);
    assert!(st.players_beyond > 0, "{st:?}");
    assert_eq!(st.matches, [0, 0, matches, 0]);
    assert_eq!(st.accounts.len(), 1);
    assert!(st.accounts[0].requests >= matches, "{st:?}");
    // The slayer capture is aCurtis X89's newest matchmade match: his 18 kills are stored.
    let kills = rows(
        &url,
        "SELECT kills FROM player_stats WHERE match_id = \
         'b4be1c44-5782-42b3-8cf8-0d76dd87230c' AND player_id = 'xuid(2535445291321133)'",
    )
    .await;
    if let Some(row) = kills.first() {
        assert_eq!(row[0], SqlValue::Int(18));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dead_workers_leases_expire_and_are_taken_over() {
    let Some(cluster) = cluster("a_dead_workers_leases_expire_and_are_taken_over") else {
        return;
    };
    let server = world_server().await;
    let url = cluster.url();
    let ids: Vec<String> = (0..5)
        .map(|i| server.world().history_match_id(XUID, i).unwrap())
        .collect();
    // The dead worker queued five matches and claimed them for one second, then vanished.
    let dead_ids = ids.clone();
    let url2 = url.clone();
    let claimed = tokio::task::spawn_blocking(move || {
        let mut db = Database::postgres(&url2).unwrap();
        let mut claimed = Vec::new();
        db.backend()
            .transaction(&mut |tx| {
                tx.batch(queue::DDL)?;
                queue::add_matches(tx, &dead_ids, 0)?;
                claimed = queue::claim_matches(tx, "dead", 10, Duration::from_secs(1))?;
                Ok(())
            })
            .unwrap();
        claimed.len()
    })
    .await
    .unwrap();
    assert_eq!(claimed, 5);

    let worker = crawler(
        &server,
        &url,
        options("survivor", 1, Duration::from_secs(30)),
    )
    .await;
    worker.seed(&[Xuid(XUID)]).await.unwrap();
    let report = worker.run().await.unwrap();
    assert_eq!(report.stored, HISTORY);
    let by: Vec<Vec<SqlValue>> = rows(
        &url,
        "SELECT stored_by, count(*), max(attempts)::bigint FROM crawl_matches GROUP BY stored_by",
    )
    .await;
    assert_eq!(by.len(), 1, "{by:?}");
    assert_eq!(by[0][0], SqlValue::from("survivor"));
    // The five the dead worker held were claimed twice (its claim and the takeover).
    assert_eq!(by[0][2], SqlValue::Int(2));
    let fetches = stats_fetches(&server);
    assert!(
        ids.iter()
            .all(|id| fetches.get(&format!("/hi/matches/{id}/stats")) == Some(&1))
    );
}

/// Every row of every match table, keyed by table.
async fn contents(url: &str) -> BTreeMap<&'static str, Vec<Vec<SqlValue>>> {
    let mut out = BTreeMap::new();
    for (table, sql) in [
        ("matches", "SELECT * FROM matches ORDER BY match_id"),
        ("teams", "SELECT * FROM teams ORDER BY match_id, team_id"),
        (
            "players",
            "SELECT * FROM players ORDER BY match_id, player_id",
        ),
        (
            "player_stats",
            "SELECT * FROM player_stats ORDER BY match_id, player_id, team_id",
        ),
        (
            "medals",
            "SELECT * FROM medals ORDER BY match_id, player_id, team_id, medal_id",
        ),
        (
            "csr_changes",
            "SELECT * FROM csr_changes ORDER BY match_id, xuid",
        ),
        (
            "crawl_matches",
            "SELECT match_id, depth, state FROM crawl_matches ORDER BY match_id",
        ),
        (
            "crawl_players",
            "SELECT xuid, depth, state, matches FROM crawl_players ORDER BY xuid",
        ),
    ] {
        out.insert(table, rows(url, sql).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_for_five_seconds_is_waited_out() {
    let Some(cluster) = cluster("postgres_stopped_for_five_seconds_is_waited_out") else {
        return;
    };
    let server = world_server().await;
    let clean_url = cluster.url();
    crawl_two(&server, &clean_url, 3).await;
    let expected = contents(&clean_url).await;

    // A second database on the same cluster, crawled at 8 requests per second so the crawl
    // is still running when the server stops.
    let url2 = clean_url.clone();
    tokio::task::spawn_blocking(move || {
        let mut db = postgres_admin(&url2);
        db.batch_execute("CREATE DATABASE faulty").unwrap();
    })
    .await
    .unwrap();
    let url = format!("{}/faulty", &clean_url[..clean_url.rfind('/').unwrap()]);
    let server = world_server().await;
    let lease = Duration::from_secs(30);
    let slow = |w: &str| CrawlOptions {
        rate: 8,
        ..options(w, 3, lease)
    };
    let a = crawler(&server, &url, slow("worker-a")).await;
    let b = crawler(&server, &url, slow("worker-b")).await;
    a.seed(&[Xuid(XUID)]).await.unwrap();
    let outage = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let cluster = &cluster;
        tokio::task::block_in_place(|| cluster.pause().unwrap());
        tokio::time::sleep(Duration::from_secs(5)).await;
        tokio::task::block_in_place(|| cluster.resume().unwrap());
    };
    let (ra, rb, ()) = tokio::join!(a.run(), b.run(), outage);
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!((ra.failed, rb.failed), (0, 0));
    let got = contents(&url).await;
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &expected {
        assert_eq!(&got[table], rows, "table {table}");
    }
    assert!(!expected["matches"].is_empty());
}

/// A plain connection for statements outside a transaction (CREATE DATABASE).
fn postgres_admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_listing_longer_than_its_lease_keeps_its_player() {
    let Some(cluster) = cluster("a_listing_longer_than_its_lease_keeps_its_player") else {
        return;
    };
    // 100 matches: four pages of 25 and the empty page that ends the list, each answered
    // after 800 ms, so listing takes about 4 s against a lease of 2 s.
    let server = TestServer::builder()
        .players(World::default_players(100))
        .faults(FaultPlan::new().rule(FaultRule::endpoint(
            "Stats_GetMatchHistory",
            FaultAction::Delay { ms: 800 },
        )))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let url = cluster.url();
    let lease = Duration::from_secs(2);
    let a = crawler(&server, &url, options("worker-a", 1, lease)).await;
    let b = crawler(&server, &url, options("worker-b", 1, lease)).await;
    a.seed(&[Xuid(XUID)]).await.unwrap();
    // Without renewal the workers take the listing from each other for ever: a hang guard.
    let both = async { tokio::join!(a.run(), b.run()) };
    let (ra, rb) = tokio::time::timeout(Duration::from_secs(120), both)
        .await
        .expect("the listing never finished: each lease expired and was taken over in turn");
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // One worker listed the seed once, page by page, the other never took the listing over.
    assert_eq!(ra.players + rb.players, 1);
    assert_eq!((ra.lost_leases, rb.lost_leases), (0, 0));
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("Stats_GetMatchHistory"))
        .count();
    assert_eq!(pages, 5);
    assert_eq!(ra.stored + rb.stored, 100);
    let listed = rows(
        &url,
        "SELECT state, matches FROM crawl_players ORDER BY depth, xuid LIMIT 1",
    )
    .await;
    assert_eq!(listed, [[SqlValue::from("done"), SqlValue::Int(100)]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn matches_waiting_longer_than_their_lease_for_the_budget_are_fetched_once() {
    let Some(cluster) =
        cluster("matches_waiting_longer_than_their_lease_for_the_budget_are_fetched_once")
    else {
        return;
    };
    let server = world_server().await;
    let url = cluster.url();
    // Two requests a second for the account: the seed's page and 8 matches of two requests
    // each take about 8 s, so claimed matches wait for the budget longer than the 2 s lease.
    let lease = Duration::from_secs(2);
    let slow = |worker| CrawlOptions {
        rate: 2,
        ..options(worker, 1, lease)
    };
    let a = crawler(&server, &url, slow("worker-a")).await;
    let b = crawler(&server, &url, slow("worker-b")).await;
    a.seed(&[Xuid(XUID)]).await.unwrap();
    let (ra, rb) = tokio::join!(a.run(), b.run());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.stored + rb.stored, HISTORY);
    assert_eq!((ra.lost_leases, rb.lost_leases), (0, 0));
    let fetches = stats_fetches(&server);
    assert_eq!(fetches.len(), usize::try_from(HISTORY).unwrap());
    assert!(fetches.values().all(|n| *n == 1), "{fetches:?}");
}
