//! The economy service.

use halo_models::{PlayerCustomization, PlayerOperations, RewardTrackProgress, Xuid};

use crate::{Call, Client};

/// Endpoints of the economy service; from [`Client::economy`].
#[derive(Clone, Copy, Debug)]
pub struct Economy<'a> {
    pub(crate) client: &'a Client,
}

impl Economy<'_> {
    /// `Economy_PlayerOperations`: a player's operation (battle pass) progress.
    pub fn player_operations(&self, xuid: Xuid) -> Call<PlayerOperations> {
        self.client
            .typed(static_route!(ECONOMY_PLAYER_OPERATIONS))
            .static_path_param("player", xuid.wrapped())
    }

    /// `Economy_GetRewardTrack`: progress on a reward track, e.g. `("careerrank",
    /// "careerrank1")`.
    pub fn reward_track(
        &self,
        xuid: Xuid,
        track_type: &str,
        track_id: &str,
    ) -> Call<RewardTrackProgress> {
        self.client
            .typed(static_route!(ECONOMY_GET_REWARD_TRACK))
            .static_path_param("player", xuid.wrapped())
            .static_path_param("rewardTrackType", track_type)
            .static_path_param("trackId", track_id)
    }

    /// `Economy_GetRewardTrack` for the career rank track.
    pub fn career_rank(&self, xuid: Xuid) -> Call<RewardTrackProgress> {
        self.reward_track(xuid, "careerrank", "careerrank1")
    }

    /// `Economy_PlayerCustomization` with `view=public`: a player's public appearance.
    pub fn player_customization(&self, xuid: Xuid) -> Call<PlayerCustomization> {
        self.client
            .typed(static_route!(ECONOMY_PLAYER_CUSTOMIZATION))
            .static_path_param("player", xuid.wrapped())
            .query("viewType", "public")
    }
}
