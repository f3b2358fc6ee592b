//! The gamertags of a match's players: humans from the profile service (one bulk call, then
//! single calls for the XUIDs it did not answer), the studio's bots from the game's own names.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::stream::{self, StreamExt};
use halo_client::Client;
use halo_models::{PlayerId, Xuid};

use crate::error::Error;
use crate::names::bot_name;
use crate::part::Lookup;

/// How many single-user lookups run at once after the bulk one.
const CONCURRENCY: usize = 4;

/// The players' gamertags: found, none (no such user, or a bot the game has no name for), or
/// failed.
#[derive(Debug, Clone, Default)]
pub struct Gamertags {
    names: BTreeMap<PlayerId, String>,
    failed: BTreeSet<Xuid>,
    error: Option<Error>,
}

impl Gamertags {
    /// The gamertag of `player`.
    pub fn get(&self, player: &PlayerId) -> Lookup<&str> {
        if let Some(name) = self.names.get(player) {
            return Lookup::Found(name);
        }
        match player.xuid() {
            Some(xuid) if self.failed.contains(&xuid) => Lookup::Failed,
            _ => Lookup::None,
        }
    }

    /// The XUIDs whose lookup failed.
    pub fn failed(&self) -> &BTreeSet<Xuid> {
        &self.failed
    }

    /// Why lookups failed (the first failure), when some did.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Every gamertag found, by player.
    pub fn names(&self) -> &BTreeMap<PlayerId, String> {
        &self.names
    }

    /// Looks up the gamertags of `players`.
    pub(crate) async fn fetch<'a>(
        client: &Client,
        players: impl IntoIterator<Item = &'a PlayerId>,
    ) -> Self {
        let mut out = Self::default();
        let mut wanted = BTreeSet::new();
        for player in players {
            match player {
                PlayerId::Xuid(xuid) => {
                    wanted.insert(*xuid);
                }
                PlayerId::Bot(bid) => {
                    if let Some(name) = bot_name(bid) {
                        out.names.insert(player.clone(), name.to_owned());
                    }
                }
                _ => {}
            }
        }
        if wanted.is_empty() {
            return out;
        }
        match client.profile().users(wanted.iter().copied()).await {
            Ok(users) => {
                for user in users {
                    if wanted.contains(&user.xuid) && !user.gamertag.trim().is_empty() {
                        out.names.insert(PlayerId::Xuid(user.xuid), user.gamertag);
                    }
                }
            }
            Err(e) => out.error = Some(Error::from_api(e)),
        }
        let missing: Vec<Xuid> = wanted
            .into_iter()
            .filter(|x| !out.names.contains_key(&PlayerId::Xuid(*x)))
            .collect();
        let singles: Vec<(Xuid, Result<Option<String>, Error>)> = stream::iter(missing)
            .map(|xuid| async move { (xuid, single(client, xuid).await) })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for (xuid, result) in singles {
            match result {
                Ok(Some(name)) => {
                    out.names.insert(PlayerId::Xuid(xuid), name);
                }
                Ok(None) => {}
                Err(e) => {
                    out.failed.insert(xuid);
                    out.error.get_or_insert(e);
                }
            }
        }
        if out.failed.is_empty() {
            // The bulk call failed but every single one answered: nothing is missing.
            out.error = None;
        }
        out
    }
}

/// One user's gamertag: `None` when the service has no such user or no gamertag.
async fn single(client: &Client, xuid: Xuid) -> Result<Option<String>, Error> {
    match client.profile().user(xuid).await {
        Ok(user) if user.xuid == xuid => Ok(Some(user.gamertag).filter(|g| !g.trim().is_empty())),
        Ok(user) => Err(Error::wrong_answer(
            format!("user {}", xuid.0),
            format!("user {}", user.xuid.0),
        )),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(Error::from_api(e)),
    }
}
