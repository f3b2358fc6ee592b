//! The token types, each with its expiry.

use std::time::{Duration, SystemTime};

use crate::secret::Secret;

/// The Halo Infinite credentials a request needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HaloTokens {
    /// The Spartan token, sent as `x-343-authorization-spartan`.
    pub spartan: Secret,
    /// The clearance (flight configuration id), sent as `343-clearance`, when one was fetched.
    pub clearance: Option<Secret>,
    /// The signed-in player's XUID (0 when unknown, e.g. for fixed tokens given without one).
    pub xuid: u64,
    /// When the Spartan token expires (wall-clock time from the server).
    pub expires_at: SystemTime,
}

impl HaloTokens {
    /// Bundles the Halo credentials.
    pub fn new(
        spartan: impl Into<Secret>,
        clearance: Option<Secret>,
        xuid: u64,
        expires_at: SystemTime,
    ) -> Self {
        Self {
            spartan: spartan.into(),
            clearance,
            xuid,
            expires_at,
        }
    }
}

/// An XSTS token for one relying party, with the claims the service returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XstsToken {
    /// The relying party it was issued for (e.g. `http://xboxlive.com`).
    pub relying_party: String,
    /// The token.
    pub token: Secret,
    /// The user hash (`uhs` claim).
    pub user_hash: String,
    /// The XUID (`xid` claim), when the relying party returns it.
    pub xuid: Option<u64>,
    /// The gamertag (`gtg` claim), when the relying party returns it.
    pub gamertag: Option<String>,
    /// When the token expires (`NotAfter`).
    pub expires_at: SystemTime,
}

impl XstsToken {
    /// The `Authorization` header value for Xbox Live APIs: `XBL3.0 x=<uhs>;<token>`.
    pub fn authorization_header(&self) -> Secret {
        Secret::new(format!(
            "XBL3.0 x={};{}",
            self.user_hash,
            self.token.expose()
        ))
    }
}

/// The Xbox user token (first Xbox Live step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserToken {
    pub(crate) token: Secret,
    pub(crate) user_hash: String,
    pub(crate) expires_at: SystemTime,
}

/// The answer of the OAuth2 token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthTokens {
    pub(crate) access_token: Secret,
    /// The (possibly rotated) refresh token, when the service sent one.
    pub(crate) refresh_token: Option<Secret>,
    pub(crate) expires_at: SystemTime,
}

/// A cached value with its expiry and the time it was received (to scale the refresh margin
/// for short-lived tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cached<T> {
    pub(crate) value: T,
    pub(crate) expires_at: SystemTime,
    pub(crate) received_at: SystemTime,
}

impl<T> Cached<T> {
    pub(crate) fn new(value: T, expires_at: SystemTime, received_at: SystemTime) -> Self {
        Self {
            value,
            expires_at,
            received_at,
        }
    }

    /// True when the value may still be handed out at `now`: it expires more than the refresh
    /// margin from now. The margin is at most a quarter of the token's lifetime, so a token that
    /// lives two seconds is not refreshed on every call.
    pub(crate) fn is_fresh(&self, now: SystemTime, margin: Duration) -> bool {
        let lifetime = self
            .expires_at
            .duration_since(self.received_at)
            .unwrap_or_default();
        let margin = margin.min(lifetime / 4);
        match self.expires_at.checked_sub(margin) {
            Some(refresh_at) => now < refresh_at,
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn freshness_uses_scaled_margin() {
        let t0 = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let long = Cached::new((), t0 + Duration::from_secs(4 * 3600), t0);
        let margin = Duration::from_secs(300);
        assert!(long.is_fresh(t0 + Duration::from_secs(4 * 3600 - 301), margin));
        assert!(!long.is_fresh(t0 + Duration::from_secs(4 * 3600 - 300), margin));
        let short = Cached::new((), t0 + Duration::from_secs(2), t0);
        assert!(short.is_fresh(t0 + Duration::from_millis(1400), margin));
        assert!(!short.is_fresh(t0 + Duration::from_millis(1500), margin));
    }

    #[test]
    fn xbl_header_format() {
        let t = XstsToken {
            relying_party: "http://xboxlive.com".into(),
            token: Secret::new("tok"),
            user_hash: "123".into(),
            xuid: Some(1),
            gamertag: None,
            expires_at: UNIX_EPOCH,
        };
        assert_eq!(t.authorization_header().expose(), "XBL3.0 x=123;tok");
        assert!(!format!("{t:?}").contains("tok\""));
    }
}
