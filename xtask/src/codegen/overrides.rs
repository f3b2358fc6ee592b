//! The hand-kept overrides file, `crates/halo-models/codegen-overrides.json` (its `_doc` key
//! explains every section).

use std::collections::BTreeMap;

use serde::Deserialize;

/// Steering for the model generator.
#[derive(Debug, Default)]
pub struct Overrides {
    /// Free-form documentation of the file itself (kept so the file parses strictly).
    #[allow(dead_code)]
    pub doc: Vec<String>,
    /// Response type name per endpoint id; listed endpoints are named first (so their nested
    /// types get the short names), in this order.
    pub endpoints: Vec<(String, String)>,
    /// Type name for the object at `Endpoint:path` (e.g. `Stats_GetMatchStats:Players[]`).
    pub type_names: BTreeMap<String, String>,
    /// Enum type for an integer or string field, by JSON key or `Endpoint:key`.
    pub enum_fields: BTreeMap<String, String>,
    /// Typed id for a GUID or XUID field, by JSON key or `Endpoint:key`.
    pub id_fields: BTreeMap<String, String>,
    /// Positions (`Endpoint:path`) whose objects are maps from data keys to values.
    pub map_paths: Vec<String>,
    /// Extra doc text per generated type name.
    pub docs: BTreeMap<String, String>,
    /// Fields (`Endpoint:path.Key`) that are optional although every capture has them, each
    /// with the reason (a real payload known to lack the key).
    pub optional_fields: BTreeMap<String, String>,
    /// Generated types held behind a `Box` wherever a field has them, each with the reason
    /// (large and usually absent: boxing keeps the enclosing struct small to move).
    pub boxed_types: BTreeMap<String, String>,
}

impl Overrides {
    /// Parses the overrides file.
    pub fn parse(text: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(rename = "_doc", default)]
            doc: Vec<String>,
            #[serde(default)]
            endpoints: super::json::Json,
            #[serde(default)]
            type_names: BTreeMap<String, String>,
            #[serde(default)]
            enum_fields: BTreeMap<String, String>,
            #[serde(default)]
            id_fields: BTreeMap<String, String>,
            #[serde(default)]
            map_paths: Vec<String>,
            #[serde(default)]
            docs: BTreeMap<String, String>,
            #[serde(default)]
            optional_fields: BTreeMap<String, String>,
            #[serde(default)]
            boxed_types: BTreeMap<String, String>,
        }
        let raw: Raw = serde_json::from_str(text).map_err(|e| format!("overrides: {e}"))?;
        let mut endpoints = Vec::new();
        match raw.endpoints {
            super::json::Json::Object(fields) => {
                for (id, name) in fields {
                    match name {
                        super::json::Json::Str(name) => endpoints.push((id, name)),
                        _ => return Err(format!("overrides: endpoints.{id} must be a type name")),
                    }
                }
            }
            super::json::Json::Null => {}
            _ => return Err("overrides: endpoints must be an object".to_owned()),
        }
        Ok(Self {
            doc: raw.doc,
            endpoints,
            type_names: raw.type_names,
            enum_fields: raw.enum_fields,
            id_fields: raw.id_fields,
            map_paths: raw.map_paths,
            docs: raw.docs,
            optional_fields: raw.optional_fields,
            boxed_types: raw.boxed_types,
        })
    }

    /// The enum for a field, if any.
    pub fn enum_for(&self, endpoint: &str, key: &str) -> Option<&str> {
        self.enum_fields
            .get(&format!("{endpoint}:{key}"))
            .or_else(|| self.enum_fields.get(key))
            .map(String::as_str)
    }

    /// Whether the field at `path` (`MatchInfo.GameplayInteraction`) is listed as optional.
    pub fn is_optional(&self, endpoint: &str, path: &str) -> bool {
        self.optional_fields
            .contains_key(&format!("{endpoint}:{path}"))
    }

    /// The typed id for a field, if any.
    pub fn id_for(&self, endpoint: &str, key: &str) -> Option<&str> {
        self.id_fields
            .get(&format!("{endpoint}:{key}"))
            .or_else(|| self.id_fields.get(key))
            .map(String::as_str)
    }
}
