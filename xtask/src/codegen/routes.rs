//! Generates halo-client's route table (`crates/halo-client/src/routes/table.rs`) from the
//! service's endpoint catalog (`crates/halo-models/captures/catalog/endpoints-2022.json`) and
//! the daily endpoints of ARCHITECTURE.md that the 2022 catalog lacks.
//!
//! The catalog has no HTTP method: it is derived from the verb that starts the endpoint name
//! (the first `_`-separated part after the service that starts with a known verb), with a small
//! override table. Catalog defects are repaired here, each documented below.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{GeneratedFile, Output};

/// The catalog, relative to the workspace root.
pub const CATALOG: &str = "crates/halo-models/captures/catalog/endpoints-2022.json";
/// The directory this generator owns, relative to the workspace root.
pub const OUTPUT_DIR: &str = "crates/halo-client/src/routes/generated";

/// The generator: the route table as `mod.rs` of [`OUTPUT_DIR`].
pub fn generate(root: &Path) -> Result<Output, String> {
    let path = root.join(CATALOG);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Output {
        dir: PathBuf::from(OUTPUT_DIR),
        files: vec![GeneratedFile {
            name: "mod.rs".to_owned(),
            contents: render(&text)?,
        }],
    })
}

/// Verb (first word of the endpoint name) to HTTP method. A name starting with no listed verb
/// is a `GET`.
const VERBS: &[(&str, &str)] = &[
    ("Get", "GET"),
    ("List", "GET"),
    ("Check", "GET"),
    ("Search", "GET"),
    ("Spectate", "GET"),
    ("Post", "POST"),
    ("Create", "POST"),
    ("Spawn", "POST"),
    ("Report", "POST"),
    ("Publish", "POST"),
    ("Unpublish", "POST"),
    ("Undelete", "POST"),
    ("Process", "POST"),
    ("Purchase", "POST"),
    ("Start", "POST"),
    ("Join", "POST"),
    ("Extend", "POST"),
    ("Upload", "POST"),
    ("Put", "PUT"),
    ("Rate", "PUT"),
    ("Favorite", "PUT"),
    ("Register", "PUT"),
    ("Patch", "PATCH"),
    ("Delete", "DELETE"),
    ("End", "DELETE"),
];

/// Endpoints whose method the verb rule gets wrong or cannot see.
const METHOD_OVERRIDES: &[(&str, &str)] = &[
    // Uploads a blob into an open authoring session.
    ("HIUGC_UploadImage", "PUT"),
    // Validates strings sent in the body.
    ("HIUGC_StringValidation", "POST"),
    // Sets the presence of the players listed in the body.
    ("Lobby_LobbyPresence", "POST"),
    // Exchanges an XSTS token (in the body) for a Spartan token.
    ("Settings_SpartanTokenV4", "POST"),
    // Telemetry batches.
    ("Telemetry_HighPriority", "POST"),
    ("Telemetry_LowPriority", "POST"),
];

/// Authorities that are aliases (catalog scheme 9: `Hostname` is another authority's id).
const AUTHORITY_ALIASES: &[(&str, &str)] = &[("gamecms", "gamecms-hacs")];

/// Daily endpoints missing from the 2022 catalog (ARCHITECTURE.md, "Endpoints"):
/// id, authority, host, path, query, retry policy, clearance-aware.
const EXTRA_ROUTES: &[(&str, &str, &str, &str, &str, &str, bool)] = &[
    (
        "Stats_GetPlayerServiceRecord",
        "halostats",
        "halostats.svc.halowaypoint.com",
        "/hi/players/{player}/{lifecycle}/servicerecord",
        "seasonid={seasonId}&gamevariantcategory={gameVariantCategory}&isranked={isRanked}&playlistassetid={playlistAssetId}&gameplayinteraction={gameplayInteraction}",
        "linearretry",
        false,
    ),
    (
        "GameCms_GetMedalMetadata",
        "gamecms-hacs",
        "gamecms-hacs.svc.halowaypoint.com",
        "/hi/Waypoint/file/medals/metadata.json",
        "",
        "linearretry_3",
        true,
    ),
    (
        "GameCms_GetCsrSeasonCalendar",
        "gamecms-hacs",
        "gamecms-hacs.svc.halowaypoint.com",
        "/hi/Progression/file/Csr/Calendars/CsrSeasonCalendar.json",
        "",
        "linearretry_3",
        true,
    ),
    (
        "GameCms_GetSeasonCalendar",
        "gamecms-hacs",
        "gamecms-hacs.svc.halowaypoint.com",
        "/hi/progression/file/calendars/seasons/seasoncalendar.json",
        "",
        "linearretry_3",
        true,
    ),
    (
        "GameCms_GetCareerRewardTrack",
        "gamecms-hacs",
        "gamecms-hacs.svc.halowaypoint.com",
        "/hi/Progression/file/RewardTracks/CareerRanks/careerRank1.json",
        "",
        "linearretry_3",
        true,
    ),
    (
        "GameCms_GetOperationRewardTrack",
        "gamecms-hacs",
        "gamecms-hacs.svc.halowaypoint.com",
        "/hi/Progression/file/{filePath}",
        "",
        "linearretry_3",
        true,
    ),
    (
        "Profile_GetUser",
        "profile",
        "profile.svc.halowaypoint.com",
        "/users/{user}",
        "",
        "linearretry",
        false,
    ),
    (
        "Profile_GetUsers",
        "profile",
        "profile.svc.halowaypoint.com",
        "/users",
        "xuids={xuids}",
        "linearretry",
        false,
    ),
];

/// Query parameters ARCHITECTURE.md documents for catalog endpoints whose catalog query is
/// empty (appended to the catalog's template).
const QUERY_ADDITIONS: &[(&str, &str)] = &[
    (
        "Stats_GetMatchHistory",
        "start={start}&count={count}&type={type}",
    ),
    ("Skill_GetMatchResult", "players={players}"),
    ("Skill_GetPlaylistCsr", "players={players}&season={season}"),
    (
        "HIUGC_Discovery_Search",
        "start={start}&count={count}&sort={sort}&order={order}&assetKind={assetKind}&term={term}&tags={tags}&author={author}&averageRatingMin={averageRatingMin}&fromDateCreatedUtc={fromDateCreatedUtc}&toDateCreatedUtc={toDateCreatedUtc}&fromDateModifiedUtc={fromDateModifiedUtc}&toDateModifiedUtc={toDateModifiedUtc}&fromDatePublishedUtc={fromDatePublishedUtc}&toDatePublishedUtc={toDatePublishedUtc}",
    ),
];

struct Policy {
    id: String,
    timeout_ms: u64,
    max_retries: u64,
    delay_ms: u64,
    growth: f64,
    jitter_ms: u64,
    retry_if_not_found: bool,
}

struct RouteRow {
    id: String,
    authority: String,
    host: String,
    scheme: &'static str,
    method: String,
    path: String,
    query: String,
    policy: String,
    clearance_aware: bool,
    auth: String,
    source: &'static str,
}

/// The HTTP method of an endpoint id.
pub fn method_of(id: &str) -> &'static str {
    if let Some((_, method)) = METHOD_OVERRIDES.iter().find(|(known, _)| *known == id) {
        return method;
    }
    for part in id.split('_').skip(1) {
        let verb = leading_word(part);
        if let Some((_, method)) = VERBS.iter().find(|(known, _)| *known == verb) {
            return method;
        }
    }
    "GET"
}

fn leading_word(part: &str) -> &str {
    let end = part
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(part.len(), |(index, _)| index);
    &part[..end]
}

/// `HIUGC_Discovery_GetMap` -> `HIUGC_DISCOVERY_GET_MAP`.
pub fn const_name(id: &str) -> String {
    let mut out = String::new();
    for (index, part) in id.split('_').enumerate() {
        if index > 0 {
            out.push('_');
        }
        let chars: Vec<char> = part.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let prev = if i > 0 { chars.get(i - 1) } else { None };
            let next = chars.get(i + 1);
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
                });
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
    }
    out
}

/// Repairs of catalog paths: a doubled closing brace (`HIUGC_Discovery_GetManifest`), an
/// empty segment (`TextModeration_GetSigningKey`), a scheme-relative origin path
/// (`GameCms_Origin`: `://{path}`), and an empty path (`HIUGC_GetBlob`,
/// `HIUGC_GetSessionBlob`: the blob's own path).
pub fn repair_path(path: &str) -> String {
    let mut path = path.trim().to_owned();
    if let Some(rest) = path.strip_prefix("://") {
        path = format!("/{rest}");
    }
    if path.is_empty() {
        path = "/{path}".to_owned();
    }
    while path.contains("}}") {
        path = path.replace("}}", "}");
    }
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    path
}

fn auth_method(codes: &[u64]) -> String {
    match codes {
        [0] | [] => "AuthMethod::None".to_owned(),
        [15] => "AuthMethod::SpartanToken".to_owned(),
        [0, 15] | [15, 0] => "AuthMethod::SpartanTokenOptional".to_owned(),
        [9] => "AuthMethod::XboxLive".to_owned(),
        other => {
            let list: Vec<String> = other.iter().map(u64::to_string).collect();
            format!("AuthMethod::Other(&[{}])", list.join(", "))
        }
    }
}

fn str_field<'a>(value: &'a Value, key: &str, context: &str) -> Result<&'a str, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{context}: missing string `{key}`"))
}

fn u64_field(value: &Value, key: &str, context: &str) -> Result<u64, String> {
    value
        .get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("{context}: missing integer `{key}`"))
}

fn parse_policies(catalog: &Value) -> Result<Vec<Policy>, String> {
    let policies = catalog
        .get("RetryPolicies")
        .and_then(Value::as_object)
        .ok_or("catalog: missing `RetryPolicies`")?;
    let mut out = Vec::new();
    for (id, policy) in policies {
        let timeout_ms = u64_field(policy, "TimeoutMs", id)?;
        let options = policy.get("RetryOptions").filter(|o| !o.is_null());
        let row = match options {
            None => Policy {
                id: id.clone(),
                timeout_ms,
                max_retries: 0,
                delay_ms: 0,
                growth: 1.0,
                jitter_ms: 0,
                retry_if_not_found: false,
            },
            Some(options) => Policy {
                id: id.clone(),
                timeout_ms,
                max_retries: u64_field(options, "MaxRetryCount", id)?,
                delay_ms: u64_field(options, "RetryDelayMs", id)?,
                growth: options
                    .get("RetryGrowth")
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("{id}: missing `RetryGrowth`"))?,
                jitter_ms: u64_field(options, "RetryJitterMs", id)?,
                retry_if_not_found: options
                    .get("RetryIfNotFound")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
        };
        out.push(row);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn parse_routes(catalog: &Value, policies: &[Policy]) -> Result<Vec<RouteRow>, String> {
    let authorities = catalog
        .get("Authorities")
        .and_then(Value::as_object)
        .ok_or("catalog: missing `Authorities`")?;
    let endpoints = catalog
        .get("Endpoints")
        .and_then(Value::as_object)
        .ok_or("catalog: missing `Endpoints`")?;
    let mut rows = Vec::new();
    for (id, endpoint) in endpoints {
        let authority_id = str_field(endpoint, "AuthorityId", id)?;
        let authority = authorities
            .get(authority_id)
            .ok_or_else(|| format!("{id}: unknown authority `{authority_id}`"))?;
        let scheme_code = u64_field(authority, "Scheme", authority_id)?;
        let host_authority = match AUTHORITY_ALIASES
            .iter()
            .find(|(alias, _)| *alias == authority_id)
        {
            Some((_, target)) => authorities
                .get(*target)
                .ok_or_else(|| format!("alias target `{target}` missing"))?,
            None => authority,
        };
        let host = str_field(host_authority, "Hostname", authority_id)?;
        let codes: Vec<u64> = authority
            .get("AuthenticationMethods")
            .and_then(Value::as_array)
            .map(|codes| codes.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let topic = str_field(endpoint, "TopicName", id).unwrap_or("");
        let (scheme, raw_path, raw_query) = if scheme_code == 8 {
            // Message-queue authorities: the catalog path is `/`, the resource is the topic.
            let (path, query) = topic.split_once('?').unwrap_or((topic, ""));
            ("Scheme::MessageQueue", path.to_owned(), query.to_owned())
        } else {
            let query = str_field(endpoint, "QueryString", id)?;
            (
                "Scheme::Https",
                str_field(endpoint, "Path", id)?.to_owned(),
                query.trim_start_matches('?').to_owned(),
            )
        };
        let mut query = raw_query;
        if let Some((_, addition)) = QUERY_ADDITIONS.iter().find(|(known, _)| *known == id) {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(addition);
        }
        let policy = str_field(endpoint, "RetryPolicyId", id)?;
        if !policies.iter().any(|p| p.id == policy) {
            return Err(format!("{id}: unknown retry policy `{policy}`"));
        }
        rows.push(RouteRow {
            id: id.clone(),
            authority: authority_id.to_owned(),
            host: host.to_owned(),
            scheme,
            method: method_of(id).to_owned(),
            path: repair_path(&raw_path),
            query,
            policy: policy.to_owned(),
            clearance_aware: endpoint
                .get("ClearanceAware")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            auth: auth_method(&codes),
            source: "RouteSource::Catalog",
        });
    }
    for (id, authority, host, path, query, policy, clearance_aware) in EXTRA_ROUTES {
        if endpoints.contains_key(*id) {
            return Err(format!("extra route {id} is already in the catalog"));
        }
        rows.push(RouteRow {
            id: (*id).to_owned(),
            authority: (*authority).to_owned(),
            host: (*host).to_owned(),
            scheme: "Scheme::Https",
            method: method_of(id).to_owned(),
            path: (*path).to_owned(),
            query: (*query).to_owned(),
            policy: (*policy).to_owned(),
            clearance_aware: *clearance_aware,
            auth: "AuthMethod::SpartanToken".to_owned(),
            source: "RouteSource::Extra",
        });
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rows)
}

/// The generated table (not yet formatted by rustfmt) from the catalog's JSON text.
pub fn render(catalog_json: &str) -> Result<String, String> {
    let catalog: Value =
        serde_json::from_str(catalog_json).map_err(|e| format!("{CATALOG}: {e}"))?;
    let policies = parse_policies(&catalog)?;
    let routes = parse_routes(&catalog, &policies)?;
    let mut names = BTreeMap::new();
    for route in &routes {
        if let Some(other) = names.insert(const_name(&route.id), route.id.clone()) {
            return Err(format!("{} and {other} map to the same constant", route.id));
        }
    }

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "// @generated by cargo xtask codegen. DO NOT EDIT.");
    let _ = writeln!(
        w,
        "//! The route table: {} endpoints ({} from the service catalog `{CATALOG}`, {} from",
        routes.len(),
        routes.len() - EXTRA_ROUTES.len(),
        EXTRA_ROUTES.len()
    );
    let _ = writeln!(
        w,
        "//! ARCHITECTURE.md) and {} retry policies. Generated by `xtask/src/codegen/routes.rs`.",
        policies.len()
    );
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "use super::{{AuthMethod, RetryPolicy, Route, RouteSource, Scheme}};"
    );
    let _ = writeln!(w, "use http::Method;");
    let _ = writeln!(w);
    for p in &policies {
        let _ = writeln!(
            w,
            "/// Catalog retry policy `{}`: {} retries, {} ms first delay, growth {:?}, {} ms jitter, {} ms timeout{}.",
            p.id,
            p.max_retries,
            p.delay_ms,
            p.growth,
            p.jitter_ms,
            p.timeout_ms,
            if p.retry_if_not_found {
                ", 404 retried"
            } else {
                ""
            }
        );
        let _ = writeln!(
            w,
            "pub const POLICY_{}: RetryPolicy = RetryPolicy::from_catalog({:?}, {}, {}, {}, {:?}, {}, {});",
            const_name(&p.id),
            p.id,
            p.timeout_ms,
            p.max_retries,
            p.delay_ms,
            p.growth,
            p.jitter_ms,
            p.retry_if_not_found
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "/// Every retry policy, sorted by id.");
    let _ = writeln!(w, "pub static RETRY_POLICIES: &[&RetryPolicy] = &[");
    for p in &policies {
        let _ = writeln!(w, "    &POLICY_{},", const_name(&p.id));
    }
    let _ = writeln!(w, "];");
    for r in &routes {
        let _ = writeln!(w);
        let query = if r.query.is_empty() {
            String::new()
        } else {
            format!("?{}", r.query)
        };
        let _ = writeln!(
            w,
            "/// `{}`: `{} {}{}{}`.",
            r.id, r.method, r.host, r.path, query
        );
        let _ = writeln!(w, "pub const {}: Route = Route {{", const_name(&r.id));
        let _ = writeln!(w, "    id: {:?},", r.id);
        let _ = writeln!(w, "    authority: {:?},", r.authority);
        let _ = writeln!(w, "    host: {:?},", r.host);
        let _ = writeln!(w, "    scheme: {},", r.scheme);
        let _ = writeln!(w, "    method: Method::{},", r.method);
        let _ = writeln!(w, "    path: {:?},", r.path);
        let _ = writeln!(w, "    query: {:?},", r.query);
        let _ = writeln!(w, "    retry: &POLICY_{},", const_name(&r.policy));
        let _ = writeln!(w, "    clearance_aware: {},", r.clearance_aware);
        let _ = writeln!(w, "    auth: {},", r.auth);
        let _ = writeln!(w, "    source: {},", r.source);
        let _ = writeln!(w, "}};");
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "/// Every route, sorted by id.");
    let _ = writeln!(w, "pub static ROUTES: &[&Route] = &[");
    for r in &routes {
        let _ = writeln!(w, "    &{},", const_name(&r.id));
    }
    let _ = writeln!(w, "];");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_from_ids() {
        assert_eq!(method_of("Stats_GetMatchStats"), "GET");
        assert_eq!(method_of("HIUGC_Discovery_GetMap"), "GET");
        assert_eq!(method_of("GameCms_GetGuide_Images"), "GET");
        assert_eq!(method_of("HIUGC_PatchAssetVersion"), "PATCH");
        assert_eq!(method_of("HIUGC_DeleteAsset"), "DELETE");
        assert_eq!(method_of("HIUGC_RateAnAsset"), "PUT");
        assert_eq!(method_of("Economy_PostCurrencyTransaction"), "POST");
        assert_eq!(method_of("Settings_SpartanTokenV4"), "POST");
        assert_eq!(method_of("Stats_PutCampaignProgress"), "PUT");
    }

    #[test]
    fn repairs_catalog_defects() {
        assert_eq!(
            repair_path("/hi/manifests/{assetId}/versions/{versionId}}"),
            "/hi/manifests/{assetId}/versions/{versionId}"
        );
        assert_eq!(
            repair_path("/hi/moderation-proof-keys//{keyId}"),
            "/hi/moderation-proof-keys/{keyId}"
        );
        assert_eq!(repair_path("://{path}"), "/{path}");
        assert_eq!(repair_path(""), "/{path}");
    }

    #[test]
    fn const_names() {
        assert_eq!(
            const_name("HIUGC_Discovery_GetMap"),
            "HIUGC_DISCOVERY_GET_MAP"
        );
        assert_eq!(const_name("Economy_GetHCSStore"), "ECONOMY_GET_HCS_STORE");
        assert_eq!(const_name("linearretry_3x50"), "LINEARRETRY_3X50");
    }
}
