//! What a sync tells as it goes ([`Progress`]) and at the end ([`SyncReport`]).

use halo_models::MatchId;

/// Events of a sync, for a progress bar or log lines. Every method has an empty default.
pub trait Progress: Send + Sync {
    /// A player's sync starts; `total` is the history's length when the service tells it.
    fn player(&self, gamertag: &str, xuid: u64, total: Option<u64>) {
        let _ = (gamertag, xuid, total);
    }
    /// `n` more matches of the history were already stored.
    fn already(&self, n: u64) {
        let _ = n;
    }
    /// A match was fetched and stored.
    fn stored(&self, match_id: &MatchId) {
        let _ = match_id;
    }
    /// A match failed (`stage`: stats, skill or decode) and was recorded for the next sync.
    fn failed(&self, match_id: &MatchId, stage: &str, reason: &str) {
        let _ = (match_id, stage, reason);
    }
    /// Names: `done` of `total` assets looked up.
    fn names(&self, done: u64, total: u64) {
        let _ = (done, total);
    }
}

/// A [`Progress`] that tells nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// How a player's sync went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The player's XUID.
    pub xuid: u64,
    /// The player's gamertag.
    pub gamertag: String,
    /// Matches of the history looked at (after `--since`/`--limit`).
    pub listed: u64,
    /// Matches fetched and stored by this sync.
    pub new: u64,
    /// Matches that were already stored.
    pub already: u64,
    /// Matches that failed: (match id, stage, reason); each is tried again next time.
    pub failed: Vec<(String, &'static str, String)>,
    /// Why paging the history stopped early, when it did.
    pub history_error: Option<String>,
    /// The history was not paged to its end because a complete earlier sync had stored the
    /// rest.
    pub stopped_early: bool,
    /// Every match of the history is stored (nothing failed, nothing left out).
    pub complete: bool,
}

impl SyncReport {
    /// An empty report for a player.
    pub fn new(xuid: u64, gamertag: &str) -> Self {
        Self {
            xuid,
            gamertag: gamertag.to_owned(),
            listed: 0,
            new: 0,
            already: 0,
            failed: Vec::new(),
            history_error: None,
            stopped_early: false,
            complete: false,
        }
    }

    /// The failures counted by reason (stage and reason), most frequent first.
    pub fn failure_reasons(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (_, stage, reason) in &self.failed {
            let key = format!("{stage}: {reason}");
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }
}

/// How naming the stored matches' maps, modes and playlists went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesReport {
    /// Assets looked up.
    pub looked_up: u64,
    /// Assets named.
    pub named: u64,
    /// Assets the service has no answer for (404).
    pub missing: u64,
    /// Assets that could not be named: (kind asset, reason); tried again next time.
    pub failed: Vec<(String, String)>,
    /// Why the medal names could not be had, when they could not.
    pub medals_error: Option<String>,
}
