//! The merged endpoint catalog every route consumer is generated from: the service's catalog as
//! published today (`endpoints-current.json`), the 2022 copy (`endpoints-2022.json`) and the
//! endpoints and methods neither lists (`endpoints-extra.json`).
//!
//! Merge rules:
//! - an id in both catalogs takes today's authority, templates, retry policy and clearance flag;
//! - an id only in the 2022 catalog stays, marked [`Source::Only2022`] (its docs say so);
//! - authorities and retry policies are the union, today's definition winning;
//! - message-queue authorities (catalog scheme 8: lobby, messaging and telemetry topics) are
//!   listed with [`Scheme::MessageQueue`]; consumers list them but offer no HTTPS call;
//! - the catalogs carry no HTTP method: it is derived from the verb that starts the endpoint
//!   name, with an override table; the extras name theirs.
//!
//! Catalog defects are repaired here, each documented below.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

/// The 2022 catalog, relative to the workspace root.
pub const CATALOG_2022: &str = "crates/halo-models/captures/catalog/endpoints-2022.json";
/// Today's catalog, relative to the workspace root.
pub const CATALOG_CURRENT: &str = "crates/halo-models/captures/catalog/endpoints-current.json";
/// Endpoints and methods the catalogs lack, relative to the workspace root.
pub const CATALOG_EXTRA: &str = "crates/halo-models/captures/catalog/endpoints-extra.json";

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
    ("Grant", "PUT"),
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
    // Crash dumps.
    ("Crashes_Upload", "POST"),
    ("Crashes_Upload_RETAIL", "POST"),
    // A player's report of another player (body).
    ("BanProcessor_PlayerReport", "POST"),
];

/// Authorities that are aliases (catalog scheme 9: `Hostname` is another authority's id).
const AUTHORITY_ALIASES: &[(&str, &str)] = &[("gamecms", "gamecms-hacs")];

/// Query parameters the daily endpoints take that their catalog query leaves out (appended
/// to the catalog's template). The UGC lists page like the search: their answers carry
/// `Start`, `Count` and `ResultCount` (see their captures).
const QUERY_ADDITIONS: &[(&str, &str)] = &[
    ("HIUGC_ListAllVersions", "start={start}&count={count}"),
    ("HIUGC_ListPlayerAssets", "start={start}&count={count}"),
    ("HIUGC_ListPlayerFavorites", "start={start}&count={count}"),
    (
        "HIUGC_ListPlayerFavoritesAgnostic",
        "start={start}&count={count}",
    ),
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

/// A retry policy of the catalogs.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Its id (`linearretry`).
    pub id: String,
    /// Attempt timeout.
    pub timeout_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u64,
    /// First delay.
    pub delay_ms: u64,
    /// Delay growth factor.
    pub growth: f64,
    /// Random jitter added to each delay.
    pub jitter_ms: u64,
    /// Whether a 404 is retried.
    pub retry_if_not_found: bool,
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Today's catalog (the id may be in the 2022 one too; today's definition is used).
    Current,
    /// Only the 2022 catalog: the service no longer lists it.
    Only2022,
    /// `endpoints-extra.json`: in neither catalog.
    Extra,
}

/// How an entry's authority is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// HTTPS.
    Https,
    /// A message-queue (AMQP) topic: listed, never offered as an HTTPS call.
    MessageQueue,
}

/// One endpoint of the merged catalog.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The id (`Stats_GetMatchStats`).
    pub id: String,
    /// The authority id (`halostats`).
    pub authority: String,
    /// The host name.
    pub host: String,
    /// How it is reached.
    pub scheme: Scheme,
    /// The HTTP method.
    pub method: String,
    /// Path template (repaired), `{name}` placeholders; a message-queue entry's topic.
    pub path: String,
    /// Query template without `?`.
    pub query: String,
    /// Retry policy id.
    pub policy: String,
    /// Whether `343-clearance` is sent.
    pub clearance_aware: bool,
    /// The authority's authentication codes.
    pub auth_codes: Vec<u64>,
    /// Where it comes from.
    pub source: Source,
    /// What the extras file says about it.
    pub doc: Option<String>,
    /// The capture folder answering it, when its name differs from the id.
    pub capture_alias: Option<String>,
}

/// The merged catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Every retry policy, sorted by id.
    pub policies: Vec<Policy>,
    /// Every endpoint, sorted by id.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// How many entries come from `source`.
    pub fn count(&self, source: Source) -> usize {
        self.entries.iter().filter(|e| e.source == source).count()
    }
}

/// Reads and merges the three files under `root`.
pub fn load(root: &Path) -> Result<Catalog, String> {
    let read = |name: &str| -> Result<String, String> {
        std::fs::read_to_string(root.join(name)).map_err(|e| format!("{name}: {e}"))
    };
    merge(
        &read(CATALOG_2022)?,
        &read(CATALOG_CURRENT)?,
        &read(CATALOG_EXTRA)?,
    )
}

/// Merges the three files' JSON texts.
pub fn merge(old: &str, current: &str, extra: &str) -> Result<Catalog, String> {
    let parse = |text: &str, name: &str| -> Result<Value, String> {
        serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))
    };
    let old = parse(old, CATALOG_2022)?;
    let current = parse(current, CATALOG_CURRENT)?;
    let extra = parse(extra, CATALOG_EXTRA)?;

    let mut authorities: Map<String, Value> = object(&old, "Authorities", CATALOG_2022)?.clone();
    for (id, authority) in object(&current, "Authorities", CATALOG_CURRENT)? {
        authorities.insert(id.clone(), authority.clone());
    }
    if let Some(more) = extra.get("Authorities").and_then(Value::as_object) {
        for (id, authority) in more {
            if authorities.contains_key(id) {
                return Err(format!("{CATALOG_EXTRA}: authority {id} is in a catalog"));
            }
            authorities.insert(id.clone(), authority.clone());
        }
    }

    let mut policies: BTreeMap<String, Policy> = BTreeMap::new();
    for catalog in [&old, &current] {
        for policy in parse_policies(catalog)? {
            policies.insert(policy.id.clone(), policy);
        }
    }

    let aliases: BTreeMap<String, String> = extra
        .get("CaptureAliases")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect()
        })
        .unwrap_or_default();

    let old_endpoints = object(&old, "Endpoints", CATALOG_2022)?;
    let current_endpoints = object(&current, "Endpoints", CATALOG_CURRENT)?;
    let mut entries = Vec::new();
    for (id, endpoint) in current_endpoints {
        entries.push(catalog_entry(id, endpoint, &authorities, Source::Current)?);
    }
    for (id, endpoint) in old_endpoints {
        if !current_endpoints.contains_key(id) {
            entries.push(catalog_entry(id, endpoint, &authorities, Source::Only2022)?);
        }
    }
    for (id, endpoint) in object(&extra, "Endpoints", CATALOG_EXTRA)? {
        if current_endpoints.contains_key(id) || old_endpoints.contains_key(id) {
            return Err(format!("{CATALOG_EXTRA}: {id} is already in a catalog"));
        }
        let mut entry = catalog_entry(id, endpoint, &authorities, Source::Extra)?;
        entry.method = str_field(endpoint, "Method", id)?.to_owned();
        entry.doc = endpoint
            .get("Doc")
            .and_then(Value::as_str)
            .map(str::to_owned);
        entries.push(entry);
    }
    for entry in &mut entries {
        entry.capture_alias = aliases.get(&entry.id).cloned();
        if !policies.contains_key(&entry.policy) {
            return Err(format!(
                "{}: unknown retry policy `{}`",
                entry.id, entry.policy
            ));
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog {
        policies: policies.into_values().collect(),
        entries,
    })
}

fn object<'a>(value: &'a Value, key: &str, file: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .get(key)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{file}: missing `{key}`"))
}

fn catalog_entry(
    id: &str,
    endpoint: &Value,
    authorities: &Map<String, Value>,
    source: Source,
) -> Result<Entry, String> {
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
    let auth_codes: Vec<u64> = authority
        .get("AuthenticationMethods")
        .and_then(Value::as_array)
        .map(|codes| codes.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let topic = endpoint
        .get("TopicName")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (scheme, path, raw_query) = if scheme_code == 8 {
        // Message-queue authorities: the catalog path is `/`, the resource is the topic.
        let (path, query) = topic.split_once('?').unwrap_or((topic, ""));
        (Scheme::MessageQueue, path.to_owned(), query.to_owned())
    } else {
        let query = str_field(endpoint, "QueryString", id)?;
        (
            Scheme::Https,
            repair_path(str_field(endpoint, "Path", id)?),
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
    Ok(Entry {
        id: id.to_owned(),
        authority: authority_id.to_owned(),
        host: host.to_owned(),
        scheme,
        method: method_of(id).to_owned(),
        path,
        query,
        policy: str_field(endpoint, "RetryPolicyId", id)?.to_owned(),
        clearance_aware: endpoint
            .get("ClearanceAware")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        auth_codes,
        source,
        doc: None,
        capture_alias: None,
    })
}

/// The HTTP method of a catalog endpoint id.
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
        assert_eq!(method_of("HIUGC_GrantOrRevokePermissions"), "PUT");
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
    fn merges_both_catalogs_and_the_extras() {
        let catalog = load(&super::super::repo_root()).unwrap();
        // 205 ids today, 2 more only in 2022, and the extras.
        assert_eq!(catalog.count(Source::Current), 205);
        assert_eq!(catalog.count(Source::Only2022), 2);
        assert_eq!(catalog.count(Source::Extra), 16);
        assert_eq!(catalog.policies.len(), 23);
        let by_id = |id: &str| catalog.entries.iter().find(|e| e.id == id).unwrap();
        // In both: today's retry policy and host.
        assert_eq!(
            by_id("Economy_GetActiveBoosts").policy,
            "economylinearretry"
        );
        assert_eq!(
            by_id("HIUGC_Discovery_GetMap").host,
            "discovery-infiniteugc.svc.halowaypoint.com"
        );
        assert_eq!(
            by_id("Settings_GetClearance").query,
            "sandbox={sandbox}&build={buildNumber}&release=1.13"
        );
        assert_eq!(by_id("GameCms_GetImage").source, Source::Only2022);
        assert_eq!(
            by_id("Messaging_MessagingSubscribe").scheme,
            Scheme::MessageQueue
        );
        assert_eq!(by_id("HIUGC_ExtendSessionAgnostic").method, "PATCH");
        assert_eq!(by_id("Stats_PutMatchPrivacy").method, "PUT");
        assert_eq!(
            by_id("Lobby_LobbyPresence").capture_alias.as_deref(),
            Some("Lobby_Presence")
        );
    }
}
