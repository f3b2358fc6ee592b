//! `halo player [PLAYER]`: profile, match counts, matchmade service record and ranked CSR.

use std::io::Write;

use clap::Args;
use halo_client::Client;
use halo_models::Xuid;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::lookup::{self, Asset, AssetKind};
use crate::output;
use crate::players::{self, Identity};
use crate::report::player::{Csr, MatchCounts, ProfileReport, RankedCsr, RecordSummary};
use crate::session::Session;

/// The season prefix of ranked (CSR) matches in a history.
const CSR_SEASON_PREFIX: &str = "Csr/";

/// Arguments of `halo player`.
#[derive(Debug, Args)]
pub(crate) struct PlayerArgs {
    /// A gamertag or an XUID (the signed-in player when left out).
    pub(crate) player: Option<String>,
}

/// Runs `halo player`.
pub(crate) async fn run(
    args: &PlayerArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(player) = &args.player {
        players::parse(player)?;
    }
    let session = Session::open(global.offline).await?;
    let player = players::resolve(&session.client, args.player.as_deref()).await?;
    let report = fetch(&session.client, player).await?;
    if global.json {
        output::write_json(&report, out)
    } else {
        Ok(output::player_table::write(&report, out)?)
    }
}

/// The service record (required), the match counts and the CSR (each best-effort, with a
/// warning on standard error when the service refuses).
pub(crate) async fn fetch(client: &Client, player: Identity) -> Result<ProfileReport, CliError> {
    let xuid = Xuid(player.xuid);
    let stats = client.stats();
    let (record, count, csr) = tokio::join!(
        stats.service_record(xuid),
        stats.match_count(xuid),
        ranked_csr(client, xuid),
    );
    let record = record?;
    let matches = match count {
        Ok(count) => Some(MatchCounts::new(&count)),
        Err(e) => {
            eprintln!("warning: no match count: {e}");
            None
        }
    };
    let csr = csr.unwrap_or_else(|e| {
        eprintln!("warning: no CSR: {e}");
        None
    });
    Ok(ProfileReport {
        player,
        matches,
        service_record: RecordSummary::new(&record),
        csr,
    })
}

/// The CSR in the playlist of the player's latest ranked match among the last 25.
async fn ranked_csr(client: &Client, xuid: Xuid) -> Result<Option<RankedCsr>, CliError> {
    let page = client.stats().match_history(xuid).await?;
    let Some(latest) = page
        .results
        .iter()
        .find(|m| m.match_info.season_id.starts_with(CSR_SEASON_PREFIX))
    else {
        return Ok(None);
    };
    let link = &latest.match_info.playlist;
    let mut playlist = Asset::of(link);
    let (csr, ()) = tokio::join!(
        client.skill().playlist_csr(link.asset_id, [xuid], None),
        lookup::name_asset(client, AssetKind::Playlist, &mut playlist),
    );
    let csr = csr?;
    let Some(mine) = csr
        .value
        .iter()
        .find(|entry| entry.id.xuid() == Some(xuid) && entry.result_code.code() == 0)
    else {
        return Ok(None);
    };
    let result = &mine.result;
    Ok(Some(RankedCsr {
        playlist,
        current: Csr::new(&result.current),
        season_max: Csr::new(&result.season_max),
        all_time_max: Csr::new(&result.all_time_max),
    }))
}
