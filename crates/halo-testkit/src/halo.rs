//! Halo and Xbox Live data routes: captures by endpoint id, any match id, the synthetic history.

use http::StatusCode;
use serde_json::Value;

use crate::captures::{self, Capture};
use crate::respond::{self, Resp};
use crate::routes::Matched;
use crate::service::Incoming;
use crate::state::State;
use crate::{films, history};
use crate::{form, ids};

/// Endpoints that answer for any match id.
const ANY_MATCH: &[&str] = &[
    "Stats_GetMatchStats",
    "Skill_GetMatchResult",
    "HIUGC_Discovery_SpectateByMatchId",
];

/// Answers a data route.
pub(crate) fn serve(state: &State, matched: &Matched<'_>, incoming: &Incoming) -> Resp {
    let id = matched.id;
    if id == "HIUGC_Discovery_SpectateByMatchId" {
        let match_id = matched.var("matchId").unwrap_or("");
        if !ids::is_guid(match_id) {
            return respond::testkit_error(
                StatusCode::BAD_REQUEST,
                "invalid_match_id",
                "the match id is not a GUID",
            );
        }
        return films::manifest(match_id);
    }
    if id == "HIUGC_GetBlob" {
        return films::chunk(matched.var("blobPath").unwrap_or(""));
    }
    if ANY_MATCH.contains(&id) {
        let match_id = matched.var("matchId").unwrap_or("");
        let response = any_match(id, match_id, incoming);
        if id == "Stats_GetMatchStats" && response.status() == StatusCode::OK {
            let total = state
                .config
                .history_matches
                .unwrap_or_else(history::captured_len);
            if let Some(index) = history::synthetic_index(match_id, total) {
                return with_history_times(response, index, total);
            }
        }
        return response;
    }
    match id {
        "Stats_GetMatchHistory" => {
            let total = state
                .config
                .history_matches
                .unwrap_or_else(history::captured_len);
            history::page(total, incoming.query.as_deref())
        }
        "Stats_GetMatchCount" => match state.config.history_matches {
            Some(total) => history::count(total),
            None => from_capture(id, captures::default_case(id)),
        },
        "Stats_GetPlayerServiceRecord" => match matched
            .var("lifecycle")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("matchmade") => from_capture(id, captures::case(id, "matchmade")),
            Some("custom" | "local") => from_capture(id, captures::case(id, "empty")),
            _ => respond::empty(StatusCode::NOT_FOUND),
        },
        "Profile_GetUser" => profile(state, matched.var("user").unwrap_or("")),
        _ => from_capture(id, captures::default_case(id)),
    }
}

/// Gives the match stats of a synthetic history match the start and end time of its history entry.
fn with_history_times(response: Resp, index: u64, total: u64) -> Resp {
    let Some((start, end)) = history::entry_times(index, total) else {
        return response;
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&response.into_body().bytes()) else {
        return respond::testkit_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "capture",
            "capture is not JSON",
        );
    };
    if let Some(info) = value.get_mut("MatchInfo").and_then(Value::as_object_mut) {
        info.insert("StartTime".to_owned(), Value::String(start));
        info.insert("EndTime".to_owned(), Value::String(end));
    }
    respond::json_value(StatusCode::OK, &value)
}

/// The body of a capture, or the documented "no capture" 404.
fn from_capture(id: &str, capture: Option<Capture>) -> Resp {
    match capture {
        Some(c) if c.is_png => respond::with_body(StatusCode::OK, "image/png", c.bytes),
        Some(c) => respond::json(StatusCode::OK, c.bytes),
        None => respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            &format!("halo-testkit has no captured response for endpoint {id}"),
        ),
    }
}

/// The first `"MatchId": "<guid>"` in a capture.
fn captured_match_id(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let at = text.find("\"MatchId\"")?;
    let rest = &text[at + 9..];
    let open = rest.find('"')?;
    let candidate = rest.get(open + 1..open + 37)?;
    ids::is_guid(candidate).then_some(candidate)
}

fn replace_all(haystack: &[u8], from: &str, to: &str) -> Vec<u8> {
    let from = from.as_bytes();
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack.len() - i >= from.len()
            && haystack[i..i + from.len()].eq_ignore_ascii_case(from)
        {
            out.extend_from_slice(to.as_bytes());
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Match stats, skill and film manifest for any match id: the capture of that id, else one
/// chosen by the id's hash with the captured match id rewritten to the requested one.
fn any_match(id: &str, match_id: &str, incoming: &Incoming) -> Resp {
    if !ids::is_guid(match_id) {
        return respond::testkit_error(
            StatusCode::BAD_REQUEST,
            "invalid_match_id",
            "the match id is not a GUID",
        );
    }
    if id == "Skill_GetMatchResult" {
        let query = form::parse(incoming.query.as_deref().unwrap_or(""));
        let players = form::all(&query, "players");
        let wrapped = |p: &&str| {
            p.strip_prefix("xuid(")
                .and_then(|r| r.strip_suffix(')'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if players.is_empty() || !players.iter().all(wrapped) {
            return respond::json(
                StatusCode::BAD_REQUEST,
                &b"{\"message\":\"Invalid player ids list\"}"[..],
            );
        }
    }
    let cases = captures::cases(id);
    if cases.is_empty() {
        return from_capture(id, None);
    }
    if let Some(exact) = cases
        .iter()
        .find(|c| captured_match_id(c.bytes).is_some_and(|m| m.eq_ignore_ascii_case(match_id)))
    {
        return respond::json(StatusCode::OK, exact.bytes);
    }
    let index = usize::try_from(ids::hash_str(match_id) % cases.len() as u64).unwrap_or(0);
    let chosen = cases[index];
    let body = match captured_match_id(chosen.bytes) {
        Some(original) => replace_all(chosen.bytes, original, &match_id.to_ascii_lowercase()),
        None => chosen.bytes.to_vec(),
    };
    respond::json(StatusCode::OK, body)
}

/// `GET /users/{me|xuid(N)|gt(name)}`: the capture, with the requested identity filled in.
fn profile(state: &State, user: &str) -> Resp {
    let Some(capture) = captures::default_case("Profile_GetUser") else {
        return from_capture("Profile_GetUser", None);
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(capture.bytes) else {
        return respond::json(StatusCode::OK, capture.bytes);
    };
    let me = &state.config.user;
    let user = form::decode(user);
    let (xuid, gamertag) = if user.eq_ignore_ascii_case("me") {
        (me.xuid.to_string(), me.gamertag.clone())
    } else if let Some(n) = user
        .strip_prefix("xuid(")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        let gamertag = if n == me.xuid.to_string() {
            me.gamertag.clone()
        } else {
            format!("Player{}", &n[n.len().saturating_sub(4)..])
        };
        (n.to_owned(), gamertag)
    } else if let Some(name) = user.strip_prefix("gt(").and_then(|r| r.strip_suffix(')')) {
        let xuid = if name.eq_ignore_ascii_case(&me.gamertag) {
            me.xuid
        } else {
            2_533_274_800_000_000 + ids::hash_str(name) % 100_000_000
        };
        (xuid.to_string(), name.to_owned())
    } else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    value["xuid"] = Value::String(xuid);
    value["gamertag"] = Value::String(gamertag);
    respond::json_value(StatusCode::OK, &value)
}
