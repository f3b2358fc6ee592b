//! `Stats_GetPlayerServiceRecord` with its filters and the combinations the service accepts.

use std::future::IntoFuture;

use halo_models::{AssetId, ServiceRecord};

use crate::call::CallFuture;
pub use crate::operations::Lifecycle;
use crate::operations::stats;
use crate::{Call, Client, Error, PlayerRef};

/// A service-record request; `.await` it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct ServiceRecordRequest {
    client: Client,
    player: PlayerRef,
    lifecycle: Lifecycle,
    season: Option<String>,
    category: Option<i64>,
    ranked: Option<bool>,
    playlist: Option<AssetId>,
    interaction: Option<String>,
}

impl ServiceRecordRequest {
    pub(crate) fn new(client: Client, player: PlayerRef, lifecycle: Lifecycle) -> Self {
        Self {
            client,
            player,
            lifecycle,
            season: None,
            category: None,
            ranked: None,
            playlist: None,
            interaction: None,
        }
    }

    /// Matchmade, custom or local games.
    pub fn lifecycle(mut self, lifecycle: Lifecycle) -> Self {
        self.lifecycle = lifecycle;
        self
    }

    /// Only this season (`Seasons/Season6.json`).
    pub fn season(mut self, season: impl Into<String>) -> Self {
        self.season = Some(season.into());
        self
    }

    /// Only this game-variant category (see ENUMS.md).
    pub fn game_variant_category(mut self, category: i64) -> Self {
        self.category = Some(category);
        self
    }

    /// Only ranked (or unranked) games.
    pub fn ranked(mut self, ranked: bool) -> Self {
        self.ranked = Some(ranked);
        self
    }

    /// Only this playlist.
    pub fn playlist(mut self, playlist: AssetId) -> Self {
        self.playlist = Some(playlist);
        self
    }

    /// Only this gameplay interaction (`pvp`, `pve`).
    pub fn gameplay_interaction(mut self, interaction: impl Into<String>) -> Self {
        self.interaction = Some(interaction.into());
        self
    }

    /// Whether the filters form a combination the service accepts: season; season+category;
    /// season+category+playlist; season+category+ranked; season+playlist; season+interaction;
    /// category; category+ranked; or none. Only matchmade records take filters.
    pub fn filters_problem(&self) -> Option<String> {
        let set = (
            self.season.is_some(),
            self.category.is_some(),
            self.ranked.is_some(),
            self.playlist.is_some(),
            self.interaction.is_some(),
        );
        if set == (false, false, false, false, false) {
            return None;
        }
        if self.lifecycle != Lifecycle::Matchmade {
            return Some(format!(
                "{} service records take no filters",
                self.lifecycle.as_str()
            ));
        }
        let allowed = matches!(
            set,
            (true, false, false, false, false)
                | (true, true, false, false, false)
                | (true, true, false, true, false)
                | (true, true, true, false, false)
                | (true, false, false, true, false)
                | (true, false, false, false, true)
                | (false, true, false, false, false)
                | (false, true, true, false, false)
        );
        (!allowed).then(|| {
            "unsupported filter combination: use season, season+category, season+category+playlist, \
             season+category+ranked, season+playlist, season+interaction, category or category+ranked"
                .to_owned()
        })
    }

    /// The call.
    pub fn call(&self) -> Call<ServiceRecord> {
        let mut operation = stats::GetPlayerServiceRecord::new(self.player.clone(), self.lifecycle);
        operation.season_id = self.season.clone();
        operation.game_variant_category = self.category;
        operation.is_ranked = self.ranked;
        operation.playlist_asset_id = self.playlist;
        operation.gameplay_interaction = self.interaction.clone();
        let call = self.client.op(operation);
        match self.filters_problem() {
            Some(problem) => call.map_request(|r| r.invalid(problem)),
            None => call,
        }
    }
}

impl IntoFuture for ServiceRecordRequest {
    type Output = Result<ServiceRecord, Error>;
    type IntoFuture = CallFuture<ServiceRecord>;

    fn into_future(self) -> Self::IntoFuture {
        self.call().into_future()
    }
}
