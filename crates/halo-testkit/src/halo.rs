//! Halo and Xbox Live data routes: the offline world's players and matches first, then the
//! captures by endpoint id.

use http::StatusCode;

use crate::captures::{self, Capture};
use crate::incoming::Incoming;
use crate::respond::{self, Resp};
use crate::routes::Matched;
use crate::state::State;
use crate::{form, people, search, world, xbox};

/// Answers a data route.
pub(crate) fn serve(state: &State, matched: &Matched<'_>, incoming: &Incoming) -> Resp {
    if let Some(response) =
        world::serve::serve(&state.world, state.config.user.xuid, matched, incoming)
    {
        return response;
    }
    let id = matched.id;
    match id {
        "HIUGC_Discovery_Search" => return search::page(incoming.query.as_deref()),
        "XboxLive_GetProfileSettings" => {
            return xbox::settings(state, &form::decode(matched.var("user").unwrap_or("")));
        }
        "XboxLive_GetProfileSettingsBatch" => return xbox::batch(state, &incoming.body),
        "XboxLive_SearchPeople" => return people::search(state, incoming.query.as_deref()),
        _ => {}
    }
    from_capture(id, captures::default_case(id))
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
