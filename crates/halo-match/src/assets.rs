//! Maps, modes, playlists and map-mode pairs from the UGC discovery service, checked to be the
//! asset that was asked for, and their names in summaries.

use std::sync::Arc;

use halo_client::Call;
use halo_models::{AssetId, AssetVersionLink, VersionId};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::part::Lookup;

/// A game variant (a match's mode) as the discovery service describes it. halo-models has no
/// typed model for it (its payload differs per mode), so the JSON is kept whole beside the
/// fields every variant has.
#[derive(Debug, Clone, PartialEq)]
pub struct GameVariant {
    /// The asset id.
    pub asset_id: AssetId,
    /// The version id, when the answer has one.
    pub version_id: Option<VersionId>,
    /// The name players see (`Arena:Slayer`).
    pub public_name: String,
    /// The description.
    pub description: String,
    /// The whole answer.
    pub raw: serde_json::Value,
}

impl GameVariant {
    /// The variant of a discovery answer; `None` when it has no readable `AssetId`.
    pub fn from_json(raw: serde_json::Value) -> Option<Self> {
        let text = |key: &str| {
            raw.get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let asset_id = text("AssetId")?.parse().ok()?;
        let version_id = text("VersionId").and_then(|v| v.parse().ok());
        let public_name = text("PublicName").unwrap_or_default();
        let description = text("Description").unwrap_or_default();
        Some(Self {
            asset_id,
            version_id,
            public_name,
            description,
            raw,
        })
    }
}

/// An asset of a match in a summary: its ids and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetName {
    /// The asset id.
    pub asset_id: AssetId,
    /// The version id.
    pub version_id: VersionId,
    /// The name players see; left out when the service has none, `null` when it failed.
    #[serde(skip_serializing_if = "Lookup::is_none")]
    pub name: Lookup<String>,
}

impl AssetName {
    /// The ids of `link` with the name looked up.
    pub fn new(link: &AssetVersionLink, name: Lookup<String>) -> Self {
        Self {
            asset_id: link.asset_id,
            version_id: link.version_id,
            name,
        }
    }

    /// The name when there is one, else the first 8 characters of the asset id.
    pub fn label(&self) -> String {
        match self.name.found() {
            Some(name) => name.clone(),
            None => self.asset_id.to_string().chars().take(8).collect(),
        }
    }
}

/// The name of an asset, when it has a non-blank one.
pub(crate) fn non_blank(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Whether a link names no asset (a nil asset id: a custom game's playlist).
pub(crate) fn is_nil(link: &AssetVersionLink) -> bool {
    link.asset_id.uuid().is_nil()
}

/// Fetches an asset: `None` on 404 (the service has none), an error when the call fails or
/// the answer is for another asset (a server that answers one capture for any id).
pub(crate) async fn fetch<T, U>(
    call: Call<U>,
    kind: &'static str,
    asked: AssetId,
    read: impl FnOnce(U) -> Option<T>,
    id_of: impl FnOnce(&T) -> AssetId,
) -> Result<Option<Arc<T>>, Error>
where
    U: DeserializeOwned + Send + 'static,
{
    let answer = match call.await {
        Ok(answer) => answer,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(Error::from_api(e)),
    };
    let asked_text = format!("{kind} {asked}");
    let Some(asset) = read(answer) else {
        return Err(Error::wrong_answer(
            asked_text,
            "an answer without an asset id".to_owned(),
        ));
    };
    let answered = id_of(&asset);
    if answered == asked {
        Ok(Some(Arc::new(asset)))
    } else {
        Err(Error::wrong_answer(
            asked_text,
            format!("{kind} {answered}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_from_its_json() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../halo-models/captures/responses/HIUGC_Discovery_GetUgcGameVariant/default.json"
        );
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default();
        let variant = GameVariant::from_json(raw).unwrap_or_else(|| panic!("no variant"));
        assert_eq!(variant.public_name, "Fiesta:Slayer");
        assert_eq!(
            variant.asset_id.to_string(),
            "aca7bbf8-7a18-4aae-8785-1bd3f58275fd"
        );
        assert!(GameVariant::from_json(serde_json::json!({"PublicName": "x"})).is_none());
    }

    #[test]
    fn labels_are_names_or_short_ids() {
        let link: AssetVersionLink = serde_json::from_value(serde_json::json!({
            "AssetKind": 2,
            "AssetId": "a54808fb-9bf5-432a-a3c3-f76cbea944c1",
            "VersionId": "163a1831-f9dc-42b6-a7a0-68a023d1b127"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(AssetName::new(&link, Lookup::Failed).label(), "a54808fb");
        assert_eq!(
            AssetName::new(&link, Lookup::Found("Live Fire".into())).label(),
            "Live Fire"
        );
        assert!(!is_nil(&link));
        assert_eq!(non_blank("  "), None);
    }
}
