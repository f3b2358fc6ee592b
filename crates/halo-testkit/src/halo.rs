//! Halo and Xbox Live data routes: captures by endpoint id, any match id, the synthetic history.

use http::StatusCode;

use crate::captures::{self, Capture};
use crate::ids;
use crate::respond::{self, Resp};
use crate::routes::Matched;
use crate::service::Incoming;
use crate::state::State;
use crate::{films, history, matches, profiles, search, skill, xbox};

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
        return films::chunk(matched.var("path").unwrap_or(""));
    }
    if matches::ANY_MATCH.contains(&id) {
        let match_id = matched.var("matchId").unwrap_or("");
        let total = state
            .config
            .history_matches
            .unwrap_or_else(history::captured_len);
        let times = (id == "Stats_GetMatchStats")
            .then(|| history::synthetic_index(match_id, total))
            .flatten()
            .and_then(|index| history::entry_times(index, total));
        return matches::answer(id, match_id, incoming.query.as_deref(), times);
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
        "Skill_GetPlaylistCsr" => skill::per_player(id, incoming.query.as_deref()),
        "HIUGC_Discovery_Search" => search::page(incoming.query.as_deref()),
        "Profile_GetUser" => profiles::user(&state.config.user, matched.var("user").unwrap_or("")),
        "Profile_GetUsers" => profiles::users(&state.config.user, incoming.query.as_deref()),
        "XboxLive_GetProfileSettings" => {
            xbox::settings(&state.config.user, matched.var("user").unwrap_or(""))
        }
        "XboxLive_GetProfileSettingsBatch" => xbox::batch(&state.config.user, &incoming.body),
        _ => from_capture(id, captures::default_case(id)),
    }
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
