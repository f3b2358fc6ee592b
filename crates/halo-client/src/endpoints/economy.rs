//! The economy service.

use halo_models::{PlayerCustomization, PlayerOperations, RewardTrackProgress, Xuid};

use crate::operations::{CustomizationView, economy};
use crate::{Call, Client};

/// Endpoints of the economy service; from [`Client::economy`].
#[derive(Clone, Copy, Debug)]
pub struct Economy<'a> {
    pub(crate) client: &'a Client,
}

impl Economy<'_> {
    /// `Economy_PlayerOperations`: a player's operation (battle pass) progress.
    pub fn player_operations(&self, xuid: Xuid) -> Call<PlayerOperations> {
        self.client.op(economy::PlayerOperations::new(xuid))
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
            .op(economy::GetRewardTrack::new(xuid, track_type, track_id))
    }

    /// `Economy_GetRewardTrack` for the career rank track.
    pub fn career_rank(&self, xuid: Xuid) -> Call<RewardTrackProgress> {
        self.reward_track(xuid, "careerrank", "careerrank1")
    }

    /// `Economy_PlayerCustomization` with `view=public`: a player's public appearance.
    pub fn player_customization(&self, xuid: Xuid) -> Call<PlayerCustomization> {
        self.customization(xuid, CustomizationView::Public)
    }

    /// `Economy_PlayerCustomization` in either view: `Private` (the signed-in player only)
    /// includes what is not equipped.
    pub fn customization(&self, xuid: Xuid, view: CustomizationView) -> Call<PlayerCustomization> {
        self.client
            .op(economy::PlayerCustomization::new(xuid).view_type(view))
    }
}
