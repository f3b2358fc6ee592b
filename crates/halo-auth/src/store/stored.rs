//! [`StoredTokens`]: the refresh token and the tokens that have not expired yet.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::secret::{Secret, serde_secret};
use crate::time::{from_unix_millis, to_unix_millis};
use crate::tokens::{Cached, HaloTokens, UserToken, XstsToken};

/// Everything the chain knows, as a store keeps it: the refresh token, and each token with its
/// expiry, so a restart before the tokens expire makes no auth call at all.
///
/// `Debug` shows which tokens are present, never their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredTokens {
    pub(crate) refresh_token: Option<Secret>,
    pub(crate) access: Option<Cached<Secret>>,
    pub(crate) user: Option<Cached<UserToken>>,
    pub(crate) xsts: Vec<Cached<XstsToken>>,
    pub(crate) halo: Option<Cached<HaloTokens>>,
}

impl StoredTokens {
    /// Tokens holding only a refresh token (for example one obtained with another tool).
    pub fn from_refresh_token(refresh_token: impl Into<Secret>) -> Self {
        Self {
            refresh_token: Some(refresh_token.into()),
            ..Self::default()
        }
    }

    /// The refresh token, if any.
    pub fn refresh_token(&self) -> Option<&Secret> {
        self.refresh_token.as_ref()
    }

    /// The stored Halo tokens, if any (they may have expired).
    pub fn halo_tokens(&self) -> Option<&HaloTokens> {
        self.halo.as_ref().map(|c| &c.value)
    }

    /// The stored XSTS token for `relying_party`, if any (it may have expired).
    pub fn xsts_token(&self, relying_party: &str) -> Option<&XstsToken> {
        self.xsts
            .iter()
            .map(|c| &c.value)
            .find(|t| t.relying_party == relying_party)
    }

    /// A copy without the tokens that expired before `now`.
    pub(crate) fn without_expired(&self, now: SystemTime) -> Self {
        Self {
            refresh_token: self.refresh_token.clone(),
            access: self.access.clone().filter(|c| c.expires_at > now),
            user: self.user.clone().filter(|c| c.expires_at > now),
            xsts: self
                .xsts
                .iter()
                .filter(|c| c.expires_at > now)
                .cloned()
                .collect(),
            halo: self.halo.clone().filter(|c| c.expires_at > now),
        }
    }

    /// Serializes to JSON (for a custom [`TokenStore`](super::TokenStore)). The bytes contain
    /// every secret in clear text: keep them as carefully as a password.
    pub fn to_json(&self) -> Vec<u8> {
        let file = StoredFile::from(self);
        serde_json::to_vec_pretty(&file).unwrap_or_default()
    }

    /// The inverse of [`StoredTokens::to_json`].
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        let file: StoredFile = serde_json::from_slice(bytes).map_err(|_| {
            Error::new(ErrorKind::Store {
                reason: "the stored tokens are not valid JSON of this version; delete the file and sign in again",
            })
        })?;
        if file.version != 1 {
            return Err(Error::new(ErrorKind::Store {
                reason: "the stored tokens were written by an unknown version",
            }));
        }
        Ok(file.into())
    }
}

#[derive(Serialize, Deserialize)]
struct StoredFile {
    version: u32,
    #[serde(default, with = "serde_secret::option")]
    refresh_token: Option<Secret>,
    #[serde(default)]
    access: Option<StoredAccess>,
    #[serde(default)]
    user: Option<StoredUser>,
    #[serde(default)]
    xsts: Vec<StoredXsts>,
    #[serde(default)]
    halo: Option<StoredHalo>,
}

#[derive(Serialize, Deserialize)]
struct StoredAccess {
    #[serde(with = "serde_secret")]
    token: Secret,
    expires_at_ms: u64,
    received_at_ms: u64,
}

#[derive(Serialize, Deserialize)]
struct StoredUser {
    #[serde(with = "serde_secret")]
    token: Secret,
    user_hash: String,
    expires_at_ms: u64,
    received_at_ms: u64,
}

#[derive(Serialize, Deserialize)]
struct StoredXsts {
    relying_party: String,
    #[serde(with = "serde_secret")]
    token: Secret,
    user_hash: String,
    xuid: Option<u64>,
    gamertag: Option<String>,
    expires_at_ms: u64,
    received_at_ms: u64,
}

#[derive(Serialize, Deserialize)]
struct StoredHalo {
    #[serde(with = "serde_secret")]
    spartan: Secret,
    #[serde(default, with = "serde_secret::option")]
    clearance: Option<Secret>,
    xuid: u64,
    expires_at_ms: u64,
    received_at_ms: u64,
}

impl From<&StoredTokens> for StoredFile {
    fn from(t: &StoredTokens) -> Self {
        Self {
            version: 1,
            refresh_token: t.refresh_token.clone(),
            access: t.access.as_ref().map(|c| StoredAccess {
                token: c.value.clone(),
                expires_at_ms: to_unix_millis(c.expires_at),
                received_at_ms: to_unix_millis(c.received_at),
            }),
            user: t.user.as_ref().map(|c| StoredUser {
                token: c.value.token.clone(),
                user_hash: c.value.user_hash.clone(),
                expires_at_ms: to_unix_millis(c.expires_at),
                received_at_ms: to_unix_millis(c.received_at),
            }),
            xsts: t
                .xsts
                .iter()
                .map(|c| StoredXsts {
                    relying_party: c.value.relying_party.clone(),
                    token: c.value.token.clone(),
                    user_hash: c.value.user_hash.clone(),
                    xuid: c.value.xuid,
                    gamertag: c.value.gamertag.clone(),
                    expires_at_ms: to_unix_millis(c.expires_at),
                    received_at_ms: to_unix_millis(c.received_at),
                })
                .collect(),
            halo: t.halo.as_ref().map(|c| StoredHalo {
                spartan: c.value.spartan.clone(),
                clearance: c.value.clearance.clone(),
                xuid: c.value.xuid,
                expires_at_ms: to_unix_millis(c.expires_at),
                received_at_ms: to_unix_millis(c.received_at),
            }),
        }
    }
}

impl From<StoredFile> for StoredTokens {
    fn from(f: StoredFile) -> Self {
        Self {
            refresh_token: f.refresh_token,
            access: f.access.map(|a| {
                Cached::new(
                    a.token,
                    from_unix_millis(a.expires_at_ms),
                    from_unix_millis(a.received_at_ms),
                )
            }),
            user: f.user.map(|u| {
                let expires_at = from_unix_millis(u.expires_at_ms);
                Cached::new(
                    UserToken {
                        token: u.token,
                        user_hash: u.user_hash,
                        expires_at,
                    },
                    expires_at,
                    from_unix_millis(u.received_at_ms),
                )
            }),
            xsts: f
                .xsts
                .into_iter()
                .map(|x| {
                    let expires_at = from_unix_millis(x.expires_at_ms);
                    Cached::new(
                        XstsToken {
                            relying_party: x.relying_party,
                            token: x.token,
                            user_hash: x.user_hash,
                            xuid: x.xuid,
                            gamertag: x.gamertag,
                            expires_at,
                        },
                        expires_at,
                        from_unix_millis(x.received_at_ms),
                    )
                })
                .collect(),
            halo: f.halo.map(|h| {
                let expires_at = from_unix_millis(h.expires_at_ms);
                Cached::new(
                    HaloTokens {
                        spartan: h.spartan,
                        clearance: h.clearance,
                        xuid: h.xuid,
                        expires_at,
                    },
                    expires_at,
                    from_unix_millis(h.received_at_ms),
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    pub(crate) fn sample(now: SystemTime) -> StoredTokens {
        let later = now + Duration::from_secs(3600);
        StoredTokens {
            refresh_token: Some(Secret::new("refresh-1")),
            access: Some(Cached::new(Secret::new("access-1"), later, now)),
            user: Some(Cached::new(
                UserToken {
                    token: Secret::new("user-1"),
                    user_hash: "uhs".into(),
                    expires_at: later,
                },
                later,
                now,
            )),
            xsts: vec![Cached::new(
                XstsToken {
                    relying_party: "http://xboxlive.com".into(),
                    token: Secret::new("xsts-1"),
                    user_hash: "uhs".into(),
                    xuid: Some(42),
                    gamertag: Some("Chief".into()),
                    expires_at: later,
                },
                later,
                now,
            )],
            halo: Some(Cached::new(
                HaloTokens::new("spartan-1", Some(Secret::new("clear-1")), 42, later),
                later,
                now,
            )),
        }
    }

    #[test]
    fn json_round_trip() {
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        let tokens = sample(now);
        let back = StoredTokens::from_json(&tokens.to_json()).unwrap();
        assert_eq!(back, tokens);
        assert_eq!(back.halo_tokens().unwrap().xuid, 42);
        assert_eq!(
            back.xsts_token("http://xboxlive.com")
                .unwrap()
                .gamertag
                .as_deref(),
            Some("Chief")
        );
        let debug = format!("{tokens:?}");
        for secret in [
            "refresh-1",
            "access-1",
            "user-1",
            "xsts-1",
            "spartan-1",
            "clear-1",
        ] {
            assert!(!debug.contains(secret), "{secret} in Debug");
        }
    }

    #[test]
    fn expired_tokens_are_dropped() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tokens = sample(now);
        let later = tokens.without_expired(now + Duration::from_secs(7200));
        assert_eq!(later.refresh_token, tokens.refresh_token);
        assert!(later.access.is_none() && later.user.is_none() && later.halo.is_none());
        assert!(later.xsts.is_empty());
        assert_eq!(tokens.without_expired(now), tokens);
    }

    #[test]
    fn bad_json_is_a_store_error() {
        assert!(matches!(
            StoredTokens::from_json(b"{").unwrap_err().kind(),
            ErrorKind::Store { .. }
        ));
        assert!(StoredTokens::from_json(br#"{"version":9}"#).is_err());
    }
}
