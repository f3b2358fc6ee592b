//! `halo player [PLAYER]`: profile, match counts, matchmade service record and the CSR in
//! each ranked playlist (halo-match's player summary).

use std::io::Write;

use clap::Args;

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output;
use crate::output::warnings::Warnings;
use crate::players;
use crate::session::Session;

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
    let player = players::player(&session.client, args.player.as_deref()).await?;
    // The profile first: a player the service does not know is the command's error.
    players::identity(&player).await?;
    let summary = player.summary().await?;
    let mut warnings = Warnings::new("players", 1, !global.json);
    warnings.add(&summary.parts.errors);
    warnings.check_strict(global.strict)?;
    if global.json {
        output::write_report(&summary, session.offline, out)?;
    } else {
        let banner = session.offline_banner();
        output::player_table::write(&summary, banner.as_deref(), out)?;
    }
    warnings.print();
    Ok(())
}
