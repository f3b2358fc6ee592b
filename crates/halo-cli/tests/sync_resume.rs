//! `halo sync` killed with SIGKILL in the middle and run again ends with the same tables as
//! an uninterrupted sync: no duplicates, no gaps.
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // a test polling another process in real time

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{halo_command, stderr, stdout};
use halo_sync::Database;
use halo_sync::export::{self, Format};
use halo_sync::store::{SqlValue, query_all};

const MATCHES: &str = "400";

fn db_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("halo-cli-resume");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn sync_command(db: &Path) -> std::process::Command {
    let mut command = halo_command(&[
        "--offline",
        "sync",
        "aCurtis X89",
        "--db",
        db.to_str().unwrap(),
    ]);
    command.env("HALO_OFFLINE_HISTORY", MATCHES);
    command
}

/// How many matches are stored (None while the database is not there yet).
fn stored(db: &Path) -> Option<i64> {
    let mut database = Database::sqlite_read_only(db).ok()?;
    let mut count = None;
    database
        .backend()
        .transaction(&mut |tx| {
            count = query_all(tx, "SELECT count(*) FROM matches", &[])?[0][0].as_i64();
            Ok(())
        })
        .ok()?;
    count
}

/// The exported materialized tables (the sync's own bookkeeping holds run times).
fn tables(db: &Path) -> Vec<(String, String)> {
    let dir = db.with_extension("export");
    let _ = std::fs::remove_dir_all(&dir);
    let mut database = Database::sqlite_read_only(db).unwrap();
    export::export(&mut database, Format::Csv, &dir)
        .unwrap()
        .into_iter()
        .filter(|e| !matches!(e.table, "sync_failures" | "synced_players"))
        .map(|e| (e.table.to_owned(), std::fs::read_to_string(e.path).unwrap()))
        .collect()
}

#[test]
fn a_sync_killed_midway_and_run_again_equals_an_uninterrupted_one() {
    let whole = db_path("uninterrupted");
    let out = sync_command(&whole).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let killed = db_path("killed");
    let mut child = sync_command(&killed)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while stored(&killed).unwrap_or(0) < 40 {
        assert!(Instant::now() < deadline, "the sync stored nothing in time");
        // A test polling another process, not library code waiting.
        #[allow(clippy::disallowed_methods)]
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = stored(&killed).unwrap();
    assert!(
        (40..400).contains(&partial),
        "killed after {partial} of {MATCHES} matches"
    );

    let again = sync_command(&killed).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let text = stdout(&again);
    assert!(
        text.contains(&format!(
            ": {} new, {partial} already stored, 0 failed",
            400 - partial
        )),
        "{text}"
    );
    assert_eq!(stored(&killed), Some(400));
    let mut database = Database::sqlite_read_only(&killed).unwrap();
    let mut duplicates = Vec::new();
    database
        .backend()
        .transaction(&mut |tx| {
            duplicates = query_all(
                tx,
                "SELECT count(*) FROM (SELECT match_id FROM players GROUP BY match_id, player_id \
                 HAVING count(*) > 1)",
                &[],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(duplicates, vec![vec![SqlValue::Int(0)]]);
    assert_eq!(tables(&killed), tables(&whole));
}
