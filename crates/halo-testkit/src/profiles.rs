//! Halo profiles (`profile.svc.halowaypoint.com`): the captured shape, with the asked identity.

use http::StatusCode;
use serde_json::Value;

use crate::config::TestUser;
use crate::respond::{self, Resp};
use crate::{captures, form, ids};

/// The gamertag of an XUID: the configured user's, else a stable made-up one.
pub(crate) fn gamertag_of(me: &TestUser, xuid: &str) -> String {
    if xuid == me.xuid.to_string() {
        me.gamertag.clone()
    } else {
        format!("Player{}", &xuid[xuid.len().saturating_sub(6)..])
    }
}

/// The made-up XUID of a gamertag other than the configured user's (stable).
pub(crate) fn xuid_of_gamertag(gamertag: &str) -> u64 {
    2_533_274_800_000_000 + ids::hash_str(gamertag) % 100_000_000
}

fn is_xuid(text: &str) -> bool {
    !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit())
}

fn template(endpoint: &str) -> Option<Value> {
    let value: Value = serde_json::from_slice(captures::default_case(endpoint)?.bytes).ok()?;
    match value {
        Value::Array(mut users) if !users.is_empty() => Some(users.swap_remove(0)),
        Value::Object(_) => Some(value),
        _ => None,
    }
}

fn filled(mut template: Value, xuid: String, gamertag: String) -> Value {
    template["xuid"] = Value::String(xuid);
    template["gamertag"] = Value::String(gamertag);
    template
}

/// `GET /users/{me|xuid(N)|gt(name)}`.
pub(crate) fn user(me: &TestUser, who: &str) -> Resp {
    let Some(template) = template("Profile_GetUser") else {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "no Profile_GetUser capture",
        );
    };
    let who = form::decode(who);
    let (xuid, gamertag) = if who.eq_ignore_ascii_case("me") {
        (me.xuid.to_string(), me.gamertag.clone())
    } else if let Some(n) = who
        .strip_prefix("xuid(")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| is_xuid(n))
    {
        (n.to_owned(), gamertag_of(me, n))
    } else if let Some(name) = who
        .strip_prefix("gt(")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|n| !n.is_empty())
    {
        let xuid = if name.eq_ignore_ascii_case(&me.gamertag) {
            me.xuid
        } else {
            xuid_of_gamertag(name)
        };
        (xuid.to_string(), name.to_owned())
    } else {
        return respond::empty(StatusCode::NOT_FOUND);
    };
    respond::json_value(StatusCode::OK, &filled(template, xuid, gamertag))
}

/// `GET /users?xuids=N&xuids=M` (bare numbers; comma-separated lists too): one entry per XUID.
pub(crate) fn users(me: &TestUser, query: Option<&str>) -> Resp {
    let Some(template) = template("Profile_GetUsers") else {
        return respond::testkit_error(
            StatusCode::NOT_FOUND,
            "no_capture",
            "no Profile_GetUsers capture",
        );
    };
    let query = form::parse(query.unwrap_or(""));
    let xuids: Vec<&str> = form::all(&query, "xuids")
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    if xuids.is_empty() || !xuids.iter().all(|x| is_xuid(x)) {
        return respond::empty(StatusCode::BAD_REQUEST);
    }
    let users: Vec<Value> = xuids
        .iter()
        .map(|x| filled(template.clone(), (*x).to_owned(), gamertag_of(me, x)))
        .collect();
    respond::json_value(StatusCode::OK, &Value::Array(users))
}
