//! Parameter types whose values are known: each writes the exact string the service expects.

use crate::PlayerRef;

/// Which matches a history lists (`type=` of `Stats_GetMatchHistory`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchType {
    /// Every match (the default).
    #[default]
    All,
    /// Matchmade matches.
    Matchmaking,
    /// Custom games.
    Custom,
    /// Local (offline) matches.
    Local,
}

impl MatchType {
    /// The `type` query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Matchmaking => "matchmaking",
            Self::Custom => "custom",
            Self::Local => "local",
        }
    }
}

/// Which matches a service record sums (the `{lifecycle}` path segment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lifecycle {
    /// Matchmade games (the only one that takes filters).
    Matchmade,
    /// Custom games.
    Custom,
    /// Local games.
    Local,
}

impl Lifecycle {
    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Matchmade => "matchmade",
            Self::Custom => "custom",
            Self::Local => "local",
        }
    }
}

/// Which view of a player's customization (`view=` of `Economy_PlayerCustomization`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CustomizationView {
    /// What other players see (any player).
    #[default]
    Public,
    /// Everything, including unequipped choices (the signed-in player only).
    Private,
}

impl CustomizationView {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Private => "private",
        }
    }
}

/// The user of a profile-service path (`/users/{user}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileUser {
    /// The signed-in user (`me`).
    Me,
    /// A player by gamertag (`gt(..)`) or XUID (`xuid(..)`).
    Player(PlayerRef),
}

impl ProfileUser {
    /// The path segment.
    pub fn segment(&self) -> String {
        match self {
            Self::Me => "me".to_owned(),
            Self::Player(player) => player.profile_segment(),
        }
    }
}

impl From<PlayerRef> for ProfileUser {
    fn from(player: PlayerRef) -> Self {
        Self::Player(player)
    }
}

impl From<halo_models::Xuid> for ProfileUser {
    fn from(xuid: halo_models::Xuid) -> Self {
        Self::Player(xuid.into())
    }
}

/// The sort field of a UGC search (`sort=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchSort {
    /// By name.
    Name,
    /// By likes.
    Likes,
    /// By bookmarks.
    Bookmarks,
    /// By recent plays.
    PlaysRecent,
    /// By all-time plays.
    PlaysAllTime,
    /// By object count.
    NumberOfObjects,
    /// By creation date.
    DateCreatedUtc,
    /// By modification date.
    DateModifiedUtc,
    /// By publication date.
    DatePublishedUtc,
    /// By how many assets derive from it.
    ParentAssetCount,
    /// By average rating.
    AverageRating,
    /// By number of ratings.
    NumberOfRatings,
}

impl SearchSort {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Likes => "Likes",
            Self::Bookmarks => "Bookmarks",
            Self::PlaysRecent => "PlaysRecent",
            Self::PlaysAllTime => "PlaysAllTime",
            Self::NumberOfObjects => "NumberOfObjects",
            Self::DateCreatedUtc => "DateCreatedUtc",
            Self::DateModifiedUtc => "DateModifiedUtc",
            Self::DatePublishedUtc => "DatePublishedUtc",
            Self::ParentAssetCount => "ParentAssetCount",
            Self::AverageRating => "AverageRating",
            Self::NumberOfRatings => "NumberOfRatings",
        }
    }
}

/// The order of a UGC search (`order=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Smallest first.
    Ascending,
    /// Largest first (the default).
    #[default]
    Descending,
}

impl SortOrder {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "Asc",
            Self::Descending => "Desc",
        }
    }
}

/// The asset kinds a UGC search can be limited to (`assetKind=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchAssetKind {
    /// Maps.
    Map,
    /// Game modes.
    UgcGameVariant,
    /// Prefabs.
    Prefab,
    /// Playlists.
    Playlist,
    /// Map and mode pairs.
    MapModePair,
    /// Films.
    Film,
}

impl SearchAssetKind {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Map => "Map",
            Self::UgcGameVariant => "UgcGameVariant",
            Self::Prefab => "Prefab",
            Self::Playlist => "Playlist",
            Self::MapModePair => "MapModePair",
            Self::Film => "Film",
        }
    }
}
