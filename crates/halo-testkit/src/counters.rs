//! The server's counters (requests, tokens issued per auth step, refusals, faults), read as a
//! [`ServerStats`] snapshot.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of the server's counters (see [`TestServer::stats`](crate::TestServer::stats)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerStats {
    /// Requests received (every route, including refused ones).
    pub requests: u64,
    /// Authorization codes issued by `oauth20_authorize.srf`.
    pub authorizations: u64,
    /// Successful `authorization_code` grants.
    pub code_grants: u64,
    /// Successful `refresh_token` grants.
    pub refresh_grants: u64,
    /// Xbox user tokens issued.
    pub user_tokens: u64,
    /// XSTS tokens issued (any relying party).
    pub xsts_tokens: u64,
    /// Spartan tokens issued.
    pub spartan_tokens: u64,
    /// Clearances issued.
    pub clearances: u64,
    /// Requests refused with 401.
    pub unauthorized: u64,
    /// Requests refused with 403.
    pub forbidden: u64,
    /// Requests refused with 429 by the rate limit.
    pub rate_limited: u64,
    /// Requests a fault rule acted on.
    pub faults_applied: u64,
}

/// Live counters shared by every connection.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) authorizations: AtomicU64,
    pub(crate) code_grants: AtomicU64,
    pub(crate) refresh_grants: AtomicU64,
    pub(crate) user_tokens: AtomicU64,
    pub(crate) xsts_tokens: AtomicU64,
    pub(crate) spartan_tokens: AtomicU64,
    pub(crate) clearances: AtomicU64,
    pub(crate) unauthorized: AtomicU64,
    pub(crate) forbidden: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
    pub(crate) faults_applied: AtomicU64,
}

/// Adds one to a counter.
pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    pub(crate) fn snapshot(&self) -> ServerStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        ServerStats {
            requests: get(&self.requests),
            authorizations: get(&self.authorizations),
            code_grants: get(&self.code_grants),
            refresh_grants: get(&self.refresh_grants),
            user_tokens: get(&self.user_tokens),
            xsts_tokens: get(&self.xsts_tokens),
            spartan_tokens: get(&self.spartan_tokens),
            clearances: get(&self.clearances),
            unauthorized: get(&self.unauthorized),
            forbidden: get(&self.forbidden),
            rate_limited: get(&self.rate_limited),
            faults_applied: get(&self.faults_applied),
        }
    }
}
