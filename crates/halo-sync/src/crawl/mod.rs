//! `halo crawl`: many players' histories into one PostgreSQL database, shared by any number
//! of workers on any number of machines. The work queue ([`queue`]) and the per-account
//! request budget ([`budget`]) live in PostgreSQL beside the match tables.
//!
//! A worker claims matches (shallowest first) and fetches, materializes and stores each in one
//! transaction that also marks it done, only while its lease is still the worker's; the
//! match's human players are queued as players one level deeper, up to `max_players`. When
//! no match is claimable it claims a player and queues their history's matches. A lost
//! connection to PostgreSQL is waited out (the transaction is retried once the server answers).

pub mod budget;
pub mod queue;
mod status;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use halo_client::Client;
use halo_models::{LifecycleMode, MatchId, MatchStats, Xuid};
use tokio::task::JoinSet;

use crate::db::Database;
use crate::engine::{prepare, with_db};
use crate::error::{Error, ErrorKind};
use queue::Held;

pub use status::{AccountStatus, CrawlStatus, CutSource, status};

/// The `max_players` of a worker started without one.
pub const DEFAULT_MAX_PLAYERS: u64 = 100;

/// How long a worker waits for PostgreSQL to come back before giving up.
const OUTAGE_LIMIT: Duration = Duration::from_secs(120);
/// How often an idle worker looks for work that others' expired leases free.
const IDLE_POLL: Duration = Duration::from_millis(200);

/// How a worker crawls.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// This worker's name in leases (unique per worker: host and process id).
    pub worker: String,
    /// The account whose request budget the worker takes from.
    pub account: String,
    /// The account's requests per second, shared by every worker on it.
    pub rate: u32,
    /// Players listed at most (seeds included), the first found breadth first.
    pub max_players: u64,
    /// Matches fetched at once by this worker.
    pub concurrency: usize,
    /// How long a claim holds before others may take it over.
    pub lease: Duration,
}

/// What one worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrawlReport {
    /// Matches this worker stored.
    pub stored: u64,
    /// Matches that failed (recorded in `crawl_matches.error`).
    pub failed: u64,
    /// Players whose history this worker listed.
    pub players: u64,
    /// Claims this worker lost to another worker after its lease expired.
    pub lost_leases: u64,
}

/// One crawl worker.
#[derive(Clone)]
pub struct Crawler {
    client: Client,
    db: Arc<Mutex<Database>>,
    options: Arc<CrawlOptions>,
}

impl std::fmt::Debug for Crawler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crawler")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// How a claimed match ended.
enum MatchOutcome {
    Stored,
    Failed,
    Lost,
}

impl Crawler {
    /// A worker on `db` (a PostgreSQL database; the queue's tables are created when missing).
    pub fn new(client: Client, mut db: Database, options: CrawlOptions) -> Result<Self, Error> {
        let max_players = i64::try_from(options.max_players).unwrap_or(i64::MAX);
        db.backend().transaction(&mut |tx| {
            queue::create(tx)?;
            queue::record_max_players(tx, max_players)
        })?;
        Ok(Self {
            client,
            db: Arc::new(Mutex::new(db)),
            options: Arc::new(options),
        })
    }

    /// Queues seed players at depth 0 (they count towards `max_players`).
    pub async fn seed(&self, xuids: &[Xuid]) -> Result<(), Error> {
        let xuids: Vec<i64> = xuids.iter().map(|x| xuid_i64(*x)).collect();
        self.retrying(move |tx| queue::add_players(tx, &xuids, 0))
            .await
    }

    /// Crawls until the queue is empty and no lease is running.
    pub async fn run(&self) -> Result<CrawlReport, Error> {
        let mut report = CrawlReport::default();
        let mut tasks: JoinSet<Result<MatchOutcome, Error>> = JoinSet::new();
        let concurrency = self.options.concurrency.max(1);
        loop {
            let free = concurrency - tasks.len().min(concurrency);
            let mut claimed = Vec::new();
            if free > 0 {
                let (owner, lease) = (self.options.worker.clone(), self.options.lease);
                claimed = self
                    .retrying_value(move |tx| queue::claim_matches(tx, &owner, free, lease))
                    .await?;
            }
            for m in claimed.iter().cloned() {
                let this = self.clone();
                tasks.spawn(async move { this.crawl_match(m).await });
            }
            if !claimed.is_empty() {
                continue;
            }
            if free > 0 {
                let (owner, lease) = (self.options.worker.clone(), self.options.lease);
                let max = self.max_players();
                let player = self
                    .retrying_value(move |tx| queue::claim_player(tx, &owner, lease, max))
                    .await?;
                if let Some(player) = player {
                    if self.list_player(player).await? {
                        report.players += 1;
                    } else {
                        report.lost_leases += 1;
                    }
                    continue;
                }
            }
            if let Some(joined) = tasks.join_next().await {
                match joined.map_err(|e| Error::database(format!("a crawl task stopped: {e}")))? {
                    Ok(MatchOutcome::Stored) => report.stored += 1,
                    Ok(MatchOutcome::Failed) => report.failed += 1,
                    Ok(MatchOutcome::Lost) => report.lost_leases += 1,
                    Err(e) => {
                        tasks.abort_all();
                        return Err(e);
                    }
                }
                continue;
            }
            let max = self.max_players();
            if self.retrying_value(move |tx| queue::idle(tx, max)).await? {
                return Ok(report);
            }
            tokio::time::sleep(IDLE_POLL).await;
        }
    }

    /// Lists a player's history into the queue, renewing the lease before each page; answers
    /// whether the player stayed this worker's to the end (a lease lost to another worker
    /// stops the listing: that worker lists the player again).
    async fn list_player(&self, player: queue::Claimed) -> Result<bool, Error> {
        let xuid: i64 = player.key.parse().unwrap_or(0);
        let owner = self.options.worker.clone();
        let mut pages = self
            .client
            .stats()
            .match_history(Xuid(u64::try_from(xuid).unwrap_or(0)))
            .pages();
        let mut listed = 0_i64;
        let mut error = None;
        loop {
            if !self.take_budget(Held::Player(xuid)).await? {
                return Ok(false);
            }
            let Some(page) = futures_util::StreamExt::next(&mut pages).await else {
                break;
            };
            match page {
                Ok(page) => {
                    let ids: Vec<String> = page
                        .results
                        .iter()
                        .map(|r| r.match_id.to_string())
                        .collect();
                    listed += i64::try_from(ids.len()).unwrap_or(0);
                    let depth = player.depth;
                    self.retrying(move |tx| queue::add_matches(tx, &ids, depth))
                        .await?;
                }
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
        self.retrying_value(move |tx| {
            queue::player_finished(tx, xuid, &owner, listed, error.as_deref())
        })
        .await
    }

    /// Fetches one claimed match and stores it (marking it done) or records why not.
    async fn crawl_match(&self, claimed: queue::Claimed) -> Result<MatchOutcome, Error> {
        let owner = self.options.worker.clone();
        let key = claimed.key.clone();
        let fail = |reason: String| {
            let (owner, key) = (owner.clone(), key.clone());
            async move {
                let lost = !self
                    .retrying_value(move |tx| queue::match_failed(tx, &key, &owner, &reason))
                    .await?;
                Ok(if lost {
                    MatchOutcome::Lost
                } else {
                    MatchOutcome::Failed
                })
            }
        };
        let Ok(id) = claimed.key.parse::<MatchId>() else {
            return fail("not a match id".to_owned()).await;
        };
        if !self.take_budget(Held::Match(key.clone())).await? {
            return Ok(MatchOutcome::Lost);
        }
        let stats_body = match self.client.stats().match_stats(id).send_raw().await {
            Ok(response) => response.into_body(),
            Err(e) => return fail(format!("stats: {e}")).await,
        };
        let stats = match halo_models::decode_json::<MatchStats>(&stats_body) {
            Ok(stats) => stats,
            Err(e) => return fail(format!("decode: {e}")).await,
        };
        let humans: Vec<Xuid> = stats
            .human_players()
            .filter_map(|p| p.player_id.xuid())
            .collect();
        let skill_body =
            if stats.match_info.lifecycle_mode == LifecycleMode::Matchmade && !humans.is_empty() {
                if !self.take_budget(Held::Match(key.clone())).await? {
                    return Ok(MatchOutcome::Lost);
                }
                match self
                    .client
                    .skill()
                    .match_result(id, humans.clone())
                    .send_raw()
                    .await
                {
                    Ok(response) => Some(response.into_body()),
                    Err(e) if e.is_not_found() => None,
                    Err(e) => return fail(format!("skill: {e}")).await,
                }
            } else {
                None
            };
        let (rows, raw) = match prepare(&stats, &stats_body, skill_body) {
            Ok(prepared) => prepared,
            Err((reason, _)) => return fail(format!("decode: {reason}")).await,
        };
        let (rows, raw) = (Arc::new(rows), Arc::new(raw));
        let xuids: Vec<i64> = humans.iter().map(|x| xuid_i64(*x)).collect();
        let depth = claimed.depth + 1;
        let stored = self
            .retrying_db(move |db| {
                let mut ours = false;
                let result = db.store_match_then(&key, &rows, &raw, &mut |tx| {
                    ours = queue::match_done(tx, &key, &owner)?;
                    if !ours {
                        return Err(Error::new(ErrorKind::Database {
                            message: "lease lost".to_owned(),
                        }));
                    }
                    queue::add_players(tx, &xuids, depth)
                });
                match result {
                    Ok(()) => Ok(true),
                    Err(_) if !ours => Ok(false),
                    Err(e) => Err(e),
                }
            })
            .await?;
        Ok(if stored {
            MatchOutcome::Stored
        } else {
            MatchOutcome::Lost
        })
    }

    /// `max_players` as stored.
    fn max_players(&self) -> i64 {
        i64::try_from(self.options.max_players).unwrap_or(i64::MAX)
    }

    /// Takes one request from the account's budget for `held`, renewing its lease first (and
    /// at each try while the budget is spent, so a long wait keeps the row); answers `false`,
    /// without taking, when the lease was lost to another worker.
    async fn take_budget(&self, held: Held) -> Result<bool, Error> {
        loop {
            let (account, rate) = (self.options.account.clone(), self.options.rate);
            let (owner, lease, held) = (
                self.options.worker.clone(),
                self.options.lease,
                held.clone(),
            );
            // `None`: the lease was lost; else what the budget answered.
            let taken = self
                .retrying_value(move |tx| {
                    if !queue::renew(tx, &held, &owner, lease)? {
                        return Ok(None);
                    }
                    budget::take(tx, &account, rate).map(Some)
                })
                .await?;
            match taken {
                None => return Ok(false),
                Some(None) => return Ok(true),
                Some(Some(wait)) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Runs `work` in one transaction, waiting out a lost connection.
    async fn retrying(
        &self,
        work: impl Fn(&mut dyn crate::store::Tx) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Result<(), Error> {
        self.retrying_value(work).await
    }

    /// Runs `work` in one transaction and answers its value, waiting out a lost connection.
    async fn retrying_value<T: Send + 'static>(
        &self,
        work: impl Fn(&mut dyn crate::store::Tx) -> Result<T, Error> + Send + Sync + 'static,
    ) -> Result<T, Error> {
        self.retrying_db(move |db| {
            let mut value = None;
            db.backend().transaction(&mut |tx| {
                value = Some(work(tx)?);
                Ok(())
            })?;
            value.ok_or_else(|| Error::database("a transaction answered nothing"))
        })
        .await
    }

    /// Runs `work` on the database, retrying while PostgreSQL cannot be reached (up to
    /// [`OUTAGE_LIMIT`]).
    async fn retrying_db<T: Send + 'static>(
        &self,
        work: impl Fn(&mut Database) -> Result<T, Error> + Send + Sync + 'static,
    ) -> Result<T, Error> {
        let work = Arc::new(work);
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(100);
        loop {
            let attempt = Arc::clone(&work);
            match with_db(Arc::clone(&self.db), move |db| attempt(db)).await {
                Err(e)
                    if matches!(e.kind(), ErrorKind::Disconnected { .. })
                        && started.elapsed() < OUTAGE_LIMIT =>
                {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(1));
                }
                other => return other,
            }
        }
    }
}

/// An XUID as stored.
fn xuid_i64(xuid: Xuid) -> i64 {
    i64::try_from(xuid.0).unwrap_or(i64::MAX)
}
