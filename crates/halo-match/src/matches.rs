//! [`Match`]: one match, its parts fetched lazily, each at most once.

use std::sync::Arc;

use halo_client::Client;
use halo_models::{
    FilmManifest, Map, MapModePair, MatchHistoryEntry, MatchId, MatchSkill, MatchStats, Playlist,
};
use tokio::sync::OnceCell;

use crate::assets::GameVariant;
use crate::cache::{Cache, Fetched, MedalNames};
use crate::error::Error;
use crate::facts::Facts;
use crate::film::{self, FilmCheck, FilmEvents};
use crate::gamertags::Gamertags;
use crate::part::Part;
use crate::season::Season;

/// One match. Every accessor fetches its part on first use and keeps the answer (or the
/// failure): a second call makes no request, and callers at the same time share one request.
/// Independent parts can be awaited together (`tokio::join!`); [`Match::summary`] does.
///
/// Accessors answer `Ok(Some(..))` (fetched), `Ok(None)` (the service has none: a custom game
/// has no skill results, a match may have no film) or `Err(..)` (the part could not be
/// fetched; the other parts are not affected).
///
/// Cheap to clone; clones share the fetched parts.
#[derive(Clone)]
pub struct Match {
    inner: Arc<Inner>,
}

struct Inner {
    cache: Cache,
    id: MatchId,
    row: Option<MatchHistoryEntry>,
    stats: OnceCell<Result<Arc<MatchStats>, Error>>,
    skill: OnceCell<Fetched<MatchSkill>>,
    gamertags: OnceCell<Result<Arc<Gamertags>, Error>>,
    film: OnceCell<Fetched<FilmManifest>>,
    highlights: OnceCell<Fetched<FilmEvents>>,
}

impl std::fmt::Debug for Match {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Match")
            .field("id", &self.inner.id)
            .field("from_history", &self.inner.row.is_some())
            .finish_non_exhaustive()
    }
}

impl Match {
    /// The match `id` over `client`, with a cache of its own. Nothing is fetched until asked.
    /// For many matches, share one [`Cache`] ([`Cache::match_by_id`]).
    pub fn new(client: &Client, id: MatchId) -> Self {
        Cache::new(client).match_by_id(id)
    }

    /// The match of a history row: what the row carries (times, map, mode, playlist, season,
    /// the player's outcome) is used as is, not fetched again.
    pub fn from_history(client: &Client, row: MatchHistoryEntry) -> Self {
        Cache::new(client).match_from_history(row)
    }

    pub(crate) fn with_cache(cache: Cache, id: MatchId, row: Option<MatchHistoryEntry>) -> Self {
        Self {
            inner: Arc::new(Inner {
                cache,
                id,
                row,
                stats: OnceCell::new(),
                skill: OnceCell::new(),
                gamertags: OnceCell::new(),
                film: OnceCell::new(),
                highlights: OnceCell::new(),
            }),
        }
    }

    /// The match id.
    pub fn id(&self) -> MatchId {
        self.inner.id
    }

    /// The history row the match was built from, if any.
    pub fn history_row(&self) -> Option<&MatchHistoryEntry> {
        self.inner.row.as_ref()
    }

    /// The cache the match shares.
    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    fn client(&self) -> &Client {
        self.inner.cache.client()
    }

    /// The match stats (`Stats_GetMatchStats`). A match that does not exist is an error
    /// ([`Error::is_not_found`]).
    pub async fn stats(&self) -> Result<&MatchStats, Error> {
        let id = self.inner.id;
        let result = self
            .inner
            .stats
            .get_or_init(|| async move {
                let stats = self
                    .client()
                    .stats()
                    .match_stats(id)
                    .await
                    .map_err(|e| Error::from_api_or_not_found(e, format!("match {id}")))?;
                if stats.match_id == id {
                    Ok(Arc::new(stats))
                } else {
                    Err(Error::wrong_answer(
                        format!("match {id}"),
                        format!("match {}", stats.match_id),
                    ))
                }
            })
            .await;
        match result {
            Ok(stats) => Ok(stats),
            Err(e) => Err(e.clone()),
        }
    }

    /// When, how and where the match was played: from the history row when the match was
    /// built from one (no request), else from the stats.
    pub async fn facts(&self) -> Result<Facts, Error> {
        match &self.inner.row {
            Some(row) => Ok(Facts::of_stats(&row.match_info)),
            None => Ok(Facts::of_stats(&self.stats().await?.match_info)),
        }
    }

    /// The facts, or why they could not be had, as the error of a part that needs them.
    async fn needed_facts(&self) -> Result<Facts, Error> {
        self.facts()
            .await
            .map_err(|e| Error::needs(Part::Stats, &e))
    }

    /// The skill results (`Skill_GetMatchResult`) of the human players: `None` without a
    /// request for a match that was not matchmade (custom and LAN games have none).
    pub async fn skill(&self) -> Result<Option<&MatchSkill>, Error> {
        let result = self
            .inner
            .skill
            .get_or_init(|| async {
                let facts = self.needed_facts().await?;
                if !facts.is_matchmade() {
                    return Ok(None);
                }
                let stats = self
                    .stats()
                    .await
                    .map_err(|e| Error::needs(Part::Stats, &e))?;
                let xuids: Vec<_> = stats
                    .human_players()
                    .filter_map(|p| p.player_id.xuid())
                    .collect();
                if xuids.is_empty() {
                    return Ok(None);
                }
                match self
                    .client()
                    .skill()
                    .match_result(self.inner.id, xuids)
                    .await
                {
                    Ok(skill) => Ok(Some(Arc::new(skill))),
                    Err(e) if e.is_not_found() => Ok(None),
                    Err(e) => Err(Error::from_api(e)),
                }
            })
            .await;
        borrow(result)
    }

    /// The map (`HIUGC_Discovery_GetMap`).
    pub async fn map(&self) -> Fetched<Map> {
        let facts = self.needed_facts().await?;
        self.cache().map(&facts.map).await
    }

    /// The mode: the game variant (`HIUGC_Discovery_GetUgcGameVariant`).
    pub async fn mode(&self) -> Fetched<GameVariant> {
        let facts = self.needed_facts().await?;
        self.cache().mode(&facts.mode).await
    }

    /// The playlist (`HIUGC_Discovery_GetPlaylist`); `None` for a custom game.
    pub async fn playlist(&self) -> Fetched<Playlist> {
        let facts = self.needed_facts().await?;
        match &facts.playlist {
            Some(link) => self.cache().playlist(link).await,
            None => Ok(None),
        }
    }

    /// The playlist's map-mode pair (`HIUGC_Discovery_GetMapModePair`); `None` for a custom
    /// game.
    pub async fn map_mode_pair(&self) -> Fetched<MapModePair> {
        let facts = self.needed_facts().await?;
        match &facts.map_mode_pair {
            Some(link) => self.cache().map_mode_pair(link).await,
            None => Ok(None),
        }
    }

    /// The ranked season and its name; `None` for a match that did not count for CSR.
    pub async fn season(&self) -> Result<Option<Season>, Error> {
        let facts = self.needed_facts().await?;
        match &facts.season_id {
            Some(id) => self.cache().season(id, &facts.start_time).await.map(Some),
            None => Ok(None),
        }
    }

    /// The gamertags of the players (humans from the profile service, bots by the game's
    /// names). Lookups that failed are marked per player ([`Gamertags::get`]); the whole part
    /// fails only when the stats (the list of players) cannot be had.
    pub async fn gamertags(&self) -> Result<&Gamertags, Error> {
        let result = self
            .inner
            .gamertags
            .get_or_init(|| async {
                let stats = self
                    .stats()
                    .await
                    .map_err(|e| Error::needs(Part::Stats, &e))?;
                let players = stats.players.iter().map(|p| &p.player_id);
                Ok(Arc::new(Gamertags::fetch(self.client(), players).await))
            })
            .await;
        match result {
            Ok(gamertags) => Ok(gamertags),
            Err(e) => Err(e.clone()),
        }
    }

    /// Medal names by `NameId` (`GameCms_GetMedalMetadata`, shared through the cache).
    pub async fn medal_names(&self) -> Result<Arc<MedalNames>, Error> {
        self.cache().medal_names().await
    }

    /// The film manifest (`HIUGC_Discovery_SpectateByMatchId`); `None` when the match has
    /// no film.
    pub async fn film(&self) -> Result<Option<&FilmManifest>, Error> {
        let id = self.inner.id;
        let result = self
            .inner
            .film
            .get_or_init(|| async move {
                match self.client().ugc().spectate(id).await {
                    Ok(manifest) if manifest.custom_data.match_id == id => {
                        Ok(Some(Arc::new(manifest)))
                    }
                    Ok(manifest) => Err(Error::wrong_answer(
                        format!("the film of match {id}"),
                        format!("the film of match {}", manifest.custom_data.match_id),
                    )),
                    Err(e) if e.is_not_found() => Ok(None),
                    Err(e) => Err(Error::from_api(e)),
                }
            })
            .await;
        borrow(result)
    }

    /// The film's highlight events, decoded, and their check against the match stats;
    /// `None` when the match has no film. The stats are fetched at the same time as the
    /// chunk; when they fail, the events are still given and the check holds the error.
    pub async fn highlights(&self) -> Result<Option<&FilmEvents>, Error> {
        let result = self
            .inner
            .highlights
            .get_or_init(|| async {
                let Some(manifest) = self
                    .film()
                    .await
                    .map_err(|e| Error::needs(Part::Film, &e))?
                else {
                    return Ok(None);
                };
                self.decode_film(manifest, false)
                    .await
                    .map(|events| events.map(Arc::new))
            })
            .await;
        borrow(result)
    }

    /// [`Match::highlights`] decoded even where the chunk would be refused (no events, or a
    /// layout that does not fit the film's version; see [`halo_film::Decoder::force`]), with a
    /// warning in the highlights saying so. Not kept: each call fetches the chunk again.
    pub async fn highlights_forced(&self) -> Result<Option<FilmEvents>, Error> {
        let Some(manifest) = self
            .film()
            .await
            .map_err(|e| Error::needs(Part::Film, &e))?
        else {
            return Ok(None);
        };
        self.decode_film(manifest, true).await
    }

    async fn decode_film(
        &self,
        manifest: &FilmManifest,
        force: bool,
    ) -> Result<Option<FilmEvents>, Error> {
        let (decoded, stats) =
            tokio::join!(film::decode(self.client(), manifest, force), self.stats());
        let (version, chunk, highlights) = decoded?;
        let check = match stats {
            Ok(stats) => Ok(FilmCheck::new(&highlights, stats)),
            Err(e) => Err(Error::needs(Part::Stats, &e)),
        };
        Ok(Some(FilmEvents {
            version,
            chunk,
            highlights,
            check,
        }))
    }
}

/// `&Result<Option<Arc<T>>, Error>` as the accessors answer it.
fn borrow<T>(result: &Fetched<T>) -> Result<Option<&T>, Error> {
    match result {
        Ok(value) => Ok(value.as_deref()),
        Err(e) => Err(e.clone()),
    }
}
