//! [`JsonMap`]: a JSON object whose keys are data (language codes, ids), kept in document order.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON object used as a map from data keys (`en-US`, `0`, an id) to values.
///
/// Entries stay in document order in one vector, which decodes much faster than a tree map for
/// the small maps these payloads carry. When a key repeats, lookups see the last value, as
/// `serde_json::Value` does. Keys that recur in every payload (the language codes of
/// translations) are shared static strings rather than one allocation each.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonMap<T>(pub Vec<(Cow<'static, str>, T)>);

/// Keys that are interned when decoded: the locales of the service's translations.
const COMMON_KEYS: [&str; 21] = [
    "en-US",
    "pt-BR",
    "zh-CN",
    "zh-TW",
    "de-DE",
    "fr-FR",
    "it-IT",
    "ja-JP",
    "ko-KR",
    "es-MX",
    "nl-NL",
    "pl-PL",
    "ru-RU",
    "es-ES",
    "pt-PT",
    "fr-CA",
    "en-GB",
    "tr-TR",
    "qps-ploc",
    "qps-ploca",
    "qps-plocm",
];

/// `key` as a shared static string when it is one of [`COMMON_KEYS`].
fn intern(key: &[u8]) -> Option<&'static str> {
    if !(5..=9).contains(&key.len()) {
        return None;
    }
    COMMON_KEYS.iter().find(|k| k.as_bytes() == key).copied()
}

impl<T> Default for JsonMap<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> JsonMap<T> {
    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Keys in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// Values in document order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for JsonMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for JsonMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = JsonMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonMap<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
                while let Some(key) = map.next_key::<crate::de_support::Key<'de>>()? {
                    let key = match intern(key.as_bytes()) {
                        Some(common) => Cow::Borrowed(common),
                        None => Cow::Owned(key.into_string::<A::Error>()?),
                    };
                    entries.push((key, map.next_value()?));
                }
                Ok(JsonMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<T: crate::UnknownPaths> crate::UnknownPaths for JsonMap<T> {
    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
        for (k, v) in &self.0 {
            crate::unknown::with_key(path, k, |p| v.collect_unknown(p, out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_last_duplicate_wins() {
        let map: JsonMap<i64> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a", "b"]);
        assert_eq!(map.get("b"), Some(&3));
        assert_eq!(map.get("c"), None);
        let back: serde_json::Value = serde_json::to_value(&map).unwrap();
        assert_eq!(back, serde_json::json!({"a": 2, "b": 3}));
    }

    #[test]
    fn locale_keys_are_shared_and_others_owned() {
        let map: JsonMap<String> =
            serde_json::from_str(r#"{"pt-BR": "Abate Duplo", "xx-YY": "?"}"#).unwrap();
        assert!(matches!(map.0[0].0, Cow::Borrowed("pt-BR")));
        assert!(matches!(&map.0[1].0, Cow::Owned(k) if k == "xx-YY"));
        assert_eq!(map.get("pt-BR").map(String::as_str), Some("Abate Duplo"));
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"pt-BR":"Abate Duplo","xx-YY":"?"}"#
        );
    }
}
