//! What many matches share, fetched once per [`Cache`]: maps, modes, playlists, map-mode
//! pairs, medal names, season names.

use std::collections::BTreeMap;
use std::sync::Arc;

use halo_client::{Client, PlayerRef};
use halo_models::{
    AssetVersionLink, Map, MapModePair, MatchHistoryEntry, MatchId, Playlist, SeasonCalendar,
    Timestamp,
};
use tokio::sync::OnceCell;

use crate::assets::{self, GameVariant};
use crate::error::Error;
use crate::matches::Match;
use crate::memo::Memo;
use crate::player::Player;
use crate::season::{self, Season};

/// A value fetched once: found, none (the service has none), or the failure.
pub(crate) type Fetched<T> = Result<Option<Arc<T>>, Error>;

/// Medal names by `NameId`.
pub type MedalNames = BTreeMap<i64, String>;

type AssetKey = (halo_models::AssetId, halo_models::VersionId);

/// A client and the lookups that matches share, each fetched at most once however many
/// matches (or callers at the same time) ask: a history of 200 matches fetches each distinct
/// map once. Cheap to clone; clones share the lookups.
#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    maps: Memo<AssetKey, Fetched<Map>>,
    modes: Memo<AssetKey, Fetched<GameVariant>>,
    playlists: Memo<AssetKey, Fetched<Playlist>>,
    pairs: Memo<AssetKey, Fetched<MapModePair>>,
    medal_names: OnceCell<Result<Arc<MedalNames>, Error>>,
    season_calendar: OnceCell<Result<Arc<SeasonCalendar>, Error>>,
    season_names: Memo<String, Result<Option<String>, Error>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("client", &self.inner.client)
            .finish_non_exhaustive()
    }
}

impl Cache {
    /// An empty cache over `client` (cloned: clones share the connection pool and limits).
    pub fn new(client: &Client) -> Self {
        Self {
            inner: Arc::new(Inner {
                client: client.clone(),
                maps: Memo::default(),
                modes: Memo::default(),
                playlists: Memo::default(),
                pairs: Memo::default(),
                medal_names: OnceCell::new(),
                season_calendar: OnceCell::new(),
                season_names: Memo::default(),
            }),
        }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The match `id`, sharing this cache. Nothing is fetched until asked.
    pub fn match_by_id(&self, id: MatchId) -> Match {
        Match::with_cache(self.clone(), id, None)
    }

    /// The match of a history row, sharing this cache: what the row carries (times, map,
    /// mode, playlist, season) is not fetched again.
    pub fn match_from_history(&self, row: MatchHistoryEntry) -> Match {
        Match::with_cache(self.clone(), row.match_id, Some(row))
    }

    /// A player, sharing this cache. Nothing is fetched until asked.
    pub fn player(&self, player: impl Into<PlayerRef>) -> Player {
        Player::with_cache(self.clone(), Some(player.into()))
    }

    /// The map of `link` (`None`: the service has none).
    pub async fn map(&self, link: &AssetVersionLink) -> Fetched<Map> {
        let (asset, version) = (link.asset_id, link.version_id);
        self.inner
            .maps
            .get((asset, version), || {
                assets::fetch(
                    self.client().ugc().map(asset, version),
                    "map",
                    asset,
                    Some,
                    |m: &Map| m.asset_id,
                )
            })
            .await
    }

    /// The mode (game variant) of `link`.
    pub async fn mode(&self, link: &AssetVersionLink) -> Fetched<GameVariant> {
        let (asset, version) = (link.asset_id, link.version_id);
        self.inner
            .modes
            .get((asset, version), || {
                assets::fetch(
                    self.client().ugc().ugc_game_variant(asset, version),
                    "mode",
                    asset,
                    GameVariant::from_json,
                    |v| v.asset_id,
                )
            })
            .await
    }

    /// The playlist of `link`.
    pub async fn playlist(&self, link: &AssetVersionLink) -> Fetched<Playlist> {
        let (asset, version) = (link.asset_id, link.version_id);
        self.inner
            .playlists
            .get((asset, version), || {
                assets::fetch(
                    self.client().ugc().playlist(asset, version),
                    "playlist",
                    asset,
                    Some,
                    |p: &Playlist| p.asset_id,
                )
            })
            .await
    }

    /// The map-mode pair of `link`.
    pub async fn map_mode_pair(&self, link: &AssetVersionLink) -> Fetched<MapModePair> {
        let (asset, version) = (link.asset_id, link.version_id);
        self.inner
            .pairs
            .get((asset, version), || {
                assets::fetch(
                    self.client().ugc().map_mode_pair(asset, version),
                    "map-mode pair",
                    asset,
                    Some,
                    |p: &MapModePair| p.asset_id,
                )
            })
            .await
    }

    /// Medal names by `NameId` (`GameCms_GetMedalMetadata`).
    pub async fn medal_names(&self) -> Result<Arc<MedalNames>, Error> {
        self.inner
            .medal_names
            .get_or_init(|| async {
                let metadata = self
                    .client()
                    .cms()
                    .medal_metadata()
                    .await
                    .map_err(Error::from_api)?;
                Ok(Arc::new(
                    metadata
                        .medals
                        .into_iter()
                        .filter_map(|m| Some((m.name_id, assets::non_blank(&m.name.value)?)))
                        .collect(),
                ))
            })
            .await
            .clone()
    }

    /// The season of a match: its CSR season path (`Csr/Seasons/CsrSeason9-1.json`) and the
    /// name of the season that ran it at `at` (the match's start), when the calendar has one.
    pub async fn season(&self, id: &str, at: &Timestamp) -> Result<Season, Error> {
        let calendar = self
            .inner
            .season_calendar
            .get_or_init(|| async {
                self.client()
                    .cms()
                    .season_calendar()
                    .await
                    .map(Arc::new)
                    .map_err(Error::from_api)
            })
            .await
            .clone()?;
        let Some(metadata) = season::metadata_path(&calendar, id, at) else {
            return Ok(Season::new(id, None));
        };
        let client = self.client().clone();
        let name = self
            .inner
            .season_names
            .get(metadata.clone(), || season::fetch_name(client, metadata))
            .await?;
        Ok(Season::new(id, name))
    }
}
