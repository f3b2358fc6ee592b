//! `halo match <id>`: the scoreboard of one match, with names, CSR change and medals
//! (halo-match's summary).

use std::io::Write;

use clap::Args;
use halo_match::Match;
use halo_models::MatchId;

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::match_id::parse_match_id;
use crate::output;
use crate::session::Session;

/// Arguments of `halo match`.
#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// The match id (a GUID, as `halo history` lists them).
    pub(crate) match_id: String,
}

/// Runs `halo match`.
pub(crate) async fn run(
    args: &MatchArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let match_id = parse_match_id(&args.match_id)?;
    let session = Session::open(global.offline).await?;
    let summary = Match::new(&session.client, match_id)
        .summary()
        .await
        .map_err(|e| not_found(e, match_id))?;
    output::write_one(
        &summary,
        &summary.parts.errors,
        "matches",
        output::match_table::write,
        (global, &session),
        out,
    )
}

/// `match X not found` for a 404, the error itself otherwise.
pub(crate) fn not_found(error: halo_match::Error, match_id: MatchId) -> CliError {
    if error.is_not_found() {
        CliError::Other(format!("match {match_id} not found"))
    } else {
        CliError::Match(error)
    }
}
