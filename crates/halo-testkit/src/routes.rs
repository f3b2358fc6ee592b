//! The route table: every endpoint of the embedded catalog plus the extra endpoints of
//! ARCHITECTURE.md and the auth services, matched by host, method and path template.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use http::Method;
use serde_json::Value;

use crate::captures;

/// How a route authenticates its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// No token needed.
    None,
    /// `x-343-authorization-spartan` (and `343-clearance` where clearance-aware).
    Spartan,
    /// `Authorization: XBL3.0 x=<uhs>;<xsts token>` for the `http://xboxlive.com` party.
    XboxLive,
}

/// One piece of a path segment template.
#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Var(String),
}

/// One endpoint: where it lives and what it needs.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// Endpoint id, e.g. `Stats_GetMatchStats`.
    pub(crate) id: String,
    /// Hostname, e.g. `halostats.svc.halowaypoint.com`.
    pub(crate) host: String,
    /// Required method, or any.
    method: Option<Method>,
    segments: Vec<Vec<Piece>>,
    /// The last variable spans every remaining segment (file paths).
    tail: bool,
    /// Whether `343-clearance` is required.
    pub(crate) clearance_aware: bool,
    /// How callers authenticate.
    pub(crate) auth: AuthKind,
}

/// A route matched against a request, with its path variables.
#[derive(Debug)]
pub(crate) struct Matched<'a> {
    /// The route.
    pub(crate) route: &'a Route,
    /// The endpoint id answering: the route's, or for the endpoints sharing
    /// `/hi/Progression/file/{...}` the one the file path belongs to.
    pub(crate) id: &'a str,
    /// Path variables in template order.
    pub(crate) vars: Vec<(String, String)>,
}

impl Matched<'_> {
    /// A path variable by name.
    pub(crate) fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Outcome of routing a request.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// A route answers it.
    Found(Matched<'a>),
    /// The path exists, but not for this method.
    WrongMethod,
    /// Nothing on this host answers the path.
    NotFound,
}

/// The whole table.
#[derive(Debug)]
pub(crate) struct RouteTable {
    routes: Vec<Route>,
    hosts: BTreeSet<String>,
}

/// Hostname the catalog's relative `gamecms` authority maps to.
pub(crate) const GAMECMS_HOST: &str = "gamecms-hacs.svc.halowaypoint.com";

/// Endpoints outside the 2022 catalog: (id, host, method, path, clearance-aware, auth).
const EXTRA: &[(&str, &str, &str, &str, bool, AuthKind)] = &[
    (
        "Auth_OAuth2Authorize",
        "login.live.com",
        "GET",
        "/oauth20_authorize.srf",
        false,
        AuthKind::None,
    ),
    (
        "Auth_OAuth2Token",
        "login.live.com",
        "POST",
        "/oauth20_token.srf",
        false,
        AuthKind::None,
    ),
    (
        "Auth_XboxUserToken",
        "user.auth.xboxlive.com",
        "POST",
        "/user/authenticate",
        false,
        AuthKind::None,
    ),
    (
        "Auth_XstsToken",
        "xsts.auth.xboxlive.com",
        "POST",
        "/xsts/authorize",
        false,
        AuthKind::None,
    ),
    (
        "Stats_GetPlayerServiceRecord",
        "halostats.svc.halowaypoint.com",
        "GET",
        "/hi/players/{player}/{lifecycle}/servicerecord",
        false,
        AuthKind::Spartan,
    ),
    (
        "GameCms_GetMedalMetadata",
        GAMECMS_HOST,
        "GET",
        "/hi/Waypoint/file/medals/metadata.json",
        true,
        AuthKind::Spartan,
    ),
    (
        "GameCms_GetCsrSeasonCalendar",
        GAMECMS_HOST,
        "GET",
        "/hi/Progression/file/Csr/Calendars/CsrSeasonCalendar.json",
        true,
        AuthKind::Spartan,
    ),
    (
        "GameCms_GetSeasonCalendar",
        GAMECMS_HOST,
        "GET",
        "/hi/Progression/file/Calendars/Seasons/SeasonCalendar.json",
        true,
        AuthKind::Spartan,
    ),
    (
        "GameCms_GetCareerRewardTrack",
        GAMECMS_HOST,
        "GET",
        "/hi/Progression/file/RewardTracks/CareerRanks/careerRank1.json",
        true,
        AuthKind::Spartan,
    ),
    (
        "GameCms_GetOperationRewardTrack",
        GAMECMS_HOST,
        "GET",
        "/hi/Progression/file/RewardTracks/Operations/{operationPath}",
        true,
        AuthKind::Spartan,
    ),
    (
        "Profile_GetUser",
        "profile.svc.halowaypoint.com",
        "GET",
        "/users/{user}",
        false,
        AuthKind::Spartan,
    ),
    (
        "Profile_GetUsers",
        "profile.svc.halowaypoint.com",
        "GET",
        "/users",
        false,
        AuthKind::Spartan,
    ),
    (
        "XboxLive_GetProfileSettings",
        "profile.xboxlive.com",
        "GET",
        "/users/{user}/profile/settings",
        false,
        AuthKind::XboxLive,
    ),
    (
        "XboxLive_GetProfileSettings",
        "profile.xboxlive.com",
        "POST",
        "/users/batch/profile/settings",
        false,
        AuthKind::XboxLive,
    ),
    (
        "HIUGC_GetAssetRatings",
        "authoring-infiniteugc.svc.halowaypoint.com",
        "GET",
        "/hi/players/{player}/ratings/{assetType}/{assetId}",
        false,
        AuthKind::Spartan,
    ),
    (
        "HIUGC_ExtendSessionAgnostic",
        "authoring-infiniteugc.svc.halowaypoint.com",
        "PATCH",
        "/{title}/{assetType}/{assetId}/sessions",
        false,
        AuthKind::Spartan,
    ),
    // The catalog's `GameCms_Origin` (`://{path}`): any other file of the CMS origin.
    (
        "GameCms_Origin",
        GAMECMS_HOST,
        "GET",
        "/{path}",
        true,
        AuthKind::Spartan,
    ),
    (
        "Settings_GetApiSettingsContainer",
        "settings.svc.halowaypoint.com",
        "GET",
        "/settings/hipc/{containerId}",
        false,
        AuthKind::None,
    ),
];

/// Methods of the catalog endpoints that are not `GET` (the catalog does not say).
const METHODS: &[(&str, &str)] = &[
    ("Crashes_Upload", "POST"),
    ("Economy_PostCurrencyTransaction", "POST"),
    ("Economy_PurchaseStorefrontOfferingTransaction", "POST"),
    ("HIUGC_CreateAssetVersionAgnostic", "POST"),
    ("HIUGC_DeleteAllVersions", "DELETE"),
    ("HIUGC_DeleteAsset", "DELETE"),
    ("HIUGC_DeleteVersion", "DELETE"),
    ("HIUGC_EndSession", "DELETE"),
    ("HIUGC_FavoriteAnAsset", "PUT"),
    ("HIUGC_PatchAssetVersion", "PATCH"),
    ("HIUGC_PublishAssetVersion", "POST"),
    ("HIUGC_RateAnAsset", "PUT"),
    ("HIUGC_ReportAnAsset", "POST"),
    ("HIUGC_SpawnAsset", "POST"),
    ("HIUGC_StartSessionAgnostic", "POST"),
    ("HIUGC_StringValidation", "POST"),
    ("HIUGC_UndeleteAsset", "POST"),
    ("HIUGC_UndeleteVersion", "POST"),
    ("HIUGC_UnpublishAsset", "POST"),
    ("HIUGC_UploadImage", "PUT"),
    ("Lobby_JoinLobby", "POST"),
    ("Lobby_LobbyPresence", "POST"),
    ("Lobby_RegisterJoinLobbyHandle", "PUT"),
    ("Settings_SpartanTokenV4", "POST"),
    ("Stats_ProcessPlayerChallengeAction", "POST"),
    ("Stats_PutCampaignProgress", "PUT"),
    ("Stats_PutPlayerPresenceInMatch", "PUT"),
    ("TextModeration_PostInappropriateMessageReport", "POST"),
    ("TextModeration_PostTextForModeration", "POST"),
];

/// Endpoints sharing the template `/hi/Progression/file/{...}`, told apart by the file path.
const PROGRESSION_FILE_IDS: &[&str] = &[
    "GameCms_GetChallenge",
    "GameCms_GetChallengeDeck",
    "GameCms_GetEvent",
    "GameCms_GetItem",
    "GameCms_GetSeasonRewardTrack",
    "GameCms_GetProgressionFile",
];

/// The route table, built from the embedded catalog on first use.
pub(crate) fn table() -> &'static RouteTable {
    static TABLE: OnceLock<RouteTable> = OnceLock::new();
    TABLE.get_or_init(RouteTable::build)
}

impl RouteTable {
    fn build() -> Self {
        let mut routes = Vec::new();
        let catalog: Value = serde_json::from_slice(captures::catalog()).unwrap_or(Value::Null);
        let authorities = catalog.get("Authorities").and_then(Value::as_object);
        if let Some(endpoints) = catalog.get("Endpoints").and_then(Value::as_object) {
            for (id, endpoint) in endpoints {
                let authority_id = endpoint
                    .get("AuthorityId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let Some(authority) = authorities.and_then(|a| a.get(authority_id)) else {
                    continue;
                };
                let scheme = authority.get("Scheme").and_then(Value::as_i64).unwrap_or(0);
                let hostname = authority
                    .get("Hostname")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                // Scheme 2 is HTTPS; 9 is the relative `gamecms` origin; others (AMQP, telemetry
                // sockets) are not HTTP.
                if scheme != 2 && scheme != 9 {
                    continue;
                }
                let host = if hostname == "gamecms" {
                    GAMECMS_HOST
                } else {
                    hostname
                };
                let path = endpoint.get("Path").and_then(Value::as_str).unwrap_or("");
                if path.contains("://") {
                    continue; // GameCms_Origin: a scheme-relative template, not a path.
                }
                let methods: Vec<i64> = authority
                    .get("AuthenticationMethods")
                    .and_then(Value::as_array)
                    .map(|m| m.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default();
                let auth = if methods.contains(&0) || methods.contains(&4) {
                    AuthKind::None
                } else if methods.contains(&9) {
                    AuthKind::XboxLive
                } else {
                    AuthKind::Spartan
                };
                let clearance = endpoint
                    .get("ClearanceAware")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let method = METHODS
                    .iter()
                    .find(|(m, _)| m == id)
                    .map_or("GET", |(_, m)| m);
                let path = if path.is_empty() { "/{blobPath}" } else { path };
                routes.push(Route::new(id, host, method, path, clearance, auth));
            }
        }
        for (id, host, method, path, clearance, auth) in EXTRA {
            routes.push(Route::new(id, host, method, path, *clearance, *auth));
        }
        let hosts = routes.iter().map(|r| r.host.clone()).collect();
        Self { routes, hosts }
    }

    /// Whether `host` is a service this server plays.
    pub(crate) fn knows_host(&self, host: &str) -> bool {
        self.hosts.contains(&host.to_ascii_lowercase()) || host.eq_ignore_ascii_case("gamecms")
    }

    /// Every route (for tests and documentation).
    #[cfg(test)]
    pub(crate) fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// Finds the route for a request.
    pub(crate) fn lookup(&self, host: &str, method: &Method, path: &str) -> Lookup<'_> {
        let host = if host.eq_ignore_ascii_case("gamecms") {
            GAMECMS_HOST
        } else {
            host
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut best: Option<((usize, usize, bool), Matched<'_>)> = None;
        let mut path_matched = false;
        for route in self
            .routes
            .iter()
            .filter(|r| r.host.eq_ignore_ascii_case(host))
        {
            let Some(vars) = route.match_path(&segments) else {
                continue;
            };
            path_matched = true;
            let method_ok = route
                .method
                .as_ref()
                .is_none_or(|m| m == method || (*m == Method::GET && *method == Method::HEAD));
            if !method_ok {
                continue;
            }
            let score = (
                route.literal_segments(),
                route.literal_chars(),
                captures::has_capture(&route.id),
            );
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    Matched {
                        route,
                        id: &route.id,
                        vars,
                    },
                ));
            }
        }
        match best {
            Some((_, mut matched)) => {
                let file = matched.vars.last().map_or("", |(_, v)| v.as_str());
                if let Some(refined) = refine_progression_file(matched.id, file) {
                    matched.id = refined;
                }
                Lookup::Found(matched)
            }
            None if path_matched => Lookup::WrongMethod,
            None => Lookup::NotFound,
        }
    }
}

/// For the endpoints that share `/hi/Progression/file/{...}`, the one a file path belongs to.
pub(crate) fn refine_progression_file(id: &str, path: &str) -> Option<&'static str> {
    if !PROGRESSION_FILE_IDS.contains(&id) {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    Some(if lower.contains("challengedecks") {
        "GameCms_GetChallengeDeck"
    } else if lower.contains("challenges") {
        "GameCms_GetChallenge"
    } else if lower.contains("rewardtracks/operations") {
        "GameCms_GetOperationRewardTrack"
    } else if lower.contains("events") {
        "GameCms_GetEvent"
    } else if lower.contains("seasons") {
        "GameCms_GetSeasonRewardTrack"
    } else if lower.contains("currenc") {
        "GameCms_GetCurrency"
    } else if lower.contains("inventory") {
        "GameCms_GetItem"
    } else {
        "GameCms_GetProgressionFile"
    })
}

impl Route {
    fn new(
        id: &str,
        host: &str,
        method: &str,
        path: &str,
        clearance_aware: bool,
        auth: AuthKind,
    ) -> Self {
        // Catalog defects: `{versionId}}` (doubled brace) and `//{keyId}` (empty segment).
        let path = path.replace("}}", "}");
        let segments: Vec<Vec<Piece>> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(parse_segment)
            .collect();
        let tail = matches!(
            segments.last().map(Vec::as_slice),
            Some([Piece::Var(name)]) if name.ends_with("Path") || name == "path"
        );
        Self {
            id: id.to_owned(),
            host: host.to_ascii_lowercase(),
            method: if method == "ANY" {
                None
            } else {
                Method::from_bytes(method.as_bytes()).ok()
            },
            segments,
            tail,
            clearance_aware,
            auth,
        }
    }

    fn literal_segments(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s.as_slice(), [Piece::Lit(_)]))
            .count()
    }

    fn literal_chars(&self) -> usize {
        self.segments
            .iter()
            .flatten()
            .map(|p| if let Piece::Lit(l) = p { l.len() } else { 0 })
            .sum()
    }

    fn match_path(&self, segments: &[&str]) -> Option<Vec<(String, String)>> {
        let fixed = if self.tail {
            self.segments.len() - 1
        } else {
            self.segments.len()
        };
        if self.tail {
            if segments.len() < self.segments.len() {
                return None;
            }
        } else if segments.len() != self.segments.len() {
            return None;
        }
        let mut vars = Vec::new();
        for (template, text) in self.segments.iter().zip(segments).take(fixed) {
            if !match_pieces(template, text, &mut vars) {
                return None;
            }
        }
        if self.tail {
            if let Some([Piece::Var(name)]) = self.segments.last().map(Vec::as_slice) {
                vars.push((name.clone(), segments[fixed..].join("/")));
            }
        }
        Some(vars)
    }
}

fn parse_segment(segment: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => {
                let end = rest.find('}').unwrap_or(rest.len());
                pieces.push(Piece::Var(rest[1..end].to_owned()));
                rest = rest.get(end + 1..).unwrap_or("");
            }
            Some(open) => {
                pieces.push(Piece::Lit(rest[..open].to_owned()));
                rest = &rest[open..];
            }
            None => {
                pieces.push(Piece::Lit(rest.to_owned()));
                rest = "";
            }
        }
    }
    pieces
}

fn match_pieces(pieces: &[Piece], text: &str, vars: &mut Vec<(String, String)>) -> bool {
    match pieces {
        [] => text.is_empty(),
        [Piece::Lit(lit), rest @ ..] => {
            text.len() >= lit.len()
                && text.is_char_boundary(lit.len())
                && text[..lit.len()].eq_ignore_ascii_case(lit)
                && match_pieces(rest, &text[lit.len()..], vars)
        }
        [Piece::Var(name)] => {
            if text.is_empty() {
                return false;
            }
            vars.push((name.clone(), text.to_owned()));
            true
        }
        [Piece::Var(name), Piece::Lit(lit), rest @ ..] => {
            let lower = text.to_ascii_lowercase();
            let needle = lit.to_ascii_lowercase();
            let mut from = 1;
            while let Some(found) = lower.get(from..).and_then(|t| t.find(&needle)) {
                let at = from + found;
                let mark = vars.len();
                vars.push((name.clone(), text[..at].to_owned()));
                if match_pieces(&pieces[1..], &text[at..], vars) {
                    return true;
                }
                vars.truncate(mark);
                from = at + 1;
                if rest.is_empty() && at + needle.len() == text.len() {
                    break;
                }
            }
            false
        }
        [Piece::Var(_), Piece::Var(_), ..] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(host: &str, method: Method, path: &str) -> Option<String> {
        match table().lookup(host, &method, path) {
            Lookup::Found(m) => Some(m.id.to_owned()),
            _ => None,
        }
    }

    #[test]
    fn routes_catalog_and_extra_endpoints() {
        let stats = "halostats.svc.halowaypoint.com";
        assert_eq!(
            id(stats, Method::GET, "/hi/matches/abc/stats").as_deref(),
            Some("Stats_GetMatchStats")
        );
        assert_eq!(
            id(stats, Method::GET, "/hi/players/xuid(1)/matches").as_deref(),
            Some("Stats_GetMatchHistory")
        );
        assert_eq!(
            id(stats, Method::GET, "/hi/players/xuid(1)/matches/count").as_deref(),
            Some("Stats_GetMatchCount")
        );
        assert_eq!(
            id(
                stats,
                Method::GET,
                "/hi/players/xuid(1)/matchmade/servicerecord"
            )
            .as_deref(),
            Some("Stats_GetPlayerServiceRecord")
        );
        let cms = GAMECMS_HOST;
        assert_eq!(
            id(
                cms,
                Method::GET,
                "/hi/Progression/file/RewardTracks/CareerRanks/careerRank1.json"
            )
            .as_deref(),
            Some("GameCms_GetCareerRewardTrack")
        );
        assert_eq!(
            id(
                cms,
                Method::GET,
                "/hi/progression/file/calendars/seasons/seasoncalendar.json"
            )
            .as_deref(),
            Some("GameCms_GetSeasonCalendar")
        );
        assert_eq!(
            id(cms, Method::GET, "/hi/images/file/a/b/c.png").as_deref(),
            Some("GameCms_GetImage")
        );
        assert_eq!(
            id("gamecms", Method::GET, "/hi/Specs/file/cpu/presets.json").as_deref(),
            Some("GameCms_GetCpuPresets")
        );
    }

    #[test]
    fn copes_with_catalog_defects() {
        let ugc = "discovery-infiniteugc.svc.halowaypoint.com";
        assert_eq!(
            id(ugc, Method::GET, "/hi/manifests/a/versions/b").as_deref(),
            Some("HIUGC_Discovery_GetManifest")
        );
        let text = "text.svc.halowaypoint.com";
        assert_eq!(
            id(text, Method::GET, "/hi/moderation-proof-keys/k1").as_deref(),
            Some("TextModeration_GetSigningKey")
        );
        assert_eq!(
            id(text, Method::GET, "/hi/moderation-proof-keys//k1").as_deref(),
            Some("TextModeration_GetSigningKey")
        );
    }

    #[test]
    fn tells_methods_and_partial_segments_apart() {
        let authoring = "authoring-infiniteugc.svc.halowaypoint.com";
        assert_eq!(
            id(authoring, Method::GET, "/hi/maps/a/versions").as_deref(),
            Some("HIUGC_ListAllVersions")
        );
        assert_eq!(
            id(authoring, Method::POST, "/hi/maps/a/versions").as_deref(),
            Some("HIUGC_CreateAssetVersionAgnostic")
        );
        let settings = "settings.svc.halowaypoint.com";
        let m = table().lookup(
            settings,
            &Method::GET,
            "/oban/flight-configurations/titles/hi/audiences/RETAIL/players/xuid(42)/active",
        );
        let Lookup::Found(m) = m else {
            panic!("no clearance route")
        };
        assert_eq!(m.route.id, "Settings_PlayerClearance");
        assert_eq!(m.var("player"), Some("xuid(42)"));
        assert!(matches!(
            table().lookup(settings, &Method::GET, "/spartan-token"),
            Lookup::WrongMethod
        ));
        assert!(matches!(
            table().lookup(settings, &Method::GET, "/nope"),
            Lookup::NotFound
        ));
    }

    #[test]
    fn every_captured_catalog_endpoint_has_a_route() {
        let catalog: Value = serde_json::from_slice(captures::catalog()).unwrap();
        let ids: Vec<&String> = table().routes().iter().map(|r| &r.id).collect();
        for id in catalog["Endpoints"].as_object().unwrap().keys() {
            if captures::has_capture(id) {
                assert!(ids.contains(&id), "{id} has captures but no route");
            }
        }
        assert!(ids.len() > 150, "{}", ids.len());
    }

    #[test]
    fn progression_files_route_by_file_path() {
        let cms = GAMECMS_HOST;
        let file = |p: &str| id(cms, Method::GET, &format!("/hi/Progression/file/{p}"));
        assert_eq!(
            file("ChallengeDecks/x.json").as_deref(),
            Some("GameCms_GetChallengeDeck")
        );
        assert_eq!(
            file("Challenges/x.json").as_deref(),
            Some("GameCms_GetChallenge")
        );
        assert_eq!(
            file("RewardTracks/Operations/op.json").as_deref(),
            Some("GameCms_GetOperationRewardTrack")
        );
        assert_eq!(
            file("inventory/armor/x.json").as_deref(),
            Some("GameCms_GetItem")
        );
        assert_eq!(
            file("other/x.json").as_deref(),
            Some("GameCms_GetProgressionFile")
        );
        assert_eq!(
            id(cms, Method::GET, "/somewhere/else.json").as_deref(),
            Some("GameCms_Origin")
        );
    }

    #[test]
    fn every_capture_folder_is_served() {
        let mut served: Vec<String> = table()
            .routes()
            .iter()
            .map(|r| captures::folder(&r.id).to_owned())
            .collect();
        for file in [
            "ChallengeDecks",
            "Challenges",
            "RewardTracks/Operations",
            "Events",
            "Seasons",
            "Currency",
            "Inventory",
        ] {
            if let Some(id) = refine_progression_file("GameCms_GetProgressionFile", file) {
                served.push(id.to_owned());
            }
        }
        for (folder, _, _) in captures::CAPTURES {
            if !folder.starts_with("Auth_") {
                assert!(
                    served.iter().any(|s| s == folder),
                    "no route serves the {folder} captures"
                );
            }
        }
    }

    #[test]
    fn refines_progression_files() {
        assert_eq!(
            refine_progression_file("GameCms_GetItem", "ChallengeDecks/x.json"),
            Some("GameCms_GetChallengeDeck")
        );
        assert_eq!(refine_progression_file("Stats_GetMatchStats", "x"), None);
    }
}
