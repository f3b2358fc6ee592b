//! The routes the world answers: match stats, skill, histories, match counts, service records,
//! profiles, films and the discovery assets its matches use.

use http::StatusCode;
use serde_json::{Value, json};

use super::derived::Totals;
use super::keys::Key;
use super::{Someone, View, World, discovery, players, record, render, skill};
use crate::incoming::Incoming;
use crate::respond::{self, Resp};
use crate::routes::Matched;
use crate::{captures, form, ids};

/// Host of the film blobs.
const BLOB_HOST: &str = "blobs-infiniteugc.svc.halowaypoint.com";
/// Most results one history page holds (the service's own limit).
const MAX_PAGE: u64 = 25;

/// Answers a route of the world for the signed-in `user_xuid`; `None` for routes it does not
/// play.
pub(crate) fn serve(
    world: &World,
    user_xuid: u64,
    matched: &Matched<'_>,
    incoming: &Incoming,
) -> Option<Resp> {
    let query = incoming.query.as_deref();
    let var = |name: &str| form::decode(matched.var(name).unwrap_or(""));
    Some(match matched.id {
        "Stats_GetMatchStats" => with_match(world, &var("matchId"), |key| {
            let facts = world.facts(key);
            let body = render::stats(&facts, &world.captured.settings[facts.setting]);
            respond::json(StatusCode::OK, body)
        }),
        "Skill_GetMatchResult" => {
            let Some(players) = asked_players(query) else {
                return Some(invalid_players());
            };
            with_match(world, &var("matchId"), |key| {
                match_skill(world, key, &players)
            })
        }
        "Skill_GetPlaylistCsr" => {
            let Some(players) = asked_players(query) else {
                return Some(invalid_players());
            };
            let playlist = var("playlistId");
            let ranked = super::names::is_ranked_playlist(&playlist);
            let results: Vec<Value> = players
                .iter()
                .filter_map(|&x| {
                    let walk = match (ranked, world.someone(x)?) {
                        (true, Someone::Member(m)) => Some(world.walk(m)),
                        _ => None,
                    };
                    skill::playlist_csr(x, walk.as_deref())
                })
                .collect();
            respond::json_value(StatusCode::OK, &json!({ "Value": results }))
        }
        "Stats_GetMatchHistory" => history(world, &var("player"), query),
        "Stats_GetMatchCount" => {
            match players::resolve(world, &var("player")).and_then(|x| world.someone(x)) {
                None => respond::empty(StatusCode::NOT_FOUND),
                Some(who) => {
                    let (matchmade, custom) = counts(world, who);
                    respond::json_value(
                        StatusCode::OK,
                        &json!({
                            "CustomMatchesPlayedCount": custom,
                            "MatchesPlayedCount": matchmade + custom,
                            "MatchmadeMatchesPlayedCount": matchmade,
                            "LocalMatchesPlayedCount": 0,
                        }),
                    )
                }
            }
        }
        "Stats_GetPlayerServiceRecord" => {
            let Some(xuid) = players::resolve(world, &var("player")) else {
                return Some(respond::empty(StatusCode::NOT_FOUND));
            };
            match var("lifecycle").to_ascii_lowercase().as_str() {
                "matchmade" => {
                    let totals = match world.someone(xuid) {
                        Some(Someone::Member(m)) => world.totals(m),
                        Some(who) => std::sync::Arc::new(Totals::over(world, who, xuid, 1)),
                        None => return Some(respond::empty(StatusCode::NOT_FOUND)),
                    };
                    match record::service_record(&totals) {
                        Some(value) => respond::json_value(StatusCode::OK, &value),
                        None => no_capture("Stats_GetPlayerServiceRecord"),
                    }
                }
                "custom" | "local" => match captures::case("Stats_GetPlayerServiceRecord", "empty")
                {
                    Some(c) => respond::json(StatusCode::OK, c.bytes),
                    None => no_capture("Stats_GetPlayerServiceRecord"),
                },
                _ => respond::empty(StatusCode::NOT_FOUND),
            }
        }
        "Profile_GetUser" => match players::user(world, user_xuid, &var("user")) {
            Some(user) => respond::json_value(StatusCode::OK, &user),
            None => respond::empty(StatusCode::NOT_FOUND),
        },
        "Profile_GetUsers" => {
            let params = form::parse(query.unwrap_or(""));
            let asked: Vec<&str> = form::all(&params, "xuids")
                .into_iter()
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect();
            let xuids: Option<Vec<u64>> = asked.iter().map(|x| x.parse().ok()).collect();
            match xuids.filter(|x| !x.is_empty()) {
                None => respond::empty(StatusCode::BAD_REQUEST),
                Some(xuids) => match players::users(world, &xuids) {
                    Some(users) => respond::json_value(StatusCode::OK, &users),
                    None => no_capture("Profile_GetUsers"),
                },
            }
        }
        "HIUGC_Discovery_SpectateByMatchId" => {
            let id = var("matchId");
            if !ids::is_guid(&id) {
                return Some(invalid_match_id());
            }
            manifest(world, &id)
        }
        "HIUGC_GetBlob" => chunk(
            world,
            matched
                .var("path")
                .or_else(|| matched.var("blobPath"))
                .unwrap_or(""),
        ),
        id @ ("HIUGC_Discovery_GetMap"
        | "HIUGC_Discovery_GetMapWithoutVersion"
        | "HIUGC_Discovery_GetUgcGameVariant"
        | "HIUGC_Discovery_GetUgcGameVariantWithoutVersion"
        | "HIUGC_Discovery_GetPlaylist"
        | "HIUGC_Discovery_GetPlaylistWithoutVersion"
        | "HIUGC_Discovery_GetMapModePair"
        | "HIUGC_Discovery_GetMapModePairWithoutVersion") => {
            let version = matched.var("versionId");
            match discovery::answer(world, id, &var("assetId"), version) {
                Some(value) => respond::json_value(StatusCode::OK, &value),
                None => respond::empty(StatusCode::NOT_FOUND),
            }
        }
        _ => return None,
    })
}

fn no_capture(endpoint: &str) -> Resp {
    respond::testkit_error(
        StatusCode::NOT_FOUND,
        "no_capture",
        &format!("halo-testkit has no captured response for endpoint {endpoint}"),
    )
}

fn invalid_match_id() -> Resp {
    respond::testkit_error(
        StatusCode::BAD_REQUEST,
        "invalid_match_id",
        "the match id is not a GUID",
    )
}

fn invalid_players() -> Resp {
    respond::json(
        StatusCode::BAD_REQUEST,
        &b"{\"message\":\"Invalid player ids list\"}"[..],
    )
}

/// Runs `answer` for a known match; 400 for a malformed id, 404 for an unknown one.
fn with_match(world: &World, id: &str, answer: impl FnOnce(Key) -> Resp) -> Resp {
    if !ids::is_guid(id) {
        return invalid_match_id();
    }
    match world.key(id) {
        Some(key) => answer(key),
        None => respond::empty(StatusCode::NOT_FOUND),
    }
}

/// The asked players, if every one is `xuid(N)` and there is at least one.
fn asked_players(query: Option<&str>) -> Option<Vec<u64>> {
    let query = form::parse(query.unwrap_or(""));
    let players: Vec<String> = form::all(&query, "players")
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(|p| p.trim().to_owned())
        .collect();
    if players.is_empty() {
        return None;
    }
    players
        .iter()
        .map(|p| {
            p.strip_prefix("xuid(")
                .and_then(|r| r.strip_suffix(')'))
                .filter(|n| n.len() <= 20)
                .and_then(|n| n.parse().ok())
        })
        .collect()
}

/// `Skill_GetMatchResult`: one result per asked player who played the match; a custom game
/// answers 404, as for a match the skill service never rated (its `linearretry404retry`
/// policy is for a matchmade match whose result is not in yet; a custom game never gets one).
fn match_skill(world: &World, key: Key, players: &[u64]) -> Resp {
    let facts = world.facts(key);
    let info = &world.captured.settings[facts.setting];
    if !render::is_matchmade(info) {
        return respond::empty(StatusCode::NOT_FOUND);
    }
    let ranked = render::is_ranked(info);
    let results: Vec<Value> = players
        .iter()
        .filter_map(|&x| {
            let line = facts.line_of(x)?;
            let csr = match world.someone(x)? {
                _ if !ranked => None,
                Someone::Member(m) => {
                    let index = world.index_of(Someone::Member(m), key)?;
                    world.walk(m).csr.get(usize::try_from(index).ok()?).copied()
                }
                Someone::Guest { .. } => {
                    let pre = 1100 + (ids::mix(world.seed ^ x) % 600) as i64;
                    let delta = match line.outcome {
                        super::facts::Outcome::Win => 9,
                        super::facts::Outcome::Loss => -9,
                        _ => 0,
                    };
                    Some((pre, pre + delta))
                }
            };
            skill::match_result(line, csr)
        })
        .collect();
    respond::json_value(StatusCode::OK, &json!({ "Value": results }))
}

/// Matchmade and custom matches of someone: the lengths of their history's views.
fn counts(world: &World, who: Someone) -> (u64, u64) {
    (
        world.view_len(who, View::Matchmade),
        world.view_len(who, View::Custom),
    )
}

/// `GET /hi/players/{player}/matches?start=&count=&type=`.
fn history(world: &World, player: &str, query: Option<&str>) -> Resp {
    let params = form::parse(query.unwrap_or(""));
    let parse = |name: &str, default: u64| match form::get(&params, name) {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok(),
    };
    let (Some(start), Some(count)) = (parse("start", 0), parse("count", MAX_PAGE)) else {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "start and count must be integers",
        );
    };
    let count = count.clamp(1, MAX_PAGE);
    let Some(view) = View::parse(form::get(&params, "type").unwrap_or("all")) else {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "type must be all, matchmaking, custom or local",
        );
    };
    let someone = players::resolve(world, player).and_then(|x| world.someone(x).map(|w| (x, w)));
    let total = someone.map_or(0, |(_, who)| world.view_len(who, view));
    let end = start.saturating_add(count).min(total);
    let mut results = Vec::new();
    if let Some((xuid, who)) = someone {
        for i in start.min(end)..end {
            let Some(key) = world.key_at(who, view, i) else {
                continue;
            };
            let facts = world.facts(key);
            if let Some(line) = facts.line_of(xuid) {
                results.push(render::history_row(
                    &facts,
                    &world.captured.settings[facts.setting],
                    line,
                ));
            }
        }
    }
    respond::json_value(
        StatusCode::OK,
        &json!({
            "Start": start,
            "Count": count,
            "ResultCount": results.len(),
            "Results": results,
            "Links": {},
        }),
    )
}

fn manifest_template() -> Option<Value> {
    serde_json::from_slice(captures::default_case("HIUGC_Discovery_SpectateByMatchId")?.bytes).ok()
}

/// `GET /hi/films/matches/{matchId}/spectate`: only for a match with a film.
fn manifest(world: &World, match_id: &str) -> Resp {
    let Some(film) = world.film(match_id) else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    let Some(mut manifest) = manifest_template() else {
        return no_capture("HIUGC_Discovery_SpectateByMatchId");
    };
    let match_id = film.match_id.clone();
    let asset_id = manifest["AssetId"].as_str().unwrap_or_default().to_owned();
    manifest["BlobStoragePathPrefix"] = json!(format!(
        "https://{BLOB_HOST}/ugcstorage/film/{asset_id}/{match_id}/"
    ));
    if let Some(data) = manifest
        .get_mut("CustomData")
        .and_then(Value::as_object_mut)
    {
        data.insert("MatchId".to_owned(), json!(match_id));
        data.insert("FilmMajorVersion".to_owned(), json!(film.version));
        if let Some(last) = data
            .get_mut("Chunks")
            .and_then(Value::as_array_mut)
            .and_then(|c| c.last_mut())
        {
            last["ChunkSize"] = json!(film.bytes.len());
        }
    }
    respond::json_value(StatusCode::OK, &manifest)
}

/// `GET blobs-infiniteugc/ugcstorage/film/{assetId}/{matchId}/filmChunk{N}`.
fn chunk(world: &World, blob_path: &str) -> Resp {
    let parts: Vec<&str> = blob_path.split('/').filter(|s| !s.is_empty()).collect();
    let (match_id, index) = match parts.as_slice() {
        ["ugcstorage", "film", _, match_id, file] => (*match_id, file.strip_prefix("filmChunk")),
        _ => ("", None),
    };
    let Some(index) = index.and_then(|i| i.parse::<usize>().ok()) else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    let chunks = manifest_template()
        .and_then(|m| {
            m.pointer("/CustomData/Chunks")
                .and_then(Value::as_array)
                .map(Vec::len)
        })
        .unwrap_or(0);
    let Some(film) = world.film(match_id) else {
        return no_capture("HIUGC_GetBlob");
    };
    if index >= chunks {
        return respond::empty(StatusCode::NOT_FOUND);
    }
    if index + 1 < chunks {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "halo-testkit only has the highlight-events chunk (the last one) of a film",
        );
    }
    respond::with_body(StatusCode::OK, "application/octet-stream", film.bytes)
}
