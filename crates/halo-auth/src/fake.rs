//! An in-process fake of the auth services behind the [`Transport`] trait, for unit tests on a
//! paused tokio clock (the loopback tests against halo-testkit live in `tests/`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;

use crate::clock::Clock;
use crate::http::{HttpRequest, HttpResponse, SendFuture, Transport};
use crate::time::format_iso8601;

/// Per-route call counts and behaviour.
#[derive(Debug, Default)]
pub(crate) struct FakeState {
    pub(crate) calls: HashMap<&'static str, usize>,
    pub(crate) refresh_generation: usize,
    /// Per-route forced answers (status, body), used once each.
    pub(crate) faults: HashMap<&'static str, Vec<(u16, String)>>,
}

#[derive(Clone)]
pub(crate) struct FakeServices {
    pub(crate) clock: Clock,
    pub(crate) state: Arc<Mutex<FakeState>>,
    pub(crate) spartan_lifetime: Duration,
    pub(crate) latency: Duration,
}

impl FakeServices {
    pub(crate) fn new(spartan_lifetime: Duration) -> Self {
        Self {
            clock: Clock::new(),
            state: Arc::default(),
            spartan_lifetime,
            latency: Duration::from_millis(20),
        }
    }

    pub(crate) fn calls(&self, route: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .calls
            .get(route)
            .copied()
            .unwrap_or(0)
    }

    pub(crate) fn fail_next(&self, route: &'static str, status: u16, body: &str) {
        self.state
            .lock()
            .unwrap()
            .faults
            .entry(route)
            .or_default()
            .push((status, body.to_owned()));
    }

    fn answer(&self, request: &HttpRequest) -> (u16, String) {
        let route: &'static str = if request.url.contains("/oauth20_token.srf") {
            "token"
        } else if request.url.contains("/user/authenticate") {
            "user"
        } else if request.url.contains("/xsts/authorize") {
            "xsts"
        } else if request.url.contains("/spartan-token") {
            "spartan"
        } else if request.url.contains("/oban/flight-configurations/") {
            "clearance"
        } else {
            return (404, String::new());
        };
        let now = self.clock.now();
        let mut state = self.state.lock().unwrap();
        *state.calls.entry(route).or_default() += 1;
        if let Some(fault) = state.faults.get_mut(route).and_then(|f| f.pop()) {
            return fault;
        }
        let body = request
            .body
            .as_ref()
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        match route {
            "token" => {
                let expected = format!("refresh-{}", state.refresh_generation);
                if body.contains("grant_type=refresh_token")
                    && !body.contains(&format!("refresh_token={expected}&"))
                {
                    return (400, r#"{"error":"invalid_grant"}"#.to_owned());
                }
                state.refresh_generation += 1;
                let n = state.refresh_generation;
                (
                    200,
                    format!(
                        r#"{{"token_type":"bearer","expires_in":3600,"access_token":"access-{n}","refresh_token":"refresh-{n}"}}"#
                    ),
                )
            }
            "user" => (
                200,
                format!(
                    r#"{{"NotAfter":"{}","Token":"user-token","DisplayClaims":{{"xui":[{{"uhs":"1234"}}]}}}}"#,
                    format_iso8601(now + Duration::from_secs(14 * 86_400))
                ),
            ),
            "xsts" => (
                200,
                format!(
                    r#"{{"NotAfter":"{}","Token":"xsts-token","DisplayClaims":{{"xui":[{{"uhs":"1234","xid":"2669321029139235","gtg":"Chief"}}]}}}}"#,
                    format_iso8601(now + Duration::from_secs(16 * 3600))
                ),
            ),
            "spartan" => (
                200,
                format!(
                    r#"{{"ExpiresUtc":{{"ISO8601Date":"{}"}},"SpartanToken":"spartan-{}","TokenDuration":"PT4H"}}"#,
                    format_iso8601(now + self.spartan_lifetime),
                    state.calls["spartan"]
                ),
            ),
            _ => (200, r#"{"FlightConfigurationId":"clearance-1"}"#.to_owned()),
        }
    }
}

impl Transport for FakeServices {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            tokio::time::sleep(self.latency).await;
            let (status, body) = self.answer(&request);
            Ok(HttpResponse {
                status,
                body: Bytes::from(body),
            })
        })
    }
}
