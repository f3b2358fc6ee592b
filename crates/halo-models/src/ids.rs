//! Typed identifiers: [`Xuid`], [`PlayerId`] (`xuid(N)` or `bid(..)`), and the GUID-based
//! [`MatchId`], [`AssetId`] and [`VersionId`].

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;

/// Error returned when a string is not a valid identifier of the requested kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIdError {
    kind: &'static str,
    input: String,
}

impl ParseIdError {
    fn new(kind: &'static str, input: &str) -> Self {
        Self {
            kind,
            input: input.chars().take(64).collect(),
        }
    }
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {:?}", self.kind, self.input)
    }
}

impl std::error::Error for ParseIdError {}

/// An Xbox user id (XUID), a 64-bit number.
///
/// Parses from `"2533274000000000"`, `"xuid(2533274000000000)"` or a JSON number; displays and
/// serializes as the bare decimal string, the form the Halo payloads use (`"xuid": "2533..."`).
/// Use [`PlayerId`] for the wrapped `xuid(N)` form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Xuid(pub u64);

impl Xuid {
    /// The numeric value.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The wrapped form `xuid(N)` used in paths and query strings of the Halo services.
    pub fn wrapped(self) -> String {
        format!("xuid({})", self.0)
    }
}

impl From<u64> for Xuid {
    fn from(value: u64) -> Self {
        Self(value)
    }
}

impl fmt::Display for Xuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Xuid {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let inner = s
            .strip_prefix("xuid(")
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or(s);
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseIdError::new("XUID", s));
        }
        inner
            .parse::<u64>()
            .map(Xuid)
            .map_err(|_| ParseIdError::new("XUID", s))
    }
}

impl Serialize for Xuid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Xuid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct XuidVisitor;
        impl Visitor<'_> for XuidVisitor {
            type Value = Xuid;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an XUID (number, decimal string or xuid(N))")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Xuid, E> {
                Ok(Xuid(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Xuid, E> {
                u64::try_from(v)
                    .map(Xuid)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Xuid, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(XuidVisitor)
    }
}

/// A player in a match or a query: a human (`xuid(N)`) or a bot (`bid(..)`).
///
/// Serializes back to exactly the text it was parsed from. `Debug` shows a human's id once:
/// `Xuid(2535...)`, not `Xuid(Xuid(2535...))`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PlayerId {
    /// A human player, `xuid(N)`.
    Xuid(Xuid),
    /// A bot, `bid(..)`; holds the text between the parentheses.
    Bot(String),
    /// Any other form, kept verbatim so new id kinds still decode.
    Other(String),
}

impl fmt::Debug for PlayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Xuid(xuid) => fmt::Debug::fmt(xuid, f),
            Self::Bot(bot) => f.debug_tuple("Bot").field(bot).finish(),
            Self::Other(other) => f.debug_tuple("Other").field(other).finish(),
        }
    }
}

/// An empty [`PlayerId::Other`]: what a missing `PlayerId` key reads as (see
/// [`crate::Presence`]).
impl Default for PlayerId {
    fn default() -> Self {
        Self::Other(String::new())
    }
}

impl PlayerId {
    /// The XUID of a human player.
    pub fn xuid(&self) -> Option<Xuid> {
        match self {
            Self::Xuid(x) => Some(*x),
            Self::Bot(_) | Self::Other(_) => None,
        }
    }

    /// Whether this id is a bot's (`bid(..)`).
    pub fn is_bot(&self) -> bool {
        matches!(self, Self::Bot(_))
    }

    /// Whether this id is a human's (`xuid(N)`).
    pub fn is_human(&self) -> bool {
        matches!(self, Self::Xuid(_))
    }
}

impl From<Xuid> for PlayerId {
    fn from(value: Xuid) -> Self {
        Self::Xuid(value)
    }
}

impl fmt::Display for PlayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Xuid(x) => write!(f, "xuid({})", x.0),
            Self::Bot(b) => write!(f, "bid({b})"),
            Self::Other(o) => f.write_str(o),
        }
    }
}

impl FromStr for PlayerId {
    type Err = ParseIdError;

    /// Parses `xuid(N)` and `bid(..)`; anything else is an error (deserialization keeps it as
    /// [`PlayerId::Other`] instead).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_player_id(s) {
            PlayerId::Other(_) => Err(ParseIdError::new("player id", s)),
            id => Ok(id),
        }
    }
}

fn parse_player_id(s: &str) -> PlayerId {
    if let Some(xuid) = parse_wrapped_xuid(s.as_bytes()) {
        return PlayerId::Xuid(xuid);
    }
    if let Some(inner) = s.strip_prefix("bid(").and_then(|r| r.strip_suffix(')')) {
        return PlayerId::Bot(inner.to_owned());
    }
    PlayerId::Other(s.to_owned())
}

/// `xuid(N)` with N decimal, no leading zero, fitting in `u64`.
fn parse_wrapped_xuid(b: &[u8]) -> Option<Xuid> {
    let inner = b.strip_prefix(b"xuid(")?.strip_suffix(b")")?;
    if inner.is_empty() || inner.len() > 20 || inner[0] == b'0' {
        return None;
    }
    let mut n: u64 = 0;
    for &c in inner {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(Xuid(n))
}

impl Serialize for PlayerId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Other(o) => serializer.serialize_str(o),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for PlayerId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PlayerIdVisitor;
        impl Visitor<'_> for PlayerIdVisitor {
            type Value = PlayerId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a player id string such as xuid(N) or bid(..)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PlayerId, E> {
                Ok(parse_player_id(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<PlayerId, E> {
                // Fast path for humans; anything else goes through the checked string path.
                if let Some(xuid) = parse_wrapped_xuid(v) {
                    return Ok(PlayerId::Xuid(xuid));
                }
                let text = std::str::from_utf8(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))?;
                if text.bytes().any(|b| b < 0x20) {
                    return Err(E::invalid_value(de::Unexpected::Str(text), &self));
                }
                Ok(parse_player_id(text))
            }
        }
        deserializer.deserialize_bytes(PlayerIdVisitor)
    }
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The underlying GUID.
            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::try_parse(s)
                    .map(Self)
                    .map_err(|_| ParseIdError::new(stringify!($name), s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IdVisitor;
                impl Visitor<'_> for IdVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a GUID string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Uuid::try_parse(v).map($name).map_err(E::custom)
                    }
                    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<$name, E> {
                        Uuid::try_parse_ascii(v).map($name).map_err(E::custom)
                    }
                }
                // Bytes: serde_json then skips its UTF-8 check; GUIDs are ASCII.
                deserializer.deserialize_bytes(IdVisitor)
            }
        }
    };
}

uuid_id!(
    /// The GUID of a match (`MatchId` in stats, skill and film payloads).
    MatchId
);
uuid_id!(
    /// The GUID of a user-generated-content asset (map, playlist, game variant, ...).
    AssetId
);
uuid_id!(
    /// The GUID of one version of a user-generated-content asset.
    VersionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_an_id_once() {
        let human: PlayerId = "xuid(2535445291321133)".parse().unwrap();
        assert_eq!(format!("{human:?}"), "Xuid(2535445291321133)");
        assert_eq!(
            format!("{:?}", Xuid(2_535_445_291_321_133)),
            "Xuid(2535445291321133)"
        );
        let bot: PlayerId = "bid(1.2.3)".parse().unwrap();
        assert_eq!(format!("{bot:?}"), r#"Bot("1.2.3")"#);
    }

    #[test]
    fn player_ids_parse_and_display() {
        let human: PlayerId = "xuid(2533274800000000)".parse().unwrap();
        assert_eq!(human.xuid(), Some(Xuid(2_533_274_800_000_000)));
        assert_eq!(human.to_string(), "xuid(2533274800000000)");
        let bot: PlayerId = "bid(1.2.3)".parse().unwrap();
        assert!(bot.is_bot());
        assert_eq!(bot.to_string(), "bid(1.2.3)");
        assert!("gamertag".parse::<PlayerId>().is_err());
        assert!("xuid()".parse::<PlayerId>().is_err());
        let other: PlayerId = serde_json::from_str("\"aid(7)\"").unwrap();
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"aid(7)\"");
    }

    #[test]
    fn xuids_accept_every_form() {
        let a: Xuid = serde_json::from_str("\"1234567890123456\"").unwrap();
        let b: Xuid = serde_json::from_str("1234567890123456").unwrap();
        let c: Xuid = "xuid(1234567890123456)".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"1234567890123456\"");
        assert!("12a".parse::<Xuid>().is_err());
        assert!("99999999999999999999999".parse::<Xuid>().is_err());
    }

    #[test]
    fn uuid_ids_round_trip() {
        let text = "\"adfde763-6996-4ffb-8cd5-55855454c5f0\"";
        let id: MatchId = serde_json::from_str(text).unwrap();
        assert_eq!(id.to_string(), "adfde763-6996-4ffb-8cd5-55855454c5f0");
        assert_eq!(serde_json::to_string(&id).unwrap(), text);
        assert!("nope".parse::<AssetId>().is_err());
    }
}
