//! [`AuthConfig`]: everything the token chain needs to know.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::endpoints::Endpoints;
use crate::halo::{ClearanceMode, DEFAULT_CLEARANCE_BUILD};
use crate::oauth::OAuthConfig;
use crate::store::{MemoryStore, TokenStore};

/// Configuration of a signing-in [`TokenProvider`](crate::TokenProvider).
#[derive(Clone)]
pub struct AuthConfig {
    pub(crate) oauth: OAuthConfig,
    pub(crate) endpoints: Endpoints,
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) refresh_margin: Duration,
    pub(crate) clearance: ClearanceMode,
    pub(crate) clearance_build: String,
    pub(crate) request_timeout: Duration,
}

impl AuthConfig {
    /// The production endpoints, an in-memory store, a five-minute refresh margin, the player's
    /// clearance and a 30-second timeout per request.
    pub fn new(oauth: OAuthConfig) -> Self {
        Self {
            oauth,
            endpoints: Endpoints::production(),
            store: Arc::new(MemoryStore::new()),
            refresh_margin: Duration::from_secs(300),
            clearance: ClearanceMode::Player,
            clearance_build: DEFAULT_CLEARANCE_BUILD.to_owned(),
            request_timeout: Duration::from_secs(30),
        }
    }

    /// Where the hosts are (production, or one root for a test server).
    pub fn with_endpoints(mut self, endpoints: Endpoints) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// Where tokens are kept between runs.
    pub fn with_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.store = Arc::new(store);
        self
    }

    /// The same, for a store that is already shared.
    pub fn with_shared_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = store;
        self
    }

    /// How long before expiry a token is renewed (at most a quarter of its lifetime).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Which clearance to fetch.
    pub fn with_clearance(mut self, mode: ClearanceMode) -> Self {
        self.clearance = mode;
        self
    }

    /// The game build string sent with clearance requests.
    pub fn with_clearance_build(mut self, build: impl Into<String>) -> Self {
        self.clearance_build = build.into();
        self
    }

    /// The timeout of each HTTP request.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The OAuth2 client.
    pub fn oauth(&self) -> &OAuthConfig {
        &self.oauth
    }

    /// The endpoints.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthConfig")
            .field("oauth", &self.oauth)
            .field("endpoints", &self.endpoints)
            .field("store", &self.store)
            .field("refresh_margin", &self.refresh_margin)
            .field("clearance", &self.clearance)
            .field("clearance_build", &self.clearance_build)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}
