//! `halo match <id>`: the scoreboard of one match, with names, CSR change and medals.

use std::io::Write;

use clap::Args;
use halo_client::Client;
use halo_models::{MatchId, MatchStats};

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::lookup::{self, Asset, AssetKind};
use crate::output;
use crate::report::{MatchExtras, MatchReport};
use crate::session::Session;

/// Arguments of `halo match`.
#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// The match id (a GUID, as `halo history` lists them).
    pub(crate) match_id: String,
}

/// Parses a match id, with a clear message.
pub(crate) fn parse_match_id(text: &str) -> Result<MatchId, CliError> {
    text.trim().parse().map_err(|_| {
        CliError::Invalid(format!(
            "`{text}` is not a match id (a GUID like b4be1c44-5782-42b3-8cf8-0d76dd87230c)"
        ))
    })
}

/// Runs `halo match`.
pub(crate) async fn run(
    args: &MatchArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let match_id = parse_match_id(&args.match_id)?;
    let session = Session::open(global.offline).await?;
    let report = fetch(&session.client, match_id).await?;
    if global.json {
        output::write_json(&report, out)
    } else {
        Ok(output::match_table::write(&report, out)?)
    }
}

/// The match stats and everything around them.
pub(crate) async fn fetch(client: &Client, match_id: MatchId) -> Result<MatchReport, CliError> {
    let stats = client
        .stats()
        .match_stats(match_id)
        .await
        .map_err(|e| not_found(e, match_id))?;
    let extras = extras(client, &stats).await;
    Ok(MatchReport::new(&stats, extras))
}

fn not_found(error: halo_client::Error, match_id: MatchId) -> CliError {
    if error.is_not_found() {
        CliError::Other(format!("match {match_id} not found"))
    } else {
        CliError::Api(error)
    }
}

/// Gamertags, medal names, skill and asset names, looked up at the same time; each is optional.
async fn extras(client: &Client, stats: &MatchStats) -> MatchExtras {
    let xuids: Vec<_> = stats
        .human_players()
        .filter_map(|p| p.player_id.xuid())
        .collect();
    let info = &stats.match_info;
    let skill = async {
        if xuids.is_empty() {
            return None;
        }
        client
            .skill()
            .match_result(stats.match_id, xuids.iter().copied())
            .await
            .ok()
    };
    let assets = async {
        let mut map = Asset::of(&info.map_variant);
        let mut mode = Asset::of(&info.ugc_game_variant);
        let mut playlist = info.playlist.as_ref().map(Asset::of);
        let playlist_name = async {
            if let Some(playlist) = playlist.as_mut() {
                lookup::name_asset(client, AssetKind::Playlist, playlist).await;
            }
        };
        tokio::join!(
            lookup::name_asset(client, AssetKind::Map, &mut map),
            lookup::name_asset(client, AssetKind::Mode, &mut mode),
            playlist_name,
        );
        (map, mode, playlist)
    };
    let (gamertags, medal_names, skill, assets) = tokio::join!(
        lookup::gamertags(client, xuids.iter().copied()),
        lookup::medal_names(client),
        skill,
        assets,
    );
    MatchExtras {
        gamertags,
        medal_names,
        skill,
        assets: Some(assets),
    }
}
