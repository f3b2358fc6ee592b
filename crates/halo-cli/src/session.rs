//! The connection a command works with: a halo-client [`Client`] built from the configured
//! credentials, or, with `--offline` (`HALO_OFFLINE=1`), pointed at an embedded halo-testkit
//! server on 127.0.0.1 that answers from the captured payloads. Without credentials and
//! without `--offline`, API commands stop with one message saying what to do: offline data is
//! never given silently in place of the service's.

use halo_auth::{AuthConfig, Endpoints, FileStore, OAuthConfig, TokenProvider};
use halo_client::{BaseUrl, Client, RateLimit, StaticTokens};
use halo_testkit::TestServer;

use crate::config::{self, LoginSettings};
use crate::error::CliError;

/// How many matches the embedded server's player has: the service record capture's 2,664
/// matchmade matches and the 5 captured custom games (the testkit's default).
pub(crate) const OFFLINE_HISTORY_MATCHES: u64 = halo_testkit::DEFAULT_HISTORY_MATCHES;

/// Sets the embedded server's history length instead (benchmarks, tests).
pub(crate) const OFFLINE_HISTORY_ENV: &str = "HALO_OFFLINE_HISTORY";

/// The embedded server's history length: `HALO_OFFLINE_HISTORY`, else
/// [`OFFLINE_HISTORY_MATCHES`].
fn offline_history() -> Result<u64, CliError> {
    match config::env(OFFLINE_HISTORY_ENV) {
        None => Ok(OFFLINE_HISTORY_MATCHES),
        Some(text) => text.trim().parse().map_err(|_| {
            CliError::Invalid(format!(
                "{OFFLINE_HISTORY_ENV}=`{text}` is not a number of matches"
            ))
        }),
    }
}

/// Where the tokens of a session come from.
#[derive(Debug)]
pub(crate) enum Credentials {
    /// The embedded test server's static tokens (offline).
    Embedded,
    /// The test server's static tokens against `HALO_BASE_URL` (a `halo mock serve`).
    TestServerDefaults,
    /// `HALO_SPARTAN_TOKEN` (+ `HALO_CLEARANCE`).
    Static,
    /// The stored login (`halo auth login`).
    Login,
}

/// A configured client, and the embedded server it talks to when offline.
pub(crate) struct Session {
    /// The client.
    pub(crate) client: Client,
    /// Where its tokens come from.
    pub(crate) credentials: Credentials,
    /// The root URL when not production (`HALO_BASE_URL` or the embedded server).
    pub(crate) root: Option<String>,
    /// Whether the answers come from a test server's captured data (the embedded server, or
    /// `HALO_BASE_URL` without credentials), not from the Halo services.
    pub(crate) offline: bool,
    /// Kept alive for the session's lifetime; the server stops when dropped.
    _server: Option<TestServer>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("credentials", &self.credentials)
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Opens a session: `--offline` forces the embedded server; otherwise the first of
    /// `HALO_SPARTAN_TOKEN`, the stored login, `HALO_BASE_URL` with the test server's tokens
    /// (with a notice on standard error); with none of them, [`CliError::NoCredentials`].
    pub(crate) async fn open(offline: bool) -> Result<Self, CliError> {
        Self::open_paced(offline, RateLimit::default()).await
    }

    /// [`Session::open`] with the client-side rate limit `pace` for the service's clients
    /// (signed in, or a static Spartan token); a test server's clients are never limited. A
    /// crawl passes [`RateLimit::Off`]: its account budget in PostgreSQL paces every worker.
    pub(crate) async fn open_paced(offline: bool, pace: RateLimit) -> Result<Self, CliError> {
        if offline {
            return Self::embedded().await;
        }
        let root = config::env(config::BASE_URL_ENV);
        if let Some(spartan) = config::env(config::SPARTAN_TOKEN_ENV) {
            let clearance = config::env(config::CLEARANCE_ENV);
            let tokens = StaticTokens::new(&spartan, clearance.as_deref())?;
            let client = Client::builder()
                .base_url(base_url(root.as_deref()))
                .rate_limit(pace)
                .tokens(tokens)
                .on_wait(crate::waits::hook())
                .build()?;
            return Ok(Self {
                client,
                credentials: Credentials::Static,
                root,
                offline: false,
                _server: None,
            });
        }
        if let Some(provider) = stored_login(root.as_deref())? {
            let client = Client::builder()
                .base_url(base_url(root.as_deref()))
                .rate_limit(pace)
                .tokens(provider)
                .on_wait(crate::waits::hook())
                .build()?;
            return Ok(Self {
                client,
                credentials: Credentials::Login,
                root,
                offline: false,
                _server: None,
            });
        }
        if let Some(root) = root {
            eprintln!(
                "no credentials configured; using the test server's default token against {root}"
            );
            let client = test_client(&root)?;
            return Ok(Self {
                client,
                credentials: Credentials::TestServerDefaults,
                root: Some(root),
                offline: true,
                _server: None,
            });
        }
        Err(CliError::NoCredentials)
    }

    /// Whether the session sends a static Spartan token without a clearance
    /// (`HALO_SPARTAN_TOKEN` set, `HALO_CLEARANCE` not): the skill service, among others,
    /// answers 403 to such requests.
    pub(crate) fn missing_clearance(&self) -> bool {
        matches!(self.credentials, Credentials::Static)
            && config::env(config::CLEARANCE_ENV).is_none()
    }

    /// The first line of an offline table: where the answers come from.
    pub(crate) fn offline_banner(&self) -> Option<String> {
        if !self.offline {
            return None;
        }
        Some(match self.credentials {
            Credentials::Embedded => "Offline: captured data from the embedded test server, \
                                      not the Halo services."
                .to_owned(),
            _ => format!(
                "Offline: captured data from the test server at {}, not the Halo services.",
                self.root.as_deref().unwrap_or("?")
            ),
        })
    }

    /// A session against a freshly started embedded server.
    async fn embedded() -> Result<Self, CliError> {
        let server = TestServer::builder()
            .history_matches(offline_history()?)
            .record_limit(0)
            .build()
            .start()
            .await?;
        let root = server.base_url();
        let client = test_client(&root)?;
        Ok(Self {
            client,
            credentials: Credentials::Embedded,
            root: Some(root),
            offline: true,
            _server: Some(server),
        })
    }
}

/// Production, or every host under `root`.
fn base_url(root: Option<&str>) -> BaseUrl {
    root.map_or_else(BaseUrl::production, BaseUrl::with_root)
}

/// A client with the test server's static tokens (Halo and Xbox Live), no client-side rate
/// limit.
fn test_client(root: &str) -> Result<Client, CliError> {
    let tokens = StaticTokens::new(
        halo_testkit::DEFAULT_SPARTAN_TOKEN,
        Some(halo_testkit::DEFAULT_CLEARANCE_ID),
    )?
    .with_xbox_live(halo_testkit::DEFAULT_XBOX_LIVE_AUTHORIZATION)?;
    Ok(Client::builder()
        .base_url(BaseUrl::with_root(root))
        .rate_limit(RateLimit::Off)
        .tokens(tokens)
        .on_wait(crate::waits::hook())
        .build()?)
}

/// The token provider of the stored login, if there is one that is signed in.
pub(crate) fn stored_login(root: Option<&str>) -> Result<Option<TokenProvider>, CliError> {
    let Some(settings) = LoginSettings::load()? else {
        return Ok(None);
    };
    let Some(tokens) = config::tokens_path() else {
        return Ok(None);
    };
    if !tokens.exists() {
        return Ok(None);
    }
    let provider = login_provider(&settings, root)?;
    Ok(provider.is_signed_in().then_some(provider))
}

/// A token provider for `settings`, storing its tokens in the token file.
pub(crate) fn login_provider(
    settings: &LoginSettings,
    root: Option<&str>,
) -> Result<TokenProvider, CliError> {
    let mut oauth = OAuthConfig::new(&settings.client_id, &settings.redirect_uri);
    if let Some(secret) = config::env(config::CLIENT_SECRET_ENV) {
        oauth = oauth.with_client_secret(secret);
    }
    let tokens = config::tokens_path().ok_or_else(config::no_home)?;
    let mut auth = AuthConfig::new(oauth).with_store(FileStore::new(tokens));
    if let Some(root) = root {
        auth = auth.with_endpoints(Endpoints::with_root(root));
    }
    Ok(TokenProvider::new(auth)?)
}
