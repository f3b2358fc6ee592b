//! The database behind a sync, as one object-safe interface: a [`Backend`] runs transactions,
//! a [`Tx`] runs statements written once for every dialect (`$1`, `$2`... placeholders,
//! upserts with `ON CONFLICT`). SQLite ([`sqlite::SqliteBackend`]) is the default;
//! PostgreSQL ([`postgres::PostgresBackend`]) implements the same two traits.

pub mod postgres;
pub mod sqlite;

use crate::error::Error;

/// The SQL dialect of a backend (the schema's DDL is generated per dialect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// One value bound to a placeholder or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    /// `NULL`.
    Null,
    /// A 64-bit integer (booleans are 0 and 1).
    Int(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl SqlValue {
    /// The integer, when this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(v) => Some(*v),
            _ => None,
        }
    }

    /// The text, when this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Text(v) => Some(v),
            _ => None,
        }
    }

    /// The bytes, when this is a blob.
    pub fn as_blob(&self) -> Option<&[u8]> {
        match self {
            Self::Blob(v) => Some(v),
            _ => None,
        }
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<bool> for SqlValue {
    fn from(v: bool) -> Self {
        Self::Int(i64::from(v))
    }
}

impl From<f64> for SqlValue {
    fn from(v: f64) -> Self {
        Self::Real(v)
    }
}

impl From<String> for SqlValue {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

impl From<Vec<u8>> for SqlValue {
    fn from(v: Vec<u8>) -> Self {
        Self::Blob(v)
    }
}

impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Null, Into::into)
    }
}

/// A row read back: its values in the order of the query's columns.
pub type Row = Vec<SqlValue>;

/// Statements inside one transaction.
pub trait Tx {
    /// Runs a statement with `$1`... placeholders; answers how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[SqlValue]) -> Result<usize, Error>;

    /// Runs a query; `each` sees every row in order and may stop early by answering `false`.
    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(Row) -> bool,
    ) -> Result<(), Error>;

    /// Runs statements without parameters separated by `;` (DDL).
    fn batch(&mut self, sql: &str) -> Result<(), Error>;
}

/// A database a sync writes to.
pub trait Backend: Send {
    /// The dialect its statements and DDL are written in.
    fn dialect(&self) -> Dialect;

    /// Runs `work` in one transaction: committed when it answers `Ok`, rolled back otherwise
    /// (nothing of a failed transaction stays).
    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Where the database is, for messages (a file path, a connection's host and name).
    fn describe(&self) -> String;
}

/// Collects every row of a query.
pub fn query_all(tx: &mut dyn Tx, sql: &str, params: &[SqlValue]) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    tx.query(sql, params, &mut |row| {
        rows.push(row);
        true
    })?;
    Ok(rows)
}
