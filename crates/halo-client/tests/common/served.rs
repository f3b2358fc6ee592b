//! The setup the tests against halo-testkit share: a server, a client of it.

use halo_client::{BaseUrl, Client, PolicyOverride, RateLimit, SharedTokenSource, StaticTokens};
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, TestServer};

/// The testkit's static Spartan token and clearance (no auth chain).
pub fn static_tokens() -> StaticTokens {
    StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap()
}

/// A client of `server` (its root as the base URL) without a rate limiter, signed in with
/// `tokens`, its retries changed by `retry`.
pub fn client_of(
    server: &TestServer,
    tokens: impl Into<SharedTokenSource>,
    retry: PolicyOverride,
) -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .retry(retry)
        .tokens(tokens)
        .build()
        .unwrap()
}

/// halo-auth's configuration for the whole sign-in chain against `server`, starting from a
/// refresh token the server minted.
pub fn auth_config(server: &TestServer) -> halo_auth::AuthConfig {
    halo_auth::AuthConfig::new(
        halo_auth::OAuthConfig::new(
            halo_testkit::DEFAULT_CLIENT_ID,
            halo_testkit::DEFAULT_REDIRECT_URI,
        )
        .with_client_secret(halo_testkit::DEFAULT_CLIENT_SECRET),
    )
    .with_endpoints(halo_auth::Endpoints::with_root(server.base_url()))
    .with_store(halo_auth::MemoryStore::with_tokens(
        halo_auth::StoredTokens::from_refresh_token(server.mint_refresh_token()),
    ))
}

/// halo-auth's provider of [`auth_config`].
pub fn provider(server: &TestServer) -> halo_auth::TokenProvider {
    halo_auth::TokenProvider::new(auth_config(server)).unwrap()
}
