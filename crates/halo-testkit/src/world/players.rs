//! Halo profiles (`profile.svc.halowaypoint.com`) of the world's players: the captured shape
//! with the player's XUID and gamertag; an unknown XUID or gamertag answers 404 (one user) or is
//! left out (several users), as the service does.

use serde_json::Value;

use super::World;
use crate::captures;

fn template(endpoint: &str) -> Option<Value> {
    let value: Value = serde_json::from_slice(captures::default_case(endpoint)?.bytes).ok()?;
    match value {
        Value::Array(mut users) if !users.is_empty() => Some(users.swap_remove(0)),
        Value::Object(_) => Some(value),
        _ => None,
    }
}

fn filled(mut template: Value, xuid: u64, gamertag: String) -> Value {
    template["xuid"] = Value::String(xuid.to_string());
    template["gamertag"] = Value::String(gamertag);
    template
}

/// Reads `xuid(N)`, a bare number, or `gt(name)` / a gamertag into a XUID of the world.
pub(crate) fn resolve(world: &World, who: &str) -> Option<u64> {
    let who = who.trim();
    if let Some(n) = who.strip_prefix("xuid(").and_then(|r| r.strip_suffix(')')) {
        return n.parse().ok().filter(|x| world.history_len(*x).is_some());
    }
    if let Some(name) = who.strip_prefix("gt(").and_then(|r| r.strip_suffix(')')) {
        return world.xuid(name);
    }
    if !who.is_empty() && who.bytes().all(|b| b.is_ascii_digit()) {
        return who.parse().ok().filter(|x| world.history_len(*x).is_some());
    }
    world.xuid(who)
}

/// `GET /users/{me|xuid(N)|gt(name)}`; `me` is `me_xuid`.
pub(crate) fn user(world: &World, me_xuid: u64, who: &str) -> Option<Value> {
    let xuid = if who.eq_ignore_ascii_case("me") {
        me_xuid
    } else if who.starts_with("xuid(") || who.starts_with("gt(") {
        resolve(world, who)?
    } else {
        return None;
    };
    let gamertag = world.gamertag(xuid)?;
    Some(filled(template("Profile_GetUser")?, xuid, gamertag))
}

/// `GET /users?xuids=N,M`: the known ones, in the asked order.
pub(crate) fn users(world: &World, xuids: &[u64]) -> Option<Value> {
    let template = template("Profile_GetUsers")?;
    Some(Value::Array(
        xuids
            .iter()
            .filter_map(|x| Some(filled(template.clone(), *x, world.gamertag(*x)?)))
            .collect(),
    ))
}
