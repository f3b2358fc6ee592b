//! The match database: opened with its schema checked (a newer schema is refused, an older
//! one migrated), one transaction per match, the sync's bookkeeping (failures, players) and
//! the rebuild of every materialized table from the stored raw bodies.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::clock;
use crate::error::{Error, ErrorKind};
use crate::materialize::{AssetKind, TableRows};
use crate::schema::{
    self, META_TABLE, RAW_RESPONSES, SCHEMA_VERSION, SYNC_FAILURES, TABLES, Table,
};
use crate::store::postgres::PostgresBackend;
use crate::store::sqlite::SqliteBackend;
use crate::store::{Backend, Dialect, SqlValue, Tx, query_all};

/// The endpoint id under which a match's stats are stored.
pub const STATS_ENDPOINT: &str = "Stats_GetMatchStats";
/// The endpoint id under which a match's skill result is stored.
pub const SKILL_ENDPOINT: &str = "Skill_GetMatchResult";
/// The endpoint id (and raw key) of the medal metadata.
pub const MEDALS_ENDPOINT: &str = "GameCms_GetMedalMetadata";

/// A raw body to keep, already compressed ([`crate::raw::compress`]).
#[derive(Debug, Clone)]
pub struct RawBody {
    /// The endpoint id that answered it.
    pub endpoint: &'static str,
    /// The deflate-compressed body.
    pub blob: Vec<u8>,
}

/// A failed match as recorded in `sync_failures`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureRecord {
    /// The match id.
    pub match_id: String,
    /// `stats`, `skill` or `decode`.
    pub stage: String,
    /// Why.
    pub reason: String,
    /// How many syncs tried it.
    pub attempts: i64,
}

/// An open match database.
pub struct Database {
    backend: Box<dyn Backend>,
    upserts: HashMap<&'static str, String>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("db", &self.backend.describe())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens a database for syncing: an empty one gets the schema, an older schema is
    /// migrated, a newer one is refused, a database with other tables than ours is refused.
    pub fn open(mut backend: Box<dyn Backend>) -> Result<Self, Error> {
        let found = schema_version(backend.as_mut())?;
        let db = backend.describe();
        match found {
            Some(found) if found > SCHEMA_VERSION => {
                return Err(Error::new(ErrorKind::NewerSchema {
                    db,
                    found,
                    supported: SCHEMA_VERSION,
                }));
            }
            Some(found) if found == SCHEMA_VERSION => {}
            _ => {
                let dialect = backend.dialect();
                backend.transaction(&mut |tx| {
                    // Workers starting at once on an empty PostgreSQL database would race to
                    // create the same tables: one migrates, the others wait, then find the
                    // schema made (the version is read again under the lock).
                    if dialect == Dialect::Postgres {
                        tx.query(
                            "SELECT pg_advisory_xact_lock($1)::text",
                            &[SCHEMA_LOCK.into()],
                            &mut |_| false,
                        )?;
                    }
                    let (found, _) = read_version(tx, dialect)?;
                    if found.is_some_and(|v| v >= SCHEMA_VERSION) {
                        return Ok(());
                    }
                    for step in &schema::migrations(found.unwrap_or(0), dialect) {
                        tx.batch(step)?;
                    }
                    set_version(tx, SCHEMA_VERSION)
                })?;
            }
        }
        Ok(Self::wrap(backend))
    }

    /// Opens a database for reading (exports): its schema must be this program's.
    pub fn open_for_reading(mut backend: Box<dyn Backend>) -> Result<Self, Error> {
        let db = backend.describe();
        match schema_version(backend.as_mut())? {
            Some(found) if found == SCHEMA_VERSION => Ok(Self::wrap(backend)),
            Some(found) if found > SCHEMA_VERSION => Err(Error::new(ErrorKind::NewerSchema {
                db,
                found,
                supported: SCHEMA_VERSION,
            })),
            Some(found) => Err(Error::new(ErrorKind::Unreadable {
                db,
                message: format!(
                    "schema version {found} is older than this program's {SCHEMA_VERSION}; \
                     run `halo sync` on it once to migrate it"
                ),
            })),
            None => Err(Error::new(ErrorKind::Unreadable {
                db,
                message: "it holds no halo sync data".to_owned(),
            })),
        }
    }

    /// A SQLite file, opened for syncing ([`Self::open`]).
    pub fn sqlite(path: &Path) -> Result<Self, Error> {
        Self::open(Box::new(SqliteBackend::open(path)?))
    }

    /// A SQLite file, opened read-only for exports.
    pub fn sqlite_read_only(path: &Path) -> Result<Self, Error> {
        Self::open_for_reading(Box::new(SqliteBackend::open_read_only(path)?))
    }

    /// A PostgreSQL database (`postgres://...`), opened for syncing ([`Self::open`]).
    pub fn postgres(url: &str) -> Result<Self, Error> {
        Self::open(Box::new(PostgresBackend::connect(url)?))
    }

    /// A PostgreSQL database, opened for reading (exports).
    pub fn postgres_for_reading(url: &str) -> Result<Self, Error> {
        Self::open_for_reading(Box::new(PostgresBackend::connect(url)?))
    }

    /// `--db`: a `postgres://` connection string or a SQLite file, opened for syncing.
    pub fn open_location(location: &str) -> Result<Self, Error> {
        if PostgresBackend::is_url(location) {
            Self::postgres(location)
        } else {
            Self::sqlite(Path::new(location))
        }
    }

    /// `--db`: a `postgres://` connection string or a SQLite file, opened for reading.
    pub fn open_location_for_reading(location: &str) -> Result<Self, Error> {
        if PostgresBackend::is_url(location) {
            Self::postgres_for_reading(location)
        } else {
            Self::sqlite_read_only(Path::new(location))
        }
    }

    fn wrap(backend: Box<dyn Backend>) -> Self {
        let upserts = TABLES.iter().map(|t| (t.name, t.upsert_sql())).collect();
        Self { backend, upserts }
    }

    /// Where the database is.
    pub fn describe(&self) -> String {
        self.backend.describe()
    }

    /// The backend, for queries of one's own.
    pub fn backend(&mut self) -> &mut dyn Backend {
        self.backend.as_mut()
    }

    /// Which of `ids` are stored (in `matches`).
    pub fn stored(&mut self, ids: &[String]) -> Result<HashSet<String>, Error> {
        let mut stored = HashSet::new();
        if ids.is_empty() {
            return Ok(stored);
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT match_id FROM matches WHERE match_id IN ({})",
            placeholders.join(", ")
        );
        let params: Vec<SqlValue> = ids.iter().map(|id| SqlValue::from(id.as_str())).collect();
        self.backend.transaction(&mut |tx| {
            tx.query(&sql, &params, &mut |row| {
                if let Some(id) = row.first().and_then(SqlValue::as_str) {
                    stored.insert(id.to_owned());
                }
                true
            })
        })?;
        Ok(stored)
    }

    /// Writes one match in one transaction: its rows replace any it had, its raw bodies are
    /// kept, and its failure record (if any) is removed.
    pub fn store_match(
        &mut self,
        match_id: &str,
        rows: &[TableRows],
        raw: &[RawBody],
    ) -> Result<(), Error> {
        self.store_match_then(match_id, rows, raw, &mut |_| Ok(()))
    }

    /// [`Self::store_match`], with `then` run in the same transaction (the crawl marks the
    /// match done there): when `then` fails, nothing of the match is written.
    pub fn store_match_then(
        &mut self,
        match_id: &str,
        rows: &[TableRows],
        raw: &[RawBody],
        then: &mut dyn FnMut(&mut dyn Tx) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let upserts = &self.upserts;
        let fetched_at = clock::now();
        self.backend.transaction(&mut |tx| {
            let id = [SqlValue::from(match_id)];
            for table in per_match_tables() {
                tx.execute(
                    &format!("DELETE FROM {} WHERE match_id = $1", table.name),
                    &id,
                )?;
            }
            for table_rows in rows {
                insert(tx, upserts, table_rows)?;
            }
            put_raw(tx, upserts, match_id, raw, &fetched_at)?;
            tx.execute(
                &format!("DELETE FROM {} WHERE match_id = $1", SYNC_FAILURES.name),
                &id,
            )?;
            then(tx)
        })
    }

    /// Records that a match failed (`stage`: stats, skill or decode), keeping whatever raw
    /// bodies came (a body that does not decode is kept for a later `--rebuild`).
    pub fn record_failure(
        &mut self,
        match_id: &str,
        stage: &str,
        reason: &str,
        raw: &[RawBody],
    ) -> Result<(), Error> {
        let upserts = &self.upserts;
        let now = clock::now();
        self.backend.transaction(&mut |tx| {
            put_raw(tx, upserts, match_id, raw, &now)?;
            tx.execute(
                "INSERT INTO sync_failures (match_id, stage, reason, attempts, last_attempt) \
                 VALUES ($1, $2, $3, 1, $4) ON CONFLICT (match_id) DO UPDATE SET \
                 stage = excluded.stage, reason = excluded.reason, \
                 attempts = sync_failures.attempts + 1, last_attempt = excluded.last_attempt",
                &[
                    match_id.into(),
                    stage.into(),
                    reason.into(),
                    now.as_str().into(),
                ],
            )?;
            Ok(())
        })
    }

    /// The recorded failures, oldest match id first.
    pub fn failures(&mut self) -> Result<Vec<FailureRecord>, Error> {
        let mut rows = Vec::new();
        self.backend.transaction(&mut |tx| {
            rows = query_all(
                tx,
                "SELECT match_id, stage, reason, attempts FROM sync_failures ORDER BY match_id",
                &[],
            )?;
            Ok(())
        })?;
        Ok(rows
            .into_iter()
            .map(|r| FailureRecord {
                match_id: text(&r, 0),
                stage: text(&r, 1),
                reason: text(&r, 2),
                attempts: r.get(3).and_then(SqlValue::as_i64).unwrap_or(0),
            })
            .collect())
    }

    /// Assets that stored matches refer to and that have no stored answer yet.
    pub fn unnamed_assets(&mut self) -> Result<Vec<(AssetKind, String, String)>, Error> {
        let mut out = Vec::new();
        self.backend.transaction(&mut |tx| {
            for kind in AssetKind::ALL {
                let (asset, version) = kind.columns();
                let sql = format!(
                    "SELECT DISTINCT m.{asset}, m.{version} FROM matches m \
                     WHERE m.{asset} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM raw_responses r \
                     WHERE r.key = $1 || ':' || m.{asset} || ':' || m.{version} \
                     AND r.endpoint = $2) ORDER BY 1, 2"
                );
                tx.query(
                    &sql,
                    &[kind.as_str().into(), kind.endpoint().into()],
                    &mut |row| {
                        out.push((kind, text(&row, 0), text(&row, 1)));
                        true
                    },
                )?;
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Stores an asset's answer and, when it could be read, its name.
    pub fn store_asset(
        &mut self,
        kind: AssetKind,
        asset_id: &str,
        version_id: &str,
        raw: &RawBody,
        rows: Option<&TableRows>,
    ) -> Result<(), Error> {
        let upserts = &self.upserts;
        let now = clock::now();
        let key = asset_key(kind, asset_id, version_id);
        self.backend.transaction(&mut |tx| {
            put_raw(tx, upserts, &key, std::slice::from_ref(raw), &now)?;
            if let Some(rows) = rows {
                insert(tx, upserts, rows)?;
            }
            Ok(())
        })
    }

    /// Upserts rows of a table that is not per match (names), in one transaction.
    pub fn store_asset_rows(&mut self, rows: &TableRows) -> Result<(), Error> {
        let upserts = &self.upserts;
        self.backend
            .transaction(&mut |tx| insert(tx, upserts, rows))
    }

    /// Whether the medal metadata is stored.
    pub fn has_medal_names(&mut self) -> Result<bool, Error> {
        let mut found = false;
        self.backend.transaction(&mut |tx| {
            tx.query(
                "SELECT 1 FROM raw_responses WHERE key = $1 AND endpoint = $1",
                &[MEDALS_ENDPOINT.into()],
                &mut |_| {
                    found = true;
                    false
                },
            )
        })?;
        Ok(found)
    }

    /// Stores the medal metadata and its names.
    pub fn store_medal_names(&mut self, raw: &RawBody, rows: &TableRows) -> Result<(), Error> {
        let upserts = &self.upserts;
        let now = clock::now();
        self.backend.transaction(&mut |tx| {
            put_raw(
                tx,
                upserts,
                MEDALS_ENDPOINT,
                std::slice::from_ref(raw),
                &now,
            )?;
            insert(tx, upserts, rows)
        })
    }

    /// How many matches the history of `xuid` had when its last sync ended with all of them
    /// stored; `None` when the last sync was interrupted, limited or had failures.
    pub fn player_complete(&mut self, xuid: u64) -> Result<Option<u64>, Error> {
        let mut complete = None;
        self.backend.transaction(&mut |tx| {
            tx.query(
                "SELECT matches FROM synced_players WHERE xuid = $1 AND last_sync IS NOT NULL",
                &[xuid_value(xuid)],
                &mut |row| {
                    complete = row
                        .first()
                        .and_then(SqlValue::as_i64)
                        .and_then(|n| u64::try_from(n).ok());
                    false
                },
            )
        })?;
        Ok(complete)
    }

    /// Marks a sync of `xuid` as started (not complete until [`Self::player_done`]).
    pub fn player_started(&mut self, xuid: u64, gamertag: &str) -> Result<(), Error> {
        self.backend.transaction(&mut |tx| {
            tx.execute(
                "INSERT INTO synced_players (xuid, gamertag, last_sync, matches) \
                 VALUES ($1, $2, NULL, NULL) ON CONFLICT (xuid) DO UPDATE SET \
                 gamertag = excluded.gamertag, last_sync = NULL",
                &[xuid_value(xuid), gamertag.into()],
            )?;
            Ok(())
        })
    }

    /// Marks a sync of `xuid` complete: every match of its history (`matches`) is stored.
    pub fn player_done(&mut self, xuid: u64, matches: u64) -> Result<(), Error> {
        self.backend.transaction(&mut |tx| {
            tx.execute(
                "UPDATE synced_players SET last_sync = $2, matches = $3 WHERE xuid = $1",
                &[
                    xuid_value(xuid),
                    clock::now().into(),
                    i64::try_from(matches).unwrap_or(i64::MAX).into(),
                ],
            )?;
            Ok(())
        })
    }

    /// How many rows each table holds.
    pub fn counts(&mut self) -> Result<Vec<(&'static str, i64)>, Error> {
        let mut counts = Vec::new();
        self.backend.transaction(&mut |tx| {
            for table in TABLES {
                let rows = query_all(tx, &format!("SELECT count(*) FROM {}", table.name), &[])?;
                let n = rows
                    .first()
                    .and_then(|r| r.first())
                    .and_then(SqlValue::as_i64)
                    .unwrap_or(0);
                counts.push((table.name, n));
            }
            Ok(())
        })?;
        Ok(counts)
    }

    /// Drops and recreates every materialized table (their rows come back from the raw
    /// bodies, see [`crate::rebuild()`]).
    pub fn reset_materialized(&mut self) -> Result<(), Error> {
        let dialect = self.backend.dialect();
        self.backend.transaction(&mut |tx| {
            for table in TABLES.iter().filter(|t| t.materialized) {
                tx.batch(&format!("DROP TABLE IF EXISTS {}", table.name))?;
                tx.batch(&table.create_sql(dialect))?;
            }
            for step in schema::migrations(0, dialect)
                .iter()
                .filter(|s| s.starts_with("CREATE INDEX"))
            {
                tx.batch(step)?;
            }
            Ok(())
        })
    }

    /// Up to `limit` keys of raw bodies of `endpoint` after `after`, in key order.
    pub fn raw_keys(
        &mut self,
        endpoint: &str,
        after: &str,
        limit: usize,
    ) -> Result<Vec<String>, Error> {
        let mut keys = Vec::new();
        self.backend.transaction(&mut |tx| {
            tx.query(
                "SELECT key FROM raw_responses WHERE endpoint = $1 AND key > $2 \
                 ORDER BY key LIMIT $3",
                &[
                    endpoint.into(),
                    after.into(),
                    i64::try_from(limit).unwrap_or(i64::MAX).into(),
                ],
                &mut |row| {
                    keys.push(text(&row, 0));
                    true
                },
            )
        })?;
        Ok(keys)
    }

    /// The compressed raw body stored for `key` and `endpoint`.
    pub fn raw(&mut self, key: &str, endpoint: &str) -> Result<Option<Vec<u8>>, Error> {
        let mut blob = None;
        self.backend.transaction(&mut |tx| {
            tx.query(
                "SELECT body FROM raw_responses WHERE key = $1 AND endpoint = $2",
                &[key.into(), endpoint.into()],
                &mut |row| {
                    blob = row.first().and_then(SqlValue::as_blob).map(<[u8]>::to_vec);
                    false
                },
            )
        })?;
        Ok(blob)
    }
}

/// The raw key of an asset.
pub fn asset_key(kind: AssetKind, asset_id: &str, version_id: &str) -> String {
    format!("{}:{asset_id}:{version_id}", kind.as_str())
}

/// The materialized tables keyed by match (their first column is `match_id`).
fn per_match_tables() -> impl Iterator<Item = &'static Table> {
    TABLES
        .iter()
        .filter(|t| t.materialized && t.key.first() == Some(&"match_id"))
}

/// Upserts every row of `rows`.
fn insert(
    tx: &mut dyn Tx,
    upserts: &HashMap<&'static str, String>,
    rows: &TableRows,
) -> Result<(), Error> {
    let sql = upserts
        .get(rows.table.name)
        .ok_or_else(|| Error::database(format!("no table {}", rows.table.name)))?;
    for row in &rows.rows {
        tx.execute(sql, row)?;
    }
    Ok(())
}

/// Upserts raw bodies under `key`.
fn put_raw(
    tx: &mut dyn Tx,
    upserts: &HashMap<&'static str, String>,
    key: &str,
    raw: &[RawBody],
    fetched_at: &str,
) -> Result<(), Error> {
    let Some(sql) = upserts.get(RAW_RESPONSES.name) else {
        return Ok(());
    };
    for body in raw {
        tx.execute(
            sql,
            &[
                key.into(),
                body.endpoint.into(),
                fetched_at.into(),
                SqlValue::Blob(body.blob.clone()),
            ],
        )?;
    }
    Ok(())
}

/// The advisory lock (PostgreSQL) held while the schema is created or migrated.
const SCHEMA_LOCK: i64 = 7_265_001;

/// The schema version of the database, `None` when it has none of our tables (refused when
/// it holds other tables: it is someone else's database).
fn schema_version(backend: &mut dyn Backend) -> Result<Option<i64>, Error> {
    let db = backend.describe();
    let dialect = backend.dialect();
    let mut found = (None, None);
    backend.transaction(&mut |tx| {
        found = read_version(tx, dialect)?;
        Ok(())
    })?;
    let (version, foreign) = found;
    if let Some(table) = foreign {
        return Err(Error::new(ErrorKind::Unreadable {
            db,
            message: format!("it is not a halo sync database (it has a table `{table}`)"),
        }));
    }
    Ok(version)
}

/// The schema version, or the first table of a database that is not ours.
fn read_version(tx: &mut dyn Tx, dialect: Dialect) -> Result<(Option<i64>, Option<String>), Error> {
    let tables_sql = match dialect {
        Dialect::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        Dialect::Postgres => {
            "SELECT table_name FROM information_schema.tables \
             WHERE table_schema = current_schema()"
        }
    };
    let tables: Vec<String> = query_all(tx, tables_sql, &[])?
        .iter()
        .map(|r| text(r, 0))
        .collect();
    if !tables.iter().any(|t| t == META_TABLE) {
        return Ok((None, tables.into_iter().next()));
    }
    let rows = query_all(
        tx,
        &format!("SELECT value FROM {META_TABLE} WHERE key = 'schema_version'"),
        &[],
    )?;
    let version = rows
        .first()
        .and_then(|r| r.first())
        .and_then(SqlValue::as_str)
        .and_then(|v| v.parse::<i64>().ok());
    Ok((version, None))
}

/// Writes the schema version.
fn set_version(tx: &mut dyn Tx, version: i64) -> Result<(), Error> {
    tx.execute(
        &format!(
            "INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        &[version.to_string().into()],
    )?;
    Ok(())
}

/// Column `i` of a row as text ('' when absent or not text).
fn text(row: &[SqlValue], i: usize) -> String {
    row.get(i)
        .and_then(SqlValue::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// An XUID as stored.
fn xuid_value(xuid: u64) -> SqlValue {
    SqlValue::Int(i64::try_from(xuid).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Database {
        Database::open(Box::new(SqliteBackend::in_memory().unwrap())).unwrap()
    }

    #[test]
    fn a_new_database_gets_the_schema_and_opens_again() {
        let mut db = memory();
        let counts = db.counts().unwrap();
        assert_eq!(counts.len(), TABLES.len());
        assert!(counts.iter().all(|(_, n)| *n == 0));
        assert_eq!(schema_version(db.backend()).unwrap(), Some(SCHEMA_VERSION));
    }

    #[test]
    fn failures_count_attempts_and_clear_when_stored() {
        let mut db = memory();
        db.record_failure("m1", "stats", "503 Service Unavailable", &[])
            .unwrap();
        db.record_failure("m1", "stats", "connection reset", &[])
            .unwrap();
        let failures = db.failures().unwrap();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].attempts, 2);
        assert_eq!(failures[0].reason, "connection reset");
        db.store_match("m1", &[], &[]).unwrap();
        assert!(db.failures().unwrap().is_empty());
    }
}
