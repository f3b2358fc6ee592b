//! `halo history [PLAYER]`: a player's most recent matches, paging through
//! `Stats_GetMatchHistory`.

use std::io::Write;

use clap::Args;
use futures_util::{StreamExt, TryStreamExt};
use halo_client::Client;
use halo_client::endpoints::MatchHistoryRequest;
use halo_models::Xuid;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::lookup::{self, AssetKind};
use crate::output;
use crate::players::{self, Identity};
use crate::report::history::{HistoryEntry, HistoryReport};
use crate::session::Session;

/// The most matches one `halo history` lists.
pub(crate) const MAX_COUNT: u32 = 10_000;

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
    if let Some(player) = &args.player {
        players::parse(player)?;
    }
    let session = Session::open(global.offline).await?;
    let player = players::resolve(&session.client, args.player.as_deref()).await?;
    let report = fetch(&session.client, player, args.count).await?;
    if global.json {
        output::write_json(&report, out)
    } else {
        Ok(output::history_table::write(&report, out)?)
    }
}

/// The `count` most recent matches of `player`, with asset names looked up.
pub(crate) async fn fetch(
    client: &Client,
    player: Identity,
    count: u32,
) -> Result<HistoryReport, CliError> {
    let page = count.min(MatchHistoryRequest::MAX_COUNT);
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    let entries: Vec<_> = client
        .stats()
        .match_history(Xuid(player.xuid))
        .count(page)
        .matches()
        .take(limit)
        .try_collect()
        .await?;
    let mut matches: Vec<HistoryEntry> = entries.iter().map(HistoryEntry::new).collect();
    let mut assets: Vec<_> = matches
        .iter_mut()
        .flat_map(|m| {
            [
                (AssetKind::Playlist, &mut m.playlist),
                (AssetKind::Map, &mut m.map),
                (AssetKind::Mode, &mut m.mode),
            ]
        })
        .collect();
    lookup::name_assets(client, &mut assets).await;
    Ok(HistoryReport { player, matches })
}
