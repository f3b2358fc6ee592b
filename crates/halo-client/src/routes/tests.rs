//! Route table tests: every route builds a clean URL; the daily endpoints build the exact
//! URLs the service expects; the table agrees with the catalog it was generated from.

use super::*;
use serde_json::Value;

const CATALOG_2022: &str =
    include_str!("../../../halo-models/captures/catalog/endpoints-2022.json");
const CATALOG_CURRENT: &str =
    include_str!("../../../halo-models/captures/catalog/endpoints-current.json");

fn sample(name: &str) -> String {
    match name {
        "player" => "xuid(2535405290989773)".to_owned(),
        "matchId" => "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5".to_owned(),
        name if name.ends_with("Path") || name == "path" => "dir/file.json".to_owned(),
        other => format!("{other}-value"),
    }
}

#[test]
fn every_route_builds_a_clean_url() {
    let base = BaseUrl::with_root("http://127.0.0.1:8080");
    for route in Route::all()
        .iter()
        .filter(|route| route.scheme == Scheme::Https)
    {
        let names: Vec<&str> = route.path_params().collect();
        let values: Vec<String> = names.iter().map(|name| sample(name)).collect();
        let path: Vec<(&str, &str)> = names
            .iter()
            .copied()
            .zip(values.iter().map(String::as_str))
            .collect();
        let url = route.url(&base, &path, &[]).unwrap();
        let mut expected = format!("http://127.0.0.1:8080/{}{}", route.host, route.path);
        for (name, value) in &path {
            expected = expected.replace(&format!("{{{name}}}"), value);
        }
        let literal: Vec<&str> = route
            .query
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.contains('{'))
            .collect();
        if !literal.is_empty() {
            expected = format!("{expected}?{}", literal.join("&"));
        }
        assert_eq!(url, expected, "{}", route.id);
        assert!(
            !url.contains('{') && !url.contains('}'),
            "{}: {url}",
            route.id
        );
        let after_scheme = url.trim_start_matches("http://");
        assert!(!after_scheme.contains("//"), "{}: {url}", route.id);
        assert!(route.path.starts_with('/'), "{}", route.id);
        // Production URL: same path under https://host.
        let production = route.url(&BaseUrl::production(), &path, &[]).unwrap();
        assert_eq!(
            production,
            expected.replace("http://127.0.0.1:8080/", "https://"),
            "{}",
            route.id
        );
        // A missing path parameter is a build error, never a malformed URL.
        if let Some(first) = names.first() {
            let missing: Vec<(&str, &str)> =
                path.iter().copied().filter(|(n, _)| n != first).collect();
            let error = route.url(&base, &missing, &[]).unwrap_err();
            assert!(error.contains(first), "{}: {error}", route.id);
        }
    }
}

#[test]
fn table_has_every_catalog_endpoint_and_the_extras() {
    let current: Value = serde_json::from_str(CATALOG_CURRENT).unwrap();
    let old: Value = serde_json::from_str(CATALOG_2022).unwrap();
    assert_eq!(current["Endpoints"].as_object().unwrap().len(), 205);
    assert_eq!(old["Endpoints"].as_object().unwrap().len(), 161);
    // 17 policies in 2022, 22 today, 23 together.
    assert_eq!(RETRY_POLICIES.len(), 23);
    assert_eq!(ROUTES.len(), 205 + 2 + 16);
    assert!(
        ROUTES.windows(2).all(|w| w[0].id < w[1].id),
        "sorted, unique ids"
    );
    let today = current["Endpoints"].as_object().unwrap();
    let mut only_2022 = Vec::new();
    for (catalog, source) in [
        (&current, RouteSource::Catalog),
        (&old, RouteSource::Catalog2022),
    ] {
        let endpoints = catalog["Endpoints"].as_object().unwrap();
        let authorities = catalog["Authorities"].as_object().unwrap();
        let policies = catalog["RetryPolicies"].as_object().unwrap();
        check_catalog(
            endpoints,
            authorities,
            policies,
            source,
            today,
            &mut only_2022,
        );
    }
    assert_eq!(
        only_2022,
        ["GameCms_GetImage", "Lobby_RegisterJoinLobbyHandle"]
    );
    let extras: Vec<&str> = ROUTES
        .iter()
        .filter(|route| route.source == RouteSource::Extra)
        .map(|route| route.id)
        .collect();
    assert_eq!(
        extras,
        [
            "GameCms_GetCareerRewardTrack",
            "GameCms_GetCsrSeasonCalendar",
            "GameCms_GetMedalMetadata",
            "GameCms_GetOperationRewardTrack",
            "GameCms_GetSeasonCalendar",
            "HIUGC_ExtendSessionAgnostic",
            "HIUGC_GetAssetRatings",
            "Lobby_GetPresence",
            "Profile_GetUser",
            "Profile_GetUsers",
            "Settings_GetApiSettingsContainer",
            "Stats_GetPlayerServiceRecord",
            "Stats_PutMatchPrivacy",
            "XboxLive_GetProfileSettings",
            "XboxLive_GetProfileSettingsBatch",
            "XboxLive_SearchPeople",
        ]
    );
}

/// Every endpoint of one catalog is routed as it says (a 2022 id that today's catalog also has
/// is checked against today's only).
fn check_catalog(
    endpoints: &serde_json::Map<String, Value>,
    authorities: &serde_json::Map<String, Value>,
    policies: &serde_json::Map<String, Value>,
    source: RouteSource,
    today: &serde_json::Map<String, Value>,
    only_2022: &mut Vec<String>,
) {
    for (id, endpoint) in endpoints {
        if source == RouteSource::Catalog2022 {
            if today.contains_key(id) {
                continue;
            }
            only_2022.push(id.clone());
        }
        let route = Route::by_id(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(route.source, source, "{id}");
        let authority = &authorities[endpoint["AuthorityId"].as_str().unwrap()];
        assert_eq!(route.authority, endpoint["AuthorityId"].as_str().unwrap());
        let host = authority["Hostname"].as_str().unwrap();
        if host == "gamecms" {
            assert_eq!(
                route.host, "gamecms-hacs.svc.halowaypoint.com",
                "{id}: alias"
            );
        } else {
            assert_eq!(route.host, host, "{id}");
        }
        let path = endpoint["Path"].as_str().unwrap();
        let query = endpoint["QueryString"]
            .as_str()
            .unwrap()
            .trim_start_matches('?');
        match authority["Scheme"].as_u64().unwrap() {
            8 => {
                let topic = endpoint["TopicName"].as_str().unwrap();
                let (topic_path, topic_query) = topic.split_once('?').unwrap_or((topic, ""));
                assert_eq!(route.scheme, Scheme::MessageQueue);
                assert_eq!(route.path, topic_path, "{id}");
                assert_eq!(route.query, topic_query, "{id}");
            }
            _ => {
                assert_eq!(route.scheme, Scheme::Https);
                let repaired = match id.as_str() {
                    "HIUGC_Discovery_GetManifest" => "/hi/manifests/{assetId}/versions/{versionId}",
                    "TextModeration_GetSigningKey" => "/hi/moderation-proof-keys/{keyId}",
                    "GameCms_Origin" | "HIUGC_GetBlob" | "HIUGC_GetSessionBlob" => "/{path}",
                    _ => path,
                };
                assert_eq!(route.path, repaired, "{id}");
                assert!(
                    route.query.starts_with(query),
                    "{id}: {} vs {query}",
                    route.query
                );
            }
        }
        let policy = &policies[endpoint["RetryPolicyId"].as_str().unwrap()];
        assert_eq!(route.retry.id, endpoint["RetryPolicyId"].as_str().unwrap());
        assert_eq!(
            route.retry.timeout.as_millis() as u64,
            policy["TimeoutMs"].as_u64().unwrap()
        );
        let options = &policy["RetryOptions"];
        if options.is_null() {
            assert_eq!(route.retry.max_retries, 0, "{id}");
        } else {
            assert_eq!(
                u64::from(route.retry.max_retries),
                options["MaxRetryCount"].as_u64().unwrap()
            );
            assert_eq!(
                route.retry.delay.as_millis() as u64,
                options["RetryDelayMs"].as_u64().unwrap()
            );
            assert_eq!(
                route.retry.jitter.as_millis() as u64,
                options["RetryJitterMs"].as_u64().unwrap()
            );
            assert_eq!(route.retry.growth, options["RetryGrowth"].as_f64().unwrap());
            assert_eq!(
                route.retry.retry_if_not_found,
                options["RetryIfNotFound"].as_bool().unwrap()
            );
        }
        assert_eq!(
            route.clearance_aware,
            endpoint["ClearanceAware"].as_bool().unwrap(),
            "{id}"
        );
    }
}

#[test]
fn methods_and_auth() {
    let method = |id: &str| Route::by_id(id).unwrap().method.clone();
    assert_eq!(method("Stats_GetMatchStats"), http::Method::GET);
    assert_eq!(method("HIUGC_PatchAssetVersion"), http::Method::PATCH);
    assert_eq!(method("HIUGC_DeleteAsset"), http::Method::DELETE);
    assert_eq!(method("HIUGC_RateAnAsset"), http::Method::PUT);
    assert_eq!(method("HIUGC_SpawnAsset"), http::Method::POST);
    assert_eq!(method("Settings_SpartanTokenV4"), http::Method::POST);
    assert_eq!(method("GameCms_GetGuide_Images"), http::Method::GET);
    assert!(
        !Route::by_id("Economy_PostCurrencyTransaction")
            .unwrap()
            .is_idempotent()
    );
    assert!(
        Route::by_id("Stats_GetMatchHistory")
            .unwrap()
            .is_idempotent()
    );
    assert_eq!(
        Route::by_id("Stats_GetMatchStats").unwrap().auth,
        AuthMethod::SpartanToken
    );
    assert_eq!(
        Route::by_id("GameCms_GetNotAllowedInTitleMessage")
            .unwrap()
            .auth,
        AuthMethod::None
    );
    // Today's catalog moved the discovery reads from the open authority (token optional) to
    // the Spartan-token one.
    assert_eq!(
        Route::by_id("HIUGC_Discovery_GetMap").unwrap().auth,
        AuthMethod::SpartanToken
    );
    assert_eq!(
        Route::by_id("Xbl_GetProfileSettingsForSpeechAccessibility")
            .unwrap()
            .auth,
        AuthMethod::XboxLive
    );
    assert!(
        Route::by_id("Stats_GetMatchStats")
            .unwrap()
            .retry
            .retry_if_not_found
    );
    assert!(
        Route::by_id("Skill_GetMatchResult")
            .unwrap()
            .retry
            .retry_if_not_found
    );
    assert!(Route::by_id("nope").is_none());
}

fn url(id: &str, path: &[(&str, &str)], query: &[(&str, &str)]) -> String {
    Route::by_id(id)
        .unwrap()
        .url(&BaseUrl::production(), path, query)
        .unwrap()
}

#[test]
fn daily_endpoint_urls() {
    let player = ("player", "xuid(2535405290989773)");
    assert_eq!(
        url(
            "Stats_GetMatchHistory",
            &[player],
            &[("start", "25"), ("count", "25"), ("type", "matchmaking")]
        ),
        "https://halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/matches?start=25&count=25&type=matchmaking"
    );
    assert_eq!(
        url(
            "Stats_GetMatchStats",
            &[("matchId", "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5")],
            &[]
        ),
        "https://halostats.svc.halowaypoint.com/hi/matches/ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5/stats"
    );
    assert_eq!(
        url("Stats_GetMatchCount", &[("player", "Some Gamer")], &[]),
        "https://halostats.svc.halowaypoint.com/hi/players/Some%20Gamer/matches/count"
    );
    assert_eq!(
        url(
            "Stats_GetPlayerServiceRecord",
            &[player, ("lifecycle", "matchmade")],
            &[
                ("seasonId", "Seasons/Season6.json"),
                ("gameVariantCategory", "6")
            ]
        ),
        "https://halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/matchmade/servicerecord?seasonid=Seasons%2FSeason6.json&gamevariantcategory=6"
    );
    assert_eq!(
        url("Stats_GetChallengeDecks", &[player], &[]),
        "https://halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/decks"
    );
    assert_eq!(
        url(
            "Skill_GetMatchResult",
            &[("matchId", "m1")],
            &[("players", "xuid(1)"), ("players", "xuid(2)")]
        ),
        "https://skill.svc.halowaypoint.com/hi/matches/m1/skill?players=xuid(1)&players=xuid(2)"
    );
    assert_eq!(
        url(
            "Skill_GetPlaylistCsr",
            &[("playlistId", "edfef3ac-9cbe-4fa2-b949-8f29deafd483")],
            &[("players", "xuid(1)"), ("season", "CsrSeason5-1")]
        ),
        "https://skill.svc.halowaypoint.com/hi/playlist/edfef3ac-9cbe-4fa2-b949-8f29deafd483/csrs?players=xuid(1)&season=CsrSeason5-1"
    );
    assert_eq!(
        url(
            "HIUGC_Discovery_GetMap",
            &[("assetId", "a"), ("versionId", "v")],
            &[]
        ),
        "https://discovery-infiniteugc.svc.halowaypoint.com/hi/maps/a/versions/v"
    );
    assert_eq!(
        url(
            "HIUGC_Discovery_Search",
            &[],
            &[
                ("count", "101"),
                ("term", "forge map"),
                ("tags", "a"),
                ("tags", "b")
            ]
        ),
        "https://discovery-infiniteugc.svc.halowaypoint.com/hi/search?count=101&term=forge%20map&tags=a&tags=b"
    );
    assert_eq!(
        url(
            "HIUGC_Discovery_SpectateByMatchId",
            &[("matchId", "m1")],
            &[]
        ),
        "https://discovery-infiniteugc.svc.halowaypoint.com/hi/films/matches/m1/spectate"
    );
    assert_eq!(
        url(
            "Economy_PlayerCustomization",
            &[player],
            &[("viewType", "public")]
        ),
        "https://economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/customization?view=public"
    );
    assert_eq!(
        url(
            "Economy_GetRewardTrack",
            &[
                player,
                ("rewardTrackType", "careerrank"),
                ("trackId", "careerrank1")
            ],
            &[]
        ),
        "https://economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/rewardtracks/careerranks/careerrank1"
    );
    assert_eq!(
        url("GameCms_GetMedalMetadata", &[], &[]),
        "https://gamecms-hacs.svc.halowaypoint.com/hi/Waypoint/file/medals/metadata.json"
    );
    assert_eq!(
        url(
            "GameCms_GetImage",
            &[("filePath", "progression/Ranks/rank1.png")],
            &[]
        ),
        "https://gamecms-hacs.svc.halowaypoint.com/hi/images/file/progression/Ranks/rank1.png"
    );
    assert_eq!(
        url("Profile_GetUser", &[("user", "gt(Some Gamer)")], &[]),
        "https://profile.svc.halowaypoint.com/users/gt(Some%20Gamer)"
    );
    assert_eq!(
        url("Profile_GetUsers", &[], &[("xuids", "1"), ("xuids", "2")]),
        "https://profile.svc.halowaypoint.com/users?xuids=1&xuids=2"
    );
    assert_eq!(
        url(
            "Settings_GetPlayerClearance",
            &[("audience", "RETAIL"), player],
            &[
                ("sandbox", "UNUSED"),
                ("buildNumber", "222249.22.06.08.1730-0")
            ]
        ),
        "https://settings.svc.halowaypoint.com/oban/flight-configurations/titles/hi/audiences/RETAIL/players/xuid(2535405290989773)/active?sandbox=UNUSED&build=222249.22.06.08.1730-0&release=1.13"
    );
    assert_eq!(
        url("Stats_BanSummary", &[], &[("targetlist", "xuid(1)")]),
        "https://banprocessor.svc.halowaypoint.com/hi/bansummary?auth=st&targets=xuid(1)"
    );
}

#[test]
fn path_values_cannot_escape_their_segment() {
    let route = Route::by_id("Stats_GetMatchStats").unwrap();
    let base = BaseUrl::production();
    assert!(route.url(&base, &[("matchId", "..")], &[]).is_err());
    assert!(route.url(&base, &[("matchId", "")], &[]).is_err());
    assert_eq!(
        route.url(&base, &[("matchId", "a/../b")], &[]).unwrap(),
        "https://halostats.svc.halowaypoint.com/hi/matches/a%2F..%2Fb/stats"
    );
    let image = Route::by_id("GameCms_GetImage").unwrap();
    assert!(
        image
            .url(&base, &[("filePath", "a/../../b.png")], &[])
            .is_err()
    );
}

#[test]
fn every_route_host_is_a_bare_host_header() {
    // The headers layer sends a route's host as `Host` with `HeaderValue::from_static`, which
    // panics on invalid bytes: every generated host must be a plain, valid authority.
    assert!(Route::all().len() > 50);
    for route in Route::all() {
        assert!(
            http::HeaderValue::from_str(route.host).is_ok(),
            "{}: {}",
            route.id,
            route.host
        );
        let authority: http::uri::Authority = route.host.parse().expect(route.host);
        assert_eq!(
            authority.host(),
            route.host,
            "{}: no port, no user",
            route.id
        );
    }
}
