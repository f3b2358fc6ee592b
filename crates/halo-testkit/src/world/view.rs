//! Which matches of a history a request lists: the `type` of `GET /hi/players/{player}/matches`
//! (`all`: matchmade and custom games, `matchmaking`: only matchmade, `custom`: only custom
//! games, `local`: local games, which the world has none of).

/// A view of a player's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View {
    /// Every match, newest first.
    All,
    /// Matchmade matches only.
    Matchmade,
    /// Custom games only.
    Custom,
    /// Local (LAN) games only.
    Local,
}

impl View {
    /// The view a `type` query value asks for (case-insensitive); `None` for another value.
    pub(crate) fn parse(kind: &str) -> Option<Self> {
        Some(match kind.to_ascii_lowercase().as_str() {
            "all" => Self::All,
            "matchmaking" => Self::Matchmade,
            "custom" => Self::Custom,
            "local" => Self::Local,
            _ => return None,
        })
    }

    /// Whether a match of this kind (`matchmade` or a custom game) is in the view.
    pub(crate) fn holds(self, matchmade: bool) -> bool {
        match self {
            Self::All => true,
            Self::Matchmade => matchmade,
            Self::Custom => !matchmade,
            Self::Local => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_and_views_hold_their_kind() {
        assert_eq!(View::parse("MatchMaking"), Some(View::Matchmade));
        assert_eq!(View::parse("custom"), Some(View::Custom));
        assert_eq!(View::parse("ranked"), None);
        assert!(View::All.holds(false) && View::All.holds(true));
        assert!(View::Matchmade.holds(true) && !View::Matchmade.holds(false));
        assert!(View::Custom.holds(false) && !View::Custom.holds(true));
        assert!(!View::Local.holds(true) && !View::Local.holds(false));
    }
}
