//! The profile service (profile.svc.halowaypoint.com).

use halo_models::{User, Users, Xuid};

use crate::{Call, Client, PlayerRef};

/// Endpoints of the profile service; from [`Client::profile`].
#[derive(Clone, Copy, Debug)]
pub struct Profile<'a> {
    pub(crate) client: &'a Client,
}

impl Profile<'_> {
    /// `Profile_GetUser` for the signed-in user (`/users/me`).
    pub fn me(&self) -> Call<User> {
        self.client
            .typed(static_route!(PROFILE_GET_USER))
            .static_path_param("user", "me")
    }

    /// `Profile_GetUser` by gamertag (`gt(..)`) or XUID (`xuid(..)`).
    pub fn user(&self, player: impl Into<PlayerRef>) -> Call<User> {
        self.client
            .typed(static_route!(PROFILE_GET_USER))
            .static_path_param("user", player.into().profile_segment())
    }

    /// `Profile_GetUsers`: several users by XUID (bare numbers).
    pub fn users(&self, xuids: impl IntoIterator<Item = Xuid>) -> Call<Users> {
        let mut call = self.client.typed(static_route!(PROFILE_GET_USERS));
        let mut any = false;
        for xuid in xuids {
            call = call.query("xuids", xuid.to_string());
            any = true;
        }
        if any {
            call
        } else {
            call.map_request(|r| r.invalid("at least one XUID is needed"))
        }
    }
}
