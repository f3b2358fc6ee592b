//! The SQLite backend (rusqlite, SQLite compiled in): WAL journal, so a killed sync leaves
//! every committed match and nothing of the one it was writing.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, ToSql};

use super::{Backend, Dialect, Row, SqlValue, Tx};
use crate::error::{Error, ErrorKind};

/// How long a write waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection (a match's inserts use about a dozen).
const STATEMENT_CACHE: usize = 64;

/// A SQLite database file.
#[derive(Debug)]
pub struct SqliteBackend {
    connection: Connection,
    path: PathBuf,
}

impl SqliteBackend {
    /// Opens (or creates) the database at `path` for reading and writing.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let connection = Connection::open(path).map_err(|e| classify(&e, path))?;
        Self::configure(connection, path, true)
    }

    /// Opens an existing database at `path` for reading only (exports).
    pub fn open_read_only(path: &Path) -> Result<Self, Error> {
        if !path.exists() {
            return Err(Error::new(ErrorKind::Unreadable {
                db: path.display().to_string(),
                message: "no such file (run `halo sync` first)".to_owned(),
            }));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection =
            Connection::open_with_flags(path, flags).map_err(|e| classify(&e, path))?;
        Self::configure(connection, path, false)
    }

    /// An in-memory database (tests).
    pub fn in_memory() -> Result<Self, Error> {
        let path = PathBuf::from(":memory:");
        let connection = Connection::open_in_memory().map_err(|e| classify(&e, &path))?;
        Self::configure(connection, &path, true)
    }

    fn configure(connection: Connection, path: &Path, write: bool) -> Result<Self, Error> {
        let fail = |e: rusqlite::Error| classify(&e, path);
        connection.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Reading the schema first tells a file that is not a database (or is corrupt)
        // before anything is written to it.
        connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(fail)?;
        if write {
            if connection.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
                return Err(Error::new(ErrorKind::ReadOnly {
                    db: path.display().to_string(),
                }));
            }
            connection
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(fail)?;
            connection
                .pragma_update(None, "synchronous", "NORMAL")
                .map_err(fail)?;
        }
        Ok(Self {
            connection,
            path: path.to_owned(),
        })
    }
}

impl Backend for SqliteBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction()
            .map_err(|e| classify(&e, &path))?;
        let mut tx = SqliteTx {
            transaction: &transaction,
            path: &path,
        };
        work(&mut tx)?;
        transaction.commit().map_err(|e| classify(&e, &path))
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }
}

/// A transaction's statements.
struct SqliteTx<'a> {
    transaction: &'a rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[SqlValue]) -> Result<usize, Error> {
        let sql = positional(sql);
        let mut statement = self
            .transaction
            .prepare_cached(&sql)
            .map_err(|e| classify(&e, self.path))?;
        let params: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
        statement
            .execute(params.as_slice())
            .map_err(|e| classify(&e, self.path))
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(Row) -> bool,
    ) -> Result<(), Error> {
        let sql = positional(sql);
        let fail = |e: rusqlite::Error| classify(&e, self.path);
        let mut statement = self.transaction.prepare_cached(&sql).map_err(fail)?;
        let width = statement.column_count();
        let params: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
        let mut rows = statement.query(params.as_slice()).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(match row.get_ref(i).map_err(fail)? {
                    ValueRef::Null => SqlValue::Null,
                    ValueRef::Integer(v) => SqlValue::Int(v),
                    ValueRef::Real(v) => SqlValue::Real(v),
                    ValueRef::Text(v) => SqlValue::Text(String::from_utf8_lossy(v).into_owned()),
                    ValueRef::Blob(v) => SqlValue::Blob(v.to_vec()),
                });
            }
            if !each(values) {
                break;
            }
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.transaction
            .execute_batch(sql)
            .map_err(|e| classify(&e, self.path))
    }
}

impl ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ToSqlOutput::Borrowed;
        Ok(match self {
            Self::Null => Borrowed(ValueRef::Null),
            Self::Int(v) => Borrowed(ValueRef::Integer(*v)),
            Self::Real(v) => Borrowed(ValueRef::Real(*v)),
            Self::Text(v) => Borrowed(ValueRef::Text(v.as_bytes())),
            Self::Blob(v) => Borrowed(ValueRef::Blob(v)),
        })
    }
}

/// `$N` placeholders as SQLite's `?N` (SQLite reads `$1` as a *named* parameter numbered by
/// first appearance, so `$2 ... $1` would bind the wrong values). Statements whose
/// placeholders appear once each as `$1`, `$2`, ... in order (every generated insert) are
/// already numbered right and are used as they are, without a copy.
fn positional(sql: &str) -> Cow<'_, str> {
    if in_order(sql) {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\'' {
            quoted = !quoted;
        }
        if ch == '$' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Whether every `$N` outside quotes is the next number, starting at 1.
fn in_order(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    let mut next = 1_u64;
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'$' if !quoted => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 {
                    let number = std::str::from_utf8(&bytes[i + 1..i + 1 + digits])
                        .ok()
                        .and_then(|n| n.parse::<u64>().ok());
                    if number != Some(next) {
                        return false;
                    }
                    next += 1;
                    i += digits;
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// A rusqlite error as one of ours, naming the database.
fn classify(e: &rusqlite::Error, path: &Path) -> Error {
    let db = path.display().to_string();
    let kind = match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => ErrorKind::ReadOnly { db },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => ErrorKind::Locked { db },
        Some(ErrorCode::DiskFull) => ErrorKind::Full { db },
        Some(
            ErrorCode::NotADatabase
            | ErrorCode::DatabaseCorrupt
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied,
        ) => ErrorKind::Unreadable {
            db,
            message: e.to_string(),
        },
        _ => ErrorKind::Database {
            message: format!("{e} ({db})"),
        },
    };
    Error::new(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_positional() {
        assert_eq!(
            positional("UPDATE t SET a = $2 WHERE b = $1 AND c = '$3'"),
            "UPDATE t SET a = ?2 WHERE b = ?1 AND c = '$3'"
        );
        assert_eq!(positional("SELECT $1 || $1"), "SELECT ?1 || ?1");
        let in_order = "INSERT INTO t (a, b) VALUES ($1, $2) -- '$9'";
        assert!(matches!(positional(in_order), Cow::Borrowed(s) if s == in_order));
    }

    #[test]
    fn out_of_order_placeholders_bind_by_number() {
        let mut db = SqliteBackend::in_memory().unwrap();
        let mut got = Vec::new();
        db.transaction(&mut |tx| {
            tx.batch("CREATE TABLE t (a INTEGER, b TEXT)")?;
            tx.execute(
                "INSERT INTO t (b, a) VALUES ($2, $1)",
                &[SqlValue::Int(7), SqlValue::from("seven")],
            )?;
            got = super::super::query_all(tx, "SELECT a, b FROM t", &[])?;
            Ok(())
        })
        .unwrap();
        assert_eq!(got, vec![vec![SqlValue::Int(7), SqlValue::from("seven")]]);
    }

    #[test]
    fn a_failed_transaction_leaves_nothing() {
        let mut db = SqliteBackend::in_memory().unwrap();
        db.transaction(&mut |tx| tx.batch("CREATE TABLE t (a INTEGER)"))
            .unwrap();
        let failed = db.transaction(&mut |tx| {
            tx.execute("INSERT INTO t (a) VALUES ($1)", &[SqlValue::Int(1)])?;
            Err(Error::database("stop"))
        });
        assert!(failed.is_err());
        let mut count = 0;
        db.transaction(&mut |tx| {
            count = super::super::query_all(tx, "SELECT count(*) FROM t", &[])?[0][0]
                .as_i64()
                .unwrap_or(-1);
            Ok(())
        })
        .unwrap();
        assert_eq!(count, 0);
    }
}
