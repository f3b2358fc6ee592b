//! Xbox Live profiles (`profile.xboxlive.com`): the captured profile with the asked identity.
//! Like the Halo profile routes, the testkit knows the configured user (by gamertag, any case)
//! and every other gamertag and XUID (a made-up XUID or gamertag, the same the Halo profile
//! routes answer), except [`UNKNOWN_GAMERTAG`], which answers 404 like a gamertag nobody has.

use http::StatusCode;
use serde_json::Value;

use crate::config::TestUser;
use crate::profiles::{self, gamertag_of};
use crate::respond::{self, Resp};
use crate::{captures, form};

/// The one gamertag the testkit has nobody for (its Xbox Live profile answers 404).
pub const UNKNOWN_GAMERTAG: &str = "Nobody Here";

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
fn profile(template: &Value, xuid: &str, gamertag: &str) -> Value {
    let mut user = template.clone();
    user["id"] = Value::String(xuid.to_owned());
    user["hostId"] = Value::String(xuid.to_owned());
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

/// `GET /users/{me|xuid(N)|gt(name)}/profile/settings`.
pub(crate) fn settings(me: &TestUser, who: &str) -> Resp {
    let Some(template) = template() else {
        return no_capture();
    };
    let who = form::decode(who);
    let (xuid, gamertag) = if who.eq_ignore_ascii_case("me") {
        (me.xuid.to_string(), me.gamertag.clone())
    } else if let Some(n) = who
        .strip_prefix("xuid(")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        (n.to_owned(), gamertag_of(me, n))
    } else if let Some(name) = who
        .strip_prefix("gt(")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| !n.is_empty())
    {
        if name.eq_ignore_ascii_case(UNKNOWN_GAMERTAG) {
            return respond::empty(StatusCode::NOT_FOUND);
        }
        if name.eq_ignore_ascii_case(&me.gamertag) {
            (me.xuid.to_string(), me.gamertag.clone())
        } else {
            (
                profiles::xuid_of_gamertag(name).to_string(),
                name.to_owned(),
            )
        }
    } else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let body = serde_json::json!({ "profileUsers": [profile(&template, &xuid, &gamertag)] });
    respond::json_value(StatusCode::OK, &body)
}

/// `POST /users/batch/profile/settings` with `{"userIds": [...], "settings": [...]}`: one
/// profile user per XUID asked.
pub(crate) fn batch(me: &TestUser, body: &[u8]) -> Resp {
    let Some(template) = template() else {
        return no_capture();
    };
    let asked: Option<Vec<String>> = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("userIds").and_then(Value::as_array).cloned())
        .map(|ids| {
            ids.iter()
                .filter_map(|id| match id {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        });
    let Some(asked) = asked.filter(|ids| {
        !ids.is_empty() && ids.iter().all(|id| id.bytes().all(|b| b.is_ascii_digit()))
    }) else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let users: Vec<Value> = asked
        .iter()
        .map(|xuid| profile(&template, xuid, &gamertag_of(me, xuid)))
        .collect();
    respond::json_value(
        StatusCode::OK,
        &serde_json::json!({ "profileUsers": users }),
    )
}
