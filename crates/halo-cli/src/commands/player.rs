//! `halo player [PLAYER]`: profile, match counts, matchmade service record and the CSR in
//! each ranked playlist (halo-match's player summary).

use std::io::Write;

use clap::Args;

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::output;
use crate::players;

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
    let (session, player) = players::open(args.player.as_deref(), global.offline).await?;
    // The profile first: a player the service does not know is the command's error.
    players::identity(&player).await?;
    let summary = player.summary().await?;
    output::write_one(
        &summary,
        &summary.parts.errors,
        "players",
        output::player_table::write,
        (global, &session),
        out,
    )
}
