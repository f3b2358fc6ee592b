//! Shape inference: one [`Shape`] per endpoint, unified across every captured sample.
//!
//! Rules: a field missing or `null` in some sample is optional; integers and floats unify to a
//! float; arrays unify their elements; strings keep a kind only when every sample has it (GUID,
//! ISO-8601 instant or duration, player id, decimal digits); objects whose keys are not field
//! names (`en-US`, `0`, ...) or that are listed as maps become `BTreeMap<String, _>`.

use super::json::Json;

#[path = "../../../crates/halo-models/src/iso.rs"]
#[allow(dead_code, missing_docs, unreachable_pub)]
mod iso;

/// What every string sample of a position looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrKinds {
    /// Canonical lower-case hyphenated GUIDs.
    pub uuid: bool,
    /// ISO-8601 instants (see `halo_models::Timestamp`).
    pub instant: bool,
    /// ISO-8601 durations (see `halo_models::IsoDuration`).
    pub duration: bool,
    /// `xuid(N)` or `bid(..)`.
    pub player_id: bool,
    /// Decimal digits without a leading zero (an XUID written as a string).
    pub digits: bool,
}

impl StrKinds {
    fn of(s: &str) -> Self {
        Self {
            uuid: is_lower_uuid(s),
            instant: s.parse::<iso::Timestamp>().is_ok(),
            duration: s.parse::<iso::IsoDuration>().is_ok(),
            player_id: is_player_id(s),
            digits: !s.is_empty()
                && s.len() <= 19
                && s.bytes().all(|b| b.is_ascii_digit())
                && (s == "0" || !s.starts_with('0')),
        }
    }

    fn and(self, o: Self) -> Self {
        Self {
            uuid: self.uuid && o.uuid,
            instant: self.instant && o.instant,
            duration: self.duration && o.duration,
            player_id: self.player_id && o.player_id,
            digits: self.digits && o.digits,
        }
    }
}

fn is_lower_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
}

fn is_player_id(s: &str) -> bool {
    if let Some(inner) = s.strip_prefix("xuid(").and_then(|r| r.strip_suffix(')')) {
        return !inner.is_empty()
            && !inner.starts_with('0')
            && inner.len() <= 19
            && inner.bytes().all(|b| b.is_ascii_digit());
    }
    s.starts_with("bid(") && s.ends_with(')')
}

/// The inferred shape of one JSON position.
#[derive(Debug, Clone)]
pub struct Shape {
    /// `null` was seen here.
    pub nullable: bool,
    /// What the non-null samples were.
    pub kind: Kind,
}

/// The kind of the non-null samples of a position.
#[derive(Debug, Clone)]
pub enum Kind {
    /// No non-null sample.
    Nothing,
    /// Booleans.
    Bool,
    /// Integers in `min..=max`.
    Int {
        /// Smallest sample.
        min: i128,
        /// Largest sample.
        max: i128,
    },
    /// Numbers, some with a fraction.
    Float,
    /// Strings.
    Str(StrKinds),
    /// Arrays; the shape of every element.
    Array(Box<Shape>),
    /// Objects with named fields.
    Object(Object),
    /// Objects used as maps; the shape of every value.
    Map(Box<Shape>),
    /// Conflicting kinds: kept as raw JSON.
    Any,
}

/// Fields of an object position, in first-seen order.
#[derive(Debug, Clone)]
pub struct Object {
    /// How many objects were merged here.
    pub count: usize,
    /// The fields.
    pub fields: Vec<Field>,
}

/// One field of an object position.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// How many of the merged objects had the key.
    pub present: usize,
    /// The shape of its values.
    pub shape: Shape,
}

impl Field {
    /// Whether the field is missing or `null` in some sample.
    pub fn optional(&self, parent_count: usize) -> bool {
        self.present < parent_count
            || self.shape.nullable
            || matches!(self.shape.kind, Kind::Nothing)
    }
}

impl Shape {
    /// No sample yet.
    pub fn empty() -> Self {
        Self {
            nullable: false,
            kind: Kind::Nothing,
        }
    }

    /// The shape of one sample.
    pub fn of(json: &Json) -> Self {
        let kind = match json {
            Json::Null => {
                return Self {
                    nullable: true,
                    kind: Kind::Nothing,
                };
            }
            Json::Bool => Kind::Bool,
            Json::Int(i) => Kind::Int { min: *i, max: *i },
            Json::Float => Kind::Float,
            Json::Str(s) => Kind::Str(StrKinds::of(s)),
            Json::Array(items) => {
                let mut elem = Shape::empty();
                for item in items {
                    elem.merge(Shape::of(item));
                }
                Kind::Array(Box::new(elem))
            }
            Json::Object(fields) => Kind::Object(Object {
                count: 1,
                fields: fields
                    .iter()
                    .map(|(k, v)| Field {
                        name: k.clone(),
                        present: 1,
                        shape: Shape::of(v),
                    })
                    .collect(),
            }),
        };
        Self {
            nullable: false,
            kind,
        }
    }

    /// Unifies `other` into `self`.
    pub fn merge(&mut self, other: Shape) {
        self.nullable |= other.nullable;
        let kind = std::mem::replace(&mut self.kind, Kind::Nothing);
        self.kind = match (kind, other.kind) {
            (Kind::Nothing, k) | (k, Kind::Nothing) => k,
            (Kind::Any, _) | (_, Kind::Any) => Kind::Any,
            (Kind::Bool, Kind::Bool) => Kind::Bool,
            (Kind::Int { min: a, max: b }, Kind::Int { min: c, max: d }) => Kind::Int {
                min: a.min(c),
                max: b.max(d),
            },
            (Kind::Int { .. } | Kind::Float, Kind::Int { .. } | Kind::Float) => Kind::Float,
            (Kind::Str(a), Kind::Str(b)) => Kind::Str(a.and(b)),
            (Kind::Array(mut a), Kind::Array(b)) => {
                a.merge(*b);
                Kind::Array(a)
            }
            (Kind::Object(mut a), Kind::Object(b)) => {
                a.count += b.count;
                for field in b.fields {
                    if let Some(mine) = a.fields.iter_mut().find(|f| f.name == field.name) {
                        mine.present += field.present;
                        mine.shape.merge(field.shape);
                    } else {
                        a.fields.push(field);
                    }
                }
                Kind::Object(a)
            }
            (Kind::Map(mut a), Kind::Map(b)) => {
                a.merge(*b);
                Kind::Map(a)
            }
            (Kind::Map(mut a), Kind::Object(b)) | (Kind::Object(b), Kind::Map(mut a)) => {
                for field in b.fields {
                    a.merge(field.shape);
                }
                Kind::Map(a)
            }
            _ => Kind::Any,
        };
    }

    /// Turns objects into maps where their keys are data rather than field names.
    ///
    /// `path` is the position (`Players[].Stats`); `is_map` says whether overrides list it.
    pub fn find_maps(&mut self, path: &str, is_map: &dyn Fn(&str) -> bool) {
        match &mut self.kind {
            Kind::Object(obj) => {
                let dynamic_keys = obj.fields.iter().any(|f| !is_field_name(&f.name));
                let many_objects = obj.fields.len() > 40
                    && obj
                        .fields
                        .iter()
                        .all(|f| matches!(f.shape.kind, Kind::Object(_)));
                if dynamic_keys || many_objects || is_map(path) {
                    let mut value = Shape::empty();
                    for field in std::mem::take(&mut obj.fields) {
                        value.merge(field.shape);
                    }
                    self.kind = Kind::Map(Box::new(value));
                    self.find_maps(path, is_map);
                } else {
                    for field in &mut obj.fields {
                        let child = join(path, &field.name);
                        field.shape.find_maps(&child, is_map);
                    }
                }
            }
            Kind::Array(elem) => elem.find_maps(&format!("{path}[]"), is_map),
            Kind::Map(value) => value.find_maps(&format!("{path}{{}}"), is_map),
            _ => {}
        }
    }
}

/// `parent.key` (or `key` at the root).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether a key looks like a field name rather than data (`en-US`, `0`, a GUID...).
fn is_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
