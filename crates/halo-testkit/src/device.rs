//! Device-code sign-in (RFC 8628) on `login.live.com`: `POST /oauth20_connect.srf` hands out a
//! device code and a user code; the token endpoint answers `authorization_pending` until the
//! test, playing the user, approves ([`TestServer::approve_device_login`]), declines or expires
//! the code; a poll sooner than the interval after the previous one answers `slow_down`, and
//! so does the next poll after [`TestServer::slow_down_device_login`].
//!
//! [`TestServer::approve_device_login`]: crate::TestServer::approve_device_login
//! [`TestServer::slow_down_device_login`]: crate::TestServer::slow_down_device_login

use std::collections::HashMap;

use http::StatusCode;
use serde_json::json;
use tokio::time::{Duration, Instant};

use crate::incoming::Incoming;
use crate::respond::{self, Resp};
use crate::state::{State, lock};
use crate::{form, ids};

/// The polling interval handed out, in seconds.
pub(crate) const INTERVAL_SECS: u64 = 1;
/// How long a device code is valid, in seconds.
const LIFETIME_SECS: u64 = 900;

/// Where a device sign-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeviceStatus {
    /// Waiting for the user.
    Pending,
    /// The user approved.
    Approved,
    /// The user declined.
    Declined,
    /// The code expired.
    Expired,
}

/// One device sign-in.
#[derive(Debug)]
pub(crate) struct Device {
    user_code: String,
    scope: String,
    status: DeviceStatus,
    last_poll: Option<Instant>,
    expires: Instant,
    /// Answer the next poll `slow_down` (the test playing a throttling service).
    slow_down_next: bool,
}

/// Every device sign-in, by device code.
#[derive(Debug, Default)]
pub(crate) struct Devices {
    by_code: HashMap<String, Device>,
}

impl Devices {
    /// Sets the status of the sign-in showing `user_code`; false when there is none.
    pub(crate) fn set(&mut self, user_code: &str, status: DeviceStatus) -> bool {
        match self
            .by_code
            .values_mut()
            .find(|d| d.user_code.eq_ignore_ascii_case(user_code))
        {
            Some(device) => {
                device.status = status;
                true
            }
            None => false,
        }
    }

    /// Makes the next poll of the sign-in showing `user_code` answer `slow_down`.
    pub(crate) fn slow_down(&mut self, user_code: &str) -> bool {
        match self
            .by_code
            .values_mut()
            .find(|d| d.user_code.eq_ignore_ascii_case(user_code))
        {
            Some(device) => {
                device.slow_down_next = true;
                true
            }
            None => false,
        }
    }

    /// A poll of `device_code`: the granted scope, or the OAuth error code to answer.
    pub(crate) fn poll(&mut self, device_code: &str) -> Result<String, &'static str> {
        let Some(device) = self.by_code.get_mut(device_code) else {
            return Err("invalid_grant");
        };
        let now = Instant::now();
        if now >= device.expires {
            device.status = DeviceStatus::Expired;
        }
        let too_soon = device
            .last_poll
            .is_some_and(|last| now < last + Duration::from_secs(INTERVAL_SECS))
            || std::mem::take(&mut device.slow_down_next);
        device.last_poll = Some(now);
        match device.status {
            DeviceStatus::Expired => Err("expired_token"),
            DeviceStatus::Declined => Err("authorization_declined"),
            DeviceStatus::Pending if too_soon => Err("slow_down"),
            DeviceStatus::Pending => Err("authorization_pending"),
            DeviceStatus::Approved => {
                let scope = device.scope.clone();
                self.by_code.remove(device_code);
                Ok(scope)
            }
        }
    }
}

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
    lock(&state.auth).devices.by_code.insert(
        device_code.clone(),
        Device {
            user_code: user_code.clone(),
            scope,
            status: DeviceStatus::Pending,
            last_poll: None,
            expires: Instant::now() + Duration::from_secs(LIFETIME_SECS),
            slow_down_next: false,
        },
    );
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
