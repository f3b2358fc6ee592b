//! Names for ids, looked up best-effort: gamertags of XUIDs (profile service), medal names
//! (content service) and asset names (UGC discovery). A failed lookup leaves the id as it is.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::stream::{self, StreamExt};
use halo_client::Client;
use halo_models::{AssetVersionLink, Xuid};
use serde::Serialize;

/// How many single-user profile lookups run at once when the bulk lookup missed some.
const PROFILE_CONCURRENCY: usize = 4;
/// At most this many single-user lookups after the bulk one.
const MAX_SINGLE_PROFILE_LOOKUPS: usize = 32;

/// Gamertags of `xuids`: one `Profile_GetUsers` call, then single `Profile_GetUser` calls for
/// the ones it did not answer. Only answers whose XUID is the one asked are kept.
pub(crate) async fn gamertags(
    client: &Client,
    xuids: impl IntoIterator<Item = Xuid>,
) -> BTreeMap<Xuid, String> {
    let wanted: BTreeSet<Xuid> = xuids.into_iter().collect();
    let mut names = BTreeMap::new();
    if wanted.is_empty() {
        return names;
    }
    if let Ok(users) = client.profile().users(wanted.iter().copied()).await {
        for user in users {
            if wanted.contains(&user.xuid) && !user.gamertag.is_empty() {
                names.insert(user.xuid, user.gamertag);
            }
        }
    }
    let missing: Vec<Xuid> = wanted
        .iter()
        .filter(|x| !names.contains_key(*x))
        .copied()
        .take(MAX_SINGLE_PROFILE_LOOKUPS)
        .collect();
    let found: Vec<(Xuid, String)> = stream::iter(missing)
        .map(|xuid| async move {
            let user = client.profile().user(xuid).await.ok()?;
            (user.xuid == xuid && !user.gamertag.is_empty()).then_some((xuid, user.gamertag))
        })
        .buffer_unordered(PROFILE_CONCURRENCY)
        .filter_map(|found| async move { found })
        .collect()
        .await;
    names.extend(found);
    names
}

/// Medal names by `NameId` (empty when the metadata cannot be had).
pub(crate) async fn medal_names(client: &Client) -> BTreeMap<i64, String> {
    match client.cms().medal_metadata().await {
        Ok(metadata) => metadata
            .medals
            .into_iter()
            .map(|medal| (medal.name_id, medal.name.value))
            .collect(),
        Err(_) => BTreeMap::new(),
    }
}

/// An asset reference (map, mode, playlist) with its name when the service gave one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Asset {
    /// The asset id.
    pub(crate) asset_id: String,
    /// The version id.
    pub(crate) version_id: String,
    /// The public name, when known.
    pub(crate) name: Option<String>,
}

impl Asset {
    /// The reference without a name.
    pub(crate) fn of(link: &AssetVersionLink) -> Self {
        Self {
            asset_id: link.asset_id.to_string(),
            version_id: link.version_id.to_string(),
            name: None,
        }
    }

    /// The name, else the asset id.
    pub(crate) fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.asset_id)
    }
}

/// Which UGC discovery endpoint names an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AssetKind {
    /// `HIUGC_Discovery_GetPlaylist` (first: the fewest distinct ones, named first).
    Playlist,
    /// `HIUGC_Discovery_GetMap`.
    Map,
    /// `HIUGC_Discovery_GetUgcGameVariant`.
    Mode,
}

/// Fills in `asset.name` from the discovery service. The answer is read as raw JSON and only
/// trusted when its `AssetId` is the one asked for (a test server answers one capture for any id).
pub(crate) async fn name_asset(client: &Client, kind: AssetKind, asset: &mut Asset) {
    let (Ok(asset_id), Ok(version_id)) = (asset.asset_id.parse(), asset.version_id.parse()) else {
        return;
    };
    let ugc = client.ugc();
    let call = match kind {
        AssetKind::Map => ugc
            .map(asset_id, version_id)
            .decode_as::<serde_json::Value>(),
        AssetKind::Mode => ugc.ugc_game_variant(asset_id, version_id),
        AssetKind::Playlist => ugc
            .playlist(asset_id, version_id)
            .decode_as::<serde_json::Value>(),
    };
    let Ok(value) = call.await else {
        return;
    };
    let same = value
        .get("AssetId")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|id| id.eq_ignore_ascii_case(&asset.asset_id));
    let name = value
        .get("PublicName")
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if let (true, Some(name)) = (same, name) {
        asset.name = Some(name.to_owned());
    }
}

/// At most this many distinct assets are named per command (the rest keep their ids).
const MAX_ASSET_LOOKUPS: usize = 48;
/// How many asset lookups run at once.
const ASSET_CONCURRENCY: usize = 6;

/// Names every distinct asset of `assets` once (a list of matches repeats the same maps,
/// modes and playlists), then fills the names in.
pub(crate) async fn name_assets(client: &Client, assets: &mut [(AssetKind, &mut Asset)]) {
    let key =
        |kind: AssetKind, asset: &Asset| (kind, asset.asset_id.clone(), asset.version_id.clone());
    let distinct: BTreeSet<(AssetKind, String, String)> = assets
        .iter()
        .map(|(kind, asset)| key(*kind, asset))
        .collect();
    let named: BTreeMap<(AssetKind, String, String), String> =
        stream::iter(distinct.into_iter().take(MAX_ASSET_LOOKUPS))
            .map(|(kind, asset_id, version_id)| async move {
                let mut asset = Asset {
                    asset_id,
                    version_id,
                    name: None,
                };
                name_asset(client, kind, &mut asset).await;
                let name = asset.name?;
                Some(((kind, asset.asset_id, asset.version_id), name))
            })
            .buffer_unordered(ASSET_CONCURRENCY)
            .filter_map(|found| async move { found })
            .collect()
            .await;
    for (kind, asset) in assets.iter_mut() {
        if let Some(name) = named.get(&key(*kind, asset)) {
            asset.name = Some(name.clone());
        }
    }
}
