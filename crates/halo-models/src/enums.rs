//! Forward-compatible enums for the integer and string codes of the Halo payloads
//! (see `ENUMS.md`). Every enum is `#[non_exhaustive]` and keeps values it does not know in an
//! `Unknown(..)` variant, so a new code never fails a payload and re-encodes unchanged.
//!
//! A code that `ENUMS.md` itself names `UNKNOWN` (for example `Outcome` -1) is the variant
//! `Unspecified`; `Unknown(..)` is reserved for codes this crate does not know.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

macro_rules! int_enum {
    ($(#[$doc:meta])* $name:ident { $($code:literal => $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "` (code ", stringify!($code), ").")]
                $variant,
            )+
            /// A code this version of the crate does not know, kept as sent.
            Unknown(i64),
        }

        /// A code holds no unknown field.
        impl crate::UnknownPaths for $name {
            fn collect_unknown(&self, _path: &mut String, _out: &mut Vec<String>) {}
        }

        /// Code 0: what a missing key reads as (see [`crate::Presence`]).
        impl Default for $name {
            fn default() -> Self {
                Self::from_code(0)
            }
        }

        impl $name {
            /// Every known variant, in code order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// The enum from its integer code (unknown codes become `Unknown(code)`).
            pub const fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)+
                    other => Self::Unknown(other),
                }
            }

            /// The integer code sent on the wire.
            pub const fn code(self) -> i64 {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Unknown(other) => other,
                }
            }

            /// The upper-case name of the code (as in `ENUMS.md`), or `None` when unknown.
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($text),)+
                    Self::Unknown(_) => None,
                }
            }

            /// The enum from its upper-case name (`"WIN"`).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "UNKNOWN({})", self.code()),
                }
            }
        }

        impl From<i64> for $name {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_i64(CodeVisitor(stringify!($name))).map(Self::from_code)
            }
        }
    };
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($code:literal => $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "` (sent as `\"", $code, "\"`).")]
                $variant,
            )+
            /// A value this version of the crate does not know, kept as sent.
            Unknown(String),
        }

        /// A code holds no unknown field.
        impl crate::UnknownPaths for $name {
            fn collect_unknown(&self, _path: &mut String, _out: &mut Vec<String>) {}
        }

        /// An empty unknown value: what a missing key reads as (see [`crate::Presence`]).
        impl Default for $name {
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl $name {
            /// Every known variant.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// The enum from the string sent on the wire.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The string sent on the wire.
            pub fn code(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Unknown(other) => other,
                }
            }

            /// The upper-case name (as in `ENUMS.md`), or `None` when unknown.
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($text),)+
                    Self::Unknown(_) => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "UNKNOWN({:?})", self.code()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct StrVisitor;
                impl Visitor<'_> for StrVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_code(v))
                    }
                }
                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}

/// Reads an integer code (any JSON integer that fits in `i64`).
struct CodeVisitor(&'static str);

impl Visitor<'_> for CodeVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer {} code", self.0)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
}

int_enum! {
    /// Where a user-generated-content asset lives.
    AssetHome {
        0 => Unspecified = "UNKNOWN",
        1 => Studio = "STUDIO",
        2 => Player = "PLAYER",
    }
}

int_enum! {
    /// The kind of a user-generated-content asset.
    AssetKind {
        0 => Unspecified = "UNKNOWN",
        1 => Film = "FILM",
        2 => Map = "MAP",
        3 => Playlist = "PLAYLIST",
        4 => Prefab = "PREFAB",
        5 => TestAsset = "TEST_ASSET",
        6 => UgcGameVariant = "UGC_GAME_VARIANT",
        7 => MapModePair = "MAP_MODE_PAIR",
        8 => Project = "PROJECT",
        9 => Manifest = "MANIFEST",
        10 => EngineGameVariant = "ENGINE_GAME_VARIANT",
    }
}

int_enum! {
    /// Difficulty of a bot in a match.
    BotDifficulty {
        -1 => Unspecified = "UNKNOWN",
        1 => Marine = "MARINE",
        2 => Odst = "ODST",
        3 => Spartan = "SPARTAN",
        4 => Recruit = "RECRUIT",
        5 => Adaptive = "ADAPTIVE",
    }
}

int_enum! {
    /// Whether an asset may be copied.
    CloneBehavior {
        0 => Default = "DEFAULT",
        1 => Template = "TEMPLATE",
        2 => Prohibited = "PROHIBITED",
    }
}

int_enum! {
    /// The kind of a theater-film chunk.
    FilmChunkType {
        0 => None = "NONE",
        1 => FilmHeader = "FILM_HEADER",
        2 => ReplicationData = "REPLICATION_DATA",
        3 => HighlightEvents = "HIGHLIGHT_EVENTS",
    }
}

int_enum! {
    /// Whether a theater film is complete.
    FilmStatus {
        0 => Unspecified = "UNKNOWN",
        1 => Complete = "COMPLETE",
        2 => Ongoing = "ONGOING",
        3 => Recovered = "RECOVERED",
    }
}

int_enum! {
    /// Player-versus-player or player-versus-environment.
    GameplayInteraction {
        -1 => Unspecified = "UNKNOWN",
        0 => None = "NONE",
        1 => Pvp = "PVP",
        2 => Pve = "PVE",
        3 => Pvpve = "PVPVE",
    }
}

int_enum! {
    /// The category of a game variant (slayer, CTF, oddball, ...).
    GameVariantCategory {
        -1 => Unspecified = "UNKNOWN",
        0 => None = "NONE",
        1 => Campaign = "CAMPAIGN",
        2 => Forge = "FORGE",
        3 => Academy = "ACADEMY",
        4 => AcademyTutorial = "ACADEMY_TUTORIAL",
        5 => AcademyPractice = "ACADEMY_PRACTICE",
        6 => MultiplayerSlayer = "MULTIPLAYER_SLAYER",
        7 => MultiplayerAttrition = "MULTIPLAYER_ATTRITION",
        8 => MultiplayerElimination = "MULTIPLAYER_ELIMINATION",
        9 => MultiplayerFiesta = "MULTIPLAYER_FIESTA",
        10 => MultiplayerSwat = "MULTIPLAYER_SWAT",
        11 => MultiplayerStrongholds = "MULTIPLAYER_STRONGHOLDS",
        12 => MultiplayerBastion = "MULTIPLAYER_BASTION",
        13 => MultiplayerKingOfTheHill = "MULTIPLAYER_KING_OF_THE_HILL",
        14 => MultiplayerTotalControl = "MULTIPLAYER_TOTAL_CONTROL",
        15 => MultiplayerCtf = "MULTIPLAYER_CTF",
        16 => MultiplayerAssault = "MULTIPLAYER_ASSAULT",
        17 => MultiplayerExtraction = "MULTIPLAYER_EXTRACTION",
        18 => MultiplayerOddball = "MULTIPLAYER_ODDBALL",
        19 => MultiplayerStockpile = "MULTIPLAYER_STOCKPILE",
        20 => MultiplayerJuggernaut = "MULTIPLAYER_JUGGERNAUT",
        21 => MultiplayerRegicide = "MULTIPLAYER_REGICIDE",
        22 => MultiplayerInfection = "MULTIPLAYER_INFECTION",
        23 => MultiplayerEscort = "MULTIPLAYER_ESCORT",
        24 => MultiplayerGunGame = "MULTIPLAYER_GUN_GAME",
        25 => MultiplayerGrifball = "MULTIPLAYER_GRIFBALL",
        26 => MultiplayerRace = "MULTIPLAYER_RACE",
        27 => MultiplayerPrototype = "MULTIPLAYER_PROTOTYPE",
        28 => Test = "TEST",
        29 => TestAcademy = "TEST_ACADEMY",
        30 => TestAudio = "TEST_AUDIO",
        31 => TestCampaign = "TEST_CAMPAIGN",
        32 => TestEngine = "TEST_ENGINE",
        33 => TestForge = "TEST_FORGE",
        34 => TestGraphics = "TEST_GRAPHICS",
        35 => TestMultiplayer = "TEST_MULTIPLAYER",
        36 => TestSandbox = "TEST_SANDBOX",
        37 => AcademyTraining = "ACADEMY_TRAINING",
        38 => AcademyWeaponDrill = "ACADEMY_WEAPON_DRILL",
        39 => MultiplayerLandGrab = "MULTIPLAYER_LAND_GRAB",
        41 => MultiplayerMinigame = "MULTIPLAYER_MINIGAME",
        42 => MultiplayerFirefight = "MULTIPLAYER_FIREFIGHT",
    }
}

int_enum! {
    /// Moderation result of an asset.
    InspectionResult {
        0 => Unspecified = "UNKNOWN",
        5 => Tolerable = "TOLERABLE",
        50 => StudioContent = "STUDIO_CONTENT",
    }
}

int_enum! {
    /// How a match was started (custom, matchmade, LAN).
    LifecycleMode {
        1 => Custom = "CUSTOM",
        3 => Matchmade = "MATCHMADE",
        7 => CustomLan = "CUSTOM_LAN",
    }
}

int_enum! {
    /// Difficulty of earning a medal.
    MedalDifficulty {
        0 => Normal = "NORMAL",
        1 => Heroic = "HEROIC",
        2 => Legendary = "LEGENDARY",
        3 => Mythic = "MYTHIC",
    }
}

int_enum! {
    /// The family a medal belongs to.
    MedalType {
        0 => Spree = "SPREE",
        1 => Mode = "MODE",
        2 => Multikill = "MULTIKILL",
        3 => Proficiency = "PROFICIENCY",
        4 => Skill = "SKILL",
        5 => Style = "STYLE",
    }
}

int_enum! {
    /// The outcome of a match for a team or a player.
    Outcome {
        -1 => Unspecified = "UNKNOWN",
        0 => None = "NONE",
        1 => Tie = "TIE",
        2 => Win = "WIN",
        3 => Loss = "LOSS",
        4 => DidNotFinish = "DID_NOT_FINISH",
        5 => DidNotStart = "DID_NOT_START",
    }
}

int_enum! {
    /// Whether a participant is a human or a bot.
    PlayerType {
        -1 => Unspecified = "UNKNOWN",
        1 => Human = "HUMAN",
        2 => Bot = "BOT",
    }
}

int_enum! {
    /// Bot difficulty configured on a playlist.
    PlaylistBotDifficulty {
        0 => Automatic = "AUTOMATIC",
        1 => Recruit = "RECRUIT",
        2 => Marine = "MARINE",
        3 => Odst = "ODST",
        4 => Spartan = "SPARTAN",
    }
}

int_enum! {
    /// The input device a playlist is restricted to.
    PlaylistDeviceInput {
        0 => Unspecified = "UNKNOWN",
        1 => Controller = "CONTROLLER",
        2 => MouseKeyboard = "MOUSE_KEYBOARD",
    }
}

int_enum! {
    /// How a playlist picks its next entry.
    PlaylistEntrySelectionStrategy {
        0 => Weighted = "WEIGHTED",
        1 => NoRepeat = "NO_REPEAT",
    }
}

int_enum! {
    /// The experience a playlist belongs to (arena, BTB, ...).
    PlaylistExperience {
        -1 => Unspecified = "UNKNOWN",
        0 => None = "NONE",
        1 => Untracked = "UNTRACKED",
        2 => Arena = "ARENA",
        3 => Btb = "BTB",
        4 => PveBots = "PVE_BOTS",
        5 => Featured = "FEATURED",
        6 => Pve = "PVE",
    }
}

int_enum! {
    /// Result code of one player in a skill answer.
    SkillResultCode {
        0 => Success = "SUCCESS",
        1 => NotFound = "NOT_FOUND",
        2 => ServiceFailure = "SERVICE_FAILURE",
        3 => ServiceUnavailable = "SERVICE_UNAVAILABLE",
        4 => Forbidden = "FORBIDDEN",
    }
}

int_enum! {
    /// Sub-tier of a competitive skill rank, shown as I to VI.
    SubTier {
        0 => One = "I",
        1 => Two = "II",
        2 => Three = "III",
        3 => Four = "IV",
        4 => Five = "V",
        5 => Six = "VI",
    }
}

string_enum! {
    /// Tier of a competitive skill rank.
    Tier {
        "" => Unranked = "UNRANKED",
        "Bronze" => Bronze = "BRONZE",
        "Silver" => Silver = "SILVER",
        "Gold" => Gold = "GOLD",
        "Platinum" => Platinum = "PLATINUM",
        "Diamond" => Diamond = "DIAMOND",
        "Onyx" => Onyx = "ONYX",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_round_trip() {
        let win: Outcome = serde_json::from_str("2").unwrap();
        assert_eq!(win, Outcome::Win);
        assert_eq!(win.name(), Some("WIN"));
        let new: Outcome = serde_json::from_str("42").unwrap();
        assert_eq!(new, Outcome::Unknown(42));
        assert_eq!(serde_json::to_string(&new).unwrap(), "42");
        assert_eq!(new.to_string(), "UNKNOWN(42)");
        assert_eq!(Outcome::from_code(-1), Outcome::Unspecified);
        assert_eq!(
            GameVariantCategory::from_name("MULTIPLAYER_CTF"),
            Some(GameVariantCategory::MultiplayerCtf)
        );
        assert_eq!(SubTier::from_code(5).name(), Some("VI"));
        assert!(serde_json::from_str::<Outcome>("\"2\"").is_err());
    }

    #[test]
    fn string_codes_round_trip() {
        let gold: Tier = serde_json::from_str("\"Gold\"").unwrap();
        assert_eq!(gold, Tier::Gold);
        let unranked: Tier = serde_json::from_str("\"\"").unwrap();
        assert_eq!(unranked.name(), Some("UNRANKED"));
        let new: Tier = serde_json::from_str("\"Champion\"").unwrap();
        assert_eq!(new, Tier::Unknown("Champion".to_owned()));
        assert_eq!(serde_json::to_string(&new).unwrap(), "\"Champion\"");
    }
}
