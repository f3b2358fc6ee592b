//! [`Player`]: one player, their parts fetched lazily, each at most once: profile, service
//! record, match counts, CSR per ranked playlist, history.

use std::sync::Arc;

use futures_util::StreamExt;
use halo_client::endpoints::MatchHistoryRequest;
use halo_client::{Client, PlayerRef};
use halo_models::{
    AssetVersionLink, LifecycleMode, MatchCount, MatchHistory, ServiceRecord, User, Xuid,
};
use tokio::sync::OnceCell;

use crate::assets::is_nil;
use crate::cache::Cache;
use crate::error::Error;
use crate::matches::Match;
use crate::part::Part;
use crate::summary::{Csr, is_ranked};

/// One player. Like [`Match`], every accessor fetches its part once and keeps the answer or
/// the failure. Cheap to clone; clones share the fetched parts.
#[derive(Clone)]
pub struct Player {
    inner: Arc<Inner>,
}

struct Inner {
    cache: Cache,
    /// `None`: the signed-in player (`/users/me`).
    asked: Option<PlayerRef>,
    profile: OnceCell<Result<Arc<User>, Error>>,
    record: OnceCell<Result<Arc<ServiceRecord>, Error>>,
    count: OnceCell<Result<Arc<MatchCount>, Error>>,
    recent: OnceCell<Result<Arc<MatchHistory>, Error>>,
    csr: OnceCell<Result<Arc<RankedPlaylists>, Error>>,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Player")
            .field("asked", &self.inner.asked)
            .finish_non_exhaustive()
    }
}

/// A player's CSR in one ranked playlist, with tier names.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaylistCsr {
    /// The playlist.
    pub playlist: AssetVersionLink,
    /// Now.
    pub current: Csr,
    /// Best this season.
    pub season_max: Csr,
    /// Best ever.
    pub all_time_max: Csr,
}

/// A player's CSR in the ranked playlists of their recent matches: one playlist's failure
/// does not hide the others.
#[derive(Debug, Clone, Default)]
pub struct RankedPlaylists {
    /// The ranked playlists, the most recently played first.
    pub found: Vec<PlaylistCsr>,
    /// The playlists whose CSR could not be fetched, and why.
    pub failed: Vec<(AssetVersionLink, Error)>,
}

/// A player's most recent matches, newest first, and why the list ended early if it did.
#[derive(Debug, Clone)]
pub struct History {
    /// The matches that came through, each built from its history row.
    pub matches: Vec<Match>,
    /// Why the history stopped before the count asked for, when a page failed (the matches
    /// before it are kept).
    pub error: Option<Error>,
}

impl Player {
    /// The player `player` (a gamertag or an XUID) over `client`.
    pub fn new(client: &Client, player: impl Into<PlayerRef>) -> Self {
        Cache::new(client).player(player)
    }

    /// The signed-in player (`/users/me`).
    pub fn me(client: &Client) -> Self {
        Self::with_cache(Cache::new(client), None)
    }

    pub(crate) fn with_cache(cache: Cache, asked: Option<PlayerRef>) -> Self {
        Self {
            inner: Arc::new(Inner {
                cache,
                asked,
                profile: OnceCell::new(),
                record: OnceCell::new(),
                count: OnceCell::new(),
                recent: OnceCell::new(),
                csr: OnceCell::new(),
            }),
        }
    }

    /// The cache the player shares with matches.
    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    fn client(&self) -> &Client {
        self.inner.cache.client()
    }

    /// Who was asked for: ``player with gamertag `X` ``, `player with xuid N`, `signed-in player`.
    pub fn asked(&self) -> String {
        match &self.inner.asked {
            None => "signed-in player".to_owned(),
            Some(PlayerRef::Xuid(xuid)) => format!("player with xuid {}", xuid.0),
            Some(PlayerRef::Gamertag(gamertag)) => format!("player with gamertag `{gamertag}`"),
        }
    }

    /// The profile (`Profile_GetUser`): XUID and gamertag. A player given by gamertag is
    /// resolved first ([`Player::xuid`]) and their profile asked by XUID. A player the service
    /// does not know is an error ([`Error::is_not_found`]), and so is an answer for another
    /// player.
    pub async fn profile(&self) -> Result<&User, Error> {
        let result = self
            .inner
            .profile
            .get_or_init(|| async {
                let profile = self.client().profile();
                let (call, xuid) = match &self.inner.asked {
                    None => (profile.me(), None),
                    Some(player) => {
                        let xuid = self.resolve(player).await?;
                        (profile.user(PlayerRef::Xuid(xuid)), Some(xuid))
                    }
                };
                let user = call
                    .await
                    .map_err(|e| Error::from_api_or_not_found(e, self.asked()))?;
                match xuid {
                    Some(xuid) if user.xuid != xuid => Err(Error::wrong_answer(
                        self.asked(),
                        format!("gamertag `{}` (xuid {})", user.gamertag, user.xuid.0),
                    )),
                    _ => Ok(Arc::new(user)),
                }
            })
            .await;
        match result {
            Ok(user) => Ok(user),
            Err(e) => Err(e.clone()),
        }
    }

    /// The XUID: without a request when the player was given by XUID; for a gamertag,
    /// halo-client's [`Client::resolve`] (cached per client, so every [`Player`] and
    /// [`Match`] of one client resolves a gamertag once); for the signed-in player, the
    /// profile's. An unknown gamertag is an error ([`Error::is_not_found`]).
    pub async fn xuid(&self) -> Result<Xuid, Error> {
        match &self.inner.asked {
            Some(player) => self.resolve(player).await,
            None => Ok(self.profile().await?.xuid),
        }
    }

    /// The XUID of the asked player by halo-client's cached resolution.
    async fn resolve(&self, player: &PlayerRef) -> Result<Xuid, Error> {
        self.client()
            .resolve(player)
            .await
            .map_err(|e| Error::from_api_or_not_found(e, self.asked()))
    }

    async fn needed_xuid(&self) -> Result<Xuid, Error> {
        self.xuid()
            .await
            .map_err(|e| Error::needs(Part::Profile, &e))
    }

    /// The matchmade service record (`Stats_GetPlayerServiceRecord`).
    pub async fn service_record(&self) -> Result<&ServiceRecord, Error> {
        let result = self
            .inner
            .record
            .get_or_init(|| async {
                let xuid = self.needed_xuid().await?;
                let record = self.client().stats().service_record(xuid).await;
                record.map(Arc::new).map_err(Error::from_api)
            })
            .await;
        match result {
            Ok(record) => Ok(record),
            Err(e) => Err(e.clone()),
        }
    }

    /// Matches played by kind (`Stats_GetMatchCount`).
    pub async fn match_count(&self) -> Result<&MatchCount, Error> {
        let result = self
            .inner
            .count
            .get_or_init(|| async {
                let xuid = self.needed_xuid().await?;
                let count = self.client().stats().match_count(xuid).await;
                count.map(Arc::new).map_err(Error::from_api)
            })
            .await;
        match result {
            Ok(count) => Ok(count),
            Err(e) => Err(e.clone()),
        }
    }

    /// The first page of the match history (the 25 most recent matches).
    pub async fn recent_matches(&self) -> Result<&MatchHistory, Error> {
        let result = self
            .inner
            .recent
            .get_or_init(|| async {
                let xuid = self.needed_xuid().await?;
                let page = self.client().stats().match_history(xuid).await;
                page.map(Arc::new).map_err(Error::from_api)
            })
            .await;
        match result {
            Ok(page) => Ok(page),
            Err(e) => Err(e.clone()),
        }
    }

    /// The CSR (`Skill_GetPlaylistCsr`, current season) in each ranked playlist the player
    /// played among their 25 most recent matches, the most recent first; empty when none
    /// was ranked. A playlist is ranked when its answer has a CSR or placement matches. Fails
    /// only when the recent matches cannot be had; a playlist whose CSR fails is listed in
    /// [`RankedPlaylists::failed`].
    pub async fn csr(&self) -> Result<&RankedPlaylists, Error> {
        let result = self
            .inner
            .csr
            .get_or_init(|| async {
                let xuid = self.needed_xuid().await?;
                let recent = self
                    .recent_matches()
                    .await
                    .map_err(|e| Error::needs(Part::History, &e))?;
                // The payloads carry no ranked flag: every playlist of a matchmade match is
                // asked, and those whose answer has no CSR and no placement are left out.
                let mut playlists: Vec<&AssetVersionLink> = Vec::new();
                for row in &recent.results {
                    let info = &row.match_info;
                    let Some(link) = &info.playlist else { continue };
                    if info.lifecycle_mode == LifecycleMode::Matchmade
                        && !is_nil(link)
                        && !playlists.iter().any(|p| p.asset_id == link.asset_id)
                    {
                        playlists.push(link);
                    }
                }
                let calls = playlists.iter().map(|link| async move {
                    let csr = match self
                        .client()
                        .skill()
                        .playlist_csr(link.asset_id, [xuid], None)
                        .await
                    {
                        Ok(csr) => csr,
                        Err(e) if e.is_not_found() => return Ok(None),
                        Err(e) => return Err(Error::from_api(e)),
                    };
                    let mine = csr.value.into_iter().find(|e| e.id.xuid() == Some(xuid));
                    Ok::<_, Error>(match mine {
                        Some(entry)
                            if entry.result_code.code() == 0
                                && [
                                    &entry.result.current,
                                    &entry.result.season_max,
                                    &entry.result.all_time_max,
                                ]
                                .into_iter()
                                .any(is_ranked) =>
                        {
                            Some(PlaylistCsr {
                                playlist: (*link).clone(),
                                current: Csr::new(&entry.result.current),
                                season_max: Csr::new(&entry.result.season_max),
                                all_time_max: Csr::new(&entry.result.all_time_max),
                            })
                        }
                        // An unranked playlist.
                        Some(entry) if entry.result_code.code() == 0 => None,
                        // NOT_FOUND: the service has no CSR for the player there.
                        Some(entry) if entry.result_code.code() == 1 => None,
                        Some(entry) => {
                            return Err(Error::service(format!(
                                "the skill service answered {} for the playlist {}",
                                entry.result_code, link.asset_id
                            )));
                        }
                        None => None,
                    })
                });
                let answers = futures_util::future::join_all(calls).await;
                let mut out = RankedPlaylists::default();
                for (answer, link) in answers.into_iter().zip(playlists) {
                    match answer {
                        Ok(found) => out.found.extend(found),
                        Err(e) => out.failed.push((link.clone(), e)),
                    }
                }
                Ok(Arc::new(out))
            })
            .await;
        match result {
            Ok(csr) => Ok(csr),
            Err(e) => Err(e.clone()),
        }
    }

    /// The `count` most recent matches, newest first (pages of 25), each a [`Match`] built
    /// from its row and sharing this player's cache. A page that fails ends the list: the
    /// matches before it are kept and [`History::error`] says why. Fails only when the
    /// player cannot be found.
    pub async fn history(&self, count: usize) -> Result<History, Error> {
        let xuid = self.xuid().await?;
        let page = u32::try_from(count)
            .unwrap_or(u32::MAX)
            .clamp(1, MatchHistoryRequest::MAX_COUNT);
        let mut rows = self
            .client()
            .stats()
            .match_history(xuid)
            .count(page)
            .matches()
            .take(count);
        let mut matches = Vec::new();
        let mut error = None;
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => matches.push(self.cache().match_from_history(row)),
                Err(e) => {
                    error = Some(Error::from_api(e));
                    break;
                }
            }
        }
        Ok(History { matches, error })
    }
}
