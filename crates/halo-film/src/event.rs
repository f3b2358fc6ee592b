//! Highlight events and their kinds.

use std::fmt;

/// The type hints (`W[47]`) that mark a medal when the medal flag is set: exactly the medals'
/// `sortingWeight` values in the medal metadata, the hint being the awarded medal's weight.
pub const MEDAL_SORTING_WEIGHTS: [u8; 16] = [
    50, 51, 52, 100, 101, 150, 200, 205, 210, 220, 225, 230, 235, 240, 245, 250,
];

/// Type hint of an objective (mode) event.
pub const HINT_MODE: u8 = 10;
/// Type hint of a death.
pub const HINT_DEATH: u8 = 20;
/// Type hint of a kill.
pub const HINT_KILL: u8 = 50;

/// What happened to a player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// The player killed another human player.
    Kill,
    /// The player died.
    Death,
    /// The player earned a medal.
    Medal,
    /// An objective action of the game mode (which one is not recorded).
    Mode,
    /// A type hint no known kind uses, kept rather than rejected.
    Unknown(u8),
}

impl EventKind {
    /// Infers the kind from the type hint and the medal flag.
    ///
    /// ```
    /// use halo_film::EventKind;
    /// assert_eq!(EventKind::from_hint(100, true), EventKind::Medal);
    /// assert_eq!(EventKind::from_hint(50, true), EventKind::Medal);
    /// assert_eq!(EventKind::from_hint(50, false), EventKind::Kill);
    /// assert_eq!(EventKind::from_hint(100, false), EventKind::Unknown(100));
    /// ```
    #[must_use]
    pub fn from_hint(type_hint: u8, is_medal: bool) -> Self {
        if is_medal && MEDAL_SORTING_WEIGHTS.contains(&type_hint) {
            return Self::Medal;
        }
        match type_hint {
            HINT_MODE => Self::Mode,
            HINT_DEATH => Self::Death,
            HINT_KILL => Self::Kill,
            other => Self::Unknown(other),
        }
    }

    /// The kind's lowercase name: `kill`, `death`, `medal`, `mode` or `unknown`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Kill => "kill",
            Self::Death => "death",
            Self::Medal => "medal",
            Self::Mode => "mode",
            Self::Unknown(_) => "unknown",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One highlight event of a match: a kill, death, medal or objective action of a human player.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct HighlightEvent {
    /// Xbox user ID of the player.
    pub xuid: u64,
    /// The player's gamertag.
    pub gamertag: String,
    /// The raw type hint byte the kind is inferred from.
    pub type_hint: u8,
    /// Whether the record's medal flag is set.
    pub is_medal: bool,
    /// The inferred kind.
    pub kind: EventKind,
    /// Milliseconds since the start of the match.
    pub time_ms: u32,
    /// The raw medal code byte (meaningful for medals only).
    pub medal_code: u8,
    /// The medal's name for medal events whose code is known, else `None`.
    pub medal_name: Option<&'static str>,
}
