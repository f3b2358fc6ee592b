//! A test server, a client against it and a fresh database file per test.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use halo_client::{BaseUrl, Client, PolicyOverride, RateLimit, StaticTokens};
use halo_sync::store::SqlValue;
use halo_sync::store::query_all;
use halo_sync::{Database, Resolved, Silent, SyncOptions, SyncReport, Syncer};
use halo_testkit::{FaultPlan, TestServer};

/// The player of the captures.
pub const GAMERTAG: &str = "aCurtis X89";
/// Their XUID.
pub const XUID: u64 = 2_535_445_291_321_133;

/// A test server whose player has `matches` matches.
pub async fn server(matches: u64) -> TestServer {
    server_with(matches, FaultPlan::new()).await
}

/// A server whose players also played `newer` matches after the captured ones (the newest of
/// each history; what an incremental sync finds).
pub async fn server_newer(matches: u64, newer: u64) -> TestServer {
    TestServer::builder()
        .history_matches(matches)
        .newer_matches(newer)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

/// The same under a fault plan.
pub async fn server_with(matches: u64, faults: FaultPlan) -> TestServer {
    TestServer::builder()
        .history_matches(matches)
        .faults(faults)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

/// A client of `server` (no client-side rate limit; the catalog's retry delays scaled down
/// a hundredfold, so fault tests take seconds).
pub fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .retry(PolicyOverride::new().delay_scale(0.01))
        .tokens(
            StaticTokens::new(
                halo_testkit::DEFAULT_SPARTAN_TOKEN,
                Some(halo_testkit::DEFAULT_CLEARANCE_ID),
            )
            .unwrap(),
        )
        .build()
        .unwrap()
}

/// A new database file path (removed first).
pub fn db_path(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("halo-sync-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}-{n}.sqlite", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// Syncs the captures' player from `server` into `path`, names included.
pub async fn sync(server: &TestServer, path: &std::path::Path) -> SyncReport {
    sync_with(server, path, SyncOptions::default()).await
}

/// The same with options.
pub async fn sync_with(
    server: &TestServer,
    path: &std::path::Path,
    options: SyncOptions,
) -> SyncReport {
    let client = client(server);
    let player = halo_sync::resolve(&client, GAMERTAG.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        player,
        Resolved {
            xuid: halo_models::Xuid(XUID),
            gamertag: GAMERTAG.to_owned()
        }
    );
    sync_into(server, Database::sqlite(path).unwrap(), options).await
}

/// Syncs the captures' player from `server` into an open database, names included.
pub async fn sync_into(server: &TestServer, db: Database, options: SyncOptions) -> SyncReport {
    let client = client(server);
    let player = halo_sync::resolve(&client, GAMERTAG.parse().unwrap())
        .await
        .unwrap();
    let syncer = Syncer::new(client, db, options);
    let report = syncer.sync_player(&player, &Silent).await.unwrap();
    syncer.sync_names(&Silent).await.unwrap();
    report
}

/// The rows of a query.
pub fn rows(path: &std::path::Path, sql: &str) -> Vec<Vec<SqlValue>> {
    let mut db = Database::sqlite(path).unwrap();
    let mut out = Vec::new();
    db.backend()
        .transaction(&mut |tx| {
            out = query_all(tx, sql, &[])?;
            Ok(())
        })
        .unwrap();
    out
}

/// One integer of a query.
pub fn int(path: &std::path::Path, sql: &str) -> i64 {
    rows(path, sql)[0][0].as_i64().unwrap()
}

/// How many requests of `endpoint` the server recorded.
pub fn requests_of(server: &TestServer, endpoint: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some(endpoint))
        .count()
}
