//! `halo history` as plain serializable values: the player, a brief of each match (halo-match),
//! and why the list ended early when it did.

use halo_match::{Brief, Failure, Identity};
use serde::Serialize;

/// A player's most recent matches, newest first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryReport {
    /// Whose history.
    pub(crate) player: Identity,
    /// The matches, newest first.
    pub(crate) matches: Vec<Brief>,
    /// Why the history ended before the count asked for (`part: "history"`); left out when
    /// it did not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) errors: Vec<Failure>,
}
