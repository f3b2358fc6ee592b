//! [`TokenProvider`]: hands out valid tokens, refreshing the expired part of the chain shortly
//! before expiry, once however many callers wait.
//!
//! State lives behind an `Arc`; the cache sits in a `std::sync::Mutex` that is never held across
//! an `.await`, and refreshes are serialized by one `tokio::sync::Mutex` (the single-flight
//! lock): the first caller that finds a stale token refreshes it, the others wait on that lock,
//! then find the fresh token in the cache.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, UNIX_EPOCH};

use crate::clock::Clock;
use crate::config::AuthConfig;
use crate::device::{self, DeviceLogin};
use crate::error::{Error, ErrorKind, Step};
use crate::halo;
use crate::http::{HyperTransport, Transport};
use crate::login::{AuthorizationCode, PendingLogin};
use crate::oauth;
use crate::secret::Secret;
use crate::store::StoredTokens;
use crate::tokens::{Cached, HaloTokens, OAuthTokens, UserToken, XstsToken};
use crate::xbox::{self, HALO_RELYING_PARTY, XBOX_LIVE_RELYING_PARTY};

/// The signed-in Xbox identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XboxIdentity {
    /// The XUID.
    pub xuid: u64,
    /// The gamertag.
    pub gamertag: String,
}

/// Hands out valid tokens. Cheap to clone; every clone shares one cache and one refresh.
#[derive(Clone, Debug)]
pub struct TokenProvider {
    inner: Arc<Inner>,
}

#[derive(Debug)]
enum Inner {
    Chain(Box<Chain>),
    Static(HaloTokens),
}

struct Chain {
    config: AuthConfig,
    transport: Arc<dyn Transport>,
    clock: Clock,
    state: Mutex<State>,
    refresh_lock: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct State {
    tokens: StoredTokens,
    /// Bumped at the end of each Halo refresh attempt (and at sign-in and sign-out), so callers
    /// that waited for an attempt share its outcome instead of making one more.
    attempts: u64,
    /// The error of the last attempt, when it failed.
    last_failure: Option<ErrorKind>,
}

const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<TokenProvider>();
};

impl TokenProvider {
    /// A provider that signs in with `config`, starting from what its store holds.
    ///
    /// Call [`TokenProvider::is_signed_in`] to learn whether the first login is needed.
    pub fn new(config: AuthConfig) -> Result<Self, Error> {
        let transport = Arc::new(HyperTransport::new(config.request_timeout)?);
        Self::with_transport(config, transport)
    }

    pub(crate) fn with_transport(
        config: AuthConfig,
        transport: Arc<dyn Transport>,
    ) -> Result<Self, Error> {
        let tokens = config.store.load()?.unwrap_or_default();
        tracing::debug!(
            has_refresh_token = tokens.refresh_token.is_some(),
            has_halo_tokens = tokens.halo.is_some(),
            "loaded stored tokens"
        );
        Ok(Self {
            inner: Arc::new(Inner::Chain(Box::new(Chain {
                config,
                transport,
                clock: Clock::new(),
                state: Mutex::new(State {
                    tokens,
                    attempts: 0,
                    last_failure: None,
                }),
                refresh_lock: tokio::sync::Mutex::new(()),
            }))),
        })
    }

    /// A provider of fixed tokens copied from elsewhere (for example a browser session). It never
    /// refreshes: [`TokenProvider::force_refresh`] fails with [`ErrorKind::CannotRefresh`]. The
    /// XUID is 0 and the expiry unknown (far future); use [`TokenProvider::from_halo_tokens`] to
    /// give them.
    pub fn from_static(spartan: impl Into<Secret>, clearance: impl Into<Secret>) -> Self {
        Self::from_halo_tokens(HaloTokens::new(
            spartan,
            Some(clearance.into()),
            0,
            UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX)),
        ))
    }

    /// A provider of fixed tokens, with whatever XUID and expiry are known.
    pub fn from_halo_tokens(tokens: HaloTokens) -> Self {
        Self {
            inner: Arc::new(Inner::Static(tokens)),
        }
    }

    fn chain(&self) -> Result<&Chain, Error> {
        match &*self.inner {
            Inner::Chain(chain) => Ok(chain),
            Inner::Static(_) => Err(Error::new(ErrorKind::CannotRefresh)),
        }
    }

    /// True when a refresh token (or fixed tokens) is available; false means the first login
    /// must run.
    pub fn is_signed_in(&self) -> bool {
        match &*self.inner {
            Inner::Chain(chain) => chain.lock().tokens.refresh_token.is_some(),
            Inner::Static(_) => true,
        }
    }

    /// Starts the first login: builds the authorization URL and, for a loopback redirect URI,
    /// binds the listener that will catch the redirect.
    pub async fn start_login(&self) -> Result<PendingLogin, Error> {
        let chain = self.chain()?;
        let config = &chain.config;
        PendingLogin::start(config.oauth.redirect_uri(), |redirect, state| {
            config
                .oauth
                .authorization_url(&config.endpoints, redirect, state)
        })
        .await
    }

    /// Exchanges the code of the first login and stores the refresh token. Every token cached
    /// before (from an earlier account) is dropped.
    pub async fn complete_login(&self, code: AuthorizationCode) -> Result<(), Error> {
        let chain = self.chain()?;
        let _flight = chain.refresh_lock.lock().await;
        let received = chain.clock.now();
        let tokens = oauth::exchange_code(
            &*chain.transport,
            &chain.config.oauth,
            &chain.config.endpoints,
            &code.code,
            &code.redirect_uri,
            || chain.clock.now(),
        )
        .await?;
        chain.store_login(tokens, received, Step::CodeExchange)
    }

    /// Starts a device-code sign-in (for SSH sessions and machines without a browser): show
    /// the [`DeviceLogin`]'s code and address to the user, then
    /// [`complete_device_login`](Self::complete_device_login).
    pub async fn start_device_login(&self) -> Result<DeviceLogin, Error> {
        let chain = self.chain()?;
        device::start(
            &*chain.transport,
            &chain.config.oauth,
            &chain.config.endpoints,
        )
        .await
    }

    /// Polls until the user approves the device sign-in (then stores the refresh token, as
    /// [`complete_login`](Self::complete_login)), declines it, or its code expires.
    pub async fn complete_device_login(&self, login: &DeviceLogin) -> Result<(), Error> {
        let chain = self.chain()?;
        let tokens = device::poll(
            &*chain.transport,
            &chain.config.oauth,
            &chain.config.endpoints,
            login,
            || chain.clock.now(),
        )
        .await?;
        let _flight = chain.refresh_lock.lock().await;
        let received = chain.clock.now();
        chain.store_login(tokens, received, Step::DeviceCode)
    }

    /// Forgets every token, in memory and in the store (after any refresh in flight).
    pub async fn sign_out(&self) -> Result<(), Error> {
        let chain = self.chain()?;
        let _flight = chain.refresh_lock.lock().await;
        {
            let mut state = chain.lock();
            state.tokens = StoredTokens::default();
            state.attempts += 1;
            state.last_failure = None;
        }
        chain.config.store.clear()?;
        tracing::info!("signed out");
        Ok(())
    }

    /// Valid Halo tokens: from the cache, or after refreshing the expired part of the chain.
    pub async fn halo_tokens(&self) -> Result<HaloTokens, Error> {
        let chain = match &*self.inner {
            Inner::Static(tokens) => return Ok(tokens.clone()),
            Inner::Chain(chain) => chain,
        };
        if let Some(tokens) = chain.cached_halo() {
            return Ok(tokens);
        }
        let seen = chain.lock().attempts;
        let _flight = chain.refresh_lock.lock().await;
        if let Some(tokens) = chain.cached_halo() {
            return Ok(tokens);
        }
        if let Some(outcome) = chain.outcome_since(seen) {
            return outcome;
        }
        chain.attempt_halo().await
    }

    /// New Halo tokens even though the cached ones look valid (a server answered 401). Callers
    /// that arrive while another caller's refresh runs get that refresh's result instead of
    /// starting one more.
    pub async fn force_refresh(&self) -> Result<HaloTokens, Error> {
        let chain = self.chain()?;
        let seen = chain.lock().attempts;
        let _flight = chain.refresh_lock.lock().await;
        if let Some(outcome) = chain.outcome_since(seen) {
            return outcome;
        }
        tracing::debug!("forced refresh of the Halo tokens");
        chain.renew_halo().await
    }

    /// New Halo tokens because a server refused `rejected` (its Spartan token answered 401).
    ///
    /// Unlike [`TokenProvider::force_refresh`], this is idempotent across callers: when the
    /// cached tokens already differ from `rejected` (another caller refreshed meanwhile), they
    /// are returned without a new refresh, so any number of callers holding the same rejected
    /// token cause exactly one refresh however they interleave.
    pub async fn refresh_rejected(&self, rejected: &HaloTokens) -> Result<HaloTokens, Error> {
        let chain = self.chain()?;
        let _flight = chain.refresh_lock.lock().await;
        if let Some(tokens) = chain.cached_halo() {
            if tokens.spartan != rejected.spartan {
                return Ok(tokens);
            }
        }
        tracing::debug!("refresh of rejected Halo tokens");
        chain.renew_halo().await
    }

    /// A valid XSTS token for any relying party (for example [`XBOX_LIVE_RELYING_PARTY`]).
    pub async fn xsts_token(&self, relying_party: &str) -> Result<XstsToken, Error> {
        let chain = self.chain()?;
        if let Some(token) = chain.cached_xsts(relying_party) {
            return Ok(token);
        }
        let _flight = chain.refresh_lock.lock().await;
        match chain.xsts_locked(relying_party).await {
            Err(e) if matches!(e.kind(), ErrorKind::Unauthorized { .. }) => {
                chain.drop_derived();
                chain.xsts_locked(relying_party).await
            }
            other => other,
        }
    }

    /// The `Authorization` header value `XBL3.0 x=<uhs>;<token>` for `relying_party`.
    pub async fn xbl_header(&self, relying_party: &str) -> Result<Secret, Error> {
        Ok(self.xsts_token(relying_party).await?.authorization_header())
    }

    /// The signed-in player's XUID and gamertag (from the Xbox Live XSTS claims).
    pub async fn xbox_identity(&self) -> Result<XboxIdentity, Error> {
        let token = self.xsts_token(XBOX_LIVE_RELYING_PARTY).await?;
        match (token.xuid, token.gamertag) {
            (Some(xuid), Some(gamertag)) => Ok(XboxIdentity { xuid, gamertag }),
            _ => Err(Error::new(ErrorKind::Decode {
                step: Step::Xsts,
                line: 0,
                column: 0,
            })),
        }
    }

    /// What the store would hold now (for inspection and tests).
    pub fn stored_tokens(&self) -> Option<StoredTokens> {
        match &*self.inner {
            Inner::Chain(chain) => Some(chain.lock().tokens.clone()),
            Inner::Static(_) => None,
        }
    }
}

impl Chain {
    /// Drops the Halo tokens and the Halo XSTS token, then fetches new ones (the caller holds
    /// the refresh lock).
    async fn renew_halo(&self) -> Result<HaloTokens, Error> {
        {
            let mut state = self.lock();
            state.tokens.halo = None;
            state
                .tokens
                .xsts
                .retain(|c| c.value.relying_party != HALO_RELYING_PARTY);
        }
        self.attempt_halo().await
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn margin(&self) -> Duration {
        self.config.refresh_margin
    }

    /// Stores the tokens of a first login (code or device) in place of every cached token.
    fn store_login(
        &self,
        tokens: OAuthTokens,
        received: std::time::SystemTime,
        step: Step,
    ) -> Result<(), Error> {
        let refresh_token = tokens.refresh_token.ok_or(Error::new(ErrorKind::OAuth {
            step,
            error: "no_refresh_token (add the Xboxlive.offline_access scope)".to_owned(),
        }))?;
        let fresh = StoredTokens {
            refresh_token: Some(refresh_token),
            access: Some(Cached::new(
                tokens.access_token,
                tokens.expires_at,
                received,
            )),
            ..StoredTokens::default()
        };
        {
            let mut state = self.lock();
            state.tokens = fresh;
            state.attempts += 1;
            state.last_failure = None;
        }
        self.save()?;
        tracing::info!("signed in; refresh token stored");
        Ok(())
    }

    fn save(&self) -> Result<(), Error> {
        let now = self.clock.now();
        let snapshot = self.lock().tokens.without_expired(now);
        self.config.store.save(&snapshot)
    }

    fn cached_halo(&self) -> Option<HaloTokens> {
        let now = self.clock.now();
        let state = self.lock();
        state
            .tokens
            .halo
            .as_ref()
            .filter(|c| c.is_fresh(now, self.margin()))
            .map(|c| c.value.clone())
    }

    fn cached_xsts(&self, relying_party: &str) -> Option<XstsToken> {
        let now = self.clock.now();
        let state = self.lock();
        state
            .tokens
            .xsts
            .iter()
            .find(|c| c.value.relying_party == relying_party && c.is_fresh(now, self.margin()))
            .map(|c| c.value.clone())
    }

    /// Drops every token derived from the refresh token (after a 401 on a cached one).
    fn drop_derived(&self) {
        let mut state = self.lock();
        let refresh_token = state.tokens.refresh_token.take();
        state.tokens = StoredTokens {
            refresh_token,
            ..StoredTokens::default()
        };
    }

    /// The outcome of an attempt that ended after `seen` was read: its fresh tokens or its error.
    fn outcome_since(&self, seen: u64) -> Option<Result<HaloTokens, Error>> {
        let failure = {
            let state = self.lock();
            if state.attempts == seen {
                return None;
            }
            state.last_failure.clone()
        };
        match (self.cached_halo(), failure) {
            (Some(tokens), _) => Some(Ok(tokens)),
            (None, Some(kind)) => Some(Err(Error::new(kind))),
            (None, None) => None,
        }
    }

    /// One refresh attempt (single-flight lock held), recorded for the callers that waited.
    async fn attempt_halo(&self) -> Result<HaloTokens, Error> {
        let result = self.refresh_halo().await;
        let mut state = self.lock();
        state.attempts += 1;
        state.last_failure = result.as_ref().err().map(|e| e.kind().clone());
        result
    }

    /// Refreshes the Halo tokens (single-flight lock held). A 401 on a cached upstream token
    /// drops the chain down to the refresh token and tries once more.
    async fn refresh_halo(&self) -> Result<HaloTokens, Error> {
        match self.refresh_halo_once().await {
            Err(e) if matches!(e.kind(), ErrorKind::Unauthorized { .. }) => {
                tracing::debug!(error = %e, "a cached token was refused; refreshing the whole chain");
                self.drop_derived();
                self.refresh_halo_once().await
            }
            other => other,
        }
    }

    async fn refresh_halo_once(&self) -> Result<HaloTokens, Error> {
        let halo_xsts = self.xsts_locked(HALO_RELYING_PARTY).await?;
        let xuid = match halo_xsts.xuid {
            Some(xuid) => xuid,
            None => self
                .xsts_locked(XBOX_LIVE_RELYING_PARTY)
                .await?
                .xuid
                .ok_or(Error::new(ErrorKind::Decode {
                    step: Step::Xsts,
                    line: 0,
                    column: 0,
                }))?,
        };
        let received = self.clock.now();
        let (spartan, expires_at) =
            halo::spartan_token(&*self.transport, &self.config.endpoints, &halo_xsts.token).await?;
        let clearance = match halo::clearance_url(
            &self.config.endpoints,
            self.config.clearance,
            xuid,
            &self.config.clearance_build,
        ) {
            Some(url) => Some(halo::clearance(&*self.transport, url, &spartan).await?),
            None => None,
        };
        let tokens = HaloTokens {
            spartan,
            clearance,
            xuid,
            expires_at,
        };
        self.lock().tokens.halo = Some(Cached::new(tokens.clone(), expires_at, received));
        self.save()?;
        tracing::debug!(xuid, "new Halo tokens cached");
        Ok(tokens)
    }

    /// A fresh XSTS token for `relying_party` (single-flight lock held).
    async fn xsts_locked(&self, relying_party: &str) -> Result<XstsToken, Error> {
        if let Some(token) = self.cached_xsts(relying_party) {
            return Ok(token);
        }
        let user = self.user_token_locked().await?;
        let received = self.clock.now();
        let token = xbox::xsts_token(
            &*self.transport,
            &self.config.endpoints,
            &user.token,
            relying_party,
        )
        .await?;
        {
            let mut state = self.lock();
            state
                .tokens
                .xsts
                .retain(|c| c.value.relying_party != relying_party);
            state
                .tokens
                .xsts
                .push(Cached::new(token.clone(), token.expires_at, received));
        }
        self.save()?;
        Ok(token)
    }

    async fn user_token_locked(&self) -> Result<UserToken, Error> {
        let now = self.clock.now();
        let cached = self
            .lock()
            .tokens
            .user
            .as_ref()
            .filter(|c| c.is_fresh(now, self.margin()))
            .map(|c| c.value.clone());
        if let Some(user) = cached {
            return Ok(user);
        }
        let access = self.access_token_locked().await?;
        let received = self.clock.now();
        let user = xbox::user_token(&*self.transport, &self.config.endpoints, &access).await?;
        self.lock().tokens.user = Some(Cached::new(user.clone(), user.expires_at, received));
        self.save()?;
        Ok(user)
    }

    async fn access_token_locked(&self) -> Result<Secret, Error> {
        let now = self.clock.now();
        let (cached, refresh_token) = {
            let state = self.lock();
            let cached = state
                .tokens
                .access
                .as_ref()
                .filter(|c| c.is_fresh(now, self.margin()))
                .map(|c| c.value.clone());
            (cached, state.tokens.refresh_token.clone())
        };
        if let Some(access) = cached {
            return Ok(access);
        }
        let refresh_token = refresh_token.ok_or(Error::new(ErrorKind::NotSignedIn))?;
        let received = self.clock.now();
        let tokens = match oauth::refresh(
            &*self.transport,
            &self.config.oauth,
            &self.config.endpoints,
            &refresh_token,
            || self.clock.now(),
        )
        .await
        {
            Err(e) if matches!(e.kind(), ErrorKind::InvalidGrant { .. }) => {
                // Another process sharing the store may have rotated the refresh token.
                return self.adopt_stored(&refresh_token, e).await;
            }
            other => other?,
        };
        let rotated = tokens.refresh_token.is_some();
        {
            let mut state = self.lock();
            if let Some(new_refresh) = tokens.refresh_token {
                state.tokens.refresh_token = Some(new_refresh);
            }
            state.tokens.access = Some(Cached::new(
                tokens.access_token.clone(),
                tokens.expires_at,
                received,
            ));
        }
        self.save()?;
        tracing::debug!(rotated, "refreshed the OAuth2 access token");
        Ok(tokens.access_token)
    }

    /// After `invalid_grant`: when the store holds a different refresh token (rotated by another
    /// process sharing it), adopts the store's tokens and uses its access token or refreshes
    /// once with its refresh token; otherwise returns `refused`.
    async fn adopt_stored(&self, used: &Secret, refused: Error) -> Result<Secret, Error> {
        let Some(stored) = self.config.store.load()? else {
            return Err(refused);
        };
        let Some(stored_refresh) = stored.refresh_token.clone() else {
            return Err(refused);
        };
        if &stored_refresh == used {
            return Err(refused);
        }
        tracing::debug!("the refresh token was rotated elsewhere; using the stored one");
        let now = self.clock.now();
        let fresh_access = stored
            .access
            .as_ref()
            .filter(|c| c.is_fresh(now, self.margin()))
            .map(|c| c.value.clone());
        self.lock().tokens = stored;
        if let Some(access) = fresh_access {
            return Ok(access);
        }
        let received = self.clock.now();
        let tokens = oauth::refresh(
            &*self.transport,
            &self.config.oauth,
            &self.config.endpoints,
            &stored_refresh,
            || self.clock.now(),
        )
        .await?;
        {
            let mut state = self.lock();
            if let Some(new_refresh) = tokens.refresh_token {
                state.tokens.refresh_token = Some(new_refresh);
            }
            state.tokens.access = Some(Cached::new(
                tokens.access_token.clone(),
                tokens.expires_at,
                received,
            ));
        }
        self.save()?;
        Ok(tokens.access_token)
    }
}
