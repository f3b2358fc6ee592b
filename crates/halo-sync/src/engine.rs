//! The sync engine: pages through a player's history, skips the matches already stored,
//! fetches the stats (and, for matchmade games, the skill result) of the others concurrently
//! (the client's rate limiter and retry policy pace them), and writes each match in one
//! transaction. A match that still fails after the retry policy is recorded with its reason
//! and tried again by the next sync; one bad match never stops the others.

use std::sync::{Arc, Mutex};

use halo_client::{Client, PlayerRef};
use halo_models::{LifecycleMode, MatchId, MatchSkill, MatchStats, Timestamp, Xuid};
use tokio::task::JoinSet;

use crate::db::{Database, RawBody, SKILL_ENDPOINT, STATS_ENDPOINT};
use crate::error::{Error, ErrorKind};
use crate::materialize;
use crate::progress::{Progress, SyncReport};
use crate::raw;

/// What to sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Only matches that started at or after this instant.
    pub since: Option<Timestamp>,
    /// Only the most recent `limit` matches.
    pub limit: Option<u64>,
    /// Matches fetched at once (the client's rate limiter still paces the requests).
    pub concurrency: usize,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            since: None,
            limit: None,
            concurrency: 8,
        }
    }
}

/// Syncs players into a database.
pub struct Syncer {
    client: Client,
    db: Arc<Mutex<Database>>,
    options: SyncOptions,
}

impl std::fmt::Debug for Syncer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syncer")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A player as the profile service knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The XUID.
    pub xuid: Xuid,
    /// The gamertag.
    pub gamertag: String,
}

/// Looks a player up (`Profile_GetUser`); a player the service does not know is
/// [`ErrorKind::PlayerNotFound`]. Nothing is written: resolve every player before opening
/// a database.
pub async fn resolve(client: &Client, player: PlayerRef) -> Result<Resolved, Error> {
    let asked = player.to_string();
    match client.profile().user(player).await {
        Ok(user) => Ok(Resolved {
            xuid: user.xuid,
            gamertag: user.gamertag,
        }),
        Err(e) if e.is_not_found() => Err(Error::new(ErrorKind::PlayerNotFound { player: asked })),
        Err(e) => Err(Error::api(e)),
    }
}

/// How one match ended.
enum Outcome {
    Stored(MatchId),
    Failed {
        match_id: MatchId,
        stage: &'static str,
        reason: String,
    },
}

impl Syncer {
    /// A syncer writing to `db` through `client`.
    pub fn new(client: Client, db: Database, options: SyncOptions) -> Self {
        Self {
            client,
            db: Arc::new(Mutex::new(db)),
            options,
        }
    }

    /// The client.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Syncs one player's history (see [`resolve`]). Fails only when the database cannot
    /// be written (then every match written before stays); failed matches and a history page
    /// that failed are in the report.
    pub async fn sync_player(
        &self,
        player: &Resolved,
        progress: &dyn Progress,
    ) -> Result<SyncReport, Error> {
        let xuid = player.xuid;
        let total = match self.client.stats().match_count(xuid).await {
            Ok(count) => u64::try_from(count.matches_played_count).ok(),
            Err(_) => None,
        };
        let bar_total = match (total, self.options.limit) {
            (Some(t), Some(l)) => Some(t.min(l)),
            (t, None) => t,
            (None, l) => l,
        };
        progress.player(&player.gamertag, xuid.0, bar_total);
        let gamertag = player.gamertag.clone();
        let previous = self
            .blocking(move |db| {
                let previous = db.player_complete(xuid.0)?;
                db.player_started(xuid.0, &gamertag)?;
                Ok(previous)
            })
            .await?;
        // After a complete sync of `previous` matches, only `total - previous` are new: once
        // that many unstored ones were seen and a whole page is stored, the rest of the
        // history is stored too.
        let expected_new = match (previous, total) {
            (Some(previous), Some(total)) => Some(total.saturating_sub(previous)),
            _ => None,
        };
        let mut unstored_seen = 0_u64;

        let mut report = SyncReport::new(xuid.0, &player.gamertag);
        let mut tasks: JoinSet<Result<Outcome, Error>> = JoinSet::new();
        let mut pages = self.client.stats().match_history(xuid).pages();
        let limit = self.options.limit.unwrap_or(u64::MAX);
        let concurrency = self.options.concurrency.max(1);
        let mut cut_short = false;
        'pages: while let Some(page) = futures_util::StreamExt::next(&mut pages).await {
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    report.history_error = Some(e.to_string());
                    break;
                }
            };
            let mut ids = Vec::new();
            let mut last = false;
            for entry in &page.results {
                if report.listed >= limit {
                    last = true;
                    cut_short = true;
                    break;
                }
                let before_since = self.options.since.as_ref().is_some_and(|since| {
                    entry.match_info.start_time.unix_nanos() < since.unix_nanos()
                });
                if before_since {
                    last = true;
                    cut_short = true;
                    break;
                }
                report.listed += 1;
                ids.push(entry.match_id);
            }
            let texts: Vec<String> = ids.iter().map(ToString::to_string).collect();
            let stored = self.blocking(move |db| db.stored(&texts)).await?;
            let already = ids
                .iter()
                .filter(|id| stored.contains(&id.to_string()))
                .count() as u64;
            let ids_len = ids.len() as u64;
            report.already += already;
            progress.already(already);
            for id in ids {
                if stored.contains(&id.to_string()) {
                    continue;
                }
                while tasks.len() >= concurrency {
                    self.settle(&mut tasks, &mut report, progress).await?;
                }
                tasks.spawn(fetch_and_store(
                    self.client.clone(),
                    Arc::clone(&self.db),
                    id,
                ));
            }
            unstored_seen += ids_len - already;
            if expected_new.is_some_and(|n| unstored_seen >= n)
                && already > 0
                && already == page.results.len() as u64
            {
                report.stopped_early = true;
                break 'pages;
            }
            if last {
                break;
            }
        }
        while !tasks.is_empty() {
            self.settle(&mut tasks, &mut report, progress).await?;
        }
        report.complete = report.history_error.is_none() && report.failed.is_empty() && !cut_short;
        if report.complete {
            let matches = total.unwrap_or(report.listed);
            self.blocking(move |db| db.player_done(xuid.0, matches))
                .await?;
        }
        Ok(report)
    }

    /// Waits for one match task and accounts for it; a database failure ends the sync.
    async fn settle(
        &self,
        tasks: &mut JoinSet<Result<Outcome, Error>>,
        report: &mut SyncReport,
        progress: &dyn Progress,
    ) -> Result<(), Error> {
        let Some(joined) = tasks.join_next().await else {
            return Ok(());
        };
        let outcome = match joined {
            Ok(outcome) => outcome,
            Err(e) => Err(Error::database(format!("a match task stopped: {e}"))),
        };
        match outcome {
            Ok(Outcome::Stored(id)) => {
                report.new += 1;
                progress.stored(&id);
            }
            Ok(Outcome::Failed {
                match_id,
                stage,
                reason,
            }) => {
                progress.failed(&match_id, stage, &reason);
                report.failed.push((match_id.to_string(), stage, reason));
            }
            Err(e) => {
                tasks.abort_all();
                return Err(e);
            }
        }
        Ok(())
    }

    /// Runs `work` on the database off the async threads.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Database) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        with_db(Arc::clone(&self.db), work).await
    }

    /// The database back (after the syncs).
    pub fn into_database(self) -> Option<Database> {
        Arc::into_inner(self.db).and_then(|m| m.into_inner().ok())
    }
}

/// Runs `work` on the database on a blocking thread.
pub(crate) async fn with_db<T: Send + 'static>(
    db: Arc<Mutex<Database>>,
    work: impl FnOnce(&mut Database) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(move || {
        let mut db = db
            .lock()
            .map_err(|_| Error::database("the database handle was poisoned by a panic"))?;
        work(&mut db)
    })
    .await
    .map_err(|e| Error::database(format!("a database task stopped: {e}")))?
}

/// Fetches one match (stats, then skill when matchmade) and stores it, or records why not.
async fn fetch_and_store(
    client: Client,
    db: Arc<Mutex<Database>>,
    id: MatchId,
) -> Result<Outcome, Error> {
    let failed = |stage: &'static str, reason: String, raw: Vec<RawBody>| {
        let db = Arc::clone(&db);
        async move {
            let text = id.to_string();
            let why = reason.clone();
            with_db(db, move |db| db.record_failure(&text, stage, &why, &raw)).await?;
            Ok(Outcome::Failed {
                match_id: id,
                stage,
                reason,
            })
        }
    };
    let stats_body = match client.stats().match_stats(id).send_raw().await {
        Ok(response) => response.into_body(),
        Err(e) => return failed("stats", e.to_string(), Vec::new()).await,
    };
    let decoded = {
        let body = stats_body.clone();
        tokio::task::spawn_blocking(move || halo_models::decode_json::<MatchStats>(&body))
            .await
            .map_err(|e| Error::database(format!("a decode task stopped: {e}")))?
    };
    let stats = match decoded {
        Ok(stats) if stats.match_id == id => stats,
        Ok(stats) => {
            let reason = format!("the stats answer is for match {}", stats.match_id);
            return failed("stats", reason, Vec::new()).await;
        }
        Err(e) => {
            let raw = vec![RawBody {
                endpoint: STATS_ENDPOINT,
                blob: raw::compress(&stats_body),
            }];
            return failed("decode", format!("match stats: {e}"), raw).await;
        }
    };
    let xuids: Vec<_> = stats
        .human_players()
        .filter_map(|p| p.player_id.xuid())
        .collect();
    let skill_body =
        if stats.match_info.lifecycle_mode == LifecycleMode::Matchmade && !xuids.is_empty() {
            match client.skill().match_result(id, xuids).send_raw().await {
                Ok(response) => Some(response.into_body()),
                Err(e) if e.is_not_found() => None,
                Err(e) => return failed("skill", e.to_string(), Vec::new()).await,
            }
        } else {
            None
        };
    let prepared = tokio::task::spawn_blocking(move || prepare(&stats, &stats_body, skill_body))
        .await
        .map_err(|e| Error::database(format!("a materialize task stopped: {e}")))?;
    match prepared {
        Ok((rows, raw)) => {
            let text = id.to_string();
            with_db(db, move |db| db.store_match(&text, &rows, &raw)).await?;
            Ok(Outcome::Stored(id))
        }
        Err((reason, raw)) => failed("decode", reason, raw).await,
    }
}

/// A match's rows and its compressed raw bodies.
pub(crate) type Prepared = (Vec<materialize::TableRows>, Vec<RawBody>);

/// The rows and compressed raw bodies of a match, or why its skill answer cannot be read
/// (with the bodies to keep).
pub(crate) fn prepare(
    stats: &MatchStats,
    stats_body: &[u8],
    skill_body: Option<impl AsRef<[u8]>>,
) -> Result<Prepared, (String, Vec<RawBody>)> {
    let mut raw = vec![RawBody {
        endpoint: STATS_ENDPOINT,
        blob: raw::compress(stats_body),
    }];
    let skill = match &skill_body {
        Some(body) => {
            let body = body.as_ref();
            raw.push(RawBody {
                endpoint: SKILL_ENDPOINT,
                blob: raw::compress(body),
            });
            match halo_models::decode_json::<MatchSkill>(body) {
                Ok(skill) => Some(skill),
                Err(e) => return Err((format!("match skill: {e}"), raw)),
            }
        }
        None => None,
    };
    let mut rows = match materialize::match_rows(stats) {
        Ok(rows) => rows,
        Err(e) => return Err((e.to_string(), raw)),
    };
    if let Some(skill) = &skill {
        rows.push(materialize::csr_rows(stats.match_id, skill));
    }
    Ok((rows, raw))
}
