//! No generated struct refuses a payload for a missing key: for every capture, removing any one
//! object key anywhere (every key, not a sample) still decodes, and re-encodes to exactly the
//! mutated JSON (the key stays absent; a `null` stays `null`).
//!
//! A payload decodes object by object (a struct's decode of a field is the field type's decode
//! of that value), so each removal is checked on the nearest enclosing object that has a model
//! ([`halo_models::POSITIONS`]): the object itself when it is a struct or a map, else the struct
//! holding it. Removals of the payload's own keys decode the whole payload by endpoint id.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;

use halo_models::{Position, decode, lossless, positions::positions_of};
use serde_json::Value;

fn captures() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let endpoint = dir.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "json") {
                out.push((endpoint.clone(), file));
            }
        }
    }
    out.sort();
    out
}

/// How a mutated object is decoded and re-encoded.
#[derive(Clone, Copy)]
enum Model<'a> {
    /// The payload itself, by endpoint id.
    Endpoint(&'a str),
    /// A struct or map at a position.
    At(&'static Position),
}

impl Model<'_> {
    fn round_trip(self, value: &Value) -> Result<Value, String> {
        let bytes = serde_json::to_vec(value).unwrap();
        match self {
            Model::Endpoint(endpoint) => decode(endpoint, &bytes)
                .map(|r| serde_json::to_value(&r).unwrap())
                .map_err(|e| e.to_string()),
            Model::At(position) => (position.round_trip)(&bytes).map_err(|e| e.to_string()),
        }
    }
}

struct Walk<'a> {
    file: String,
    positions: HashMap<&'static str, &'static Position>,
    endpoint: &'a str,
    removals: usize,
    failures: Vec<String>,
}

impl Walk<'_> {
    /// Visits `node` (at `pattern`, concrete `path`), whose nearest modelled object is `owner`
    /// (reached from it by the keys and indexes `rel`).
    fn visit(
        &mut self,
        node: &Value,
        pattern: &str,
        path: &str,
        owner: (&Value, Model<'_>),
        rel: &mut Vec<Step>,
    ) {
        match node {
            Value::Object(map) => {
                let here = if pattern.is_empty() {
                    None
                } else {
                    self.positions.get(pattern).copied()
                };
                let (owner_value, owner_model, mut local_rel) = match here {
                    Some(position) => (node, Model::At(position), Vec::new()),
                    None => (owner.0, owner.1, rel.clone()),
                };
                for key in map.keys() {
                    self.removals += 1;
                    let mut mutated = owner_value.clone();
                    remove_at(&mut mutated, &local_rel, key);
                    match owner_model.round_trip(&mutated) {
                        Ok(back) => {
                            let diff = lossless::exact_differences(&mutated, &back, 3);
                            if !diff.is_empty() {
                                self.failures.push(format!(
                                    "{} without {path}.{key}: re-encoding differs at {diff:?}",
                                    self.file
                                ));
                            }
                        }
                        Err(e) => self
                            .failures
                            .push(format!("{} without {path}.{key}: {e}", self.file)),
                    }
                }
                let is_map = here.is_some_and(|p| p.type_name.starts_with("JsonMap<"));
                for (key, child) in map {
                    let child_pattern = if is_map {
                        format!("{pattern}{{}}")
                    } else if pattern.is_empty() {
                        key.clone()
                    } else {
                        format!("{pattern}.{key}")
                    };
                    local_rel.push(Step::Key(key.clone()));
                    self.visit(
                        child,
                        &child_pattern,
                        &format!("{path}.{key}"),
                        (owner_value, owner_model),
                        &mut local_rel,
                    );
                    local_rel.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    rel.push(Step::Index(i));
                    self.visit(
                        item,
                        &format!("{pattern}[]"),
                        &format!("{path}[{i}]"),
                        owner,
                        rel,
                    );
                    rel.pop();
                }
            }
            _ => {}
        }
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn remove_at(value: &mut Value, rel: &[Step], key: &str) {
    let mut at = value;
    for step in rel {
        at = match step {
            Step::Key(k) => at.get_mut(k.as_str()).unwrap(),
            Step::Index(i) => at.get_mut(*i).unwrap(),
        };
    }
    at.as_object_mut().unwrap().remove(key).unwrap();
}

#[test]
fn removing_any_one_key_decodes_and_re_encodes_exactly() {
    let mut removals = 0;
    let mut failures = Vec::new();
    for (endpoint, file) in captures() {
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let mut walk = Walk {
            file: file.display().to_string(),
            positions: positions_of(&endpoint).map(|p| (p.path, p)).collect(),
            endpoint: &endpoint,
            removals: 0,
            failures: Vec::new(),
        };
        let model = Model::Endpoint(walk.endpoint);
        walk.visit(&doc, "", "", (&doc, model), &mut Vec::new());
        removals += walk.removals;
        failures.extend(walk.failures);
    }
    assert!(removals > 150_000, "only {removals} keys removed");
    assert!(
        failures.is_empty(),
        "{} of {removals} removals failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
