//! `halo crawl --db postgres://... [--seed PLAYER...]`: one worker of a crawl shared through
//! PostgreSQL (halo-sync's `crawl`): it claims players and matches from the queue under leases,
//! stores each match once, and discovers players from rosters up to `--max-players`; any number
//! of workers on any number of machines may run against the same database. `halo crawl status`
//! prints the queue.

use std::io::Write;
use std::time::Duration;

use clap::{Args, Subcommand};
use halo_client::RateLimit;
use halo_sync::Database;
use halo_sync::crawl::{
    CrawlOptions, CrawlReport, CrawlStatus, Crawler, CutSource, DEFAULT_MAX_PLAYERS,
};
use halo_sync::store::postgres::PostgresBackend;

use crate::commands::sync::describe_db;
use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::players;
use crate::session::Session;

/// Arguments of `halo crawl`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct CrawlArgs {
    /// `status`: the queue's counts and each account's rate.
    #[command(subcommand)]
    pub(crate) action: Option<CrawlAction>,
    /// The PostgreSQL database every worker shares (`postgres://user:password@host/db`).
    #[arg(long, value_name = "URL", global = true)]
    pub(crate) db: Option<String>,
    /// Players to start from (gamertags or XUIDs), queued at depth 0.
    #[arg(long = "seed", value_name = "PLAYER")]
    pub(crate) seeds: Vec<String>,
    /// Players listed at most, seeds included, the first found breadth first [default: 100]
    /// (for `status`: the cut its player counts are read against; by default the largest
    /// the workers used).
    #[arg(long, value_name = "N", global = true)]
    pub(crate) max_players: Option<u64>,
    /// Matches this worker fetches at once.
    #[arg(long, value_name = "K", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) concurrency: u64,
    /// The account whose request budget this worker shares with the other workers signed
    /// in with it (the signed-in player's XUID by default).
    #[arg(long, value_name = "NAME")]
    pub(crate) account: Option<String>,
    /// The account's requests per second, for all its workers together.
    #[arg(long, value_name = "R", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate: u32,
    /// How long a claim holds before another worker may take it over, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) lease: u64,
}

/// The subcommands of `halo crawl`.
#[derive(Debug, Subcommand)]
pub(crate) enum CrawlAction {
    /// The queue: players and matches pending, claimed, done and failed; each account's rate.
    Status,
}

/// Runs `halo crawl` or `halo crawl status`.
pub(crate) async fn run(
    args: &CrawlArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let url = match &args.db {
        Some(url) if PostgresBackend::is_url(url) => url.clone(),
        Some(other) => {
            return Err(CliError::Invalid(format!(
                "a crawl needs a PostgreSQL database (--db postgres://...), not {}",
                describe_db(other)
            )));
        }
        None => {
            return Err(CliError::Invalid(
                "a crawl needs a PostgreSQL database: --db postgres://user@host/database".into(),
            ));
        }
    };
    if let Some(CrawlAction::Status) = args.action {
        let mut db = open(&url).await?;
        let cut = args
            .max_players
            .map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let status = tokio::task::spawn_blocking(move || halo_sync::crawl::status(&mut db, cut))
            .await
            .map_err(|e| CliError::Other(format!("reading the queue stopped: {e}")))?
            .map_err(CliError::Sync)?;
        return write_status(&status, global.json, out);
    }
    // The account's budget in PostgreSQL paces this worker together with the others on the
    // account, so the client's own limiter (5 requests a second by default) is off; a 429's
    // `Retry-After` still pauses the worker.
    let session = Session::open_paced(global.offline, RateLimit::Off).await?;
    if session.missing_clearance() {
        // Said before the crawl, which may run for hours: without it every matchmade match
        // fails at its skill result.
        eprintln!(
            "warning: HALO_CLEARANCE is not set: the skill service answers 403 Forbidden without \
             it, so matchmade matches will fail (their reasons in crawl_matches.error); set it \
             beside HALO_SPARTAN_TOKEN, or sign in with `halo auth login`, which fetches it"
        );
    }
    if let Some(banner) = session.offline_banner() {
        writeln!(out, "{banner}")?;
    }
    let mut seeds = Vec::new();
    for seed in &args.seeds {
        let player = players::parse(seed)?;
        seeds.push(halo_sync::resolve(&session.client, player).await?.xuid);
    }
    let account = match &args.account {
        Some(account) => account.clone(),
        None if session.offline_banner().is_some() => "offline".to_owned(),
        None => players::identity(&players::player(&session.client, None).await?)
            .await?
            .xuid
            .to_string(),
    };
    let options = CrawlOptions {
        worker: worker_name(),
        account,
        rate: args.rate,
        max_players: args.max_players.unwrap_or(DEFAULT_MAX_PLAYERS),
        concurrency: usize::try_from(args.concurrency).unwrap_or(8),
        lease: Duration::from_secs(args.lease),
    };
    let db = open(&url).await?;
    // Creating the queue's tables blocks on PostgreSQL: off the async thread.
    let client = session.client.clone();
    let crawler = tokio::task::spawn_blocking(move || Crawler::new(client, db, options))
        .await
        .map_err(|e| CliError::Other(format!("opening the queue stopped: {e}")))?
        .map_err(CliError::Sync)?;
    crawler.seed(&seeds).await.map_err(CliError::Sync)?;
    let report = crawler.run().await.map_err(CliError::Sync)?;
    write_report(&report, &url, global.json, out)?;
    if global.strict && report.failed > 0 {
        return Err(CliError::Incomplete { kinds: 1 });
    }
    Ok(())
}

/// This worker's name in leases: host and process id.
fn worker_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    format!("{host}:{}", std::process::id())
}

async fn open(url: &str) -> Result<Database, CliError> {
    let owned = url.to_owned();
    tokio::task::spawn_blocking(move || Database::open_location(&owned))
        .await
        .map_err(|e| CliError::Other(format!("opening the database stopped: {e}")))?
        .map_err(CliError::Sync)
}

fn write_report(
    report: &CrawlReport,
    url: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if json {
        let value = serde_json::json!({
            "stored": report.stored,
            "failed": report.failed,
            "players": report.players,
            "lost_leases": report.lost_leases,
        });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    writeln!(
        out,
        "This worker: {} matches stored, {} failed, {} players listed, {} leases lost to others.",
        report.stored, report.failed, report.players, report.lost_leases
    )?;
    writeln!(
        out,
        "The queue is empty. See it with `halo crawl status --db {}`.",
        describe_db(url)
    )?;
    Ok(())
}

const STATES: [&str; 4] = ["pending", "claimed", "done", "failed"];

fn write_status(status: &CrawlStatus, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let max_players = status.max_players;
    let counts = |c: &[i64; 4]| {
        STATES
            .iter()
            .zip(c)
            .map(|(s, n)| (s.to_string(), serde_json::json!(n)))
            .collect::<serde_json::Map<_, _>>()
    };
    if json {
        let accounts: Vec<_> = status
            .accounts
            .iter()
            .map(|a| {
                serde_json::json!({
                    "account": a.account,
                    "rate": a.rate,
                    "this_second": a.this_second,
                    "requests": a.requests,
                })
            })
            .collect();
        let value = serde_json::json!({
            "players": counts(&status.players),
            "max_players": max_players,
            "max_players_from": status.cut_source.as_str(),
            "players_beyond_max": status.players_beyond,
            "matches": counts(&status.matches),
            "accounts": accounts,
        });
        writeln!(out, "{value}")?;
        return Ok(());
    }
    for (what, c) in [("Players", &status.players), ("Matches", &status.matches)] {
        writeln!(
            out,
            "{what}: {} pending, {} claimed, {} done, {} failed",
            c[0], c[1], c[2], c[3]
        )?;
        if what == "Players" && status.players_beyond > 0 {
            let cut = match status.cut_source {
                CutSource::Given => "",
                CutSource::Workers => ", the workers' largest",
                CutSource::Default => ", the default",
            };
            writeln!(
                out,
                "  and {} more found beyond --max-players {max_players}{cut} (not listed by a \
                 crawl with that cut)",
                status.players_beyond
            )?;
        }
    }
    if status.accounts.is_empty() {
        writeln!(out, "No account has sent a request yet.")?;
    } else {
        writeln!(
            out,
            "{:<24} {:>7} {:>12} {:>10}",
            "ACCOUNT", "RATE/S", "THIS SECOND", "REQUESTS"
        )?;
        for a in &status.accounts {
            writeln!(
                out,
                "{:<24} {:>7} {:>12} {:>10}",
                crate::safe_text::one_line_capped(&a.account, 24),
                a.rate,
                a.this_second,
                a.requests
            )?;
        }
    }
    Ok(())
}
