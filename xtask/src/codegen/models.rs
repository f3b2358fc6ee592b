//! The models generator: one response type per endpoint id from the captures, shared nested
//! types, the `AnyResponse` dispatcher; writes `crates/halo-models/src/generated/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use super::infer::{Kind, Shape, join};
use super::json::Json;
use super::names::{pascal_case, singular, snake_case};
use super::overrides::Overrides;
use super::schema;
use super::{GeneratedFile, Output};

/// Where the captures and the overrides live, relative to the repository root.
const CAPTURES: &str = "crates/halo-models/captures/responses";
const OVERRIDES: &str = "crates/halo-models/codegen-overrides.json";
/// The most fields a generated struct may have (`halo_models::AbsentKeys::CAPACITY`).
const ABSENT_CAPACITY: usize = 128;
/// The directory this generator owns.
pub const OUT_DIR: &str = "crates/halo-models/src/generated";

/// Names generated types must not take: hand-written types and everything the generated
/// modules import.
const RESERVED: &[&str] = &[
    "AnyResponse",
    "AssetId",
    "Box",
    "BTreeMap",
    "DecodeError",
    "Deserialize",
    "Deserializer",
    "Err",
    "IsoDuration",
    "Key",
    "MapAccess",
    "MatchId",
    "None",
    "Ok",
    "Option",
    "PlayerId",
    "Result",
    "Serialize",
    "SerializeMap",
    "Serializer",
    "Some",
    "String",
    "Timestamp",
    "UnknownFields",
    "UnknownPaths",
    "Uuid",
    "Value",
    "Vec",
    "VersionId",
    "Visitor",
    "Xuid",
    "AssetHome",
    "AssetKind",
    "BotDifficulty",
    "CloneBehavior",
    "FilmChunkType",
    "FilmStatus",
    "GameplayInteraction",
    "GameVariantCategory",
    "InspectionResult",
    "LifecycleMode",
    "MedalDifficulty",
    "MedalType",
    "Outcome",
    "PlayerType",
    "PlaylistBotDifficulty",
    "PlaylistDeviceInput",
    "PlaylistEntrySelectionStrategy",
    "PlaylistExperience",
    "SkillResultCode",
    "SubTier",
    "Tier",
    "UtcOffset",
];

/// A Rust type of a field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ty {
    Bool,
    I64,
    U64,
    F64,
    Str,
    Uuid,
    Timestamp,
    Duration,
    PlayerId,
    /// A hand-written enum or typed id.
    Named(String),
    Value,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Opt(Box<Ty>),
    Struct(usize),
}

impl Ty {
    fn key(&self) -> String {
        match self {
            Ty::Vec(t) => format!("[{}]", t.key()),
            Ty::Map(t) => format!("{{{}}}", t.key()),
            Ty::Opt(t) => format!("?{}", t.key()),
            Ty::Struct(i) => format!("#{i}"),
            Ty::Named(n) => n.clone(),
            other => format!("{other:?}"),
        }
    }

    fn rust(&self, names: &[String]) -> String {
        match self {
            Ty::Bool => "bool".into(),
            Ty::I64 => "i64".into(),
            Ty::U64 => "u64".into(),
            Ty::F64 => "f64".into(),
            Ty::Str => "String".into(),
            Ty::Uuid => "Uuid".into(),
            Ty::Timestamp => "Timestamp".into(),
            Ty::Duration => "IsoDuration".into(),
            Ty::PlayerId => "PlayerId".into(),
            Ty::Named(n) => n.clone(),
            Ty::Value => "Value".into(),
            Ty::Vec(t) => format!("Vec<{}>", t.rust(names)),
            Ty::Map(t) => format!("JsonMap<{}>", t.rust(names)),
            Ty::Opt(t) => format!("Option<{}>", t.rust(names)),
            Ty::Struct(i) => names[*i].clone(),
        }
    }
}

struct FieldDef {
    json: String,
    ident: String,
    ty: Ty,
    optional: bool,
}

struct Occurrence {
    endpoint: String,
    path: String,
    hint: String,
    parent_hint: String,
    order: (usize, usize),
}

struct StructDef {
    fields: Vec<FieldDef>,
    occurrences: Vec<Occurrence>,
}

struct Endpoint {
    id: String,
    type_name: String,
    variant: String,
    root: Ty,
    module: String,
}

struct Builder<'a> {
    overrides: &'a Overrides,
    /// Map positions (endpoint, path, the map's type), for the positions table.
    maps: Vec<(String, String, Ty)>,
    structs: Vec<StructDef>,
    by_key: HashMap<String, usize>,
    seq: usize,
    rank: usize,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn ty_of(
        &mut self,
        shape: &Shape,
        endpoint: &str,
        path: &str,
        key: Option<&str>,
        hint: &str,
        parent_hint: &str,
    ) -> Ty {
        let named = |m: Option<&str>| m.map(|s| Ty::Named(s.to_owned()));
        let enum_override = key.and_then(|k| self.overrides.enum_for(endpoint, k));
        let id_override = key.and_then(|k| self.overrides.id_for(endpoint, k));
        match &shape.kind {
            Kind::Nothing => Ty::Value,
            Kind::Any => Ty::Value,
            Kind::Bool => Ty::Bool,
            Kind::Float => Ty::F64,
            Kind::Int { min, max } => {
                let is_int_enum = enum_override.is_some_and(|e| e != "Tier");
                if is_int_enum {
                    named(enum_override).unwrap_or(Ty::I64)
                } else if *min >= i128::from(i64::MIN) && *max <= i128::from(i64::MAX) {
                    Ty::I64
                } else if *min >= 0 && *max <= i128::from(u64::MAX) {
                    Ty::U64
                } else {
                    Ty::F64
                }
            }
            Kind::Str(k) => match (enum_override, id_override) {
                (Some("Tier"), _) => Ty::Named("Tier".into()),
                (_, Some(id @ ("MatchId" | "AssetId" | "VersionId"))) if k.uuid => {
                    Ty::Named(id.to_owned())
                }
                (_, Some("Xuid")) if k.digits => Ty::Named("Xuid".into()),
                _ if k.uuid => Ty::Uuid,
                _ if k.instant => Ty::Timestamp,
                _ if k.duration => Ty::Duration,
                _ if k.player_id => Ty::PlayerId,
                _ => Ty::Str,
            },
            Kind::Array(elem) => {
                let inner = self.ty_of(
                    elem,
                    endpoint,
                    &format!("{path}[]"),
                    None,
                    &singular(hint),
                    parent_hint,
                );
                Ty::Vec(Box::new(wrap_nullable(elem, inner)))
            }
            Kind::Map(value) => {
                let inner = self.ty_of(
                    value,
                    endpoint,
                    &format!("{path}{{}}"),
                    None,
                    &singular(hint),
                    parent_hint,
                );
                let ty = Ty::Map(Box::new(wrap_nullable(value, inner)));
                self.maps
                    .push((endpoint.to_owned(), path.to_owned(), ty.clone()));
                ty
            }
            Kind::Object(obj) => {
                self.seq += 1;
                let order = (self.rank, self.seq);
                let mut fields: Vec<FieldDef> = Vec::new();
                let mut idents = BTreeSet::new();
                for field in &obj.fields {
                    let child_path = join(path, &field.name);
                    let child_hint = pascal_case(&field.name);
                    let ty = self.ty_of(
                        &field.shape,
                        endpoint,
                        &child_path,
                        Some(&field.name),
                        &child_hint,
                        hint,
                    );
                    let mut ident = snake_case(&field.name);
                    if ident == "unknown_fields" || ident == "absent" {
                        ident.push('_');
                    }
                    while !idents.insert(ident.clone()) {
                        ident.push('_');
                    }
                    fields.push(FieldDef {
                        json: field.name.clone(),
                        ident,
                        ty,
                        optional: field.optional(obj.count)
                            || self.overrides.is_optional(endpoint, &child_path),
                    });
                }
                let mut parts: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}:{}:{}", f.json, f.optional, f.ty.key()))
                    .collect();
                parts.sort();
                let key = parts.join(",");
                let occurrence = Occurrence {
                    endpoint: endpoint.to_owned(),
                    path: path.to_owned(),
                    hint: hint.to_owned(),
                    parent_hint: parent_hint.to_owned(),
                    order,
                };
                let id = match self.by_key.get(&key) {
                    Some(&id) => id,
                    None => {
                        self.structs.push(StructDef {
                            fields,
                            occurrences: Vec::new(),
                        });
                        self.by_key.insert(key, self.structs.len() - 1);
                        self.structs.len() - 1
                    }
                };
                self.structs[id].occurrences.push(occurrence);
                Ty::Struct(id)
            }
        }
    }
}

fn wrap_nullable(shape: &Shape, ty: Ty) -> Ty {
    if shape.nullable && !matches!(shape.kind, Kind::Nothing) {
        Ty::Opt(Box::new(ty))
    } else {
        ty
    }
}

fn module_of(endpoint: &str) -> String {
    let prefix = endpoint.split('_').next().unwrap_or(endpoint);
    // The service names one settings endpoint `Setting_` (flighted feature flags) and the
    // rest `Settings_`: one module, not `setting.rs` beside `settings.rs`.
    let prefix = if prefix == "Setting" {
        "Settings"
    } else {
        prefix
    };
    let mut m = snake_case(prefix);
    if m.starts_with("r#") {
        m = m.replace("r#", "") + "_";
    }
    m
}

/// Reads every JSON capture, grouped by endpoint id (sorted).
fn read_captures(root: &Path) -> Result<BTreeMap<String, Vec<Json>>, String> {
    let dir = root.join(CAPTURES);
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.path().is_dir() {
            continue;
        }
        let id = entry.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(entry.path())
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut samples = Vec::new();
        for file in files {
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let json: Json =
                serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
            samples.push(json);
        }
        if !samples.is_empty() {
            out.insert(id, samples);
        }
    }
    Ok(out)
}

/// Runs the generator.
pub fn generate(root: &Path) -> Result<Output, String> {
    let overrides_text =
        std::fs::read_to_string(root.join(OVERRIDES)).map_err(|e| format!("{OVERRIDES}: {e}"))?;
    let mut overrides = Overrides::parse(&overrides_text)?;
    let captures = read_captures(root)?;

    // Endpoints listed in the overrides come first, in their order; then the rest, sorted.
    let mut order: Vec<String> = overrides
        .endpoints
        .iter()
        .map(|(id, _)| id.clone())
        .filter(|id| captures.contains_key(id))
        .collect();
    for id in captures.keys() {
        if !order.contains(id) {
            order.push(id.clone());
        }
    }

    // Every endpoint's shape: the captures unified, then SPNKr's schema laid over them.
    let hand_enums: BTreeSet<&str> = RESERVED
        .iter()
        .skip_while(|n| **n != "AssetHome")
        .copied()
        .collect();
    let mut shapes = Vec::with_capacity(order.len());
    for id in &order {
        let mut shape = Shape::empty();
        for sample in &captures[id] {
            shape.merge(Shape::of(sample));
        }
        let map_paths: Vec<String> = overrides
            .map_paths
            .iter()
            .filter_map(|p| p.strip_prefix(&format!("{id}:")).map(str::to_owned))
            .collect();
        shape.find_maps("", &|p| map_paths.iter().any(|m| m == p));
        if let Some(spnkr) = schema::read(root, id)? {
            for (key, title) in schema::merge(&mut shape, &spnkr) {
                let scoped = format!("{id}:{key}");
                if hand_enums.contains(title.as_str())
                    && !overrides.enum_fields.contains_key(&scoped)
                    && !overrides.enum_fields.contains_key(&key)
                {
                    overrides.enum_fields.insert(scoped, title);
                }
            }
        }
        shapes.push(shape);
    }

    let mut builder = Builder {
        overrides: &overrides,
        maps: Vec::new(),
        structs: Vec::new(),
        by_key: HashMap::new(),
        seq: 0,
        rank: 0,
    };
    let mut endpoints = Vec::new();
    for (rank, (id, shape)) in order.iter().zip(&shapes).enumerate() {
        let variant = pascal_case(id);
        let type_name = overrides
            .endpoints
            .iter()
            .find(|(e, _)| e == id)
            .map_or_else(|| variant.clone(), |(_, n)| n.clone());
        builder.rank = rank;
        let root_ty = builder.ty_of(shape, id, "", None, &type_name, "");
        let root_ty = wrap_nullable(shape, root_ty);
        endpoints.push(Endpoint {
            id: id.clone(),
            type_name,
            variant,
            root: root_ty,
            module: module_of(id),
        });
    }

    if let Some(wide) = builder
        .structs
        .iter()
        .find(|d| d.fields.len() > ABSENT_CAPACITY)
    {
        let at = wide
            .occurrences
            .first()
            .map_or(String::new(), |o| format!("{}:{}", o.endpoint, o.path));
        return Err(format!(
            "the object at {at} has {} fields; AbsentKeys holds {ABSENT_CAPACITY}: widen it",
            wide.fields.len()
        ));
    }
    let names = assign_names(&builder.structs, &endpoints, &overrides)?;
    if let Some(stale) = overrides
        .boxed_types
        .keys()
        .find(|name| !names.contains(name))
    {
        return Err(format!(
            "overrides: boxed_types names {stale}, which is not a generated type"
        ));
    }
    let mut output = emit(&builder.structs, &endpoints, &names, &overrides)?;
    output.files.push(GeneratedFile {
        name: "positions.rs".into(),
        contents: emit_positions(&builder.structs, &builder.maps, &names),
    });
    Ok(output)
}

/// The table of where each generated struct and map sits in its endpoint's payloads.
fn emit_positions(
    structs: &[StructDef],
    maps: &[(String, String, Ty)],
    names: &[String],
) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (i, def) in structs.iter().enumerate() {
        for o in &def.occurrences {
            rows.push((o.endpoint.clone(), o.path.clone(), names[i].clone()));
        }
    }
    for (endpoint, path, ty) in maps {
        rows.push((endpoint.clone(), path.clone(), ty.rust(names)));
    }
    rows.sort();
    rows.dedup();
    let mut out = String::from(HEADER);
    out.push_str(
        "//! Where each generated model sits in its endpoint's payloads (see [`Position`]).\n\n\
         use super::*;\n\
         use crate::positions::{Position, round_trip};\n\
         use crate::JsonMap;\n\n\
         /// Every position of a generated struct or map in the captured payloads, sorted by endpoint\n\
         /// id and path (`Players[].PlayerTeamStats[].Stats`; `[]` an array element, `{}` a map value).\n\
         pub const POSITIONS: &[Position] = &[\n",
    );
    for (endpoint, path, ty) in &rows {
        let _ = writeln!(
            out,
            "    Position {{ endpoint: {endpoint:?}, path: {path:?}, type_name: {ty:?}, round_trip: round_trip::<{ty}> }},"
        );
    }
    out.push_str("];\n");
    out
}

fn assign_names(
    structs: &[StructDef],
    endpoints: &[Endpoint],
    overrides: &Overrides,
) -> Result<Vec<String>, String> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let mut names: Vec<Option<String>> = vec![None; structs.len()];
    // 1. Endpoint roots take the endpoint's type name (first endpoint wins a shared root).
    for ep in endpoints {
        if !taken.insert(ep.type_name.clone()) {
            return Err(format!("type name {} is used twice", ep.type_name));
        }
        if let Ty::Struct(i) = ep.root {
            if names[i].is_none() {
                names[i] = Some(ep.type_name.clone());
            }
        }
    }
    // 2. Overridden names.
    for (i, def) in structs.iter().enumerate() {
        if names[i].is_some() {
            continue;
        }
        let wanted = def.occurrences.iter().find_map(|o| {
            overrides
                .type_names
                .get(&format!("{}:{}", o.endpoint, o.path))
        });
        if let Some(name) = wanted {
            if !taken.insert(name.clone()) {
                return Err(format!("override type name {name} is used twice"));
            }
            names[i] = Some(name.clone());
        }
    }
    // 3. Derived names, in order of first appearance.
    let mut pending: Vec<usize> = (0..structs.len()).filter(|&i| names[i].is_none()).collect();
    pending.sort_by_key(|&i| structs[i].occurrences.iter().map(|o| o.order).min());
    for i in pending {
        let first = structs[i]
            .occurrences
            .iter()
            .min_by_key(|o| o.order)
            .ok_or("struct without occurrence")?;
        let ep_name = pascal_case(&first.endpoint);
        let candidates = [
            first.hint.clone(),
            format!("{}{}", first.parent_hint, first.hint),
            format!("{ep_name}{}", first.hint),
        ];
        let mut chosen = candidates.iter().find(|c| !taken.contains(*c)).cloned();
        let mut n = 2;
        while chosen.is_none() {
            let c = format!("{}{n}", first.hint);
            if !taken.contains(&c) {
                chosen = Some(c);
            }
            n += 1;
        }
        let name = chosen.unwrap_or_default();
        taken.insert(name.clone());
        names[i] = Some(name);
    }
    Ok(names.into_iter().map(Option::unwrap_or_default).collect())
}

const HEADER: &str = "// @generated by cargo xtask codegen. DO NOT EDIT.\n";

fn emit(
    structs: &[StructDef],
    endpoints: &[Endpoint],
    names: &[String],
    overrides: &Overrides,
) -> Result<Output, String> {
    // A struct lives in the module of the first endpoint (in id order) that uses it.
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut module_of_struct: Vec<String> = Vec::with_capacity(structs.len());
    for def in structs {
        let first = def
            .occurrences
            .iter()
            .map(|o| o.endpoint.as_str())
            .min()
            .unwrap_or("misc");
        module_of_struct.push(module_of(first));
    }
    for ep in endpoints {
        modules.entry(ep.module.clone()).or_default();
    }
    let mut order: Vec<usize> = (0..structs.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    for ep in endpoints {
        let body = modules.entry(ep.module.clone()).or_default();
        let root = ep.root.rust(names);
        if root != ep.type_name {
            let _ = writeln!(
                body,
                "/// The response of `{}` (same shape as `{root}`).\npub type {} = {root};\n",
                ep.id, ep.type_name
            );
        }
    }
    for i in order {
        let body = modules.entry(module_of_struct[i].clone()).or_default();
        emit_struct(body, &structs[i], &names[i], names, endpoints, overrides);
    }

    let mut files = Vec::new();
    let mut mod_rs = String::from(HEADER);
    mod_rs.push_str(
        "//! Types generated from the captured payloads by `cargo xtask codegen`, one module per\n\
         //! service prefix, all re-exported at the crate root.\n\n",
    );
    for (module, body) in &modules {
        let _ = writeln!(mod_rs, "mod {module};\npub use {module}::*;");
        let mut text = String::from(HEADER);
        let _ = write!(
            text,
            "//! Models of the `{module}` endpoints (and the types they introduce).\n\n\
             #![allow(unused_imports, clippy::too_many_lines)]\n\n{IMPORTS}\n{body}"
        );
        files.push(GeneratedFile {
            name: format!("{module}.rs"),
            contents: text,
        });
    }
    mod_rs.push_str(
        "mod dispatch;\npub use dispatch::*;\nmod positions;\npub use positions::POSITIONS;\n",
    );
    files.push(GeneratedFile {
        name: "mod.rs".into(),
        contents: mod_rs,
    });
    files.push(GeneratedFile {
        name: "dispatch.rs".into(),
        contents: emit_dispatch(endpoints, names),
    });
    Ok(Output {
        dir: OUT_DIR.into(),
        files,
    })
}

const IMPORTS: &str = "use serde_json::Value;
use uuid::Uuid;

use super::*;
use crate::model::model;
use crate::*;
";

fn doc_text(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

fn emit_struct(
    out: &mut String,
    def: &StructDef,
    name: &str,
    names: &[String],
    endpoints: &[Endpoint],
    overrides: &Overrides,
) {
    let mut seen: Vec<String> = def
        .occurrences
        .iter()
        .map(|o| {
            if o.path.is_empty() {
                format!("`{}`", o.endpoint)
            } else {
                format!("`{}` `{}`", o.endpoint, o.path)
            }
        })
        .collect();
    seen.sort();
    seen.dedup();
    let more = seen.len().saturating_sub(3);
    seen.truncate(3);
    let mut seen = seen.join(", ");
    if more > 0 {
        let _ = write!(seen, " and {more} more");
    }
    let root_of: Vec<&str> = endpoints
        .iter()
        .filter(|e| e.root.rust(names) == name)
        .map(|e| e.id.as_str())
        .collect();
    // The struct as a field table; `model!` (halo-models `src/model.rs`) expands it to the
    // struct and its Deserialize, Serialize, Presence and UnknownPaths impls.
    let _ = writeln!(out, "model! {{");
    let _ = writeln!(out, "    /// `{name}`");
    let _ = writeln!(out, "    ///");
    if let Some(doc) = overrides.docs.get(name) {
        let _ = writeln!(out, "    /// {}\n    ///", doc_text(doc));
    }
    if !root_of.is_empty() {
        let _ = writeln!(
            out,
            "    /// The response of {}.\n    ///",
            root_of
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(out, "    /// Seen at {seen}.");
    let _ = writeln!(out, "    pub struct {name} {{");
    for (i, f) in def.fields.iter().enumerate() {
        let mut ty = f.ty.rust(names);
        if overrides.boxed_types.contains_key(&ty) {
            ty = format!("Box<{ty}>");
        }
        let ty = if f.optional {
            format!("Option<{ty}>")
        } else {
            ty
        };
        let _ = writeln!(
            out,
            "        /// `{}`.\n        {i} b{:?} {}: {ty},",
            f.json, f.json, f.ident
        );
    }
    let _ = writeln!(out, "    }}\n}}\n");
}

fn emit_dispatch(endpoints: &[Endpoint], names: &[String]) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "//! The dispatcher: decode any captured endpoint's body given its endpoint id.\n\n\
         use serde::ser::{Serialize, Serializer};\n\n\
         use super::*;\n\
         use crate::error::decode_endpoint;\n\
         use crate::unknown::UnknownPaths;\n\
         use crate::DecodeError;\n\n",
    );
    let _ = writeln!(
        out,
        "/// Every endpoint id with a typed response model, sorted.\npub const ENDPOINT_IDS: &[&str] = &["
    );
    let mut ids: Vec<&str> = endpoints.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    for id in &ids {
        let _ = writeln!(out, "    {id:?},");
    }
    let _ = writeln!(out, "];\n");
    let mut sorted: Vec<&Endpoint> = endpoints.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let _ = writeln!(
        out,
        "/// A decoded response of any endpoint with a model (see [`decode`]).\n\
         #[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum AnyResponse {{"
    );
    for ep in &sorted {
        let _ = writeln!(
            out,
            "    /// `{}`: [`{}`].\n    {}(Box<{}>),",
            ep.id, ep.type_name, ep.variant, ep.type_name
        );
    }
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(
        out,
        "impl AnyResponse {{\n    /// The endpoint id this response belongs to.\n    pub fn endpoint_id(&self) -> &'static str {{\n        match self {{"
    );
    for ep in &sorted {
        let _ = writeln!(out, "            Self::{}(_) => {:?},", ep.variant, ep.id);
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");
    let _ = writeln!(
        out,
        "impl Serialize for AnyResponse {{\n    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        match self {{"
    );
    for ep in &sorted {
        let _ = writeln!(
            out,
            "            Self::{}(value) => value.serialize(serializer),",
            ep.variant
        );
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");
    let _ = writeln!(
        out,
        "impl UnknownPaths for AnyResponse {{\n    fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {{\n        match self {{"
    );
    for ep in &sorted {
        let _ = writeln!(
            out,
            "            Self::{}(value) => value.collect_unknown(path, out),",
            ep.variant
        );
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");
    let _ = writeln!(
        out,
        "/// Decodes the body of `endpoint_id` (a catalog id such as `Stats_GetMatchStats`).\n\
         ///\n/// # Errors\n///\n/// [`DecodeError`] when the endpoint has no model or the body does not decode; the error\n\
         /// carries the JSON path where decoding stopped.\n\
         pub fn decode(endpoint_id: &str, bytes: &[u8]) -> Result<AnyResponse, DecodeError> {{\n    match endpoint_id {{"
    );
    for ep in &sorted {
        let _ = writeln!(
            out,
            "        {:?} => decode_endpoint::<{}>(endpoint_id, bytes).map(|v| AnyResponse::{}(Box::new(v))),",
            ep.id, ep.type_name, ep.variant
        );
    }
    let _ = writeln!(
        out,
        "        _ => Err(DecodeError::unknown_endpoint(endpoint_id)),\n    }}\n}}"
    );
    let _ = names;
    out
}
