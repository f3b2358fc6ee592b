//! Databases a sync must not use: a newer schema, a file that is not a database, someone
//! else's database, a read-only connection. Each is a clear error and the file is untouched.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use halo_sync::store::sqlite::SqliteBackend;
use halo_sync::{Database, ErrorKind};

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let path = db_path("newer");
    let mut db = Database::sqlite(&path).unwrap();
    db.backend()
        .transaction(&mut |tx| {
            tx.execute(
                "UPDATE halo_meta SET value = '99' WHERE key = 'schema_version'",
                &[],
            )?;
            Ok(())
        })
        .unwrap();
    drop(db);
    let before = std::fs::read(&path).unwrap();
    let e = Database::sqlite(&path).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::NewerSchema {
            found: 99,
            supported: 1,
            ..
        }
    ));
    assert!(
        e.to_string()
            .ends_with("has schema version 99, newer than this program's 1: it was left untouched (update halo, or use another --db)"),
        "{e}"
    );
    assert!(matches!(
        Database::sqlite_read_only(&path).unwrap_err().kind(),
        ErrorKind::NewerSchema { found: 99, .. }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let path = db_path("garbage");
    let garbage = b"these are not the bytes of a SQLite database\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let e = Database::sqlite(&path).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Unreadable { .. }), "{e:?}");
    assert!(e.to_string().contains("file is not a database"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn another_programs_database_is_refused() {
    let path = db_path("foreign");
    let mut backend = SqliteBackend::open(&path).unwrap();
    halo_sync::store::Backend::transaction(&mut backend, &mut |tx| {
        tx.batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    })
    .unwrap();
    drop(backend);
    let e = Database::sqlite(&path).unwrap_err();
    assert!(
        e.to_string()
            .contains("it is not a halo sync database (it has a table `invoices`)"),
        "{e}"
    );
}

#[test]
fn writing_through_a_read_only_connection_is_a_read_only_error() {
    let path = db_path("read-only");
    drop(Database::sqlite(&path).unwrap());
    let mut db = Database::sqlite_read_only(&path).unwrap();
    let e = db.record_failure("m1", "stats", "503", &[]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::ReadOnly { .. }), "{e:?}");
    assert!(
        e.to_string().contains("is read-only: nothing was written"),
        "{e}"
    );
}

#[test]
fn exporting_a_missing_database_says_to_sync_first() {
    let path = db_path("missing");
    let e = Database::sqlite_read_only(&path).unwrap_err();
    assert!(
        e.to_string()
            .contains("no such file (run `halo sync` first)"),
        "{e}"
    );
    assert!(!path.exists());
}
