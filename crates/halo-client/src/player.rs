//! [`PlayerRef`]: a player given as a gamertag, a 16-digit XUID, or `xuid(N)`.

use std::fmt;
use std::str::FromStr;

use halo_models::Xuid;

/// A player, as users name one. `Debug` shows the id once: `Xuid(2535...)`, `Gamertag("..")`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum PlayerRef {
    /// An Xbox user id.
    Xuid(Xuid),
    /// A gamertag (case-insensitive on the service).
    Gamertag(String),
}

impl fmt::Debug for PlayerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `Xuid(N)`, not `Xuid(Xuid(N))`.
            Self::Xuid(xuid) => fmt::Debug::fmt(xuid, f),
            Self::Gamertag(gamertag) => f.debug_tuple("Gamertag").field(gamertag).finish(),
        }
    }
}

/// Why a player reference is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidPlayer(String);

impl fmt::Display for InvalidPlayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidPlayer {}

impl PlayerRef {
    /// The longest gamertag accepted (a modern gamertag with its `#1234` suffix).
    pub const MAX_GAMERTAG_CHARS: usize = 16;

    /// The XUID, if this is one.
    pub fn xuid(&self) -> Option<Xuid> {
        match self {
            Self::Xuid(xuid) => Some(*xuid),
            Self::Gamertag(_) => None,
        }
    }

    /// The form the stats, skill and economy paths take: `xuid(N)` or the gamertag.
    pub fn path_segment(&self) -> String {
        match self {
            Self::Xuid(xuid) => wrapped(*xuid),
            Self::Gamertag(gamertag) => gamertag.clone(),
        }
    }

    /// The form the profile service takes: `xuid(N)` or `gt(name)`.
    pub fn profile_segment(&self) -> String {
        match self {
            Self::Xuid(xuid) => wrapped(*xuid),
            Self::Gamertag(gamertag) => format!("gt({gamertag})"),
        }
    }
}

/// `xuid(N)`, written digit by digit into one allocation (no formatting machinery: this runs
/// for every request naming a player).
fn wrapped(xuid: Xuid) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = xuid.0;
    loop {
        at -= 1;
        // `rest % 10` is below 10, so the cast is exact.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(6 + digits.len() - at);
    out.push_str("xuid(");
    // ASCII digits: the check cannot fail, and one copy beats a push per digit.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
    out.push(')');
    out
}

impl FromStr for PlayerRef {
    type Err = InvalidPlayer;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some(inner) = text
            .strip_prefix("xuid(")
            .or_else(|| text.strip_prefix("XUID("))
            .and_then(|rest| rest.strip_suffix(')'))
        {
            return inner
                .parse::<u64>()
                .ok()
                .filter(|xuid| *xuid > 0 && inner.bytes().all(|b| b.is_ascii_digit()))
                .map(|xuid| Self::Xuid(Xuid(xuid)))
                .ok_or_else(|| InvalidPlayer(format!("`{text}` is not a valid xuid(N)")));
        }
        if text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(xuid) = text.parse::<u64>() {
                return Ok(Self::Xuid(Xuid(xuid)));
            }
        }
        if text.is_empty() {
            return Err(InvalidPlayer("an empty gamertag".to_owned()));
        }
        if text.chars().count() > Self::MAX_GAMERTAG_CHARS {
            return Err(InvalidPlayer(format!(
                "`{text}` is longer than a gamertag ({} characters)",
                Self::MAX_GAMERTAG_CHARS
            )));
        }
        if text
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '?' | '(' | ')'))
        {
            return Err(InvalidPlayer(format!("`{text}` is not a valid gamertag")));
        }
        Ok(Self::Gamertag(text.to_owned()))
    }
}

impl fmt::Display for PlayerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path_segment())
    }
}

impl From<u64> for PlayerRef {
    fn from(xuid: u64) -> Self {
        Self::Xuid(Xuid(xuid))
    }
}

impl From<Xuid> for PlayerRef {
    fn from(xuid: Xuid) -> Self {
        Self::Xuid(xuid)
    }
}

impl From<&PlayerRef> for PlayerRef {
    fn from(player: &PlayerRef) -> Self {
        player.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_an_id_once() {
        let player = PlayerRef::from(2_535_445_291_321_133);
        assert_eq!(format!("{player:?}"), "Xuid(2535445291321133)");
        let player = PlayerRef::Gamertag("aCurtis X89".to_owned());
        assert_eq!(format!("{player:?}"), r#"Gamertag("aCurtis X89")"#);
    }

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(
            "2535405290989773".parse(),
            Ok(PlayerRef::from(2535405290989773))
        );
        assert_eq!(
            "xuid(2535405290989773)".parse(),
            Ok(PlayerRef::from(2535405290989773))
        );
        assert_eq!(
            " Some Gamer ".parse::<PlayerRef>(),
            Ok(PlayerRef::Gamertag("Some Gamer".to_owned()))
        );
        assert_eq!("12345".parse(), Ok(PlayerRef::Gamertag("12345".to_owned())));
        assert!("xuid(abc)".parse::<PlayerRef>().is_err());
        assert!("xuid()".parse::<PlayerRef>().is_err());
        assert!("".parse::<PlayerRef>().is_err());
        assert!("a/b".parse::<PlayerRef>().is_err());
        assert!("ThisNameIsFarTooLong".parse::<PlayerRef>().is_err());
    }

    #[test]
    fn segments() {
        let xuid = PlayerRef::from(2535405290989773);
        assert_eq!(xuid.path_segment(), "xuid(2535405290989773)");
        assert_eq!(xuid.profile_segment(), "xuid(2535405290989773)");
        assert_eq!(PlayerRef::from(1).path_segment(), "xuid(1)");
        assert_eq!(
            PlayerRef::from(u64::MAX).path_segment(),
            format!("xuid({})", u64::MAX)
        );
        let gamertag = PlayerRef::Gamertag("Chief".to_owned());
        assert_eq!(gamertag.path_segment(), "Chief");
        assert_eq!(gamertag.profile_segment(), "gt(Chief)");
    }
}
