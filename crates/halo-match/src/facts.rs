//! What a match is (when, how, where), from its stats or from a history row: both carry the
//! same `MatchInfo` facts, so a match built from a row needs no stats for them.

use halo_models::{
    AssetVersionLink, GameVariantCategory, IsoDuration, LifecycleMode, MatchInfo, Timestamp,
};

use crate::assets::is_nil;

/// When, how and where a match was played.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// When it started.
    pub start_time: Timestamp,
    /// When it ended.
    pub end_time: Timestamp,
    /// How long it lasted.
    pub duration: IsoDuration,
    /// Matchmade, custom or LAN.
    pub lifecycle: LifecycleMode,
    /// The game variant category (Slayer, CTF...).
    pub category: GameVariantCategory,
    /// The map.
    pub map: AssetVersionLink,
    /// The mode (UGC game variant).
    pub mode: AssetVersionLink,
    /// The playlist (none for custom games).
    pub playlist: Option<AssetVersionLink>,
    /// The playlist's map-mode pair (none for custom games).
    pub map_mode_pair: Option<AssetVersionLink>,
    /// The CSR season the match was played in (`Csr/Seasons/CsrSeason9-1.json`); matchmade
    /// matches carry it whether their playlist is ranked or not.
    pub season_id: Option<String>,
}

impl Facts {
    /// Whether the match was matchmade (only those have skill results).
    pub fn is_matchmade(&self) -> bool {
        self.lifecycle == LifecycleMode::Matchmade
    }

    /// The facts of a match's info (match stats and history rows share the type).
    pub fn of_stats(info: &MatchInfo) -> Self {
        Self {
            start_time: info.start_time,
            end_time: info.end_time,
            duration: info.duration,
            lifecycle: info.lifecycle_mode,
            category: info.game_variant_category,
            map: info.map_variant.clone(),
            mode: info.ugc_game_variant.clone(),
            playlist: info.playlist.clone().filter(|l| !is_nil(l)),
            map_mode_pair: info.playlist_map_mode_pair.clone().filter(|l| !is_nil(l)),
            season_id: season(info.season_id.as_deref()),
        }
    }
}

/// A non-blank season path.
fn season(id: Option<&str>) -> Option<String> {
    id.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
