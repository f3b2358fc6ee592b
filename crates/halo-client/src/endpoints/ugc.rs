//! The UGC discovery service (discovery-infiniteugc) and the blob host.

use std::future::IntoFuture;

use halo_models::{
    AssetId, AssetSearchPage, AssetSearchPageResult, FilmManifest, Map, MapModePair, MatchId,
    Playlist, Timestamp, UgcGameVariant, VersionId,
};

use crate::call::CallFuture;
use crate::operations::{SearchAssetKind, SearchSort, SortOrder, hiugc};
use crate::{BytesCall, Call, Client, Error, PlayerRef};
use futures_util::stream::{self, BoxStream, StreamExt};

/// Endpoints of the UGC discovery service; from [`Client::ugc`].
#[derive(Clone, Copy, Debug)]
pub struct Ugc<'a> {
    pub(crate) client: &'a Client,
}

impl Ugc<'_> {
    /// `HIUGC_Discovery_GetMap` (add `.accept_language(..)` for localized text).
    pub fn map(&self, asset: AssetId, version: VersionId) -> Call<Map> {
        self.client.op(hiugc::DiscoveryGetMap::new(asset, version))
    }

    /// `HIUGC_Discovery_GetPlaylist`.
    pub fn playlist(&self, asset: AssetId, version: VersionId) -> Call<Playlist> {
        self.client
            .op(hiugc::DiscoveryGetPlaylist::new(asset, version))
    }

    /// `HIUGC_Discovery_GetMapModePair`.
    pub fn map_mode_pair(&self, asset: AssetId, version: VersionId) -> Call<MapModePair> {
        self.client
            .op(hiugc::DiscoveryGetMapModePair::new(asset, version))
    }

    /// `HIUGC_Discovery_GetUgcGameVariant` as raw JSON (what halo-match reads); the typed
    /// model is [`Ugc::game_variant`].
    pub fn ugc_game_variant(&self, asset: AssetId, version: VersionId) -> Call<serde_json::Value> {
        self.game_variant(asset, version).decode_as()
    }

    /// `HIUGC_Discovery_GetUgcGameVariant`: a game mode.
    pub fn game_variant(&self, asset: AssetId, version: VersionId) -> Call<UgcGameVariant> {
        self.client
            .op(hiugc::DiscoveryGetUgcGameVariant::new(asset, version))
    }

    /// `HIUGC_Discovery_SpectateByMatchId`: the film manifest of a match; its chunks live under
    /// `BlobStoragePathPrefix` on the blob host (see [`Ugc::film_chunk`]).
    pub fn spectate(&self, match_id: MatchId) -> Call<FilmManifest> {
        self.client
            .op(hiugc::DiscoverySpectateByMatchId::new(match_id))
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
        self.client.op(hiugc::GetBlob::new(full)).bytes()
    }

    /// `HIUGC_Discovery_Search`: a search request to refine, then `.await` (one page) or
    /// stream.
    pub fn search(&self) -> SearchRequest {
        SearchRequest {
            client: self.client.clone(),
            operation: hiugc::DiscoverySearch::new(),
        }
    }
}

/// A UGC search; each setter adds a filter.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct SearchRequest {
    client: Client,
    operation: hiugc::DiscoverySearch,
}

impl SearchRequest {
    /// The largest page the service serves.
    pub const MAX_COUNT: u32 = 101;

    /// Results to skip.
    pub fn start(mut self, start: u32) -> Self {
        self.operation = self.operation.start(start);
        self
    }

    /// Results per page (1 to 101; checked when sent).
    pub fn count(mut self, count: u32) -> Self {
        self.operation = self.operation.count(count);
        self
    }

    /// Search text.
    pub fn term(mut self, term: &str) -> Self {
        self.operation = self.operation.term(term);
        self
    }

    /// Only this asset kind.
    pub fn asset_kind(mut self, kind: SearchAssetKind) -> Self {
        self.operation = self.operation.asset_kind(kind);
        self
    }

    /// Only assets with this tag (repeatable).
    pub fn tag(mut self, tag: &str) -> Self {
        self.operation = self.operation.tags(tag);
        self
    }

    /// Only assets by this author.
    pub fn author(mut self, author: impl Into<PlayerRef>) -> Self {
        self.operation = self.operation.author(author.into().path_segment());
        self
    }

    /// Sort field and order.
    pub fn sort(mut self, sort: SearchSort, order: SortOrder) -> Self {
        self.operation = self.operation.sort(sort).order(order);
        self
    }

    /// Only assets rated at least this (0 to 5).
    pub fn min_rating(mut self, rating: f64) -> Self {
        self.operation = self.operation.average_rating_min(rating);
        self
    }

    /// Only assets created in this window (either end may be open).
    pub fn created(mut self, from: Option<Timestamp>, to: Option<Timestamp>) -> Self {
        self.operation.from_date_created_utc = from;
        self.operation.to_date_created_utc = to;
        self
    }

    /// Only assets modified in this window (either end may be open).
    pub fn modified(mut self, from: Option<Timestamp>, to: Option<Timestamp>) -> Self {
        self.operation.from_date_modified_utc = from;
        self.operation.to_date_modified_utc = to;
        self
    }

    /// Only assets published in this window (either end may be open).
    pub fn published(mut self, from: Option<Timestamp>, to: Option<Timestamp>) -> Self {
        self.operation.from_date_published_utc = from;
        self.operation.to_date_published_utc = to;
        self
    }

    /// The operation as built so far.
    pub fn operation(&self) -> &hiugc::DiscoverySearch {
        &self.operation
    }

    /// Every page from `start` on ([`Client::pages`]).
    pub fn pages(self) -> BoxStream<'static, Result<AssetSearchPage, Error>> {
        match self.call().url() {
            Ok(_) => self.client.pages(self.operation),
            Err(error) => refused(error),
        }
    }

    /// Every result from `start` on ([`Client::items`]).
    pub fn results(self) -> BoxStream<'static, Result<AssetSearchPageResult, Error>> {
        match self.call().url() {
            Ok(_) => self.client.items(self.operation),
            Err(error) => refused(error),
        }
    }

    /// The call.
    pub fn call(&self) -> Call<AssetSearchPage> {
        let call = self.client.op(self.operation.clone());
        match self.operation.count {
            Some(count) if !(1..=Self::MAX_COUNT).contains(&count) => {
                call.map_request(|r| r.invalid(format!("count must be 1 to 101, not {count}")))
            }
            _ => call,
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

/// A stream that is only the refusal of an invalid search.
fn refused<T: Send + 'static>(error: Error) -> BoxStream<'static, Result<T, Error>> {
    stream::once(std::future::ready(Err(error))).boxed()
}
