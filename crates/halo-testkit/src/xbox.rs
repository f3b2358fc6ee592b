//! Xbox Live profiles (`profile.xboxlive.com`) of the offline world's players: the captured
//! profile with the player's XUID and gamertag. A gamertag or XUID the world does not have
//! answers 404 (one profile) or is left out (a batch), like the Halo profile routes.

use http::StatusCode;
use serde_json::Value;

use crate::captures;
use crate::respond::{self, Resp};
use crate::state::State;

/// The settings that name the player, rewritten to the answered gamertag.
const NAME_SETTINGS: &[&str] = &[
    "GameDisplayName",
    "AppDisplayName",
    "Gamertag",
    "ModernGamertag",
    "UniqueModernGamertag",
];

fn template() -> Option<Value> {
    let value: Value =
        serde_json::from_slice(captures::default_case("XboxLive_GetProfileSettings")?.bytes)
            .ok()?;
    value.pointer("/profileUsers/0").cloned()
}

fn no_capture() -> Resp {
    respond::testkit_error(
        StatusCode::NOT_FOUND,
        "no_capture",
        "halo-testkit has no captured response for endpoint XboxLive_GetProfileSettings",
    )
}

/// One profile user for `xuid` named `gamertag`.
fn profile(template: &Value, xuid: u64, gamertag: &str) -> Value {
    let mut user = template.clone();
    user["id"] = Value::String(xuid.to_string());
    user["hostId"] = Value::String(xuid.to_string());
    if let Some(settings) = user.get_mut("settings").and_then(Value::as_array_mut) {
        for setting in settings {
            let named = setting
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| NAME_SETTINGS.contains(&id));
            if named {
                setting["value"] = Value::String(gamertag.to_owned());
            }
        }
    }
    user
}

/// `GET /users/{me|xuid(N)|gt(name)}/profile/settings` (`who` percent-decoded).
pub(crate) fn settings(state: &State, who: &str) -> Resp {
    let world = state.world.as_ref();
    let xuid = if who.eq_ignore_ascii_case("me") {
        Some(state.config.user.xuid)
    } else if let Some(n) = who.strip_prefix("xuid(").and_then(|r| r.strip_suffix(')')) {
        n.parse().ok()
    } else if let Some(name) = who.strip_prefix("gt(").and_then(|r| r.strip_suffix(')')) {
        world.xuid(name)
    } else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let Some((xuid, gamertag)) = xuid.and_then(|x| Some((x, world.gamertag(x)?))) else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    let Some(template) = template() else {
        return no_capture();
    };
    let body = serde_json::json!({ "profileUsers": [profile(&template, xuid, &gamertag)] });
    respond::json_value(StatusCode::OK, &body)
}

/// `POST /users/batch/profile/settings` with `{"userIds": [...], "settings": [...]}`: one
/// profile user per XUID asked that the world has, in the asked order.
pub(crate) fn batch(state: &State, body: &[u8]) -> Resp {
    let asked: Option<Vec<u64>> = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("userIds").and_then(Value::as_array).cloned())
        .and_then(|ids| {
            ids.iter()
                .map(|id| match id {
                    Value::String(s) => s.parse().ok(),
                    Value::Number(n) => n.as_u64(),
                    _ => None,
                })
                .collect()
        });
    let Some(asked) = asked.filter(|ids| !ids.is_empty()) else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let Some(template) = template() else {
        return no_capture();
    };
    let world = state.world.as_ref();
    let users: Vec<Value> = asked
        .iter()
        .filter_map(|&xuid| Some(profile(&template, xuid, &world.gamertag(xuid)?)))
        .collect();
    respond::json_value(
        StatusCode::OK,
        &serde_json::json!({ "profileUsers": users }),
    )
}
