//! Device-code sign-in (RFC 8628) on `login.live.com`: `POST /oauth20_connect.srf` hands out a
//! device code and a user code; the token endpoint answers `authorization_pending` until the
//! test, playing the user, approves ([`TestServer::approve_device_login`]), declines or expires
//! the code; a poll sooner than the interval after the previous one answers `slow_down`, and
//! so does the next poll after [`TestServer::slow_down_device_login`]. The sign-ins themselves
//! are kept in [`crate::device_state`].
//!
//! [`TestServer::approve_device_login`]: crate::TestServer::approve_device_login
//! [`TestServer::slow_down_device_login`]: crate::TestServer::slow_down_device_login

use http::StatusCode;
use serde_json::json;

use crate::device_state::{INTERVAL_SECS, LIFETIME_SECS};
use crate::incoming::Incoming;
use crate::lock::lock;
use crate::respond::{self, Resp};
use crate::state::State;
use crate::{form, ids};

/// `POST login.live.com/oauth20_connect.srf` (form: client_id, scope, response_type=device_code).
pub(crate) fn start(state: &State, incoming: &Incoming) -> Resp {
    let params = form::parse(&String::from_utf8_lossy(&incoming.body));
    if form::get(&params, "client_id") != Some(state.config.client_id.as_str()) {
        return respond::json_value(
            StatusCode::BAD_REQUEST,
            &json!({ "error": "invalid_client", "error_description": "unknown client" }),
        );
    }
    if form::get(&params, "response_type") != Some("device_code") {
        return respond::json_value(
            StatusCode::BAD_REQUEST,
            &json!({ "error": "unsupported_response_type" }),
        );
    }
    let seq = state.next_seq();
    let device_code = ids::token("device", seq);
    let user_code = format!("TK{:06}", seq % 1_000_000);
    let scope = form::get(&params, "scope").unwrap_or("").to_owned();
    lock(&state.auth)
        .devices
        .add(device_code.clone(), user_code.clone(), scope);
    respond::json_value(
        StatusCode::OK,
        &json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": "https://www.microsoft.com/link",
            "expires_in": LIFETIME_SECS,
            "interval": INTERVAL_SECS,
        }),
    )
}
