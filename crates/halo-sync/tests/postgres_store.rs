//! The PostgreSQL store: the same player synced into SQLite and into PostgreSQL exports the
//! same rows from both. Needs PostgreSQL's programs (`.ci/run` installs them); without them
//! the test prints a visible `SKIPPED:` line.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use halo_sync::export::{self, Format};
use halo_sync::{Database, SyncOptions};
use halo_testkit::postgres::PgCluster;

const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_export_the_same_rows() {
    let cluster = match PgCluster::start() {
        Ok(cluster) => cluster,
        Err(e) => {
            println!("SKIPPED: sqlite_and_postgres_export_the_same_rows: {e}");
            return;
        }
    };
    let server = server(40).await;
    let path = db_path("pg-compare");
    let lite = sync(&server, &path).await;
    let url = cluster.url();
    let pg_db = tokio::task::spawn_blocking(move || Database::postgres(&url))
        .await
        .unwrap()
        .unwrap();
    let pg = sync_into(&server, pg_db, SyncOptions::default()).await;
    assert_eq!((lite.new, pg.new), (40, 40));
    assert!(pg.complete && pg.failed.is_empty());

    let lite_dir = path.with_extension("lite-out");
    let pg_dir = path.with_extension("pg-out");
    let url = cluster.url();
    let (lite_files, pg_files) = {
        let (lite_dir, pg_dir, path) = (lite_dir.clone(), pg_dir.clone(), path.clone());
        tokio::task::spawn_blocking(move || {
            let mut lite = Database::sqlite_read_only(&path).unwrap();
            let mut pg = Database::postgres_for_reading(&url).unwrap();
            (
                export::export(&mut lite, Format::Jsonl, &lite_dir).unwrap(),
                export::export(&mut pg, Format::Jsonl, &pg_dir).unwrap(),
            )
        })
        .await
        .unwrap()
    };
    assert_eq!(lite_files.len(), pg_files.len());
    for (a, b) in lite_files.iter().zip(&pg_files) {
        assert_eq!((a.table, a.rows), (b.table, b.rows));
        let read = |p: &std::path::Path| -> Vec<serde_json::Value> {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(|l| {
                    let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                    // When the sync ended: the only value that differs between two syncs.
                    if let Some(o) = v.as_object_mut() {
                        o.remove("last_sync");
                    }
                    v
                })
                .collect()
        };
        assert_eq!(read(&a.path), read(&b.path), "table {}", a.table);
    }
    let matches = pg_files.iter().find(|f| f.table == "matches").unwrap();
    assert_eq!(matches.rows, 40);
    let stats = pg_files.iter().find(|f| f.table == "player_stats").unwrap();
    let text = std::fs::read_to_string(&stats.path).unwrap();
    // The slayer capture: aCurtis X89's 18 kills, read back from PostgreSQL.
    let slayer = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["match_id"] == SLAYER && v["player_id"] == format!("xuid({XUID})"))
        .unwrap();
    assert_eq!(slayer["kills"], 18, "{slayer}");
}
