//! The content service (gamecms-hacs): static JSON files and images.

use halo_models::{
    CareerRewardTrack, CsrSeasonCalendar, MedalMetadata, OperationRewardTrack, SeasonCalendar,
};

use crate::operations::game_cms;
use crate::{BytesCall, Call, Client};

/// Endpoints of the content service; from [`Client::cms`].
#[derive(Clone, Copy, Debug)]
pub struct Cms<'a> {
    pub(crate) client: &'a Client,
}

impl Cms<'_> {
    /// `GameCms_GetMedalMetadata`: names, descriptions and sprites of every medal.
    pub fn medal_metadata(&self) -> Call<MedalMetadata> {
        self.client.op(game_cms::GetMedalMetadata::new())
    }

    /// `GameCms_GetCsrSeasonCalendar`: the ranked seasons.
    pub fn csr_season_calendar(&self) -> Call<CsrSeasonCalendar> {
        self.client.op(game_cms::GetCsrSeasonCalendar::new())
    }

    /// `GameCms_GetSeasonCalendar`: the seasons and events.
    pub fn season_calendar(&self) -> Call<SeasonCalendar> {
        self.client.op(game_cms::GetSeasonCalendar::new())
    }

    /// `GameCms_GetCareerRewardTrack`: the career ranks.
    pub fn career_reward_track(&self) -> Call<CareerRewardTrack> {
        self.client.op(game_cms::GetCareerRewardTrack::new())
    }

    /// `GameCms_GetOperationRewardTrack`: an operation's reward track, by its progression path
    /// (`RewardTracks/Operations/...json`).
    pub fn operation_reward_track(&self, path: &str) -> Call<OperationRewardTrack> {
        self.client.op(game_cms::GetOperationRewardTrack::new(path))
    }

    /// `GameCms_GetProgressionFile`: any progression file as JSON.
    pub fn progression_file(&self, path: &str) -> Call<serde_json::Value> {
        self.client.op(game_cms::GetProgressionFile::new(path))
    }

    /// `GameCms_GetProgressionImage` (today's id of the 2022 `GameCms_GetImage`): an image's
    /// bytes (PNG), by its path under `images/file/`.
    pub fn image(&self, path: &str) -> BytesCall {
        self.client
            .op(game_cms::GetProgressionImage::new(path))
            .bytes()
    }
}
