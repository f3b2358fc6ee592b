//! `halo crawl status`: the queue's counts and each account's request rate.

use crate::db::Database;
use crate::error::Error;
use crate::store::{SqlValue, query_all};

use super::queue;

/// The queue at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrawlStatus {
    /// Players within the cut (the first `max_players` by depth and XUID, the only ones a
    /// crawl with that cut lists) by state: pending, claimed, done, failed.
    pub players: [i64; 4],
    /// Players found in rosters beyond the cut: never listed by a crawl with that cut.
    pub players_beyond: i64,
    /// The cut the player counts are read against.
    pub max_players: i64,
    /// Where that cut comes from.
    pub cut_source: CutSource,
    /// Matches by state: pending, claimed, done, failed.
    pub matches: [i64; 4],
    /// The accounts' budgets.
    pub accounts: Vec<AccountStatus>,
}

/// One account's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatus {
    /// The account's name.
    pub account: String,
    /// Its limit in requests per second.
    pub rate: i64,
    /// Requests taken in the current second (0 when its last request was earlier).
    pub this_second: i64,
    /// Requests taken in all.
    pub requests: i64,
}

/// Where the cut of a status comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CutSource {
    /// Asked for by the caller.
    Given,
    /// The largest `max_players` the queue's workers used (recorded when each started).
    Workers,
    /// No worker has started: [`DEFAULT_MAX_PLAYERS`](super::DEFAULT_MAX_PLAYERS).
    #[default]
    Default,
}

impl CutSource {
    /// A name for output: `given`, `workers`, `default`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Workers => "workers",
            Self::Default => "default",
        }
    }
}

const STATES: [&str; 4] = ["pending", "claimed", "done", "failed"];

/// Reads the queue as a crawl with `max_players` sees it (creating its tables when missing,
/// so a new database reads as empty): the players within that cut by state, and how many
/// more were found beyond it. Without `max_players`, the cut is the largest its workers used
/// (or [`DEFAULT_MAX_PLAYERS`](super::DEFAULT_MAX_PLAYERS) before any started).
pub fn status(db: &mut Database, max_players: Option<i64>) -> Result<CrawlStatus, Error> {
    let mut out = CrawlStatus::default();
    db.backend().transaction(&mut |tx| {
        queue::create(tx)?;
        let default = i64::try_from(super::DEFAULT_MAX_PLAYERS).unwrap_or(i64::MAX);
        let (max_players, source) = match max_players {
            Some(given) => (given, CutSource::Given),
            None => match queue::recorded_max_players(tx)? {
                Some(recorded) => (recorded, CutSource::Workers),
                None => (default, CutSource::Default),
            },
        };
        (out.max_players, out.cut_source) = (max_players, source);
        let players = "SELECT state, count(*) FROM (SELECT state FROM crawl_players \
                       ORDER BY depth, xuid LIMIT $1) top GROUP BY state";
        let matches = "SELECT state, count(*) FROM crawl_matches GROUP BY state";
        for (sql, params, counts) in [
            (players, vec![SqlValue::from(max_players)], &mut out.players),
            (matches, vec![], &mut out.matches),
        ] {
            for row in query_all(tx, sql, &params)? {
                let state = row.first().and_then(SqlValue::as_str).unwrap_or_default();
                if let Some(i) = STATES.iter().position(|s| *s == state) {
                    counts[i] = row.get(1).and_then(SqlValue::as_i64).unwrap_or(0);
                }
            }
        }
        out.players_beyond = query_all(
            tx,
            "SELECT greatest(count(*) - $1, 0)::bigint FROM crawl_players",
            &[max_players.into()],
        )?
        .first()
        .and_then(|row| row.first())
        .and_then(SqlValue::as_i64)
        .unwrap_or(0);
        out.accounts = query_all(
            tx,
            "SELECT account, rate::bigint, CASE WHEN second = \
             floor(extract(epoch FROM clock_timestamp()))::bigint THEN used ELSE 0 END::bigint, \
             requests FROM crawl_accounts ORDER BY account",
            &[],
        )?
        .into_iter()
        .map(|r| AccountStatus {
            account: r
                .first()
                .and_then(SqlValue::as_str)
                .unwrap_or_default()
                .to_owned(),
            rate: r.get(1).and_then(SqlValue::as_i64).unwrap_or(0),
            this_second: r.get(2).and_then(SqlValue::as_i64).unwrap_or(0),
            requests: r.get(3).and_then(SqlValue::as_i64).unwrap_or(0),
        })
        .collect();
        Ok(())
    })?;
    Ok(out)
}
