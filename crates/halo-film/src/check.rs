//! The consistency check of decoded events against a match's stats.
//!
//! Per human player, the kills, deaths and medals counted in the events are compared with the
//! match stats (medals being the sum of `CoreStats.Medals[].Count`). Mode events are not
//! compared. A mismatch is expected in modes against AI (AI kills are not recorded), and a kill
//! or death is occasionally missing, so each mismatch names the game-variant category.

use std::collections::HashMap;
use std::fmt;

use crate::event::{EventKind, HighlightEvent};

/// Kills, deaths and medals of one player.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EventCounts {
    /// Kills of human players.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// Medals earned.
    pub medals: u32,
}

impl EventCounts {
    /// Counts from the match stats.
    #[must_use]
    pub const fn new(kills: u32, deaths: u32, medals: u32) -> Self {
        Self {
            kills,
            deaths,
            medals,
        }
    }

    fn add(&mut self, kind: EventKind) {
        match kind {
            EventKind::Kill => self.kills += 1,
            EventKind::Death => self.deaths += 1,
            EventKind::Medal => self.medals += 1,
            EventKind::Mode | EventKind::Unknown(_) => {}
        }
    }
}

impl fmt::Display for EventCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} kills, {} deaths, {} medals",
            self.kills, self.deaths, self.medals
        )
    }
}

/// What the match stats say one human player did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlayerStats {
    /// The player's XUID.
    pub xuid: u64,
    /// Kills, deaths and medal count from the match stats.
    pub expected: EventCounts,
}

impl PlayerStats {
    /// A player's expected counts.
    #[must_use]
    pub const fn new(xuid: u64, kills: u32, deaths: u32, medals: u32) -> Self {
        Self {
            xuid,
            expected: EventCounts::new(kills, deaths, medals),
        }
    }
}

/// A player whose event counts differ from the match stats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mismatch {
    /// The player's XUID.
    pub xuid: u64,
    /// Counts from the match stats.
    pub expected: EventCounts,
    /// Counts from the highlight events.
    pub found: EventCounts,
    /// The match's game-variant category, as the caller gave it.
    pub category: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "player xuid({}): match stats say {}, highlight events have {} (game variant category {})",
            self.xuid, self.expected, self.found, self.category
        )
    }
}

/// Compares `events` with the `players`' stats; returns one [`Mismatch`] per human player whose
/// counts differ, in the order of `players`, each tagged with `category`.
///
/// ```
/// use halo_film::{PlayerStats, check};
/// // No events at all: a player with one kill in the stats is a mismatch.
/// let mismatches = check(&[], &[PlayerStats::new(2_535_445_291_321_133, 1, 0, 0)], "Slayer");
/// assert_eq!(mismatches.len(), 1);
/// assert_eq!(mismatches[0].found.kills, 0);
/// assert!(check(&[], &[PlayerStats::new(2_535_445_291_321_133, 0, 0, 0)], "Slayer").is_empty());
/// ```
#[must_use]
pub fn check(events: &[HighlightEvent], players: &[PlayerStats], category: &str) -> Vec<Mismatch> {
    let mut counts: HashMap<u64, EventCounts> = HashMap::new();
    for event in events {
        counts.entry(event.xuid).or_default().add(event.kind);
    }
    players
        .iter()
        .filter_map(|player| {
            let found = counts.get(&player.xuid).copied().unwrap_or_default();
            (found != player.expected).then(|| Mismatch {
                xuid: player.xuid,
                expected: player.expected,
                found,
                category: category.to_owned(),
            })
        })
        .collect()
}
