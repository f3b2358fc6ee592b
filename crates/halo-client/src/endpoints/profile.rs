//! The profile service (profile.svc.halowaypoint.com).

use halo_models::{User, Users, Xuid};

use crate::operations::{ProfileUser, profile};
use crate::{Call, Client, PlayerRef};

/// Endpoints of the profile service; from [`Client::profile`].
#[derive(Clone, Copy, Debug)]
pub struct Profile<'a> {
    pub(crate) client: &'a Client,
}

impl Profile<'_> {
    /// `Profile_GetUser` for the signed-in user (`/users/me`).
    pub fn me(&self) -> Call<User> {
        self.client.op(profile::GetUser::new(ProfileUser::Me))
    }

    /// `Profile_GetUser` by gamertag (`gt(..)`) or XUID (`xuid(..)`).
    pub fn user(&self, player: impl Into<PlayerRef>) -> Call<User> {
        self.client
            .op(profile::GetUser::new(ProfileUser::Player(player.into())))
    }

    /// `Profile_GetUsers`: several users by XUID (bare numbers).
    pub fn users(&self, xuids: impl IntoIterator<Item = Xuid>) -> Call<Users> {
        let mut operation = profile::GetUsers::new();
        for xuid in xuids {
            operation = operation.xuids(xuid);
        }
        let any = !operation.xuids.is_empty();
        let call = self.client.op(operation);
        if any {
            call
        } else {
            call.map_request(|r| r.invalid("at least one XUID is needed"))
        }
    }
}
