//! Where each generated model sits in its endpoint's payloads: the table
//! [`POSITIONS`](crate::POSITIONS) names the type that decodes the object at a JSON path, so
//! tools and tests can decode one object of a payload on its own.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{DecodeError, decode_json};

/// One position of a generated struct or map: at `path` in `endpoint`'s payloads.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// The endpoint id (`Stats_GetMatchStats`).
    pub endpoint: &'static str,
    /// The JSON path pattern: dotted keys, `[]` for an array element, `{}` for a map value; the
    /// empty string is the payload itself.
    pub path: &'static str,
    /// The Rust type that decodes the object there (`MatchInfo`, `JsonMap<String>`).
    pub type_name: &'static str,
    /// Decodes one object of that type with [`decode_json`] and re-encodes it.
    pub round_trip: fn(&[u8]) -> Result<serde_json::Value, DecodeError>,
}

/// Decodes `bytes` as a `T` with the fast reader and re-encodes the value (a
/// [`Position::round_trip`]).
///
/// # Errors
///
/// [`DecodeError`] when the bytes do not decode as a `T`.
pub fn round_trip<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
) -> Result<serde_json::Value, DecodeError> {
    let value: T = decode_json(bytes)?;
    serde_json::to_value(&value).map_err(DecodeError::reencode)
}

/// The positions of `endpoint`'s payloads.
pub fn positions_of(endpoint: &str) -> impl Iterator<Item = &'static Position> {
    crate::POSITIONS
        .iter()
        .filter(move |p| p.endpoint == endpoint)
}
