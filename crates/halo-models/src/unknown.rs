//! Keeping the fields a model does not know: [`UnknownFields`], and [`UnknownPaths`] to list
//! where they were found.

use std::collections::BTreeMap;

use serde_json::Value;
use uuid::Uuid;

use crate::{AssetId, IsoDuration, MatchId, PlayerId, Timestamp, VersionId, Xuid};

/// The fields of a JSON object that its model does not know, kept so that re-encoding gives back
/// the same JSON value. Empty (and allocation-free) in the common case.
#[derive(Debug, Clone, Default, PartialEq)]
// Boxed so the common (empty) case costs one pointer in every generated struct, not three words.
#[allow(clippy::box_collection)]
pub struct UnknownFields(Option<Box<BTreeMap<String, Value>>>);

impl UnknownFields {
    /// No unknown fields.
    pub const fn new() -> Self {
        Self(None)
    }

    /// Whether no unknown field was seen.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }

    /// How many unknown fields were seen.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    /// The value of one unknown field.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref().and_then(|m| m.get(key))
    }

    /// Adds (or replaces) an unknown field.
    pub fn insert(&mut self, key: String, value: Value) {
        self.0.get_or_insert_with(Box::default).insert(key, value);
    }

    /// The unknown fields, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|m| m.iter())
            .map(|(k, v)| (k.as_str(), v))
    }
}

/// Lists the JSON paths of fields that a decoded model did not know (kept in [`UnknownFields`]).
///
/// Paths look like `Players[3].NewField`.
pub trait UnknownPaths {
    /// Appends to `out` the path of every unknown field under `self`, `path` being where `self` is.
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>);

    /// The paths of every unknown field, from the root.
    fn unknown_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_unknown(&mut String::new(), &mut out);
        out
    }
}

impl UnknownFields {
    /// Adds the paths of these unknown fields below `path` (used by generated code).
    pub fn collect_unknown(&self, path: &str, out: &mut Vec<String>) {
        for (key, _) in self.iter() {
            out.push(join(path, key));
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Runs `f` with `path` extended by `.key`, then restores it (used by generated code).
pub fn with_key(path: &mut String, key: &str, f: impl FnOnce(&mut String)) {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    f(path);
    path.truncate(len);
}

impl<T: UnknownPaths> UnknownPaths for Vec<T> {
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
        for (i, item) in self.iter().enumerate() {
            let len = path.len();
            path.push('[');
            path.push_str(&i.to_string());
            path.push(']');
            item.collect_unknown(path, out);
            path.truncate(len);
        }
    }
}

impl<T: UnknownPaths> UnknownPaths for Option<T> {
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
        if let Some(v) = self {
            v.collect_unknown(path, out);
        }
    }
}

impl<T: UnknownPaths> UnknownPaths for Box<T> {
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
        (**self).collect_unknown(path, out);
    }
}

impl<T: UnknownPaths> UnknownPaths for BTreeMap<String, T> {
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
        for (k, v) in self {
            with_key(path, k, |p| v.collect_unknown(p, out));
        }
    }
}

macro_rules! leaf {
    ($($t:ty),*) => {$(
        impl UnknownPaths for $t {
            fn collect_unknown(&self, _path: &mut String, _out: &mut Vec<String>) {}
        }
    )*};
}

leaf!(
    bool,
    i64,
    u64,
    f64,
    String,
    Value,
    Uuid,
    Timestamp,
    IsoDuration,
    Xuid,
    PlayerId,
    MatchId,
    AssetId,
    VersionId
);
