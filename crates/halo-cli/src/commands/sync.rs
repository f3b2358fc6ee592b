//! `halo sync PLAYER... [--db FILE]`: each player's whole match history into a local
//! database (halo-sync), incremental and resumable; `--rebuild` re-materializes every table
//! from the stored raw bodies without the network.

use std::io::Write;

use clap::Args;
use halo_sync::store::postgres::PostgresBackend;
use halo_sync::{Database, SyncOptions, Syncer};

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output::sync_progress::{self, SyncProgress};
use crate::players;
use crate::session::Session;

/// The database file when `--db` is not given.
pub(crate) const DEFAULT_DB: &str = "halo.sqlite";

/// Arguments of `halo sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Gamertags or XUIDs (the signed-in player when none is given).
    pub(crate) players: Vec<String>,
    /// The SQLite database file (created when missing), or a PostgreSQL connection string
    /// (`postgres://user@host/database`).
    #[arg(long, value_name = "FILE|URL", default_value = DEFAULT_DB)]
    pub(crate) db: String,
    /// Only matches that started on or after this date (2024-05-01) or instant.
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Only the N most recent matches of each player.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) limit: Option<u64>,
    /// Matches fetched at once (the client's rate limit still paces requests).
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) concurrency: u64,
    /// Rebuild every table from the stored raw bodies (no network), e.g. after an upgrade.
    #[arg(long, conflicts_with_all = ["players", "since", "limit"])]
    pub(crate) rebuild: bool,
}

/// Runs `halo sync`.
pub(crate) async fn run(
    args: &SyncArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.rebuild {
        return rebuild(args, out).await;
    }
    let since = match &args.since {
        Some(text) => Some(halo_sync::clock::parse_since(text).ok_or_else(|| {
            CliError::Invalid(format!(
                "--since `{text}` is not a date (2024-05-01) or an ISO-8601 instant"
            ))
        })?),
        None => None,
    };
    let asked: Vec<_> = args
        .players
        .iter()
        .map(|p| players::parse(p))
        .collect::<Result<_, _>>()?;
    let session = Session::open(global.offline).await?;
    if let Some(banner) = session.offline_banner() {
        writeln!(out, "{banner}")?;
    }
    // Every player is looked up before the database is opened: a player that does not exist
    // writes nothing.
    let mut resolved = Vec::new();
    if asked.is_empty() {
        let me = players::identity(&players::player(&session.client, None).await?).await?;
        resolved.push(halo_sync::Resolved {
            xuid: me.xuid,
            gamertag: me.gamertag,
        });
    }
    for player in asked {
        resolved.push(halo_sync::resolve(&session.client, player).await?);
    }
    let db = open(&args.db).await?;
    let options = SyncOptions {
        since,
        limit: args.limit,
        concurrency: usize::try_from(args.concurrency).unwrap_or(8),
    };
    let syncer = Syncer::new(session.client.clone(), db, options);
    let progress = SyncProgress::new();
    let mut reports = Vec::new();
    for player in &resolved {
        let report = syncer.sync_player(player, &progress).await;
        progress.finish_player();
        let report = report.map_err(|e| sync_error(e, &args.db))?;
        sync_progress::write_summary(&report, out)?;
        reports.push(report);
    }
    let names = syncer
        .sync_names(&progress)
        .await
        .map_err(|e| sync_error(e, &args.db))?;
    progress.finish_player();
    sync_progress::write_names(&names, out)?;
    sync_progress::write_forbidden_hint(&reports, &names, session.missing_clearance(), out)?;
    writeln!(
        out,
        "Database: {} (look at it with `halo export --db {0} --format csv`)",
        describe_db(&args.db)
    )?;
    if global.strict && reports.iter().any(|r| !r.complete) {
        return Err(CliError::Incomplete { kinds: 1 });
    }
    Ok(())
}

/// `halo sync --rebuild`.
async fn rebuild(args: &SyncArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let location = args.db.clone();
    if !PostgresBackend::is_url(&location) && !std::path::Path::new(&location).exists() {
        return Err(CliError::Invalid(format!(
            "no database at {} to rebuild",
            crate::safe_text::one_line(&location)
        )));
    }
    let report = tokio::task::spawn_blocking(move || {
        let mut db = Database::open_location(&location)?;
        halo_sync::rebuild(&mut db, &halo_sync::Silent)
    })
    .await
    .map_err(|e| CliError::Other(format!("the rebuild stopped: {e}")))?
    .map_err(|e| sync_error(e, &args.db))?;
    writeln!(
        out,
        "Rebuilt from the stored responses: {} matches, {} asset names, {} medal names.",
        report.matches, report.assets, report.medal_names
    )?;
    for (id, reason) in &report.failed {
        writeln!(
            out,
            "  {id}: {}",
            crate::safe_text::one_line_capped(reason, 300)
        )?;
    }
    Ok(())
}

/// Opens (or creates) the database off the async thread.
async fn open(location: &str) -> Result<Database, CliError> {
    let owned = location.to_owned();
    tokio::task::spawn_blocking(move || Database::open_location(&owned))
        .await
        .map_err(|e| CliError::Other(format!("opening the database stopped: {e}")))?
        .map_err(|e| sync_error(e, location))
}

/// `--db` for messages: a file path as given, a connection string without its password.
pub(crate) fn describe_db(location: &str) -> String {
    let shown = if PostgresBackend::is_url(location) {
        PostgresBackend::redacted(location).unwrap_or_else(|| "postgres://...".to_owned())
    } else {
        location.to_owned()
    };
    crate::safe_text::one_line(&shown).into_owned()
}

/// A halo-sync error as the CLI's.
fn sync_error(e: halo_sync::Error, _db: &str) -> CliError {
    CliError::Sync(e)
}
