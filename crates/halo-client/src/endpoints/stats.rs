//! The stats service (halostats).

use halo_models::{
    ChallengeDecks, MatchCount, MatchId, MatchStats, StatsGetPlayerMatchProgression,
};

use super::history::MatchHistoryRequest;
use super::service_record::{Lifecycle, ServiceRecordRequest};
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
        self.client
            .typed(static_route!(STATS_GET_MATCH_STATS))
            .static_path_param("matchId", match_id.to_string())
    }

    /// `Stats_GetMatchHistory`: a page of a player's matches, or a stream of them.
    pub fn match_history(&self, player: impl Into<PlayerRef>) -> MatchHistoryRequest {
        MatchHistoryRequest::new(self.client.clone(), player.into())
    }

    /// `Stats_GetMatchCount`: how many matches a player played, by kind.
    pub fn match_count(&self, player: impl Into<PlayerRef>) -> Call<MatchCount> {
        self.client
            .typed(static_route!(STATS_GET_MATCH_COUNT))
            .static_path_param("player", player.into().path_segment())
    }

    /// `Stats_GetPlayerServiceRecord`: a player's service record (matchmade by default).
    pub fn service_record(&self, player: impl Into<PlayerRef>) -> ServiceRecordRequest {
        ServiceRecordRequest::new(self.client.clone(), player.into(), Lifecycle::Matchmade)
    }

    /// `Stats_GetChallengeDecks`: a player's challenge decks.
    pub fn challenge_decks(&self, player: impl Into<PlayerRef>) -> Call<ChallengeDecks> {
        self.client
            .typed(static_route!(STATS_GET_CHALLENGE_DECKS))
            .static_path_param("player", player.into().path_segment())
    }

    /// `Stats_GetPlayerMatchProgression`: what a match earned a player.
    pub fn match_progression(
        &self,
        player: impl Into<PlayerRef>,
        match_id: MatchId,
    ) -> Call<StatsGetPlayerMatchProgression> {
        self.client
            .typed(static_route!(STATS_GET_PLAYER_MATCH_PROGRESSION))
            .static_path_param("player", player.into().path_segment())
            .static_path_param("matchId", match_id.to_string())
    }
}
