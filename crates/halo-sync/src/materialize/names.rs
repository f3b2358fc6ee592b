//! Names: a discovery answer (map, mode, playlist) as an `assets` row, the medal metadata as
//! `medal_names` rows.

use halo_models::MedalMetadata;
use serde_json::Value;

use super::TableRows;
use crate::error::Error;
use crate::schema::{ASSETS, MEDAL_NAMES};

/// The kinds of asset a match names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssetKind {
    /// A map variant (`HIUGC_Discovery_GetMap`).
    Map,
    /// A game variant (`HIUGC_Discovery_GetUgcGameVariant`).
    Mode,
    /// A playlist (`HIUGC_Discovery_GetPlaylist`).
    Playlist,
}

impl AssetKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Map, Self::Mode, Self::Playlist];

    /// The `assets.kind` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Map => "map",
            Self::Mode => "mode",
            Self::Playlist => "playlist",
        }
    }

    /// The kind of an `assets.kind` value.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The endpoint that describes it.
    pub fn endpoint(self) -> &'static str {
        match self {
            Self::Map => "HIUGC_Discovery_GetMap",
            Self::Mode => "HIUGC_Discovery_GetUgcGameVariant",
            Self::Playlist => "HIUGC_Discovery_GetPlaylist",
        }
    }

    /// The `matches` columns of its asset and version ids.
    pub fn columns(self) -> (&'static str, &'static str) {
        match self {
            Self::Map => ("map_asset_id", "map_version_id"),
            Self::Mode => ("mode_asset_id", "mode_version_id"),
            Self::Playlist => ("playlist_asset_id", "playlist_version_id"),
        }
    }
}

/// The `assets` row of a discovery answer for `asset_id`/`version_id`. An answer about another
/// asset is refused (a server that answers one payload for any id must not name every map
/// after it).
pub fn asset_rows(
    kind: AssetKind,
    asset_id: &str,
    version_id: &str,
    body: &[u8],
) -> Result<TableRows, Error> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Error::decode(format!(
            "the {} {asset_id} answer is not JSON: {e}",
            kind.as_str()
        ))
    })?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::trim);
    let answered = text("AssetId").unwrap_or_default();
    if !answered.eq_ignore_ascii_case(asset_id) {
        return Err(Error::decode(format!(
            "asked for {} {asset_id}, the answer describes {}",
            kind.as_str(),
            if answered.is_empty() {
                "no asset"
            } else {
                answered
            }
        )));
    }
    let mut rows = TableRows::new(&ASSETS);
    rows.rows.push(vec![
        kind.as_str().into(),
        asset_id.into(),
        version_id.into(),
        text("PublicName").filter(|n| !n.is_empty()).into(),
        text("Description").filter(|n| !n.is_empty()).into(),
    ]);
    Ok(rows)
}

/// The `medal_names` rows of `GameCms_GetMedalMetadata`.
pub fn medal_name_rows(body: &[u8]) -> Result<TableRows, Error> {
    let metadata: MedalMetadata = halo_models::decode_json(body)
        .map_err(|e| Error::decode(format!("cannot decode the medal metadata: {e}")))?;
    let mut rows = TableRows::new(&MEDAL_NAMES);
    for medal in &metadata.medals {
        let name = medal.name.value.trim();
        if !name.is_empty() {
            rows.rows.push(vec![medal.name_id.into(), name.into()]);
        }
    }
    Ok(rows)
}
