//! `halo history` as plain serializable values.

use halo_models::{MatchHistoryEntry, Timestamp};
use serde::Serialize;

use crate::lookup::Asset;
use crate::players::Identity;

/// A player's most recent matches, newest first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryReport {
    /// Whose history.
    pub(crate) player: Identity,
    /// The matches, newest first.
    pub(crate) matches: Vec<HistoryEntry>,
}

/// One match of a history.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryEntry {
    /// The match id.
    pub(crate) match_id: String,
    /// When it started (ISO 8601, as sent).
    pub(crate) start_time: String,
    /// How long it lasted, in whole seconds.
    pub(crate) duration_seconds: u64,
    /// The game variant category (`MULTIPLAYER_SLAYER`...).
    pub(crate) category: String,
    /// The map.
    pub(crate) map: Asset,
    /// The mode (UGC game variant).
    pub(crate) mode: Asset,
    /// The playlist.
    pub(crate) playlist: Asset,
    /// The season (`Csr/Seasons/CsrSeason9-1.json`), when the match had one.
    pub(crate) season: Option<String>,
    /// The player's outcome: `win`, `loss`, `tie`, `did_not_finish`...
    pub(crate) outcome: String,
    /// The player's rank in the match.
    pub(crate) rank: i64,
    /// The team the player ended on.
    pub(crate) team_id: i64,
    /// Whether the player was there at the end.
    pub(crate) present_at_end: bool,
}

impl HistoryEntry {
    /// The entry as reported, before asset names are looked up.
    pub(crate) fn new(entry: &MatchHistoryEntry) -> Self {
        let info = &entry.match_info;
        let season = info.season_id.trim();
        Self {
            match_id: entry.match_id.to_string(),
            start_time: info.start_time.to_string(),
            duration_seconds: info.duration.whole_seconds(),
            category: info.game_variant_category.to_string(),
            map: Asset::of(&info.map_variant),
            mode: Asset::of(&info.ugc_game_variant),
            playlist: Asset::of(&info.playlist),
            season: (!season.is_empty()).then(|| season.to_owned()),
            outcome: entry.outcome.to_string().to_ascii_lowercase(),
            rank: entry.rank,
            team_id: entry.last_team_id,
            present_at_end: entry.present_at_end_of_match,
        }
    }
}

/// `YYYY-MM-DD HH:MM` of a timestamp, in the offset it was sent with (the service sends UTC).
pub(crate) fn short_date(time: &Timestamp) -> String {
    let (hour, minute, _) = time.time_of_day();
    format!(
        "{:04}-{:02}-{:02} {hour:02}:{minute:02}",
        time.year(),
        time.month(),
        time.day()
    )
}

/// A category for people: `MULTIPLAYER_KING_OF_THE_HILL` reads `King of the hill`.
pub(crate) fn category_label(category: &str) -> String {
    let text = category.strip_prefix("MULTIPLAYER_").unwrap_or(category);
    let text = text.replace('_', " ").to_ascii_lowercase();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(category_label("MULTIPLAYER_SLAYER"), "Slayer");
        assert_eq!(
            category_label("MULTIPLAYER_KING_OF_THE_HILL"),
            "King of the hill"
        );
        assert_eq!(category_label("UNKNOWN(77)"), "Unknown(77)");
        assert_eq!(category_label(""), "");
        let time: Timestamp = "2025-01-29T04:20:33.441Z".parse().unwrap();
        assert_eq!(short_date(&time), "2025-01-29 04:20");
    }
}
