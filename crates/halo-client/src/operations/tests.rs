//! URL tests for every operation: each built with example values in every parameter gives the
//! URL recorded in `urls.golden` (one line per route and method: id, method, URL), reviewed by
//! hand. Regenerate the file with `HALO_BLESS=1 cargo test -p halo-client operations`.

use std::collections::BTreeSet;

use crate::routes::{BaseUrl, Route, Scheme};

const GOLDEN: &str = include_str!("urls.golden");

fn lines() -> String {
    let base = BaseUrl::production();
    let mut out = String::new();
    for (id, request) in super::generated::examples() {
        let url = request
            .url(&base)
            .unwrap_or_else(|error| panic!("{id}: {error}"));
        out.push_str(&format!("{id} {} {url}\n", request.route().method));
    }
    out
}

#[test]
fn every_operation_builds_the_url_on_record() {
    let actual = lines();
    if std::env::var_os("HALO_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/operations/urls.golden");
        std::fs::write(path, &actual).unwrap();
        return;
    }
    for (expected, got) in GOLDEN.lines().zip(actual.lines()) {
        assert_eq!(
            got, expected,
            "run HALO_BLESS=1 cargo test -p halo-client operations and review the diff"
        );
    }
    assert_eq!(GOLDEN.lines().count(), actual.lines().count());
}

#[test]
fn one_operation_per_https_route_and_none_for_message_queues() {
    let examples = super::generated::examples();
    let ids: BTreeSet<&str> = examples.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), examples.len(), "an id has two operations");
    for route in Route::all() {
        match route.scheme {
            Scheme::Https => assert!(ids.contains(route.id), "{} has no operation", route.id),
            Scheme::MessageQueue => {
                assert!(!ids.contains(route.id), "{} is a topic", route.id);
            }
        }
    }
    for (id, request) in &examples {
        assert_eq!(request.route().id, *id);
        assert!(
            request.problems().is_empty(),
            "{id}: {:?}",
            request.problems()
        );
    }
    // Both catalogs, every method, the extras: 215 HTTPS routes.
    assert_eq!(examples.len(), 215);
}

#[test]
fn message_queue_routes_are_not_offered_as_https_calls() {
    let route = Route::by_id("Messaging_MessagingSubscribe").unwrap();
    assert_eq!(route.scheme, Scheme::MessageQueue);
    let error = crate::ApiRequest::new(route)
        .path_param("player", "xuid(1)")
        .url(&BaseUrl::production())
        .unwrap_err();
    assert!(error.to_string().contains("message-queue topic"), "{error}");
}

/// `value` with every number as a float (the models keep integers as `f64`, and
/// `serde_json::Value` tells `1` from `1.0`) and without `null` members (a model's `None` is
/// written as a missing key).
fn numbers_as_floats(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The first JSON path where `a` and `b` differ (for failure messages).
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &format!("{path}.{key}")) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{path}.{key}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]"))),
        (x, y) if x == y => None,
        (x, y) => Some(format!("{path}: {x} vs {y}")),
    }
}

/// The capture files of one folder, as JSON values.
fn captures_of(folder: &str) -> Vec<serde_json::Value> {
    let dir = format!(
        "{}/../halo-models/captures/responses/{folder}",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json" || e == "png"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            if path.extension().is_some_and(|e| e == "png") {
                numbers_as_floats(serde_json::Value::from(bytes.len()))
            } else {
                numbers_as_floats(serde_json::from_slice(&bytes).unwrap())
            }
        })
        .collect()
}

/// The testkit makes these answers for the asked ids and players: each is checked against the
/// example's values (see `Operation::example`) and the capture it is made from.
fn dynamic_answer_is_for_the_example(id: &str, value: &serde_json::Value) {
    match id {
        "Stats_GetMatchHistory" => {
            // start=25: past the end of the captured history, an empty page.
            assert_eq!(value["Start"], 25.0);
            assert_eq!(value["ResultCount"], 0.0);
            assert_eq!(value["Results"].as_array().map(Vec::len), Some(0));
        }
        "Skill_GetPlaylistCsr" => {
            // The example's player is not one of the offline world's: left out.
            assert_eq!(value["Value"].as_array().map(Vec::len), Some(0), "{id}");
        }
        "Profile_GetUser" => assert_eq!(value["gamertag"], halo_testkit::DEFAULT_GAMERTAG),
        "XboxLive_GetProfileSettings" => {
            // `me`: the configured user.
            let user = &value["profileUsers"][0];
            assert_eq!(user["id"], halo_testkit::DEFAULT_XUID.to_string());
            assert_eq!(user["settings"][7]["id"], "Gamertag");
            assert_eq!(user["settings"][7]["value"], halo_testkit::DEFAULT_GAMERTAG);
        }
        // The example's XUID is not one of the offline world's: left out.
        "Profile_GetUsers" => assert_eq!(value.as_array().map(Vec::len), Some(0)),
        "HIUGC_Discovery_Search" => {
            // start=25 past the captured search's 10 results: an empty page.
            assert_eq!(value["EstimatedTotal"], 10.0);
            assert_eq!(value["Start"], 25.0);
            assert_eq!(value["ResultCount"], 0.0);
        }
        other => panic!("{other} is not a dynamic answer"),
    }
}

/// Every operation called against halo-testkit: an endpoint with captures answers one of them,
/// typed and re-encoded to the same JSON (every value of the capture, read through the typed
/// model); an endpoint without one answers the testkit's `no_capture` 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_against_the_testkit() {
    use halo_testkit::{
        DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, DEFAULT_XBOX_LIVE_AUTHORIZATION, TestServer,
    };

    use crate::{Client, PolicyOverride, RateLimit, StaticTokens};

    let server = TestServer::start_without_env_faults().await.unwrap();
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .retry(PolicyOverride::new().delay_scale(0.001))
        .tokens(
            StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID))
                .unwrap()
                .with_xbox_live(DEFAULT_XBOX_LIVE_AUTHORIZATION)
                .unwrap(),
        )
        .build()
        .unwrap();
    // Answers the testkit makes for the asked ids and players, not a capture as is.
    const DYNAMIC: &[&str] = &[
        "Stats_GetMatchHistory",
        "Skill_GetPlaylistCsr",
        "Profile_GetUser",
        "Profile_GetUsers",
        "HIUGC_Discovery_Search",
        "XboxLive_GetProfileSettings",
    ];
    // The offline world's answers for a match, player or asset it does not have (the
    // examples' placeholder ids): 404, as the service answers.
    const UNKNOWN_TO_THE_WORLD: &[&str] = &[
        "Stats_GetMatchStats",
        "Stats_GetMatchCount",
        "Stats_GetPlayerServiceRecord",
        "Skill_GetMatchResult",
        "HIUGC_Discovery_SpectateByMatchId",
        "HIUGC_Discovery_GetMap",
        "HIUGC_Discovery_GetMapWithoutVersion",
        "HIUGC_Discovery_GetMapModePair",
        "HIUGC_Discovery_GetMapModePairWithoutVersion",
        "HIUGC_Discovery_GetPlaylist",
        "HIUGC_Discovery_GetPlaylistWithoutVersion",
        "HIUGC_Discovery_GetUgcGameVariant",
        "HIUGC_Discovery_GetUgcGameVariantWithoutVersion",
    ];
    // The auth chain's answers (live tokens and clearances), not captures.
    const LIVE: &[&str] = &[
        "Settings_GetClearance",
        "Settings_ActiveFlight",
        "Settings_GetPlayerClearance",
        "Settings_PlayerClearance",
    ];
    let mut typed = 0;
    let mut without_capture = 0;
    let mut unknown = 0;
    let mut from_world = 0;
    for (id, folder, call) in super::generated::example_calls() {
        if id == "Settings_SpartanTokenV4" {
            // Wants an XSTS proof in its body: halo-auth's tests play the exchange.
            continue;
        }
        if id == "XboxLive_GetProfileSettingsBatch" {
            // Wants the XUIDs in its body: tests/xbox.rs calls it.
            continue;
        }
        // The testkit answers the latest version of any asset with the film capture; the
        // operation stays raw JSON (a film's model would refuse other kinds of asset).
        let folder = match id {
            "HIUGC_GetLatestAssetVersion" => "HIUGC_GetLatestAssetVersionFilm",
            _ => folder,
        };
        let captures = captures_of(folder);
        match call(client.clone()).await {
            Ok(value) if id == "XboxLive_SearchPeople" => {
                // No capture: the testkit searches its world's roster (`q=value` matches no
                // gamertag there).
                assert_eq!(value["people"].as_array().map(Vec::len), Some(0), "{id}");
                from_world += 1;
            }
            Ok(value) if LIVE.contains(&id) => {
                assert_eq!(value["FlightConfigurationId"], DEFAULT_CLEARANCE_ID, "{id}");
            }
            Ok(value) => {
                let value = numbers_as_floats(value);
                assert!(!captures.is_empty(), "{id} answered without a capture");
                if DYNAMIC.contains(&id) {
                    dynamic_answer_is_for_the_example(id, &value);
                } else {
                    assert!(
                        captures.contains(&value),
                        "{id}: the typed answer re-encoded is none of the {folder} captures ({:?})",
                        captures
                            .first()
                            .and_then(|c| first_difference(&value, c, ""))
                    );
                }
                typed += 1;
            }
            Err(error) if UNKNOWN_TO_THE_WORLD.contains(&id) => {
                assert_eq!(
                    error.status().map(|s| s.as_u16()),
                    Some(404),
                    "{id}: {error}"
                );
                unknown += 1;
            }
            Err(error) => {
                assert!(captures.is_empty(), "{id}: {error}");
                assert_eq!(
                    error.status().map(|s| s.as_u16()),
                    Some(404),
                    "{id}: {error}"
                );
                let body = error
                    .body()
                    .map(|b| String::from_utf8_lossy(b).into_owned());
                assert!(
                    body.as_deref().unwrap_or("").contains("no_capture"),
                    "{id}: {body:?}"
                );
                without_capture += 1;
            }
        }
    }
    // 113 endpoints answer a capture through their operation (typed where a model exists);
    // 13 are the offline world's and do not know the examples' ids; people search has no
    // capture and answers from the world's roster; 82 have no capture yet and answer the
    // testkit's `no_capture` 404.
    assert_eq!(
        (typed, unknown, from_world, without_capture),
        (113, 13, 1, 82)
    );
}
