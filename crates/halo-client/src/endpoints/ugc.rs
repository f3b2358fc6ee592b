//! The UGC discovery service (discovery-infiniteugc) and the blob host.

use std::future::IntoFuture;

use halo_models::{
    AssetId, AssetSearchPage, FilmManifest, Map, MapModePair, MatchId, Playlist, VersionId,
};

use super::route;
use crate::call::CallFuture;
use crate::{BytesCall, Call, Client, Error};

/// Endpoints of the UGC discovery service; from [`Client::ugc`].
#[derive(Clone, Copy, Debug)]
pub struct Ugc<'a> {
    pub(crate) client: &'a Client,
}

impl Ugc<'_> {
    fn asset<T>(&self, id: &str, asset: AssetId, version: VersionId) -> Call<T> {
        self.client
            .typed(route(id))
            .static_path_param("assetId", asset.to_string())
            .static_path_param("versionId", version.to_string())
    }

    /// `HIUGC_Discovery_GetMap` (add `.accept_language(..)` for localized text).
    pub fn map(&self, asset: AssetId, version: VersionId) -> Call<Map> {
        self.asset("HIUGC_Discovery_GetMap", asset, version)
    }

    /// `HIUGC_Discovery_GetPlaylist`.
    pub fn playlist(&self, asset: AssetId, version: VersionId) -> Call<Playlist> {
        self.asset("HIUGC_Discovery_GetPlaylist", asset, version)
    }

    /// `HIUGC_Discovery_GetMapModePair`.
    pub fn map_mode_pair(&self, asset: AssetId, version: VersionId) -> Call<MapModePair> {
        self.asset("HIUGC_Discovery_GetMapModePair", asset, version)
    }

    /// `HIUGC_Discovery_GetUgcGameVariant` (raw JSON: no capture to model it from).
    pub fn ugc_game_variant(&self, asset: AssetId, version: VersionId) -> Call<serde_json::Value> {
        self.asset("HIUGC_Discovery_GetUgcGameVariant", asset, version)
    }

    /// `HIUGC_Discovery_SpectateByMatchId`: the film manifest of a match; its chunks live under
    /// `BlobStoragePathPrefix` on the blob host (see [`Ugc::film_chunk`]).
    pub fn spectate(&self, match_id: MatchId) -> Call<FilmManifest> {
        self.client
            .typed(static_route!(HIUGC_DISCOVERY_SPECTATE_BY_MATCH_ID))
            .static_path_param("matchId", match_id.to_string())
    }

    /// `HIUGC_GetBlob`: one film chunk, `prefix` being the manifest's `BlobStoragePathPrefix`
    /// (a full `https://blobs-infiniteugc.../` URL or a path) and `file` the chunk's file.
    pub fn film_chunk(&self, prefix: &str, file: &str) -> BytesCall {
        let path = prefix.split_once("://").map_or(prefix, |(_, rest)| {
            rest.split_once('/').map_or("", |(_, path)| path)
        });
        let full = format!(
            "{}/{}",
            path.trim_matches('/'),
            file.trim_start_matches('/')
        );
        self.client
            .typed::<serde_json::Value>(static_route!(HIUGC_GET_BLOB))
            .static_path_param("path", full)
            .bytes()
    }

    /// `HIUGC_Discovery_Search`: a search request to refine, then `.await`.
    pub fn search(&self) -> SearchRequest {
        SearchRequest {
            call: self.client.typed(static_route!(HIUGC_DISCOVERY_SEARCH)),
            count: None,
        }
    }
}

/// A UGC search; each setter adds a filter.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct SearchRequest {
    call: Call<AssetSearchPage>,
    count: Option<u32>,
}

impl SearchRequest {
    /// Results to skip.
    pub fn start(mut self, start: u32) -> Self {
        self.call = self.call.query("start", start.to_string());
        self
    }

    /// Results per page (1 to 101; checked when sent).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Search text.
    pub fn term(mut self, term: &str) -> Self {
        self.call = self.call.query("term", term);
        self
    }

    /// Only this asset kind (`Map`, `UgcGameVariant`, `Prefab`, `Mode`...).
    pub fn asset_kind(mut self, kind: &str) -> Self {
        self.call = self.call.query("assetKind", kind);
        self
    }

    /// Only assets with this tag (repeatable).
    pub fn tag(mut self, tag: &str) -> Self {
        self.call = self.call.query("tags", tag);
        self
    }

    /// Only assets by this author (`xuid(N)`).
    pub fn author(mut self, author: &str) -> Self {
        self.call = self.call.query("author", author);
        self
    }

    /// Sort field and order (`PlaysRecent`, `Desc`).
    pub fn sort(mut self, sort: &str, order: &str) -> Self {
        self.call = self.call.query("sort", sort).query("order", order);
        self
    }

    /// Any other filter the service takes (`averageRatingMin`, `fromDateCreatedUtc`...).
    pub fn filter(mut self, name: &str, value: &str) -> Self {
        self.call = self.call.query(name, value);
        self
    }

    /// The call.
    pub fn call(&self) -> Call<AssetSearchPage> {
        match self.count {
            Some(count @ 1..=101) => self.call.clone().query("count", count.to_string()),
            Some(count) => self
                .call
                .clone()
                .map_request(|r| r.invalid(format!("count must be 1 to 101, not {count}"))),
            None => self.call.clone(),
        }
    }
}

impl IntoFuture for SearchRequest {
    type Output = Result<AssetSearchPage, Error>;
    type IntoFuture = CallFuture<AssetSearchPage>;

    fn into_future(self) -> Self::IntoFuture {
        self.call().into_future()
    }
}
