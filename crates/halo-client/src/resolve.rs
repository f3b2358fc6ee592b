//! [`Client::resolve`]: a [`PlayerRef`] to its XUID, by the gamertag's Xbox Live profile,
//! cached per client (gamertags compared without case; concurrent resolutions of one gamertag
//! make one request; a failure is not cached).

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
    /// (`client.xbox().profile(..)`, which needs the token source's Xbox Live authorization),
    /// asked once per client and gamertag. An unknown gamertag is
    /// [`ErrorKind::UnknownPlayer`] (`is_not_found()`).
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
        let answer = match self
            .xbox()
            .profile(PlayerRef::Gamertag(gamertag.to_owned()))
            .await
        {
            Ok(answer) => answer,
            Err(error) if error.is_not_found() => return Err(unknown().with_source(error)),
            Err(error) => return Err(error),
        };
        XboxProfile::all_of(&answer)
            .first()
            .map(|profile| profile.xuid)
            .ok_or_else(unknown)
    }
}
