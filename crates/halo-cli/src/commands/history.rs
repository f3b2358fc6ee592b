//! `halo history [PLAYER]`: a player's most recent matches, paging through
//! `Stats_GetMatchHistory`, each named through halo-match (each distinct map, mode, playlist
//! and season looked up once).

use std::io::Write;

use clap::Args;
use futures_util::{StreamExt, TryStreamExt, stream};
use halo_match::{Failure, Part};

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output;
use crate::output::warnings::Warnings;
use crate::players;
use crate::report::history::HistoryReport;

/// The most matches one `halo history` lists.
pub(crate) const MAX_COUNT: u32 = 10_000;

/// How many matches are named at once (their lookups are shared, so mostly cache hits).
const CONCURRENCY: usize = 8;

/// Arguments of `halo history`.
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// A gamertag or an XUID (the signed-in player when left out).
    pub(crate) player: Option<String>,
    /// How many matches, newest first (pages of 25 are fetched as needed).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 25,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_COUNT)))]
    pub(crate) count: u32,
}

/// Runs `halo history`.
pub(crate) async fn run(
    args: &HistoryArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (session, player) = players::open(args.player.as_deref(), global.offline).await?;
    let identity = players::identity(&player).await?;
    let asked = usize::try_from(args.count).unwrap_or(usize::MAX);
    let history = player.history(asked).await?;
    let got = history.matches.len();
    let matches: Vec<_> = stream::iter(history.matches)
        .map(|m| async move { m.brief().await })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    let errors: Vec<Failure> = history
        .error
        .into_iter()
        .map(|error| Failure {
            part: Part::History,
            error,
            detail: Some(format!("stopped after {got} of the {asked} matches asked")),
        })
        .collect();
    let report = HistoryReport {
        player: identity,
        matches,
        errors,
    };
    let mut warnings = Warnings::new("matches", report.matches.len(), !global.json);
    for m in &report.matches {
        warnings.add(&m.errors);
    }
    warnings.add(&report.errors);
    warnings.check_strict(global.strict)?;
    if global.json {
        output::write_report(&report, session.offline, out)?;
    } else {
        let banner = session.offline_banner();
        output::history_table::write(&report, banner.as_deref(), out)?;
    }
    warnings.print();
    Ok(())
}
