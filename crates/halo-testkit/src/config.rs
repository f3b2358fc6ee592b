//! Server configuration: who may sign in, token lifetimes, rate limit, faults, synthetic data.

use std::time::Duration;

use typed_builder::TypedBuilder;

use crate::faults::FaultPlan;

/// Default of [`TestConfig::record_limit`].
pub const DEFAULT_RECORD_LIMIT: usize = 10_000;
use crate::{
    DEFAULT_ACCESS_TOKEN_LIFETIME, DEFAULT_CLEARANCE_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
    DEFAULT_GAMERTAG, DEFAULT_SPARTAN_TOKEN_LIFETIME, DEFAULT_XBOX_TOKEN_LIFETIME, DEFAULT_XUID,
};

/// Matches in a player's whole history (matchmade and custom) unless configured: the
/// signed-in player's captured service record counts 2,664 matchmade matches, and they played
/// the 5 captured custom games.
pub const DEFAULT_HISTORY_MATCHES: u64 = 2_669;
/// The seed of the default world.
pub const DEFAULT_SEED: u64 = 0x4A10_5EED;
/// Synthetic players added to the captures' real ones.
pub const DEFAULT_SYNTHETIC_PLAYERS: usize = 6;
/// A player of the world with their history length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldPlayer {
    /// The XUID.
    pub xuid: u64,
    /// The gamertag.
    pub gamertag: String,
    /// Matches in the whole history, custom games included (fewer than the player's captured
    /// matches keeps the newest of them).
    pub matches: u64,
}

impl WorldPlayer {
    /// A player with `matches` matches in their history.
    pub fn new(xuid: u64, gamertag: impl Into<String>, matches: u64) -> Self {
        Self {
            xuid,
            gamertag: gamertag.into(),
            matches,
        }
    }
}

/// Configuration of a [`TestServer`](crate::TestServer); build it with [`TestConfig::builder`]
/// (or `TestServer::builder()`), then call [`TestConfig::start`].
#[derive(Debug, Clone, TypedBuilder)]
#[non_exhaustive]
pub struct TestConfig {
    /// Port on 127.0.0.1; 0 (the default) picks a free one.
    #[builder(default)]
    pub port: u16,
    /// OAuth client id the token endpoint accepts.
    #[builder(default = DEFAULT_CLIENT_ID.to_owned(), setter(into))]
    pub client_id: String,
    /// OAuth client secret the token endpoint expects.
    #[builder(default = DEFAULT_CLIENT_SECRET.to_owned(), setter(into))]
    pub client_secret: String,
    /// Accept token requests that carry no `client_secret` at all (a public client). A wrong
    /// secret is refused either way.
    #[builder(default)]
    pub allow_public_client: bool,
    /// Which redirect URIs the authorize endpoint accepts.
    #[builder(default)]
    pub redirect_policy: RedirectPolicy,
    /// Each refresh returns a new refresh token and invalidates the old one (default on).
    #[builder(default = true)]
    pub rotate_refresh_tokens: bool,
    /// Lifetime of OAuth access tokens.
    #[builder(default = DEFAULT_ACCESS_TOKEN_LIFETIME)]
    pub access_token_lifetime: Duration,
    /// Lifetime of Xbox user tokens and XSTS tokens.
    #[builder(default = DEFAULT_XBOX_TOKEN_LIFETIME)]
    pub xbox_token_lifetime: Duration,
    /// Lifetime of Spartan tokens; set it to a few seconds to test expiry.
    #[builder(default = DEFAULT_SPARTAN_TOKEN_LIFETIME)]
    pub spartan_token_lifetime: Duration,
    /// The signed-in user.
    #[builder(default)]
    pub user: TestUser,
    /// The clearance id (`FlightConfigurationId`) issued and expected in `343-clearance`.
    #[builder(default = DEFAULT_CLEARANCE_ID.to_owned(), setter(into))]
    pub clearance_id: String,
    /// Accept [`DEFAULT_SPARTAN_TOKEN`](crate::DEFAULT_SPARTAN_TOKEN) and
    /// [`DEFAULT_REFRESH_TOKEN`](crate::DEFAULT_REFRESH_TOKEN) without the auth chain (default on).
    #[builder(default = true)]
    pub accept_static_tokens: bool,
    /// Optional per-token rate limit on Halo routes.
    #[builder(default, setter(strip_option))]
    pub rate_limit: Option<RateLimit>,
    /// Fault plan applied to matching requests.
    #[builder(default)]
    pub faults: FaultPlan,
    /// Also load the fault plan named by `HALO_TESTKIT_FAULTS` at start-up (default on).
    #[builder(default = true)]
    pub faults_from_env: bool,
    /// How many requests [`TestServer::requests`](crate::TestServer::requests) keeps (the newest);
    /// 0 records nothing. Default 10,000 (about 10 MB); long benchmarks may set 0.
    #[builder(default = DEFAULT_RECORD_LIMIT)]
    pub record_limit: usize,
    /// Gzip-compress response bodies of requests that send `Accept-Encoding: gzip` (default
    /// off: bodies go out as captured).
    #[builder(default)]
    pub gzip: bool,
    /// Matches in the signed-in user's whole history (matchmade and custom); `None` means
    /// [`DEFAULT_HISTORY_MATCHES`](DEFAULT_HISTORY_MATCHES).
    #[builder(default, setter(strip_option))]
    pub history_matches: Option<u64>,
    /// Players added to the world (or, for a XUID it knows, their gamertag and history length).
    #[builder(default)]
    pub players: Vec<WorldPlayer>,
    /// Synthetic matches every player played after the captured ones (the newest of each
    /// history; default 0). Raising it adds newer matches and moves no other: what a later
    /// incremental sync finds.
    #[builder(default)]
    pub newer_matches: u64,
    /// The seed of the world's synthetic matches and players.
    #[builder(default = DEFAULT_SEED)]
    pub seed: u64,
    /// Synthetic players listed besides the captures' real ones.
    #[builder(default = DEFAULT_SYNTHETIC_PLAYERS)]
    pub synthetic_players: usize,
}

impl Default for TestConfig {
    fn default() -> Self {
        Self::builder().build()
    }
}

/// The user who signs in through the auth chain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestUser {
    /// The user's XUID.
    pub xuid: u64,
    /// The user's gamertag.
    pub gamertag: String,
    /// When set, XSTS refuses this user with 401 and this `XErr` (2148916233: no Xbox profile,
    /// 2148916238: child account), for every relying party.
    pub xsts_xerr: Option<u64>,
}

impl TestUser {
    /// A user with an Xbox profile.
    pub fn new(xuid: u64, gamertag: impl Into<String>) -> Self {
        Self {
            xuid,
            gamertag: gamertag.into(),
            xsts_xerr: None,
        }
    }

    /// The default user, but without an Xbox profile (XSTS answers `XErr` 2148916233).
    pub fn without_xbox_profile() -> Self {
        Self {
            xsts_xerr: Some(crate::XERR_NO_XBOX_PROFILE),
            ..Self::default()
        }
    }

    /// The default user as a child account without consent (XSTS answers `XErr` 2148916238).
    pub fn child_account() -> Self {
        Self {
            xsts_xerr: Some(crate::XERR_CHILD_ACCOUNT),
            ..Self::default()
        }
    }
}

impl Default for TestUser {
    fn default() -> Self {
        Self::new(DEFAULT_XUID, DEFAULT_GAMERTAG)
    }
}

/// Which redirect URIs the OAuth authorize and token endpoints accept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectPolicy {
    /// Any `http://` or `https://` URI on `localhost` or `127.0.0.1`, any port and path (default).
    #[default]
    Loopback,
    /// Exactly these URIs.
    Exact(Vec<String>),
    /// Any absolute URI.
    Any,
}

impl RedirectPolicy {
    /// Whether `uri` is acceptable.
    pub fn allows(&self, uri: &str) -> bool {
        match self {
            Self::Loopback => {
                let rest = uri
                    .strip_prefix("http://")
                    .or_else(|| uri.strip_prefix("https://"))
                    .unwrap_or("");
                let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
                let host = host_port.split(':').next().unwrap_or("");
                host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1"
            }
            Self::Exact(list) => list.iter().any(|allowed| allowed == uri),
            Self::Any => uri.contains("://"),
        }
    }
}

/// A token-bucket rate limit per Spartan token: `per_second` sustained, `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: f64,
    /// Bucket size (requests allowed at once).
    pub burst: u32,
}

impl RateLimit {
    /// A limit of `per_second` requests per second with a bucket of `burst`.
    pub fn new(per_second: f64, burst: u32) -> Self {
        Self { per_second, burst }
    }
}

impl TestConfig {
    /// Starts a server with this configuration on 127.0.0.1.
    pub async fn start(self) -> Result<crate::TestServer, crate::Error> {
        crate::TestServer::start_with(self).await
    }
}
