//! OAuth2 with login.live.com: the authorization URL, the code exchange and the refresh.

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::endpoints::{Endpoints, LOGIN_HOST};
use crate::error::{Error, Step};
use crate::http::{HttpRequest, Transport};
use crate::secret::Secret;
use crate::tokens::OAuthTokens;
use crate::wire;

/// The scopes Xbox Live needs: sign-in and a refresh token.
pub const DEFAULT_SCOPE: &str = "Xboxlive.signin Xboxlive.offline_access";

/// The Azure app registration used to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    client_id: String,
    client_secret: Option<Secret>,
    redirect_uri: String,
    scope: String,
}

impl OAuthConfig {
    /// A public client (no secret) with its registered redirect URI.
    ///
    /// A redirect URI of the form `http://localhost:PORT/...` (or `127.0.0.1`) lets the first
    /// login catch the redirect itself; port `0` picks a free port (for registrations that accept
    /// any loopback port, and for tests).
    pub fn new(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: redirect_uri.into(),
            scope: DEFAULT_SCOPE.to_owned(),
        }
    }

    /// Adds the client secret of a confidential client.
    pub fn with_client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Replaces the scopes (space separated).
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URI.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The scopes.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// True for a confidential client.
    pub fn has_client_secret(&self) -> bool {
        self.client_secret.is_some()
    }

    /// The authorization URL the user opens, with `state` echoed back in the redirect.
    pub(crate) fn authorization_url(
        &self,
        endpoints: &Endpoints,
        redirect_uri: &str,
        state: &str,
    ) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("approval_prompt", "auto")
            .append_pair("scope", &self.scope)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state)
            .finish();
        format!(
            "{}?{query}",
            endpoints.url(LOGIN_HOST, "/oauth20_authorize.srf")
        )
    }

    pub(crate) fn token_request(
        &self,
        endpoints: &Endpoints,
        grant: &[(&str, &str)],
    ) -> HttpRequest {
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (k, v) in grant {
            form.append_pair(k, v);
        }
        form.append_pair("scope", &self.scope);
        form.append_pair("client_id", &self.client_id);
        if let Some(secret) = &self.client_secret {
            form.append_pair("client_secret", secret.expose());
        }
        HttpRequest::post_form(
            endpoints.url(LOGIN_HOST, "/oauth20_token.srf"),
            form.finish(),
        )
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: u64,
}

/// Decodes an answer of the token endpoint received at `now`.
pub(crate) fn decode_token_body(
    step: Step,
    body: &[u8],
    now: SystemTime,
) -> Result<OAuthTokens, Error> {
    let body: TokenBody = wire::decode(step, body)?;
    Ok(OAuthTokens {
        access_token: Secret::new(body.access_token),
        refresh_token: body.refresh_token.map(Secret::new),
        expires_at: now + Duration::from_secs(body.expires_in),
    })
}

async fn send_token_request(
    transport: &dyn Transport,
    step: Step,
    request: HttpRequest,
    now: impl Fn() -> SystemTime,
) -> Result<OAuthTokens, Error> {
    tracing::debug!(step = %step, url = request.loggable_url(), "requesting OAuth2 tokens");
    let response = transport
        .send(request)
        .await
        .map_err(|e| e.into_error(step))?;
    tracing::trace!(step = %step, status = response.status, "OAuth2 token endpoint answered");
    wire::check_oauth(step, &response)?;
    decode_token_body(step, &response.body, now())
}

/// Exchanges an authorization code.
pub(crate) async fn exchange_code(
    transport: &dyn Transport,
    config: &OAuthConfig,
    endpoints: &Endpoints,
    code: &Secret,
    redirect_uri: &str,
    now: impl Fn() -> SystemTime,
) -> Result<OAuthTokens, Error> {
    let request = config.token_request(
        endpoints,
        &[
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
        ],
    );
    send_token_request(transport, Step::CodeExchange, request, now).await
}

/// Refreshes the access token (the answer usually carries a rotated refresh token).
pub(crate) async fn refresh(
    transport: &dyn Transport,
    config: &OAuthConfig,
    endpoints: &Endpoints,
    refresh_token: &Secret,
    now: impl Fn() -> SystemTime,
) -> Result<OAuthTokens, Error> {
    let request = config.token_request(
        endpoints,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
            ("redirect_uri", &config.redirect_uri),
        ],
    );
    send_token_request(transport, Step::Refresh, request, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn authorization_url_has_every_parameter() {
        let config = OAuthConfig::new("my-client", "http://localhost:8080/callback");
        let url = config.authorization_url(
            &Endpoints::production(),
            "http://localhost:8080/callback",
            "st4te",
        );
        assert_eq!(
            url,
            "https://login.live.com/oauth20_authorize.srf?client_id=my-client&response_type=code\
             &approval_prompt=auto&scope=Xboxlive.signin+Xboxlive.offline_access\
             &redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback&state=st4te"
        );
    }

    #[test]
    fn token_request_carries_secret_only_when_configured() {
        let public = OAuthConfig::new("id", "http://localhost:1/");
        let req = public.token_request(&Endpoints::production(), &[("grant_type", "x")]);
        let body = String::from_utf8(req.body.unwrap().1).unwrap();
        assert_eq!(
            body,
            "grant_type=x&scope=Xboxlive.signin+Xboxlive.offline_access&client_id=id"
        );
        let confidential = public.with_client_secret("s3cr3t");
        let req = confidential.token_request(&Endpoints::production(), &[]);
        let body = String::from_utf8(req.body.unwrap().1).unwrap();
        assert!(body.ends_with("&client_secret=s3cr3t"));
        assert!(!format!("{confidential:?}").contains("s3cr3t"));
    }

    #[test]
    fn decodes_captured_refresh_answer() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../halo-models/captures/responses/Auth_OAuth2Token/refresh.json"
        );
        let body = std::fs::read(path).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tokens = decode_token_body(Step::Refresh, &body, now).unwrap();
        assert_eq!(tokens.access_token.expose(), "abcdefg");
        assert_eq!(
            tokens.refresh_token.as_ref().map(Secret::expose),
            Some("hijklmnop")
        );
        assert_eq!(tokens.expires_at, now + Duration::from_secs(3600));
    }
}
