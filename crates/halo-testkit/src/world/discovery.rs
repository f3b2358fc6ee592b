//! The UGC discovery answers for the maps, modes, playlists and map-mode pairs the world's
//! matches use: the captured shape of each kind, with the asked asset's id, version and name.
//! An asset no match uses answers 404, like the service for an unknown id.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::World;
use super::names::{self, Kind};
use crate::captures;

/// The captured body of a discovery endpoint.
fn template(endpoint: &str) -> Option<Value> {
    static CACHE: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        [
            "HIUGC_Discovery_GetMap",
            "HIUGC_Discovery_GetUgcGameVariant",
            "HIUGC_Discovery_GetPlaylist",
            "HIUGC_Discovery_GetMapModePair",
        ]
        .into_iter()
        .filter_map(|e| {
            let value = serde_json::from_slice(captures::default_case(e)?.bytes).ok()?;
            Some((e, value))
        })
        .collect()
    });
    all.iter()
        .find(|(e, _)| *e == endpoint)
        .map(|(_, v)| v.clone())
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// What the `Description` of an asset with a synthetic name says.
const SYNTHETIC_DESCRIPTION: &str =
    "halo-testkit: no capture names this asset; its name is synthetic";

/// `template` re-pointed at another asset: its ids replaced everywhere (file prefixes too). A
/// synthetic name is said so in the `Description`.
fn retarget(template: &Value, asset: &str, version: &str, name: &str) -> Value {
    let (old_asset, old_version) = (
        text(template, "/AssetId").unwrap_or_default(),
        text(template, "/VersionId").unwrap_or_default(),
    );
    let mut body = serde_json::to_string(template).unwrap_or_default();
    if !old_asset.is_empty() {
        body = body.replace(old_asset, asset);
    }
    if !old_version.is_empty() {
        body = body.replace(old_version, version);
    }
    let mut value: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    value["AssetId"] = json!(asset);
    value["VersionId"] = json!(version);
    value["PublicName"] = json!(name);
    value["Description"] = json!(description(name));
    value
}

fn description(name: &str) -> &'static str {
    if names::is_synthetic(name) {
        SYNTHETIC_DESCRIPTION
    } else {
        ""
    }
}

/// The version of an asset the world's matches use (for routes asked without a version).
fn used_version(world: &World, field: &str, asset: &str) -> Option<String> {
    world.captured.settings.iter().find_map(|info| {
        let link = info.get(field)?;
        text(link, "/AssetId")
            .filter(|a| a.eq_ignore_ascii_case(asset))
            .and_then(|_| text(link, "/VersionId"))
            .map(str::to_owned)
    })
}

/// Answers a discovery endpoint for `asset` (and `version`, when the route has one).
pub(crate) fn answer(
    world: &World,
    endpoint: &str,
    asset: &str,
    version: Option<&str>,
) -> Option<Value> {
    let base = endpoint.trim_end_matches("WithoutVersion");
    let asset = asset.to_ascii_lowercase();
    let (kind, field) = match base {
        "HIUGC_Discovery_GetMap" => (Some(Kind::Map), "MapVariant"),
        "HIUGC_Discovery_GetUgcGameVariant" => (Some(Kind::Mode), "UgcGameVariant"),
        "HIUGC_Discovery_GetPlaylist" => (Some(Kind::Playlist), "Playlist"),
        "HIUGC_Discovery_GetMapModePair" => (None, "PlaylistMapModePair"),
        _ => return None,
    };
    let version = match version {
        Some(v) => v.to_ascii_lowercase(),
        None => used_version(world, field, &asset)?,
    };
    let template = template(base)?;
    match kind {
        Some(kind) => {
            let name = names::asset(kind, &asset)?;
            let mut value = retarget(&template, &asset, &version, name);
            if kind == Kind::Playlist && !names::is_ranked_playlist(&asset) {
                value["RotationEntries"] = json!([]);
            }
            Some(value)
        }
        None => {
            let info = world.captured.settings.iter().find(|info| {
                text(info, "/PlaylistMapModePair/AssetId")
                    .is_some_and(|a| a.eq_ignore_ascii_case(&asset))
            })?;
            let map = text(info, "/MapVariant/AssetId")?;
            let mode = text(info, "/UgcGameVariant/AssetId")?;
            let (map_name, mode_name) = (
                names::asset(Kind::Map, map)?,
                names::asset(Kind::Mode, mode)?,
            );
            let mut value = retarget(
                &template,
                &asset,
                &version,
                &format!("{mode_name} on {map_name}"),
            );
            if names::is_synthetic(map_name) || names::is_synthetic(mode_name) {
                value["Description"] = json!(SYNTHETIC_DESCRIPTION);
            }
            for (link, field, name) in [
                ("MapLink", "MapVariant", map_name),
                ("UgcGameVariantLink", "UgcGameVariant", mode_name),
            ] {
                if let Some(target) = value.get_mut(link) {
                    target["AssetId"] = info
                        .pointer(&format!("/{field}/AssetId"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    target["VersionId"] = info
                        .pointer(&format!("/{field}/VersionId"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    target["PublicName"] = json!(name);
                    target["Description"] = json!(description(name));
                }
            }
            Some(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEFAULT_GAMERTAG, DEFAULT_XUID};

    #[test]
    fn every_asset_a_match_uses_has_a_name_and_synthetic_ones_say_so() {
        let world = World::new(1, 0, 0, &[], (DEFAULT_XUID, DEFAULT_GAMERTAG), 10);
        let mut synthetic = Vec::new();
        for info in &world.captured.settings {
            for (field, endpoint) in [
                ("MapVariant", "HIUGC_Discovery_GetMapWithoutVersion"),
                (
                    "UgcGameVariant",
                    "HIUGC_Discovery_GetUgcGameVariantWithoutVersion",
                ),
                ("Playlist", "HIUGC_Discovery_GetPlaylistWithoutVersion"),
                (
                    "PlaylistMapModePair",
                    "HIUGC_Discovery_GetMapModePairWithoutVersion",
                ),
            ] {
                let Some(asset) = text(info, &format!("/{field}/AssetId")) else {
                    assert_ne!(field, "MapVariant", "a match without a map");
                    continue;
                };
                let value = answer(&world, endpoint, asset, None).unwrap();
                let name = value["PublicName"].as_str().unwrap();
                assert!(!name.is_empty() && !name.contains("Unnamed"), "{name}");
                if names::is_synthetic(name) {
                    assert_eq!(value["Description"], SYNTHETIC_DESCRIPTION);
                    if field != "PlaylistMapModePair" && !synthetic.contains(&name.to_owned()) {
                        synthetic.push(name.to_owned());
                    }
                }
            }
        }
        synthetic.sort();
        assert_eq!(synthetic.len(), 13, "{synthetic:?}");
        assert_eq!(synthetic[0], "Map 2953a878 (synthetic name)");
        let slayer = answer(
            &world,
            "HIUGC_Discovery_GetMapWithoutVersion",
            "a54808fb-9bf5-432a-a3c3-f76cbea944c1",
            None,
        )
        .unwrap();
        assert_eq!(slayer["PublicName"], "Fortress - Ranked");
        assert_eq!(slayer["Description"], "");
    }
}
