//! The PostgreSQL backend (the blocking `postgres` client, no TLS): the same statements and
//! schema as SQLite, so `halo sync --db postgres://...` and `halo crawl` write the tables
//! `halo export` reads from either.
//!
//! A lost connection (the server restarted, the network dropped) is
//! [`ErrorKind::Disconnected`]; the next transaction connects again, so a caller that waits
//! and retries (the crawl does) goes on once the server is back. The connection string's
//! password never appears in [`Backend::describe`] or in an error.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::time::Duration;

use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Config, NoTls, Statement};

use super::{Backend, Dialect, Row, SqlValue, Tx};
use crate::error::{Error, ErrorKind};

/// How long connecting may take before it counts as the server being unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A PostgreSQL database.
pub struct PostgresBackend {
    config: Config,
    client: Option<Client>,
    statements: HashMap<String, Statement>,
    describe: String,
}

impl std::fmt::Debug for PostgresBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresBackend")
            .field("db", &self.describe)
            .finish_non_exhaustive()
    }
}

impl PostgresBackend {
    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`, or the
    /// `host=... dbname=...` form).
    pub fn connect(url: &str) -> Result<Self, Error> {
        let mut config: Config = url.parse().map_err(|e: postgres::Error| {
            Error::new(ErrorKind::Unreadable {
                db: "postgres".to_owned(),
                message: format!("not a PostgreSQL connection string: {e}"),
            })
        })?;
        config.connect_timeout(CONNECT_TIMEOUT);
        if config.get_application_name().is_none() {
            config.application_name("halo");
        }
        let describe = describe(&config);
        let mut backend = Self {
            config,
            client: None,
            statements: HashMap::new(),
            describe,
        };
        backend.client()?;
        Ok(backend)
    }

    /// Whether `url` names a PostgreSQL database rather than a file.
    pub fn is_url(url: &str) -> bool {
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    /// `postgres://host:port/database` of a connection string (no user, no password);
    /// `None` when it is not one.
    pub fn redacted(url: &str) -> Option<String> {
        url.parse::<Config>().ok().map(|config| describe(&config))
    }

    /// The connection, connecting (again) when there is none or it was closed.
    fn client(&mut self) -> Result<&mut Client, Error> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.statements.clear();
            self.client = None;
            let client = self
                .config
                .connect(NoTls)
                .map_err(|e| connect_error(&self.describe, &e))?;
            self.client = Some(client);
        }
        self.client
            .as_mut()
            .ok_or_else(|| Error::database("no PostgreSQL connection"))
    }
}

impl Drop for PostgresBackend {
    /// The blocking client closes its connection on its own runtime, which must not happen
    /// on an async thread: there, the connection is closed on a thread of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                std::thread::spawn(move || drop(client));
            }
        }
    }
}

impl Backend for PostgresBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let db = self.describe.clone();
        self.client()?;
        let Self {
            client, statements, ..
        } = self;
        let client = client
            .as_mut()
            .ok_or_else(|| Error::database("no PostgreSQL connection"))?;
        let result = (|| {
            let mut transaction = client.transaction().map_err(|e| classify(&e, &db))?;
            let mut tx = PostgresTx {
                transaction: &mut transaction,
                statements,
                db: &db,
            };
            work(&mut tx)?;
            transaction.commit().map_err(|e| classify(&e, &db))
        })();
        if let Err(e) = &result {
            if matches!(e.kind(), ErrorKind::Disconnected { .. }) {
                // Connect again next time rather than reuse a connection in an unknown state.
                self.client = None;
                self.statements.clear();
            }
        }
        result
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

/// A transaction's statements.
struct PostgresTx<'a, 'c> {
    transaction: &'a mut postgres::Transaction<'c>,
    statements: &'a mut HashMap<String, Statement>,
    db: &'a str,
}

impl PostgresTx<'_, '_> {
    /// The prepared statement of `sql` (prepared once per connection).
    fn statement(&mut self, sql: &str) -> Result<Statement, Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self
            .transaction
            .prepare(sql)
            .map_err(|e| classify(&e, self.db))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

impl Tx for PostgresTx<'_, '_> {
    fn execute(&mut self, sql: &str, params: &[SqlValue]) -> Result<usize, Error> {
        let statement = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let changed = self
            .transaction
            .execute(&statement, &params)
            .map_err(|e| classify(&e, self.db))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[SqlValue],
        each: &mut dyn FnMut(Row) -> bool,
    ) -> Result<(), Error> {
        let statement = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self
            .transaction
            .query(&statement, &params)
            .map_err(|e| classify(&e, self.db))?;
        for row in rows {
            let mut values = Vec::with_capacity(row.len());
            for (i, column) in row.columns().iter().enumerate() {
                values.push(read(&row, i, column.type_()).map_err(|e| classify(&e, self.db))?);
            }
            if !each(values) {
                break;
            }
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.transaction
            .batch_execute(sql)
            .map_err(|e| classify(&e, self.db))
    }
}

/// Column `i` of `row` as a value.
fn read(row: &postgres::Row, i: usize, ty: &Type) -> Result<SqlValue, postgres::Error> {
    let value = match *ty {
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(SqlValue::from),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|v| SqlValue::Int(v.into())),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| SqlValue::Int(v.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(SqlValue::Int),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|v| SqlValue::Real(v.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(SqlValue::Real),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(SqlValue::Blob),
        // Text and every type that reads as text (names, varchar); anything else fails with
        // the type's name.
        _ => row.try_get::<_, Option<String>>(i)?.map(SqlValue::Text),
    };
    Ok(value.unwrap_or(SqlValue::Null))
}

impl ToSql for SqlValue {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Self::Null => Ok(IsNull::Yes),
            Self::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                _ => v.to_string().as_str().to_sql(ty, out),
            },
            Self::Real(v) => match *ty {
                #[allow(clippy::cast_possible_truncation)]
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::FLOAT8 => v.to_sql(ty, out),
                _ => v.to_string().as_str().to_sql(ty, out),
            },
            Self::Text(v) => v.as_str().to_sql(ty, out),
            Self::Blob(v) => v.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// `host:port/database` of a connection (no user, no password).
fn describe(config: &Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".to_owned());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or("postgres");
    format!("postgres://{host}:{port}/{db}")
}

/// Whether an error means the connection is gone (closed, refused, the server shut down).
fn is_disconnect(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::CONNECTION_FAILURE,
            SqlState::CONNECTION_EXCEPTION,
            SqlState::CONNECTION_DOES_NOT_EXIST,
        ]
        .contains(code);
    }
    // No server answer at all: an I/O failure underneath.
    let mut source = e.source();
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// A failed connection attempt: the server refused us (no such role or database, a wrong
/// password) or could not be reached.
fn connect_error(db: &str, e: &postgres::Error) -> Error {
    if e.as_db_error().is_some() && !is_disconnect(e) {
        return Error::new(ErrorKind::Unreadable {
            db: db.to_owned(),
            message: message(e),
        });
    }
    disconnected(db, e)
}

/// A lost or refused connection.
fn disconnected(db: &str, e: &postgres::Error) -> Error {
    Error::new(ErrorKind::Disconnected {
        db: db.to_owned(),
        message: message(e),
    })
}

/// A postgres error as one of ours, naming the database.
fn classify(e: &postgres::Error, db: &str) -> Error {
    if is_disconnect(e) {
        return disconnected(db, e);
    }
    let db = db.to_owned();
    let kind = match e.code() {
        Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION => ErrorKind::ReadOnly { db },
        Some(code) if *code == SqlState::DISK_FULL => ErrorKind::Full { db },
        Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => ErrorKind::Unreadable {
            db,
            message: message(e),
        },
        _ => ErrorKind::Database {
            message: format!("{} ({db})", message(e)),
        },
    };
    Error::new(kind)
}

/// The server's message, or the client's with its cause.
fn message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    match e.source() {
        Some(source) => format!("{e}: {source}"),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_never_holds_the_password() {
        let config: Config = "postgres://crawler:hunter2@db.internal:6543/halo"
            .parse()
            .unwrap();
        assert_eq!(describe(&config), "postgres://db.internal:6543/halo");
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(PostgresBackend::is_url("postgres://u@127.0.0.1/db"));
        assert!(PostgresBackend::is_url("postgresql://u@127.0.0.1/db"));
        assert!(!PostgresBackend::is_url("halo.sqlite"));
    }

    #[test]
    fn a_bad_connection_string_is_a_typed_error() {
        let e = PostgresBackend::connect("postgres://u@127.0.0.1:notaport/db").unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Unreadable { message, .. }
                if message.contains("not a PostgreSQL connection string")),
            "{e}"
        );
    }

    #[test]
    fn a_refused_connection_is_disconnected_and_keeps_the_password_out() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let e = PostgresBackend::connect(&format!("postgres://u:s3cret@127.0.0.1:{port}/db"))
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Disconnected { .. }), "{e:?}");
        assert!(!format!("{e} {e:?}").contains("s3cret"));
    }
}
