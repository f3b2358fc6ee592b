//! One request through the server: host routing, recording, faults, auth checks, rate limit,
//! dispatch, and the faults that act on the response.

use std::sync::Arc;
use std::time::Duration;

use http::{Request, StatusCode};
use http_body_util::{BodyExt, Limited};

use crate::auth::{self, TokenCheck};
use crate::body::ResponseBody;
use crate::counters::bump;
use crate::faults::FaultAction;
use crate::incoming::Incoming;
use crate::lock::lock;
use crate::ratelimit::retry_after_secs;
use crate::record::RecordedRequest;
use crate::respond::{self, Resp};
use crate::routes::{self, AuthKind, Lookup};
use crate::state::State;
use crate::{encoding, halo};

/// Response header naming the endpoint id a request was routed to.
pub(crate) const ENDPOINT_HEADER: &str = "x-halo-testkit-endpoint";

/// Largest request body the server reads.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// What to do with the connection.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The response, or none to drop the connection without one.
    pub(crate) response: Option<Resp>,
    /// Reset (RST) rather than close the connection when it ends.
    pub(crate) reset: bool,
}

impl Outcome {
    fn respond(response: Resp) -> Self {
        Self {
            response: Some(response),
            reset: false,
        }
    }
}

/// Splits `/{host}/{path}` (or a plain path with the `Host` header) into host and path.
pub(crate) fn split_host(path: &str, host_header: Option<&str>) -> (String, String) {
    let table = routes::table();
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    if !first.is_empty() && table.knows_host(first) {
        return (first.to_ascii_lowercase(), format!("/{rest}"));
    }
    let host = host_header.unwrap_or("");
    let host = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    (host.to_ascii_lowercase(), path.to_owned())
}

/// Handles one request.
pub(crate) async fn handle(state: Arc<State>, request: Request<hyper::body::Incoming>) -> Outcome {
    bump(&state.counters.requests);
    let (parts, body) = request.into_parts();
    let host_header = parts
        .headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let (host, path) = split_host(parts.uri.path(), host_header);
    let mut record = RecordedRequest::from_parts(
        &parts.method,
        &host,
        &path,
        parts.uri.query(),
        &parts.headers,
    );
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            state.record(record);
            return Outcome::respond(respond::testkit_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_unreadable",
                "the request body could not be read or is larger than 4 MiB",
            ));
        }
    };
    let incoming = Incoming {
        method: parts.method,
        host,
        path,
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let table = routes::table();
    if !table.knows_host(&incoming.host) {
        state.record(record);
        return Outcome::respond(respond::testkit_error(
            StatusCode::NOT_FOUND,
            "unknown_host",
            "address a service as {root}/{hostname}/{path}, e.g. /halostats.svc.halowaypoint.com/hi/matches/{id}/stats",
        ));
    }
    let matched = match table.lookup(&incoming.host, &incoming.method, &incoming.path) {
        Lookup::Found(matched) => matched,
        Lookup::WrongMethod => {
            state.record(record);
            return Outcome::respond(respond::empty(StatusCode::METHOD_NOT_ALLOWED));
        }
        Lookup::NotFound => {
            state.record(record);
            return Outcome::respond(respond::testkit_error(
                StatusCode::NOT_FOUND,
                "no_route",
                "no endpoint of this host has this path",
            ));
        }
    };
    let endpoint = matched.id;
    record.endpoint = Some(endpoint.to_owned());
    state.record(record);
    let mut outcome = handle_routed(&state, &incoming, &matched).await;
    if let Some(response) = outcome.response.as_mut() {
        respond::set_header(response, ENDPOINT_HEADER, endpoint);
    }
    outcome
}

/// Faults, access checks and dispatch of a routed request.
async fn handle_routed(
    state: &State,
    incoming: &Incoming,
    matched: &routes::Matched<'_>,
) -> Outcome {
    let route = matched.route;
    let fault = {
        let match_id = matched.var("matchId");
        lock(&state.faults).decide(
            &state.config.faults,
            Some(matched.id),
            &incoming.host,
            &incoming.path,
            match_id,
        )
    };
    if fault.is_some() {
        bump(&state.counters.faults_applied);
    }
    match &fault {
        Some(FaultAction::ResetBeforeHeaders) => {
            return Outcome {
                response: None,
                reset: true,
            };
        }
        Some(FaultAction::Delay { ms }) => tokio::time::sleep(Duration::from_millis(*ms)).await,
        Some(FaultAction::Status {
            status,
            retry_after,
            body,
        }) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = match body {
                Some(body) => respond::json(status, body.clone()),
                None => respond::empty(status),
            };
            if let Some(secs) = retry_after {
                respond::set_header(&mut response, "retry-after", &secs.to_string());
            }
            return Outcome::respond(response);
        }
        Some(FaultAction::NotFoundThenSuccess { .. }) => {
            return Outcome::respond(respond::empty(StatusCode::NOT_FOUND));
        }
        _ => {}
    }

    if let Some(refused) = check_access(state, route.auth, route.clearance_aware, incoming) {
        return Outcome::respond(refused);
    }

    let response = match matched.id {
        "Auth_OAuth2Authorize" => auth::authorize(state, incoming),
        "Auth_OAuth2Token" => auth::token(state, incoming),
        "Auth_DeviceCode" => crate::device::start(state, incoming),
        "Auth_XboxUserToken" => auth::user_token(state, incoming),
        "Auth_XstsToken" => auth::xsts_token(state, incoming),
        "Settings_SpartanTokenV4" => auth::spartan_token(state, incoming),
        "Settings_GetClearance"
        | "Settings_ActiveFlight"
        | "Settings_GetPlayerClearance"
        | "Settings_PlayerClearance" => auth::clearance(state),
        _ => halo::serve(state, matched, incoming),
    };
    let response = malform(response, fault.as_ref());
    let response = if state.config.gzip {
        encoding::gzip_if_accepted(response, incoming)
    } else {
        response
    };
    Outcome::respond(break_body(response, fault.as_ref()))
        .with_reset(matches!(fault, Some(FaultAction::ResetAfterHeaders)))
}

impl Outcome {
    fn with_reset(mut self, reset: bool) -> Self {
        self.reset = reset;
        self
    }
}

/// Token, clearance and rate-limit checks of a route; `Some` is the refusal.
fn check_access(
    state: &State,
    auth: AuthKind,
    clearance_aware: bool,
    incoming: &Incoming,
) -> Option<Resp> {
    let check = match auth {
        AuthKind::None => TokenCheck::Valid,
        AuthKind::Spartan => auth::check_spartan(state, incoming),
        AuthKind::XboxLive => auth::check_xbox_live(state, incoming),
    };
    if check != TokenCheck::Valid {
        bump(&state.counters.unauthorized);
        return Some(respond::empty(StatusCode::UNAUTHORIZED));
    }
    if auth == AuthKind::Spartan
        && clearance_aware
        && incoming.header("343-clearance") != Some(state.config.clearance_id.as_str())
    {
        bump(&state.counters.forbidden);
        return Some(respond::empty(StatusCode::FORBIDDEN));
    }
    if let (Some(limit), AuthKind::Spartan) = (state.config.rate_limit, auth) {
        let key = incoming.header("x-343-authorization-spartan").unwrap_or("");
        let verdict = lock(&state.limiter).check(limit, key, tokio::time::Instant::now());
        if let Err(wait) = verdict {
            bump(&state.counters.rate_limited);
            let mut response = respond::empty(StatusCode::TOO_MANY_REQUESTS);
            respond::set_header(
                &mut response,
                "retry-after",
                &retry_after_secs(wait).to_string(),
            );
            return Some(response);
        }
    }
    None
}

/// Malformed JSON: half the body and some garbage, as a 200 JSON answer.
fn malform(response: Resp, fault: Option<&FaultAction>) -> Resp {
    if !matches!(fault, Some(FaultAction::MalformedJson)) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let full = body.bytes();
    let mut broken = full.slice(..full.len() / 2).to_vec();
    broken.extend_from_slice(b"\x00<!-- halo-testkit: malformed JSON -->{\"");
    let mut response = http::Response::from_parts(parts, ResponseBody::full(broken));
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// Truncation and resets after the headers (acting on the bytes as sent, compressed or not).
fn break_body(response: Resp, fault: Option<&FaultAction>) -> Resp {
    let keep = match fault {
        Some(FaultAction::Truncate { bytes }) => usize::try_from(*bytes).unwrap_or(usize::MAX),
        Some(FaultAction::ResetAfterHeaders) => 0,
        _ => return response,
    };
    let (parts, body) = response.into_parts();
    let full = body.bytes();
    let body = ResponseBody::broken(full.slice(..keep.min(full.len())), full.len() as u64);
    http::Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::split_host;

    #[test]
    fn hosts_from_the_first_segment_or_the_host_header() {
        assert_eq!(
            split_host(
                "/halostats.svc.halowaypoint.com/hi/matches/x/stats",
                Some("127.0.0.1:1")
            ),
            (
                "halostats.svc.halowaypoint.com".to_owned(),
                "/hi/matches/x/stats".to_owned()
            )
        );
        assert_eq!(
            split_host(
                "/hi/matches/x/stats",
                Some("halostats.svc.halowaypoint.com:443")
            ),
            (
                "halostats.svc.halowaypoint.com".to_owned(),
                "/hi/matches/x/stats".to_owned()
            )
        );
        assert_eq!(
            split_host("/login.live.com", None),
            ("login.live.com".to_owned(), "/".to_owned())
        );
    }
}
