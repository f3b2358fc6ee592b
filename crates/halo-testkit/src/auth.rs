//! The auth chain: OAuth authorize and token, Xbox user token, XSTS, Spartan token, clearance,
//! and the token checks Halo and Xbox Live routes make.

use std::collections::HashMap;
use std::time::Duration;

use http::{StatusCode, header};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::auth_state::{CodeGrant, DEFAULT_SCOPE, Xsts};
use crate::clock;
use crate::counters::bump;
use crate::incoming::Incoming;
use crate::lock::lock;
use crate::respond::{self, Resp};
use crate::state::State;
use crate::{
    DEFAULT_SPARTAN_TOKEN, DEFAULT_XBOX_LIVE_AUTHORIZATION, HALO_RELYING_PARTY, form, ids, time,
};

/// Result of checking the Spartan token of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    Missing,
    Unknown,
    Expired,
}

/// Checks `x-343-authorization-spartan`.
pub(crate) fn check_spartan(state: &State, incoming: &Incoming) -> TokenCheck {
    let Some(token) = incoming.header("x-343-authorization-spartan") else {
        return TokenCheck::Missing;
    };
    if token.is_empty() {
        return TokenCheck::Missing;
    }
    if state.config.accept_static_tokens && token == DEFAULT_SPARTAN_TOKEN {
        return TokenCheck::Valid;
    }
    match lock(&state.auth).spartan_tokens.get(token) {
        None => TokenCheck::Unknown,
        Some(expires) if *expires <= Instant::now() => TokenCheck::Expired,
        Some(_) => TokenCheck::Valid,
    }
}

/// Checks `Authorization: XBL3.0 x=<uhs>;<xsts token>` for Xbox Live routes.
pub(crate) fn check_xbox_live(state: &State, incoming: &Incoming) -> TokenCheck {
    let Some(value) = incoming.header("authorization") else {
        return TokenCheck::Missing;
    };
    if state.config.accept_static_tokens && value == DEFAULT_XBOX_LIVE_AUTHORIZATION {
        return TokenCheck::Valid;
    }
    let Some(token) = value
        .strip_prefix("XBL3.0 x=")
        .and_then(|rest| rest.split_once(';'))
        .map(|(_, t)| t)
    else {
        return TokenCheck::Unknown;
    };
    match lock(&state.auth).xsts_tokens.get(token) {
        None => TokenCheck::Unknown,
        Some(xsts) if xsts.expires <= Instant::now() => TokenCheck::Expired,
        Some(_) => TokenCheck::Valid,
    }
}

/// The user hash (`uhs`) of an XUID: a stable 19-digit number.
pub(crate) fn user_hash(xuid: u64) -> String {
    format!("{:019}", ids::mix(xuid) % 10_000_000_000_000_000_000)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Resp {
    respond::json_value(
        status,
        &json!({ "error": error, "error_description": description }),
    )
}

fn expires_text(lifetime: Duration) -> String {
    time::iso8601(clock::wall_now() + lifetime)
}

/// `GET login.live.com/oauth20_authorize.srf`: 302 to the redirect URI with a code.
pub(crate) fn authorize(state: &State, incoming: &Incoming) -> Resp {
    let query = form::parse(incoming.query.as_deref().unwrap_or(""));
    let config = &state.config;
    if form::get(&query, "client_id") != Some(config.client_id.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "The client does not exist or is not enabled for consumers.",
        );
    }
    let redirect_uri = form::get(&query, "redirect_uri").unwrap_or("");
    if !config.redirect_policy.allows(redirect_uri) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The provided value for the input parameter 'redirect_uri' is not valid.",
        );
    }
    let state_param = form::get(&query, "state");
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut location = String::from(redirect_uri);
    if form::get(&query, "response_type") != Some("code") {
        location.push(separator);
        location.push_str("error=unsupported_response_type&error_description=");
        location.push_str(&form::encode(
            "The provided value for the input parameter 'response_type' is not allowed.",
        ));
    } else {
        let code = format!(
            "M.C5{}",
            ids::token("code", state.next_seq()).trim_start_matches("tk-code")
        );
        let scope = form::get(&query, "scope")
            .unwrap_or(DEFAULT_SCOPE)
            .to_owned();
        lock(&state.auth).codes.insert(
            code.clone(),
            CodeGrant {
                redirect_uri: redirect_uri.to_owned(),
                scope,
            },
        );
        bump(&state.counters.authorizations);
        location.push(separator);
        location.push_str("code=");
        location.push_str(&form::encode(&code));
    }
    if let Some(value) = state_param {
        location.push_str("&state=");
        location.push_str(&form::encode(value));
    }
    let mut response = respond::empty(StatusCode::FOUND);
    respond::set_header(&mut response, header::LOCATION.as_str(), &location);
    response
}

/// `POST login.live.com/oauth20_token.srf`: authorization-code and refresh-token grants.
pub(crate) fn token(state: &State, incoming: &Incoming) -> Resp {
    let params = form::parse(&String::from_utf8_lossy(&incoming.body));
    let config = &state.config;
    if form::get(&params, "client_id") != Some(config.client_id.as_str()) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client does not exist or is not enabled for consumers.",
        );
    }
    match form::get(&params, "client_secret") {
        Some(secret) if secret == config.client_secret => {}
        None if config.allow_public_client => {}
        Some(_) => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The provided client secret is not valid for this client.",
            );
        }
        None => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The request body must contain the following parameter: 'client_secret'.",
            );
        }
    }
    let mut auth = lock(&state.auth);
    let scope = match form::get(&params, "grant_type") {
        Some("authorization_code") => {
            let code = form::get(&params, "code").unwrap_or("");
            let Some(grant) = auth.codes.remove(code) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided value for the 'code' parameter is not valid.",
                );
            };
            if form::get(&params, "redirect_uri") != Some(grant.redirect_uri.as_str()) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
                );
            }
            bump(&state.counters.code_grants);
            grant.scope
        }
        Some("refresh_token") => {
            let old = form::get(&params, "refresh_token").unwrap_or("");
            let Some(scope) = auth.refresh_tokens.get(old).cloned() else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided value for the 'refresh_token' is not valid.",
                );
            };
            if config.rotate_refresh_tokens {
                auth.refresh_tokens.remove(old);
            }
            bump(&state.counters.refresh_grants);
            scope
        }
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            let code = form::get(&params, "device_code").unwrap_or("");
            match auth.devices.poll(code) {
                Ok(scope) => scope,
                Err(error) => {
                    return oauth_error(StatusCode::BAD_REQUEST, error, "device-code sign-in");
                }
            }
        }
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("The provided value for the 'grant_type' is not supported: '{other}'."),
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body must contain the following parameter: 'grant_type'.",
            );
        }
    };
    let refresh = match (
        config.rotate_refresh_tokens,
        form::get(&params, "refresh_token"),
    ) {
        (false, Some(old)) if form::get(&params, "grant_type") == Some("refresh_token") => {
            old.to_owned()
        }
        _ => ids::token("refresh", state.next_seq()),
    };
    auth.refresh_tokens.insert(refresh.clone(), scope.clone());
    let access = issue(
        state,
        &mut auth.access_tokens,
        "access",
        config.access_token_lifetime,
    );
    drop(auth);
    respond::json_value(
        StatusCode::OK,
        &json!({
            "token_type": "bearer",
            "expires_in": config.access_token_lifetime.as_secs(),
            "scope": scope,
            "access_token": access,
            "refresh_token": refresh,
            "user_id": format!("{:016x}", ids::mix(config.user.xuid)),
        }),
    )
}

fn json_body(incoming: &Incoming) -> Option<Value> {
    serde_json::from_slice(&incoming.body).ok()
}

fn contract_header_missing(incoming: &Incoming) -> Option<Resp> {
    incoming
        .header("x-xbl-contract-version")
        .is_none()
        .then(|| respond::empty(StatusCode::BAD_REQUEST))
}

/// 401 for a token the chain did not issue or that expired (counted).
fn refused(state: &State) -> Resp {
    bump(&state.counters.unauthorized);
    respond::empty(StatusCode::UNAUTHORIZED)
}

/// Issues a fresh `kind` token valid for `lifetime` from now into `tokens`.
fn issue(
    state: &State,
    tokens: &mut HashMap<String, Instant>,
    kind: &str,
    lifetime: Duration,
) -> String {
    let token = ids::token(kind, state.next_seq());
    tokens.insert(token.clone(), Instant::now() + lifetime);
    token
}

/// `POST user.auth.xboxlive.com/user/authenticate`: an Xbox user token for an access token.
pub(crate) fn user_token(state: &State, incoming: &Incoming) -> Resp {
    if let Some(refused) = contract_header_missing(incoming) {
        return refused;
    }
    let Some(body) = json_body(incoming) else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let ticket = body
        .pointer("/Properties/RpsTicket")
        .and_then(Value::as_str)
        .unwrap_or("");
    let access = ticket
        .strip_prefix("d=")
        .or_else(|| ticket.strip_prefix("t="))
        .unwrap_or(ticket);
    let mut auth = lock(&state.auth);
    match auth.access_tokens.get(access) {
        Some(expires) if *expires > Instant::now() => {}
        _ => {
            return refused(state);
        }
    }
    let lifetime = state.config.xbox_token_lifetime;
    let token = issue(state, &mut auth.user_tokens, "user", lifetime);
    drop(auth);
    bump(&state.counters.user_tokens);
    respond::json_value(
        StatusCode::OK,
        &json!({
            "IssueInstant": time::iso8601(clock::wall_now()),
            "NotAfter": expires_text(lifetime),
            "Token": token,
            "DisplayClaims": { "xui": [ { "uhs": user_hash(state.config.user.xuid) } ] },
        }),
    )
}

/// `POST xsts.auth.xboxlive.com/xsts/authorize`: an XSTS token for any relying party.
pub(crate) fn xsts_token(state: &State, incoming: &Incoming) -> Resp {
    if let Some(refused) = contract_header_missing(incoming) {
        return refused;
    }
    let Some(body) = json_body(incoming) else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let relying_party = body
        .get("RelyingParty")
        .and_then(Value::as_str)
        .unwrap_or("");
    let user_token = body
        .pointer("/Properties/UserTokens/0")
        .and_then(Value::as_str)
        .unwrap_or("");
    if relying_party.is_empty() {
        return respond::empty(StatusCode::BAD_REQUEST);
    }
    let mut auth = lock(&state.auth);
    match auth.user_tokens.get(user_token) {
        Some(expires) if *expires > Instant::now() => {}
        _ => {
            return refused(state);
        }
    }
    let user = &state.config.user;
    if let Some(xerr) = user.xsts_xerr {
        bump(&state.counters.unauthorized);
        return respond::json_value(
            StatusCode::UNAUTHORIZED,
            &json!({
                "Identity": "0",
                "XErr": xerr,
                "Message": "",
                "Redirect": "https://start.ui.xboxlive.com/CreateAccount",
            }),
        );
    }
    let lifetime = state.config.xbox_token_lifetime;
    let token = ids::token("xsts", state.next_seq());
    auth.xsts_tokens.insert(
        token.clone(),
        Xsts {
            relying_party: relying_party.to_owned(),
            expires: Instant::now() + lifetime,
        },
    );
    drop(auth);
    bump(&state.counters.xsts_tokens);
    respond::json_value(
        StatusCode::OK,
        &json!({
            "IssueInstant": time::iso8601(clock::wall_now()),
            "NotAfter": expires_text(lifetime),
            "Token": token,
            "DisplayClaims": { "xui": [ {
                "gtg": user.gamertag,
                "xid": user.xuid.to_string(),
                "uhs": user_hash(user.xuid),
                "agg": "Adult",
                "usr": "",
                "utr": "",
                "prv": "",
            } ] },
        }),
    )
}

/// `POST settings.svc.halowaypoint.com/spartan-token`: a Spartan token for a Halo XSTS token.
pub(crate) fn spartan_token(state: &State, incoming: &Incoming) -> Resp {
    let Some(body) = json_body(incoming) else {
        return respond::empty(StatusCode::BAD_REQUEST);
    };
    let proof = body
        .pointer("/Proof/0/Token")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut auth = lock(&state.auth);
    match auth.xsts_tokens.get(proof) {
        Some(xsts) if xsts.expires > Instant::now() && xsts.relying_party == HALO_RELYING_PARTY => {
        }
        _ => {
            return refused(state);
        }
    }
    let lifetime = state.config.spartan_token_lifetime;
    let token = issue(state, &mut auth.spartan_tokens, "spartan", lifetime);
    drop(auth);
    bump(&state.counters.spartan_tokens);
    respond::json_value(
        StatusCode::OK,
        &json!({
            "ExpiresUtc": { "ISO8601Date": time::iso8601(clock::wall_now() + lifetime).replace(".000Z", "Z") },
            "SpartanToken": token,
            "TokenDuration": time::iso_duration(lifetime),
        }),
    )
}

/// The clearance routes: `{"FlightConfigurationId": ...}` (the Spartan token is checked before).
pub(crate) fn clearance(state: &State) -> Resp {
    bump(&state.counters.clearances);
    respond::json_value(
        StatusCode::OK,
        &json!({ "FlightConfigurationId": state.config.clearance_id }),
    )
}
