//! Xbox Live (`profile.xboxlive.com`, `peoplehub.xboxlive.com`): profiles by gamertag, by XUID
//! and in batch, and people search. The auth layer sends the token source's `XBL3.0`
//! authorization (an XSTS token for `http://xboxlive.com`) on these routes.

use halo_models::{XboxLiveGetProfileSettings, Xuid};

use crate::operations::{ProfileUser, xbox_live};
use crate::{Call, Client, PlayerRef};

/// The contract version the public Xbox Live clients send to these services.
const CONTRACT: (&str, &str) = ("x-xbl-contract-version", "3");

/// The profile settings asked for: the names and the picture.
pub const PROFILE_SETTINGS: &str = "Gamertag,ModernGamertag,ModernGamertagSuffix,UniqueModernGamertag,GameDisplayName,GameDisplayPicRaw,Gamerscore";

/// Xbox Live endpoints; from [`Client::xbox`].
#[derive(Clone, Copy, Debug)]
pub struct Xbox<'a> {
    pub(crate) client: &'a Client,
}

impl Client {
    /// Xbox Live: profiles and people search.
    pub fn xbox(&self) -> Xbox<'_> {
        Xbox { client: self }
    }
}

impl Xbox<'_> {
    /// `XboxLive_GetProfileSettings`: a profile by gamertag (`gt(..)`) or XUID (`xuid(..)`).
    pub fn profile(&self, player: impl Into<PlayerRef>) -> Call<XboxLiveGetProfileSettings> {
        self.profile_of(ProfileUser::Player(player.into()))
    }

    /// `XboxLive_GetProfileSettings` of the signed-in player.
    pub fn me(&self) -> Call<XboxLiveGetProfileSettings> {
        self.profile_of(ProfileUser::Me)
    }

    fn profile_of(&self, user: ProfileUser) -> Call<XboxLiveGetProfileSettings> {
        self.client
            .op(xbox_live::GetProfileSettings::new(user).settings(PROFILE_SETTINGS))
            .map_request(|r| r.header(CONTRACT.0, CONTRACT.1))
    }

    /// `XboxLive_GetProfileSettingsBatch`: several profiles by XUID, in one request.
    pub fn profiles(
        &self,
        xuids: impl IntoIterator<Item = Xuid>,
    ) -> Call<XboxLiveGetProfileSettings> {
        let ids: Vec<String> = xuids.into_iter().map(|x| x.to_string()).collect();
        let settings: Vec<&str> = PROFILE_SETTINGS.split(',').collect();
        let empty = ids.is_empty();
        let body = serde_json::json!({ "userIds": ids, "settings": settings });
        let call = self
            .client
            .op(xbox_live::GetProfileSettingsBatch::new().json_body(&body))
            .map_request(|r| r.header(CONTRACT.0, CONTRACT.1));
        if empty {
            call.map_request(|r| r.invalid("at least one XUID is needed"))
        } else {
            call
        }
    }

    /// `XboxLive_SearchPeople`: people whose gamertag matches `text` (raw JSON: no capture to
    /// model it from), at most `max` (1 to 25; checked when sent).
    pub fn search(&self, text: &str, max: u32) -> Call<serde_json::Value> {
        let call = self
            .client
            .op(xbox_live::SearchPeople::new().q(text).max_items(max))
            .map_request(|r| r.header(CONTRACT.0, CONTRACT.1));
        match (text.trim().is_empty(), (1..=25).contains(&max)) {
            (true, _) => call.map_request(|r| r.invalid("an empty search")),
            (_, false) => {
                call.map_request(|r| r.invalid(format!("max must be 1 to 25, not {max}")))
            }
            _ => call,
        }
    }
}

/// A profile's XUID and gamertag, read from a profile answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XboxProfile {
    /// The XUID.
    pub xuid: Xuid,
    /// The gamertag (the modern one where the profile has it).
    pub gamertag: String,
}

impl XboxProfile {
    /// Every profile of an answer whose `id` is a XUID.
    pub fn all_of(answer: &XboxLiveGetProfileSettings) -> Vec<Self> {
        answer
            .profile_users
            .iter()
            .filter_map(|user| {
                let xuid = user.id.parse().ok().map(Xuid)?;
                let setting = |id: &str| {
                    user.settings
                        .iter()
                        .find(|s| s.id == id && !s.value.is_empty())
                        .map(|s| s.value.clone())
                };
                let gamertag = setting("UniqueModernGamertag")
                    .or_else(|| setting("Gamertag"))
                    .unwrap_or_default();
                Some(Self { xuid, gamertag })
            })
            .collect()
    }
}
