//! Skill answers (`Skill_GetMatchResult`, `Skill_GetPlaylistCsr`): one result per asked player,
//! in the captured shape, like the service.

use std::sync::OnceLock;

use http::StatusCode;
use serde_json::{Value, json};

use crate::captures;
use crate::form;
use crate::respond::{self, Resp};

/// The asked players, if every one is wrapped as `xuid(N)` and there is at least one.
fn wrapped_players(query: Option<&str>) -> Option<Vec<String>> {
    let query = form::parse(query.unwrap_or(""));
    let players: Vec<String> = form::all(&query, "players")
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(|p| p.trim().to_owned())
        .collect();
    let wrapped = |p: &String| {
        p.strip_prefix("xuid(")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|n| {
                !n.is_empty() && n.len() <= 20 && n.bytes().all(|b| b.is_ascii_digit())
            })
    };
    (!players.is_empty() && players.iter().all(wrapped)).then_some(players)
}

fn template(endpoint: &str) -> Option<&'static Value> {
    static MATCH_RESULT: OnceLock<Option<Value>> = OnceLock::new();
    static PLAYLIST_CSR: OnceLock<Option<Value>> = OnceLock::new();
    let cell = if endpoint == "Skill_GetMatchResult" {
        &MATCH_RESULT
    } else {
        &PLAYLIST_CSR
    };
    cell.get_or_init(|| {
        let value: Value = serde_json::from_slice(captures::default_case(endpoint)?.bytes).ok()?;
        value.pointer("/Value/0").cloned()
    })
    .as_ref()
}

/// `{"Value":[...]}` with the captured result once per asked player; 400 `Invalid player ids
/// list` when a player is not `xuid(N)`.
pub(crate) fn per_player(endpoint: &str, query: Option<&str>) -> Resp {
    let Some(players) = wrapped_players(query) else {
        return respond::json(
            StatusCode::BAD_REQUEST,
            &b"{\"message\":\"Invalid player ids list\"}"[..],
        );
    };
    let Some(template) = template(endpoint) else {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            &format!("halo-testkit has no captured response for endpoint {endpoint}"),
        );
    };
    let results: Vec<Value> = players
        .into_iter()
        .map(|player| {
            let mut result = template.clone();
            result["Id"] = Value::String(player);
            result
        })
        .collect();
    respond::json_value(StatusCode::OK, &json!({ "Value": results }))
}
