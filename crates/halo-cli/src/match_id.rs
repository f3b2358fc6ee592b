//! The MATCH_ID argument of `halo match` and `halo film events`: a match GUID.

use halo_models::MatchId;

use crate::error::CliError;

/// Parses a match id, with a clear message.
pub(crate) fn parse_match_id(text: &str) -> Result<MatchId, CliError> {
    text.trim().parse().map_err(|_| {
        CliError::Invalid(format!(
            "`{text}` is not a match id (a GUID like b4be1c44-5782-42b3-8cf8-0d76dd87230c)"
        ))
    })
}
