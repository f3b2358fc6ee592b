//! The content service (gamecms-hacs): static JSON files and images.

use halo_models::{CareerRewardTrack, CsrSeasonCalendar, MedalMetadata, SeasonCalendar};

use crate::{BytesCall, Call, Client};

/// Endpoints of the content service; from [`Client::cms`].
#[derive(Clone, Copy, Debug)]
pub struct Cms<'a> {
    pub(crate) client: &'a Client,
}

impl Cms<'_> {
    /// `GameCms_GetMedalMetadata`: names, descriptions and sprites of every medal.
    pub fn medal_metadata(&self) -> Call<MedalMetadata> {
        self.client
            .typed(static_route!(GAME_CMS_GET_MEDAL_METADATA))
    }

    /// `GameCms_GetCsrSeasonCalendar`: the ranked seasons.
    pub fn csr_season_calendar(&self) -> Call<CsrSeasonCalendar> {
        self.client
            .typed(static_route!(GAME_CMS_GET_CSR_SEASON_CALENDAR))
    }

    /// `GameCms_GetSeasonCalendar`: the seasons and events.
    pub fn season_calendar(&self) -> Call<SeasonCalendar> {
        self.client
            .typed(static_route!(GAME_CMS_GET_SEASON_CALENDAR))
    }

    /// `GameCms_GetCareerRewardTrack`: the career ranks.
    pub fn career_reward_track(&self) -> Call<CareerRewardTrack> {
        self.client
            .typed(static_route!(GAME_CMS_GET_CAREER_REWARD_TRACK))
    }

    /// `GameCms_GetOperationRewardTrack`: an operation's reward track, by its progression path
    /// (`RewardTracks/Operations/...json`).
    pub fn operation_reward_track(&self, path: &str) -> Call<serde_json::Value> {
        self.client
            .typed(static_route!(GAME_CMS_GET_OPERATION_REWARD_TRACK))
            .static_path_param("filePath", path)
    }

    /// `GameCms_GetProgressionFile`: any progression file as JSON.
    pub fn progression_file(&self, path: &str) -> Call<serde_json::Value> {
        self.client
            .typed(static_route!(GAME_CMS_GET_PROGRESSION_FILE))
            .static_path_param("filePath", path)
    }

    /// `GameCms_GetImage`: an image's bytes (PNG), by its path under `images/file/`.
    pub fn image(&self, path: &str) -> BytesCall {
        self.client
            .typed::<serde_json::Value>(static_route!(GAME_CMS_GET_IMAGE))
            .static_path_param("filePath", path)
            .bytes()
    }
}
