//! SPNKr's models as a second source of facts: `crates/halo-models/captures/schemas/` holds
//! JSON Schemas exported from SPNKr 0.10.2's pydantic models (`scripts/export-spnkr-schemas.py`),
//! one per endpoint. [`merge`] lays one over the shape inferred from the captures:
//!
//! - a property no capture shows becomes an optional field of the schema's type (the stats of a
//!   game mode without a captured match, a field a capture has only as `null`);
//! - a property the schema does not require, or allows to be `null`, becomes optional;
//! - a number the schema calls `number` is a float even when every sample was an integer;
//! - a property whose schema is one of the crate's hand-written enums (same name) gets that enum,
//!   unless the overrides say otherwise.
//!
//! The captures win wherever the two disagree on a kind (an object where SPNKr has a map, a
//! string where it has an integer): the schema only adds what the captures cannot know.

use serde_json::{Map, Value};

use super::infer::{Field, Kind, Object, Shape, StrKinds};

/// Where the exported schemas live, relative to the repository root.
pub const SCHEMAS: &str = "crates/halo-models/captures/schemas";

/// Reads the schema of `endpoint`, if one was exported.
pub fn read(root: &std::path::Path, endpoint: &str) -> Result<Option<Value>, String> {
    let path = root.join(SCHEMAS).join(format!("{endpoint}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// An enum the schema names for a JSON key (the key and the enum's title).
pub type EnumHint = (String, String);

/// Merges `schema` into `shape` (see the module docs); returns the enum hints found.
pub fn merge(shape: &mut Shape, schema: &Value) -> Vec<EnumHint> {
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut hints = Vec::new();
    apply(shape, schema, defs, &mut hints, 0);
    hints
}

/// The schema behind `$ref`s, and whether it allows `null` (`anyOf` with a null branch).
fn resolve<'a>(mut node: &'a Value, defs: &'a Map<String, Value>) -> (&'a Value, bool) {
    let mut nullable = false;
    for _ in 0..8 {
        if let Some(name) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            match defs.get(name) {
                Some(def) => node = def,
                None => break,
            }
        } else if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
            let (nulls, others): (Vec<&Value>, Vec<&Value>) = any
                .iter()
                .partition(|v| v.get("type").and_then(Value::as_str) == Some("null"));
            nullable |= !nulls.is_empty();
            match others.as_slice() {
                [one] => node = one,
                _ => break,
            }
        } else {
            break;
        }
    }
    (node, nullable)
}

fn type_of(node: &Value) -> Option<&str> {
    node.get("type").and_then(Value::as_str)
}

fn apply(
    shape: &mut Shape,
    node: &Value,
    defs: &Map<String, Value>,
    hints: &mut Vec<EnumHint>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let (node, _) = resolve(node, defs);
    if matches!(shape.kind, Kind::Nothing) {
        shape.kind = kind_of(node, defs, depth);
        return;
    }
    match (&mut shape.kind, type_of(node)) {
        (Kind::Object(obj), Some("object")) => {
            let Some(properties) = node.get("properties").and_then(Value::as_object) else {
                return;
            };
            let required: Vec<&str> = node
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (key, property) in properties {
                let (resolved, nullable) = resolve(property, defs);
                if let Some(title) = enum_title(resolved) {
                    hints.push((key.clone(), title.to_owned()));
                }
                let optional = nullable || !required.contains(&key.as_str());
                match obj.fields.iter_mut().find(|f| f.name == *key) {
                    Some(field) => {
                        apply(&mut field.shape, property, defs, hints, depth + 1);
                        field.shape.nullable |= optional;
                    }
                    None => {
                        collect_hints(resolved, defs, hints, depth + 1);
                        obj.fields.push(Field {
                            name: key.clone(),
                            present: 0,
                            shape: Shape {
                                nullable: false,
                                kind: kind_of(resolved, defs, depth + 1),
                            },
                        });
                    }
                }
            }
        }
        (Kind::Int { .. }, Some("number")) => shape.kind = Kind::Float,
        (Kind::Array(elem), Some("array")) => {
            if let Some(items) = node.get("items") {
                apply(elem, items, defs, hints, depth + 1);
            }
        }
        (Kind::Map(value), Some("object")) => {
            if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
                apply(value, values, defs, hints, depth + 1);
            }
        }
        _ => {}
    }
}

/// Enum hints inside a value known only from the schema.
fn collect_hints(node: &Value, defs: &Map<String, Value>, hints: &mut Vec<EnumHint>, depth: usize) {
    if depth > 32 {
        return;
    }
    let (node, _) = resolve(node, defs);
    if let Some(items) = node.get("items") {
        collect_hints(items, defs, hints, depth + 1);
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (key, property) in properties {
            let (resolved, _) = resolve(property, defs);
            if let Some(title) = enum_title(resolved) {
                hints.push((key.clone(), title.to_owned()));
            }
            collect_hints(resolved, defs, hints, depth + 1);
        }
    }
}

/// The title of an enum schema (`{"enum": [...], "title": "Outcome"}`).
fn enum_title(node: &Value) -> Option<&str> {
    node.get("enum")?;
    node.get("title").and_then(Value::as_str)
}

/// The shape of a value known only from the schema.
fn kind_of(node: &Value, defs: &Map<String, Value>, depth: usize) -> Kind {
    if depth > 32 {
        return Kind::Any;
    }
    let (node, _) = resolve(node, defs);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let ints: Vec<i128> = values
            .iter()
            .filter_map(Value::as_i64)
            .map(i128::from)
            .collect();
        if ints.len() == values.len() && !ints.is_empty() {
            let (min, max) = (ints.iter().min(), ints.iter().max());
            return Kind::Int {
                min: min.copied().unwrap_or(0),
                max: max.copied().unwrap_or(0),
            };
        }
        return Kind::Str(plain_string());
    }
    match type_of(node) {
        Some("boolean") => Kind::Bool,
        Some("integer") => Kind::Int { min: 0, max: 0 },
        Some("number") => Kind::Float,
        Some("string") => {
            let mut kinds = plain_string();
            match node.get("format").and_then(Value::as_str) {
                Some("date-time") => kinds.instant = true,
                Some("duration") => kinds.duration = true,
                Some("uuid") => kinds.uuid = true,
                _ => {}
            }
            Kind::Str(kinds)
        }
        Some("array") => {
            let items = node
                .get("items")
                .map_or(Kind::Any, |i| kind_of(i, defs, depth + 1));
            Kind::Array(Box::new(Shape {
                nullable: false,
                kind: items,
            }))
        }
        Some("object") => {
            if let Some(properties) = node.get("properties").and_then(Value::as_object) {
                let required: Vec<&str> = node
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let fields = properties
                    .iter()
                    .map(|(key, property)| {
                        let (resolved, nullable) = resolve(property, defs);
                        Field {
                            name: key.clone(),
                            present: usize::from(!nullable && required.contains(&key.as_str())),
                            shape: Shape {
                                nullable,
                                kind: kind_of(resolved, defs, depth + 1),
                            },
                        }
                    })
                    .collect();
                Kind::Object(Object { count: 1, fields })
            } else if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object())
            {
                Kind::Map(Box::new(Shape {
                    nullable: false,
                    kind: kind_of(values, defs, depth + 1),
                }))
            } else {
                Kind::Any
            }
        }
        _ => Kind::Any,
    }
}

fn plain_string() -> StrKinds {
    StrKinds {
        uuid: false,
        instant: false,
        duration: false,
        player_id: false,
        digits: false,
    }
}
