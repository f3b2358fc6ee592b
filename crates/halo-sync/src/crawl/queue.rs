//! The crawl's work queue in PostgreSQL: players to list and matches to fetch, each row
//! claimed with `SELECT ... FOR UPDATE SKIP LOCKED` under a lease (an owner and an expiry).
//! A row whose lease expired is claimable again, so a crashed worker's work is taken over;
//! completing a row checks the lease is still the worker's, in the transaction that stores
//! the match, so a match is stored exactly once.

use std::time::Duration;

use crate::error::Error;
use crate::store::{SqlValue, Tx, query_all};

/// The queue's tables (PostgreSQL only; created beside the match tables).
pub const DDL: &str = "\
CREATE TABLE IF NOT EXISTS crawl_players (
    xuid BIGINT NOT NULL PRIMARY KEY,
    depth INTEGER NOT NULL,
    seq BIGSERIAL,
    state TEXT NOT NULL DEFAULT 'pending',
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    matches BIGINT,
    error TEXT);
CREATE TABLE IF NOT EXISTS crawl_matches (
    match_id TEXT NOT NULL PRIMARY KEY,
    depth INTEGER NOT NULL,
    seq BIGSERIAL,
    state TEXT NOT NULL DEFAULT 'pending',
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    attempts INTEGER NOT NULL DEFAULT 0,
    stored_by TEXT,
    error TEXT);
CREATE INDEX IF NOT EXISTS crawl_matches_todo ON crawl_matches (state, depth, seq);
CREATE INDEX IF NOT EXISTS crawl_players_todo ON crawl_players (state, depth, seq);
CREATE TABLE IF NOT EXISTS crawl_accounts (
    account TEXT NOT NULL PRIMARY KEY,
    second BIGINT NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0,
    requests BIGINT NOT NULL DEFAULT 0,
    rate INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS crawl_settings (
    name TEXT NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL)";

/// Creates the queue's tables when missing. Workers starting at once take turns (an advisory
/// lock for the transaction): concurrent `CREATE TABLE IF NOT EXISTS` of one table fails.
pub fn create(tx: &mut dyn Tx) -> Result<(), Error> {
    tx.query(
        "SELECT pg_advisory_xact_lock(7265003)::text",
        &[],
        &mut |_| false,
    )?;
    tx.batch(DDL)
}

/// A claimed row: its key and its BFS depth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The match id, or the player's XUID as text.
    pub key: String,
    /// How far from a seed (seeds are 0).
    pub depth: i64,
}

/// Seconds of a lease as SQL text.
fn seconds(lease: Duration) -> SqlValue {
    SqlValue::Real(lease.as_secs_f64())
}

/// Claims up to `limit` matches (pending, or leased by someone whose lease expired),
/// shallowest first.
pub fn claim_matches(
    tx: &mut dyn Tx,
    owner: &str,
    limit: usize,
    lease: Duration,
) -> Result<Vec<Claimed>, Error> {
    let rows = query_all(
        tx,
        "UPDATE crawl_matches SET state = 'claimed', lease_owner = $1, \
         lease_until = clock_timestamp() + make_interval(secs => $2), attempts = attempts + 1 \
         WHERE match_id IN (SELECT match_id FROM crawl_matches WHERE state = 'pending' \
         OR (state = 'claimed' AND lease_until < clock_timestamp()) \
         ORDER BY depth, seq LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING match_id, depth",
        &[
            owner.into(),
            seconds(lease),
            i64::try_from(limit).unwrap_or(1).into(),
        ],
    )?;
    Ok(rows.into_iter().map(claimed).collect())
}

/// Claims one player to list, breadth first: only among the first `max_players` players found
/// (by depth, then XUID), and only when no shallower match is waiting or being fetched and no
/// shallower listing is running (a transaction-scoped advisory lock orders the claims). Players
/// of one depth are listed at once, beside the fetches of that depth's matches; a player one
/// level deeper waits until every shallower match is stored. By then every player of its depth
/// has been found, so which players make the cut does not depend on which worker ran first:
/// two crawls of the same world find the same players.
pub fn claim_player(
    tx: &mut dyn Tx,
    owner: &str,
    lease: Duration,
    max_players: i64,
) -> Result<Option<Claimed>, Error> {
    tx.query(
        "SELECT pg_advisory_xact_lock(7265002)::text",
        &[],
        &mut |_| false,
    )?;
    let rows = query_all(
        tx,
        "UPDATE crawl_players SET state = 'claimed', lease_owner = $1, \
         lease_until = clock_timestamp() + make_interval(secs => $2) \
         WHERE xuid IN (SELECT c.xuid FROM crawl_players c WHERE c.xuid IN \
         (SELECT xuid FROM crawl_players ORDER BY depth, xuid LIMIT $3) \
         AND (c.state = 'pending' OR (c.state = 'claimed' AND c.lease_until < clock_timestamp())) \
         AND NOT EXISTS (SELECT 1 FROM crawl_matches m WHERE m.state IN ('pending', 'claimed') \
         AND m.depth < c.depth) \
         AND NOT EXISTS (SELECT 1 FROM crawl_players o WHERE o.state = 'claimed' \
         AND o.lease_until >= clock_timestamp() AND o.depth < c.depth) \
         ORDER BY c.depth, c.xuid LIMIT 1 FOR UPDATE SKIP LOCKED) \
         RETURNING xuid::text, depth",
        &[owner.into(), seconds(lease), max_players.into()],
    )?;
    Ok(rows.into_iter().next().map(claimed))
}

fn claimed(row: Vec<SqlValue>) -> Claimed {
    Claimed {
        key: row
            .first()
            .and_then(SqlValue::as_str)
            .unwrap_or_default()
            .to_owned(),
        depth: row.get(1).and_then(SqlValue::as_i64).unwrap_or(0),
    }
}

/// Marks a match done, if the lease is still `owner`'s; answers whether it was.
pub fn match_done(tx: &mut dyn Tx, match_id: &str, owner: &str) -> Result<bool, Error> {
    let changed = tx.execute(
        "UPDATE crawl_matches SET state = 'done', stored_by = $2, lease_owner = NULL, \
         lease_until = NULL, error = NULL \
         WHERE match_id = $1 AND state = 'claimed' AND lease_owner = $2",
        &[match_id.into(), owner.into()],
    )?;
    Ok(changed == 1)
}

/// Marks a match failed with its reason, if the lease is still `owner`'s.
pub fn match_failed(
    tx: &mut dyn Tx,
    match_id: &str,
    owner: &str,
    reason: &str,
) -> Result<bool, Error> {
    let changed = tx.execute(
        "UPDATE crawl_matches SET state = 'failed', error = $3, lease_owner = NULL, \
         lease_until = NULL WHERE match_id = $1 AND state = 'claimed' AND lease_owner = $2",
        &[match_id.into(), owner.into(), reason.into()],
    )?;
    Ok(changed == 1)
}

/// A claimed row: a player being listed or a match being fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// A player (XUID) whose history is being listed.
    Player(i64),
    /// A match (id) being fetched.
    Match(String),
}

/// Extends the lease on `held` by `lease` from now, if still `owner`'s; answers whether it
/// was. A worker renews before each request it sends for the row (and while it waits for its
/// account's budget), so a long listing or a long wait keeps the row with the worker.
pub fn renew(tx: &mut dyn Tx, held: &Held, owner: &str, lease: Duration) -> Result<bool, Error> {
    let (sql, key) = match held {
        Held::Player(xuid) => (
            "UPDATE crawl_players SET lease_until = clock_timestamp() + make_interval(secs => $3) \
             WHERE xuid = $1 AND state = 'claimed' AND lease_owner = $2",
            SqlValue::from(*xuid),
        ),
        Held::Match(id) => (
            "UPDATE crawl_matches SET lease_until = clock_timestamp() + make_interval(secs => $3) \
             WHERE match_id = $1 AND state = 'claimed' AND lease_owner = $2",
            SqlValue::from(id.as_str()),
        ),
    };
    let changed = tx.execute(sql, &[key, owner.into(), seconds(lease)])?;
    Ok(changed == 1)
}

/// Marks a player listed (`matches` in their history) or failed, if still `owner`'s.
pub fn player_finished(
    tx: &mut dyn Tx,
    xuid: i64,
    owner: &str,
    matches: i64,
    error: Option<&str>,
) -> Result<bool, Error> {
    let state = if error.is_some() { "failed" } else { "done" };
    let changed = tx.execute(
        "UPDATE crawl_players SET state = $3, matches = $4, error = $5, lease_owner = NULL, \
         lease_until = NULL WHERE xuid = $1 AND state = 'claimed' AND lease_owner = $2",
        &[
            xuid.into(),
            owner.into(),
            state.into(),
            matches.into(),
            error.map(str::to_owned).into(),
        ],
    )?;
    Ok(changed == 1)
}

/// Queues matches (those already queued stay as they are).
pub fn add_matches(tx: &mut dyn Tx, ids: &[String], depth: i64) -> Result<(), Error> {
    for id in ids {
        tx.execute(
            "INSERT INTO crawl_matches (match_id, depth) VALUES ($1, $2) \
             ON CONFLICT (match_id) DO NOTHING",
            &[id.as_str().into(), depth.into()],
        )?;
    }
    Ok(())
}

/// Records players found in a match's roster (those already found keep their depth); only
/// the first `max_players` by depth and XUID are ever listed ([`claim_player`]).
pub fn add_players(tx: &mut dyn Tx, xuids: &[i64], depth: i64) -> Result<(), Error> {
    for xuid in xuids {
        tx.execute(
            "INSERT INTO crawl_players (xuid, depth) VALUES ($1, $2) \
             ON CONFLICT (xuid) DO NOTHING",
            &[(*xuid).into(), depth.into()],
        )?;
    }
    Ok(())
}

/// Whether nothing is left to do: no match waiting or leased, and no player within the first
/// `max_players` waiting or leased.
pub fn idle(tx: &mut dyn Tx, max_players: i64) -> Result<bool, Error> {
    let rows = query_all(
        tx,
        "SELECT (SELECT count(*) FROM crawl_matches WHERE state IN ('pending', 'claimed')) \
         + (SELECT count(*) FROM (SELECT state FROM crawl_players ORDER BY depth, xuid \
         LIMIT $1) top WHERE state IN ('pending', 'claimed'))",
        &[max_players.into()],
    )?;
    Ok(rows
        .first()
        .and_then(|r| r.first())
        .and_then(SqlValue::as_i64)
        == Some(0))
}

/// Records a worker's `max_players`: the queue keeps the largest any worker used, the cut
/// that governs which players get listed (a worker lists within its own cut).
pub fn record_max_players(tx: &mut dyn Tx, max_players: i64) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO crawl_settings (name, value) VALUES ('max_players', $1) \
         ON CONFLICT (name) DO UPDATE SET value = greatest(crawl_settings.value, EXCLUDED.value)",
        &[max_players.into()],
    )?;
    Ok(())
}

/// The largest `max_players` a worker of this queue used, if one has started.
pub fn recorded_max_players(tx: &mut dyn Tx) -> Result<Option<i64>, Error> {
    let rows = query_all(
        tx,
        "SELECT value FROM crawl_settings WHERE name = 'max_players'",
        &[],
    )?;
    Ok(rows
        .first()
        .and_then(|r| r.first())
        .and_then(SqlValue::as_i64))
}
