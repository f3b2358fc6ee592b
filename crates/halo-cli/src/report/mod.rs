//! What the API commands print, as plain serializable values built from the models: the
//! `--json` output is these values, and the tables are drawn from them.

pub(crate) mod history;
pub(crate) mod matches;
pub(crate) mod player;

pub(crate) use matches::{MatchExtras, MatchReport, PlayerReport};
