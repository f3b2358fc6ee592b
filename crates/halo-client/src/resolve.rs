//! [`Client::resolve`]: a [`PlayerRef`] to its XUID, by the gamertag's Xbox Live profile (or,
//! when the token source has no Xbox Live authorization, its Halo profile), cached per client
//! (gamertags compared without case; concurrent resolutions of one gamertag make one request;
//! a failure is not cached).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use halo_models::Xuid;
use tokio::sync::OnceCell;

use crate::endpoints::XboxProfile;
use crate::{Client, Error, ErrorKind, PlayerRef};

/// The resolved gamertags of one client.
#[derive(Debug, Default)]
pub(crate) struct PlayerCache {
    cells: Mutex<HashMap<String, Arc<OnceCell<Xuid>>>>,
}

impl PlayerCache {
    /// The cell of a gamertag (created empty); the lock is not held across an await.
    fn cell(&self, gamertag: &str) -> Arc<OnceCell<Xuid>> {
        let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cells.entry(gamertag.to_lowercase()).or_default())
    }
}

impl Client {
    /// The XUID of `player`: itself for a XUID; for a gamertag, its Xbox Live profile's
    /// (`client.xbox().profile(..)`) when the token source can authorize Xbox Live
    /// ([`Client::has_xbox_live`]), else its Halo profile's (`client.profile().user(..)`, the
    /// Spartan token's service: the same XUID), asked once per client and gamertag. An unknown
    /// gamertag is [`ErrorKind::UnknownPlayer`] (`is_not_found()`).
    pub async fn resolve(&self, player: &PlayerRef) -> Result<Xuid, Error> {
        let gamertag = match player {
            PlayerRef::Xuid(xuid) => return Ok(*xuid),
            PlayerRef::Gamertag(gamertag) => gamertag,
        };
        let cell = self.players().cell(gamertag);
        cell.get_or_try_init(|| self.look_up(gamertag))
            .await
            .copied()
    }

    async fn look_up(&self, gamertag: &str) -> Result<Xuid, Error> {
        let unknown = || {
            Error::new(ErrorKind::UnknownPlayer {
                gamertag: gamertag.to_owned(),
            })
        };
        let player = PlayerRef::Gamertag(gamertag.to_owned());
        let found = if self.has_xbox_live() {
            self.xbox().profile(player).await.map(|answer| {
                XboxProfile::all_of(&answer)
                    .first()
                    .map(|profile| profile.xuid)
            })
        } else {
            self.profile()
                .user(player)
                .await
                .map(|user| Some(user.xuid))
        };
        match found {
            Ok(Some(xuid)) => Ok(xuid),
            Ok(None) => Err(unknown()),
            Err(error) if error.is_not_found() => Err(unknown().with_source(error)),
            Err(error) => Err(error),
        }
    }
}
