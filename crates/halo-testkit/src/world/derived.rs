//! What the world derives from a member's history and keeps once computed: their CSR walk
//! ([`skill`](super::skill) computes it) and their service-record totals
//! ([`record`](super::record) computes them). Data only, so that [`World`](super::World) can
//! hold them without depending on the code that computes them.

use super::facts::Numbers;

/// CSR before and after each match of one player's history (index 0 = newest); unranked
/// matches carry the value through.
#[derive(Debug)]
pub(crate) struct Walk {
    pub(crate) csr: Vec<(i64, i64)>,
    pub(crate) ranked: Vec<bool>,
}

/// What a player's matchmade matches add up to.
#[derive(Debug, Default, Clone)]
pub(crate) struct Totals {
    pub(crate) matches: u64,
    pub(crate) wins: u64,
    pub(crate) losses: u64,
    pub(crate) ties: u64,
    pub(crate) time_played_ms: i64,
    pub(crate) kda_sum: f64,
    pub(crate) numbers: Numbers,
    /// Custom games (counted apart, not in the record).
    pub(crate) custom: u64,
}
