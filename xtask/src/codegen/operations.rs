//! Generates `halo_client::operations` (`crates/halo-client/src/operations/generated/`): one
//! operation type per HTTPS route and method of the merged catalog ([`super::catalog`]), in the
//! style of twilight-http's request structs and smithy-rs's operations.
//!
//! Each type holds its path parameters (constructor arguments) and query parameters (setters),
//! typed by name ([`param_type`]: `MatchId`, `AssetId`, `Xuid`, `PlayerRef`, enums where the
//! values are known, `String` otherwise), and implements `Operation` with its route and its
//! answer's type, fixed at compile time: the generated model where the endpoint has captures,
//! the body's bytes for file and image endpoints, raw JSON otherwise. Message-queue entries get
//! no operation (they are listed in the route table only).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::catalog::{self, Entry, Scheme};
use super::names::{pascal_case, snake_case};
use super::overrides::Overrides;
use super::routes::const_name;
use super::{GeneratedFile, Output};

/// The directory this generator owns, relative to the workspace root.
pub const OUTPUT_DIR: &str = "crates/halo-client/src/operations/generated";
const CAPTURES: &str = "crates/halo-models/captures/responses";
const OVERRIDES: &str = "crates/halo-models/codegen-overrides.json";

/// Endpoints whose answer is a file's bytes (images, blobs), not JSON.
const BYTES_ENDPOINTS: &[&str] = &[
    "GameCms_GetImage",
    "GameCms_GetNewsImage",
    "GameCms_GetProgressionImage",
    "HIUGC_GetBlob",
    "HIUGC_GetSessionBlob",
];

/// Example values that must name a real kind of file (the testkit tells the endpoints sharing
/// `/hi/Progression/file/{...}` apart by the file path, and serves film chunks by their path):
/// (endpoint id, parameter, value).
const EXAMPLE_OVERRIDES: &[(&str, &str, &str)] = &[
    (
        "GameCms_GetChallenge",
        "challengePath",
        "\"ChallengeContent/Challenges/x.json\".to_owned()",
    ),
    (
        "GameCms_GetChallengeDeck",
        "challengeDeckPath",
        "\"ChallengeContent/ChallengeDecks/x.json\".to_owned()",
    ),
    (
        "GameCms_GetEvent",
        "eventPath",
        "\"RewardTracks/Events/x.json\".to_owned()",
    ),
    (
        "GameCms_GetItem",
        "itemPath",
        "\"Inventory/Spartan/x.json\".to_owned()",
    ),
    (
        "GameCms_GetSeasonRewardTrack",
        "seasonPath",
        "\"RewardTracks/Seasons/x.json\".to_owned()",
    ),
    (
        "HIUGC_GetBlob",
        "path",
        "\"ugcstorage/film/2c4a2a0f-d9f4-4d2c-9b8c-3f2e6a3c9d11/ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5/filmChunk0\".to_owned()",
    ),
    (
        "GameCms_GetOperationRewardTrack",
        "filePath",
        "\"RewardTracks/Operations/x.json\".to_owned()",
    ),
];

/// How a parameter is typed and written into the request.
struct ParamType {
    /// The Rust type of one value.
    rust: &'static str,
    /// The expression writing one value `v` (a reference) as its string.
    render: &'static str,
    /// Whether the query pair repeats (one value per pair).
    repeated: bool,
    /// An example value (for the URL tests).
    example: &'static str,
}

/// The type of a parameter, by its template name.
fn param_type(name: &str) -> ParamType {
    let p = |rust, render, repeated, example| ParamType {
        rust,
        render,
        repeated,
        example,
    };
    match name {
        "matchId" => p(
            "MatchId",
            "v.to_string()",
            false,
            "\"ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5\".parse().unwrap()",
        ),
        "assetId" | "playlistAssetId" | "playlistId" => p(
            "AssetId",
            "v.to_string()",
            false,
            "\"2c4a2a0f-d9f4-4d2c-9b8c-3f2e6a3c9d11\".parse().unwrap()",
        ),
        "versionId" => p(
            "VersionId",
            "v.to_string()",
            false,
            "\"0b4a2c6e-1d3f-4e5a-8b7c-9d0e1f2a3b4c\".parse().unwrap()",
        ),
        "player" => p(
            "PlayerRef",
            "v.path_segment()",
            false,
            "PlayerRef::from(2535405290989773)",
        ),
        "players" => p(
            "PlayerRef",
            "v.path_segment()",
            true,
            "PlayerRef::from(2535405290989773)",
        ),
        "xuid" => p("Xuid", "v.to_string()", false, "Xuid(2535405290989773)"),
        "xuids" => p("Xuid", "v.to_string()", true, "Xuid(2535405290989773)"),
        "user" => p("ProfileUser", "v.segment()", false, "ProfileUser::Me"),
        "start" => p("u32", "v.to_string()", false, "25"),
        "maxItems" => p("u32", "v.to_string()", false, "10"),
        "settings" => p(
            "String",
            "v.clone()",
            false,
            "\"Gamertag,ModernGamertag\".to_owned()",
        ),
        "count" => p("u32", "v.to_string()", false, "10"),
        "type" => p(
            "MatchType",
            "v.as_str().to_owned()",
            false,
            "MatchType::Custom",
        ),
        "lifecycle" => p(
            "Lifecycle",
            "v.as_str().to_owned()",
            false,
            "Lifecycle::Matchmade",
        ),
        "isRanked" | "includeContainerSas" => p("bool", "v.to_string()", false, "true"),
        "gameVariantCategory" => p("i64", "v.to_string()", false, "6"),
        "averageRatingMin" => p("f64", "v.to_string()", false, "4.5"),
        "fromDateCreatedUtc"
        | "toDateCreatedUtc"
        | "fromDateModifiedUtc"
        | "toDateModifiedUtc"
        | "fromDatePublishedUtc"
        | "toDatePublishedUtc" => p(
            "Timestamp",
            "v.to_string()",
            false,
            "\"2024-01-02T03:04:05Z\".parse().unwrap()",
        ),
        "sort" => p(
            "SearchSort",
            "v.as_str().to_owned()",
            false,
            "SearchSort::PlaysRecent",
        ),
        "order" => p(
            "SortOrder",
            "v.as_str().to_owned()",
            false,
            "SortOrder::Descending",
        ),
        "assetKind" => p(
            "SearchAssetKind",
            "v.as_str().to_owned()",
            false,
            "SearchAssetKind::Map",
        ),
        "viewType" => p(
            "CustomizationView",
            "v.as_str().to_owned()",
            false,
            "CustomizationView::Private",
        ),
        "tags" => p("String", "v.clone()", true, "\"Slayer\".to_owned()"),
        "title" => p("String", "v.clone()", false, "\"hi\".to_owned()"),
        "assetType" => p("String", "v.clone()", false, "\"Maps\".to_owned()"),
        name if name == "path" || name.ends_with("Path") => {
            p("String", "v.clone()", false, "\"dir/file.json\".to_owned()")
        }
        _ => p("String", "v.clone()", false, "\"value\".to_owned()"),
    }
}

/// One parameter of one operation.
struct Param {
    /// Template name (`matchId`).
    name: String,
    /// Field name (`match_id`).
    field: String,
    ty: ParamType,
}

fn field_name(name: &str) -> String {
    match name {
        "type" => "kind".to_owned(),
        other => snake_case(other),
    }
}

fn placeholders(template: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rest in template.split('{').skip(1) {
        if let Some((name, _)) = rest.split_once('}') {
            if !out.iter().any(|known| known == name) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// The module of an endpoint id: its service prefix in snake case; the catalogs' three
/// spellings of Xbox Live (`XboxLive`, `Xboxlive`, `Xbl`) share `xbox_live`.
fn module_of(id: &str) -> String {
    let prefix = id.split('_').next().unwrap_or(id);
    match prefix.to_ascii_lowercase().as_str() {
        "xboxlive" | "xbl" => "xbox_live".to_owned(),
        _ => snake_case(prefix).trim_start_matches("r#").to_owned(),
    }
}

/// The type name of an operation inside its module: the id without its service prefix.
fn type_name(id: &str) -> String {
    let rest = id.split_once('_').map_or(id, |(_, rest)| rest);
    pascal_case(rest)
}

/// What an endpoint answers, as the generated code names it.
enum Answer {
    /// A generated model of halo-models.
    Model(String),
    /// The body's bytes.
    Bytes,
    /// Raw JSON (no capture to model it from).
    Json,
}

/// Endpoint id (capture folder) -> the halo-models type of its answer.
fn model_types(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let text =
        std::fs::read_to_string(root.join(OVERRIDES)).map_err(|e| format!("{OVERRIDES}: {e}"))?;
    let overrides = Overrides::parse(&text)?;
    let dir = root.join(CAPTURES);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.path().is_dir() {
            continue;
        }
        let has_json = std::fs::read_dir(entry.path())
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .any(|f| f.path().extension().is_some_and(|x| x == "json"));
        if !has_json {
            continue;
        }
        let id = entry.file_name().to_string_lossy().into_owned();
        let name = overrides
            .endpoints
            .iter()
            .find(|(e, _)| *e == id)
            .map_or_else(|| pascal_case(&id), |(_, n)| n.clone());
        out.insert(id, name);
    }
    Ok(out)
}

/// Model type -> the element type of its `results: Vec<..>` field (the paged answers), read
/// from halo-models' generated source (aliases followed).
fn results_items(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let dir = root.join(super::models::OUT_DIR);
    let mut structs = BTreeMap::new();
    let mut aliases = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut current: Option<String> = None;
        // Models are `model!` field tables: `pub struct Name {`, then one
        // `INDEX b"Key" field: Type,` line per field.
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("pub struct ") {
                current = rest.split([' ', '{', '(']).next().map(str::to_owned);
            } else if line.trim() == "}" {
                current = None;
            } else if let (Some(name), Some(item)) = (
                &current,
                line.split_once(" results: Vec<")
                    .and_then(|(_, r)| r.strip_suffix(">,")),
            ) {
                structs.insert(name.clone(), item.to_owned());
            } else if let Some(rest) = line.strip_prefix("pub type ") {
                if let Some((name, target)) = rest.split_once(" = ") {
                    aliases.insert(name.to_owned(), target.trim_end_matches(';').to_owned());
                }
            }
        }
    }
    for (alias, target) in &aliases {
        if let Some(item) = structs.get(target).cloned() {
            structs.insert(alias.clone(), item);
        }
    }
    Ok(structs)
}

fn answer_of(entry: &Entry, models: &BTreeMap<String, String>) -> Answer {
    if BYTES_ENDPOINTS.contains(&entry.id.as_str()) {
        return Answer::Bytes;
    }
    let folder = entry.capture_alias.as_deref().unwrap_or(&entry.id);
    match models.get(folder) {
        Some(name) => Answer::Model(name.clone()),
        None => Answer::Json,
    }
}

/// The generator.
pub fn generate(root: &Path) -> Result<Output, String> {
    let catalog = catalog::load(root)?;
    let models = model_types(root)?;
    let paged_items = results_items(root)?;
    let mut modules: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for entry in &catalog.entries {
        if entry.scheme == Scheme::Https {
            modules.entry(module_of(&entry.id)).or_default().push(entry);
        }
    }
    let mut files = Vec::new();
    let mut total = 0;
    let mut index = String::new();
    let mut examples = String::new();
    let mut calls = String::new();
    for (module, entries) in &modules {
        let mut names = BTreeSet::new();
        let mut out = String::new();
        let _ = writeln!(out, "// @generated by cargo xtask codegen. DO NOT EDIT.");
        let _ = writeln!(
            out,
            "//! The operations of the `{module}` service ({} of them).",
            entries.len()
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "#[allow(unused_imports)]");
        let _ = writeln!(out, "use crate::operations::support::*;");
        for entry in entries {
            let name = type_name(&entry.id);
            if !names.insert(name.clone()) {
                return Err(format!("{}: operation name {name} taken twice", entry.id));
            }
            let answer = answer_of(entry, &models);
            render_operation(&mut out, entry, &name, &answer)?;
            render_paged(&mut out, entry, &name, &answer, &paged_items)?;
            let _ = writeln!(
                examples,
                "        ({:?}, {module}::{name}::example().into_request()),",
                entry.id
            );
            let comparable = match answer_of(entry, &models) {
                Answer::Model(_) => {
                    "serde_json::to_value(&out).map_err(|e| crate::Error::build(e.to_string()))"
                }
                Answer::Json => "Ok(out)",
                Answer::Bytes => "Ok(serde_json::Value::from(out.len()))",
            };
            let _ = writeln!(
                calls,
                "        ({:?}, {:?}, |client| Box::pin(async move {{ let out = client.call({module}::{name}::example()).await?; {comparable} }})),",
                entry.id,
                entry.capture_alias.as_deref().unwrap_or(&entry.id)
            );
            total += 1;
        }
        let _ = writeln!(index, "pub mod {module};");
        files.push(GeneratedFile {
            name: format!("{module}.rs"),
            contents: out,
        });
    }
    let mut mod_rs = String::new();
    let _ = writeln!(mod_rs, "// @generated by cargo xtask codegen. DO NOT EDIT.");
    let _ = writeln!(
        mod_rs,
        "//! {total} operations, one per HTTPS route and method, by service. Generated by `xtask/src/codegen/operations.rs`."
    );
    let _ = writeln!(mod_rs);
    mod_rs.push_str(&index);
    let _ = writeln!(mod_rs);
    let _ = writeln!(
        mod_rs,
        "/// Every operation built with example values, by endpoint id (for the URL tests)."
    );
    let _ = writeln!(mod_rs, "#[cfg(test)]");
    let _ = writeln!(
        mod_rs,
        "pub(crate) fn examples() -> Vec<(&'static str, crate::ApiRequest)> {{"
    );
    let _ = writeln!(mod_rs, "    use super::Operation as _;");
    let _ = writeln!(mod_rs, "    vec![");
    mod_rs.push_str(&examples);
    let _ = writeln!(mod_rs, "    ]");
    let _ = writeln!(mod_rs, "}}");
    let _ = writeln!(mod_rs);
    let _ = writeln!(
        mod_rs,
        "/// Calls one operation built with example values and answers its typed output as JSON (a"
    );
    let _ = writeln!(
        mod_rs,
        "/// model re-encoded, raw JSON as is, bytes as their length)."
    );
    let _ = writeln!(mod_rs, "#[cfg(test)]");
    let _ = writeln!(
        mod_rs,
        "pub(crate) type ExampleCall = fn(crate::Client) -> std::pin::Pin<Box<dyn Future<Output = Result<serde_json::Value, crate::Error>> + Send>>;"
    );
    let _ = writeln!(mod_rs);
    let _ = writeln!(
        mod_rs,
        "/// Every operation's example call: endpoint id, capture folder, call (the calls against the testkit)."
    );
    let _ = writeln!(mod_rs, "#[cfg(test)]");
    let _ = writeln!(
        mod_rs,
        "pub(crate) fn example_calls() -> Vec<(&'static str, &'static str, ExampleCall)> {{"
    );
    let _ = writeln!(mod_rs, "    vec![");
    mod_rs.push_str(&calls);
    let _ = writeln!(mod_rs, "    ]");
    let _ = writeln!(mod_rs, "}}");
    files.push(GeneratedFile {
        name: "mod.rs".to_owned(),
        contents: mod_rs,
    });
    Ok(Output {
        dir: PathBuf::from(OUTPUT_DIR),
        files,
    })
}

fn render_operation(
    w: &mut String,
    entry: &Entry,
    name: &str,
    answer: &Answer,
) -> Result<(), String> {
    let path_params: Vec<Param> = placeholders(&entry.path)
        .into_iter()
        .map(|n| Param {
            field: field_name(&n),
            ty: param_type(&n),
            name: n,
        })
        .collect();
    let query_params: Vec<Param> = placeholders(&entry.query)
        .into_iter()
        .filter(|n| !path_params.iter().any(|p| p.name == *n))
        .map(|n| Param {
            field: field_name(&n),
            ty: param_type(&n),
            name: n,
        })
        .collect();
    let has_body = entry.method != "GET";
    let query = if entry.query.is_empty() {
        String::new()
    } else {
        format!("?{}", entry.query)
    };
    let (output, answer_doc, decode) = match answer {
        Answer::Model(model) => (
            format!("halo_models::{model}"),
            format!("the generated model [`halo_models::{model}`]"),
            "response.json()",
        ),
        Answer::Bytes => (
            "Bytes".to_owned(),
            "the body's bytes".to_owned(),
            "Ok(response.into_body())",
        ),
        Answer::Json => (
            "serde_json::Value".to_owned(),
            "raw JSON (no capture to model it from; an empty body is `null`)".to_owned(),
            "json_or_null(&response)",
        ),
    };

    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "/// `{}`: `{} {}{}{}`.",
        entry.id, entry.method, entry.host, entry.path, query
    );
    let _ = writeln!(w, "///");
    let _ = writeln!(w, "/// Answers {answer_doc}.");
    match entry.source {
        catalog::Source::Current => {}
        catalog::Source::Only2022 => {
            let _ = writeln!(
                w,
                "///\n/// Only in the 2022 catalog: the service no longer lists it."
            );
        }
        catalog::Source::Extra => {
            let _ = writeln!(w, "///\n/// In neither catalog (`endpoints-extra.json`).");
            if let Some(doc) = &entry.doc {
                let _ = writeln!(w, "/// {doc}");
            }
        }
    }
    let _ = writeln!(w, "#[derive(Clone, Debug)]");
    let _ = writeln!(
        w,
        "#[must_use = \"an operation does nothing until a client calls it\"]"
    );
    let _ = writeln!(w, "pub struct {name} {{");
    for p in &path_params {
        let _ = writeln!(w, "    /// Path parameter `{}`.", p.name);
        let _ = writeln!(w, "    pub {}: {},", p.field, p.ty.rust);
    }
    for p in &query_params {
        let _ = writeln!(w, "    /// Query parameter `{}`.", p.name);
        if p.ty.repeated {
            let _ = writeln!(w, "    pub {}: Vec<{}>,", p.field, p.ty.rust);
        } else {
            let _ = writeln!(w, "    pub {}: Option<{}>,", p.field, p.ty.rust);
        }
    }
    if has_body {
        let _ = writeln!(w, "    /// The request body, if any.");
        let _ = writeln!(w, "    pub body: Option<RequestBody>,");
    }
    let _ = writeln!(w, "}}");
    let _ = writeln!(w);
    let _ = writeln!(w, "impl {name} {{");
    let args: Vec<String> = path_params
        .iter()
        .map(|p| {
            if p.ty.rust == "String" {
                format!("{}: impl Into<String>", p.field)
            } else if p.ty.rust == "PlayerRef" || p.ty.rust == "ProfileUser" {
                format!("{}: impl Into<{}>", p.field, p.ty.rust)
            } else {
                format!("{}: {}", p.field, p.ty.rust)
            }
        })
        .collect();
    let _ = writeln!(
        w,
        "    /// The operation, with its path parameters; query parameters are set with the setters."
    );
    let _ = writeln!(w, "    pub fn new({}) -> Self {{", args.join(", "));
    let _ = writeln!(w, "        Self {{");
    for p in &path_params {
        if p.ty.rust == "String" || p.ty.rust == "PlayerRef" || p.ty.rust == "ProfileUser" {
            let _ = writeln!(w, "            {}: {}.into(),", p.field, p.field);
        } else {
            let _ = writeln!(w, "            {},", p.field);
        }
    }
    for p in &query_params {
        if p.ty.repeated {
            let _ = writeln!(w, "            {}: Vec::new(),", p.field);
        } else {
            let _ = writeln!(w, "            {}: None,", p.field);
        }
    }
    if has_body {
        let _ = writeln!(w, "            body: None,");
    }
    let _ = writeln!(w, "        }}");
    let _ = writeln!(w, "    }}");
    for p in &query_params {
        let _ = writeln!(w);
        if p.ty.repeated {
            let _ = writeln!(
                w,
                "    /// Add a value of query parameter `{}` (the pair repeats).",
                p.name
            );
            let (arg, value) = into_arg(&p.ty);
            let _ = writeln!(
                w,
                "    pub fn {}(mut self, value: {arg}) -> Self {{",
                p.field
            );
            let _ = writeln!(w, "        self.{}.push({value});", p.field);
        } else {
            let _ = writeln!(w, "    /// Set query parameter `{}`.", p.name);
            let (arg, value) = into_arg(&p.ty);
            let _ = writeln!(
                w,
                "    pub fn {}(mut self, value: {arg}) -> Self {{",
                p.field
            );
            let _ = writeln!(w, "        self.{} = Some({value});", p.field);
        }
        let _ = writeln!(w, "        self");
        let _ = writeln!(w, "    }}");
    }
    if has_body {
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "    /// Send `body` as JSON (an encoding failure is reported when the call is made)."
        );
        let _ = writeln!(
            w,
            "    pub fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {{"
        );
        let _ = writeln!(w, "        self.body = Some(RequestBody::json(body));");
        let _ = writeln!(w, "        self");
        let _ = writeln!(w, "    }}");
        let _ = writeln!(w);
        let _ = writeln!(w, "    /// Send raw bytes with their content type.");
        let _ = writeln!(
            w,
            "    pub fn raw_body(mut self, body: impl Into<Bytes>, content_type: &str) -> Self {{"
        );
        let _ = writeln!(
            w,
            "        self.body = Some(RequestBody::raw(body, content_type));"
        );
        let _ = writeln!(w, "        self");
        let _ = writeln!(w, "    }}");
    }
    // Examples for the URL tests.
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "    /// The operation with example values in every parameter (the URL tests)."
    );
    let _ = writeln!(w, "    #[cfg(test)]");
    let _ = writeln!(w, "    #[allow(clippy::unwrap_used)]");
    let _ = writeln!(w, "    pub(crate) fn example() -> Self {{");
    let example = |p: &Param| {
        EXAMPLE_OVERRIDES
            .iter()
            .find(|(id, name, _)| *id == entry.id && *name == p.name)
            .map_or(p.ty.example, |(_, _, value)| value)
    };
    let ctor: Vec<&str> = path_params.iter().map(example).collect();
    let _ = write!(w, "        Self::new({})", ctor.join(", "));
    for p in &query_params {
        let _ = write!(w, ".{}({})", p.field, example(p));
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w, "}}");
    let _ = writeln!(w);

    if path_params.is_empty() {
        let _ = writeln!(w, "impl Default for {name} {{");
        let _ = writeln!(w, "    fn default() -> Self {{");
        let _ = writeln!(w, "        Self::new()");
        let _ = writeln!(w, "    }}");
        let _ = writeln!(w, "}}");
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "impl Operation for {name} {{");
    let _ = writeln!(w, "    type Output = {output};");
    let _ = writeln!(
        w,
        "    const ROUTE: &'static Route = &routes::{};",
        const_name(&entry.id)
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "    fn into_request(self) -> ApiRequest {{");
    let needs_mut = !path_params.is_empty() || !query_params.is_empty() || has_body;
    if !needs_mut {
        let _ = writeln!(w, "        ApiRequest::new(Self::ROUTE)");
    } else {
        let _ = writeln!(w, "        let mut request = ApiRequest::new(Self::ROUTE);");
    }
    for p in &path_params {
        let _ = writeln!(
            w,
            "        request = request.static_path_param({:?}, {{ let v = &self.{}; {} }});",
            p.name, p.field, p.ty.render
        );
    }
    for p in &query_params {
        if p.ty.repeated {
            let _ = writeln!(w, "        for v in &self.{} {{", p.field);
            let _ = writeln!(
                w,
                "            request = request.static_query({:?}, {});",
                p.name, p.ty.render
            );
            let _ = writeln!(w, "        }}");
        } else {
            let _ = writeln!(w, "        if let Some(v) = &self.{} {{", p.field);
            let _ = writeln!(
                w,
                "            request = request.static_query({:?}, {});",
                p.name, p.ty.render
            );
            let _ = writeln!(w, "        }}");
        }
    }
    if has_body {
        let _ = writeln!(w, "        if let Some(body) = self.body {{");
        let _ = writeln!(w, "            request = body.apply(request);");
        let _ = writeln!(w, "        }}");
    }
    if needs_mut {
        let _ = writeln!(w, "        request");
    }
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "    fn decode(response: ApiResponse) -> Result<Self::Output, Error> {{"
    );
    let _ = writeln!(w, "        {decode}");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w, "}}");
    Ok(())
}

/// `Paged` for an operation with `start` and `count` query parameters: its items are the
/// answer's `Results`.
fn render_paged(
    w: &mut String,
    entry: &Entry,
    name: &str,
    answer: &Answer,
    items: &BTreeMap<String, String>,
) -> Result<(), String> {
    let query = placeholders(&entry.query);
    if !(query.iter().any(|q| q == "start") && query.iter().any(|q| q == "count")) {
        return Ok(());
    }
    let (item, take, len) = match answer {
        Answer::Model(model) => match items.get(model) {
            Some(item) => (
                format!("halo_models::{item}"),
                "output.results",
                "output.results.len()",
            ),
            None => return Err(format!("{}: {model} has no `results` list", entry.id)),
        },
        Answer::Json | Answer::Bytes => {
            return Err(format!(
                "{}: a paged endpoint needs a capture (its model's `results`)",
                entry.id
            ));
        }
    };
    let _ = writeln!(w);
    let _ = writeln!(w, "impl Paged for {name} {{");
    let _ = writeln!(w, "    type Item = {item};");
    let _ = writeln!(w);
    let _ = writeln!(w, "    fn start(&self) -> u32 {{");
    let _ = writeln!(w, "        self.start.unwrap_or(0)");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w);
    let _ = writeln!(w, "    fn with_start(mut self, start: u32) -> Self {{");
    let _ = writeln!(w, "        self.start = Some(start);");
    let _ = writeln!(w, "        self");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w);
    let _ = writeln!(w, "    fn page_size(&self) -> Option<u32> {{");
    let _ = writeln!(w, "        self.count");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "    fn into_items(output: Self::Output) -> Vec<Self::Item> {{"
    );
    let _ = writeln!(w, "        {take}");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w);
    let _ = writeln!(w, "    fn item_count(output: &Self::Output) -> usize {{");
    let _ = writeln!(w, "        {len}");
    let _ = writeln!(w, "    }}");
    let _ = writeln!(w, "}}");
    Ok(())
}

/// The argument type of a setter and the expression storing it.
fn into_arg(ty: &ParamType) -> (String, &'static str) {
    match ty.rust {
        "String" => ("impl Into<String>".to_owned(), "value.into()"),
        "PlayerRef" => ("impl Into<PlayerRef>".to_owned(), "value.into()"),
        other => (other.to_owned(), "value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_params() {
        assert_eq!(type_name("HIUGC_Discovery_GetMap"), "DiscoveryGetMap");
        assert_eq!(type_name("Stats_GetMatchStats"), "GetMatchStats");
        assert_eq!(module_of("GameCms_GetImage"), "game_cms");
        assert_eq!(module_of("Xboxlive_QoSEndpoints"), "xbox_live");
        assert_eq!(
            module_of("Xbl_GetProfileSettingsForSpeechAccessibility"),
            "xbox_live"
        );
        assert_eq!(field_name("type"), "kind");
        assert_eq!(field_name("matchId"), "match_id");
        assert_eq!(
            placeholders("/hi/players/{player}/matches/{matchId}"),
            ["player", "matchId"]
        );
        assert_eq!(param_type("matchId").rust, "MatchId");
        assert!(param_type("players").repeated);
    }
}
