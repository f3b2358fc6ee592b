//! Xbox Live people search (`XboxLive_SearchPeople`, `peoplehub.xboxlive.com`) over the offline
//! world's players. No capture of this route exists, so the answer is **the world's, not a
//! capture's**: the PeopleHub shape (`{"people": [...]}`) with the fields the world knows (XUID,
//! gamertag, display name) and the rest empty or `null`. The listed players whose gamertag contains the
//! text (case-insensitive; those that start with it first, then by gamertag), at most
//! `maxItems` (1 to 25, else 400); a guest only when the text is their whole gamertag. Every
//! answer carries `x-halo-testkit-source: world` so a reader can tell it from a capture.

use http::StatusCode;
use serde_json::{Value, json};

use crate::form;
use crate::respond::{self, Resp};
use crate::state::State;

/// The most people one search answers (PeopleHub's own limit).
const MAX_ITEMS: u64 = 25;

/// One person in PeopleHub's shape: what the world knows (XUID, gamertag) and the rest empty;
/// the asked decorations (`detail`, `preferredColor`) are `null`, the world has none.
fn person(xuid: u64, gamertag: &str) -> Value {
    json!({
        "xuid": xuid.to_string(),
        "isFavorite": false,
        "isFollowingCaller": false,
        "isFollowedByCaller": false,
        "displayName": gamertag,
        "realName": "",
        "displayPicRaw": "",
        "gamertag": gamertag,
        "gamerScore": "0",
        "modernGamertag": gamertag,
        "modernGamertagSuffix": "",
        "uniqueModernGamertag": gamertag,
        "presenceState": "Offline",
        "presenceText": "Offline",
        "detail": null,
        "preferredColor": null,
    })
}

/// `GET /users/me/people/search/decoration/detail,preferredColor?q=&maxItems=`.
pub(crate) fn search(state: &State, query: Option<&str>) -> Resp {
    let params = form::parse(query.unwrap_or(""));
    let text = form::get(&params, "q").unwrap_or("").trim();
    let max = match form::get(&params, "maxItems").map(str::parse::<u64>) {
        None => MAX_ITEMS,
        Some(Ok(n)) if (1..=MAX_ITEMS).contains(&n) => n,
        Some(_) => return bad_request("maxItems must be 1 to 25"),
    };
    if text.is_empty() {
        return bad_request("q must not be empty");
    }
    let people: Vec<Value> = state
        .world
        .search_gamertags(text, max as usize)
        .iter()
        .map(|(xuid, gamertag)| person(*xuid, gamertag))
        .collect();
    let mut resp = respond::json_value(
        StatusCode::OK,
        &json!({
            "people": people,
            "recommendationSummary": null,
            "friendFinderState": null,
            "accountLinkDetails": null,
        }),
    );
    resp.headers_mut().insert(
        "x-halo-testkit-source",
        http::HeaderValue::from_static("world"),
    );
    resp
}

fn bad_request(message: &str) -> Resp {
    respond::testkit_error(StatusCode::BAD_REQUEST, "invalid_query", message)
}
