//! The stats service (halostats).

use halo_models::{
    ChallengeDecks, MatchCount, MatchId, MatchStats, StatsGetPlayerMatchProgression,
};

use super::history::MatchHistoryRequest;
use super::service_record::{Lifecycle, ServiceRecordRequest};
use crate::operations::stats;
use crate::{Call, Client, PlayerRef};

/// Endpoints of the stats service; from [`Client::stats`].
#[derive(Clone, Copy, Debug)]
pub struct Stats<'a> {
    pub(crate) client: &'a Client,
}

impl Stats<'_> {
    /// `Stats_GetMatchStats`: the full stats of a match (a match that just ended answers 404 for
    /// a while; the catalog policy retries it).
    pub fn match_stats(&self, match_id: MatchId) -> Call<MatchStats> {
        self.client.op(stats::GetMatchStats::new(match_id))
    }

    /// `Stats_GetMatchHistory`: a page of a player's matches, or a stream of them.
    pub fn match_history(&self, player: impl Into<PlayerRef>) -> MatchHistoryRequest {
        MatchHistoryRequest::new(self.client.clone(), player.into())
    }

    /// `Stats_GetMatchCount`: how many matches a player played, by kind.
    pub fn match_count(&self, player: impl Into<PlayerRef>) -> Call<MatchCount> {
        self.client.op(stats::GetMatchCount::new(player))
    }

    /// `Stats_GetPlayerServiceRecord`: a player's service record (matchmade by default).
    pub fn service_record(&self, player: impl Into<PlayerRef>) -> ServiceRecordRequest {
        ServiceRecordRequest::new(self.client.clone(), player.into(), Lifecycle::Matchmade)
    }

    /// `Stats_GetChallengeDecks`: a player's challenge decks.
    pub fn challenge_decks(&self, player: impl Into<PlayerRef>) -> Call<ChallengeDecks> {
        self.client.op(stats::GetChallengeDecks::new(player))
    }

    /// `Stats_GetPlayerMatchProgression`: what a match earned a player.
    pub fn match_progression(
        &self,
        player: impl Into<PlayerRef>,
        match_id: MatchId,
    ) -> Call<StatsGetPlayerMatchProgression> {
        self.client
            .op(stats::GetPlayerMatchProgression::new(player, match_id))
    }
}
