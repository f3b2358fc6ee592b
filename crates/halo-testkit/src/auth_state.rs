//! The codes and tokens the auth chain has issued (data only: the endpoints that issue and check
//! them are in [`crate::auth`] and [`crate::device`]).

use std::collections::HashMap;

use tokio::time::Instant;

use crate::DEFAULT_REFRESH_TOKEN;
use crate::config::TestConfig;
use crate::device_state::Devices;

/// The scope a refresh token grants when the request names none.
pub(crate) const DEFAULT_SCOPE: &str = "Xboxlive.signin Xboxlive.offline_access";

/// What an authorization code was issued for.
#[derive(Debug)]
pub(crate) struct CodeGrant {
    pub(crate) redirect_uri: String,
    pub(crate) scope: String,
}

/// An issued XSTS token: its relying party and expiry.
#[derive(Debug)]
pub(crate) struct Xsts {
    pub(crate) relying_party: String,
    pub(crate) expires: Instant,
}

/// Issued codes and tokens.
#[derive(Debug, Default)]
pub(crate) struct AuthState {
    pub(crate) codes: HashMap<String, CodeGrant>,
    pub(crate) refresh_tokens: HashMap<String, String>,
    pub(crate) access_tokens: HashMap<String, Instant>,
    pub(crate) user_tokens: HashMap<String, Instant>,
    pub(crate) xsts_tokens: HashMap<String, Xsts>,
    pub(crate) spartan_tokens: HashMap<String, Instant>,
    /// Device-code sign-ins.
    pub(crate) devices: Devices,
}

impl AuthState {
    /// No codes or tokens yet, but the static refresh token when the configuration accepts it.
    pub(crate) fn new(config: &TestConfig) -> Self {
        let mut state = Self::default();
        if config.accept_static_tokens {
            state
                .refresh_tokens
                .insert(DEFAULT_REFRESH_TOKEN.to_owned(), DEFAULT_SCOPE.to_owned());
        }
        state
    }

    /// Registers a refresh token (for [`TestServer::mint_refresh_token`](crate::TestServer)).
    pub(crate) fn add_refresh_token(&mut self, token: String) {
        self.refresh_tokens.insert(token, DEFAULT_SCOPE.to_owned());
    }

    /// Registers an already valid Spartan token.
    pub(crate) fn add_spartan_token(&mut self, token: String, expires: Instant) {
        self.spartan_tokens.insert(token, expires);
    }
}
