#![doc = include_str!("../README.md")]

pub mod convenience;
mod de_support;
pub mod enums;
pub mod error;
mod fast_de;
mod generated;
pub mod ids;
pub mod iso;
pub mod json_map;
pub mod lossless;
mod model;
pub mod positions;
pub mod presence;
pub mod score_names;
pub mod unknown;

pub use enums::*;
pub use error::{DecodeError, DecodeErrorKind, decode_json};
pub use generated::*;
pub use ids::{AssetId, MatchId, ParseIdError, PlayerId, VersionId, Xuid};
pub use iso::{IsoDuration, ParseIsoError, Timestamp, UtcOffset};
pub use json_map::JsonMap;
pub use positions::Position;
pub use presence::{AbsentKeys, Presence};
pub use score_names::personal_score_name;
pub use unknown::{UnknownFields, UnknownPaths};
