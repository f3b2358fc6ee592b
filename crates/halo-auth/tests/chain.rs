//! The whole chain against halo-testkit on loopback, in real time (token lifetimes of 1-2 s).
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // wire tests run in real time (STYLE 14) and read the real clocks

mod common;

use std::time::Duration;

use halo_auth::{
    ClearanceMode, FileStore, MemoryStore, StoredTokens, TokenProvider, XBOX_LIVE_RELYING_PARTY,
};
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_GAMERTAG, DEFAULT_XUID, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_login_with_loopback_redirect_then_whole_chain() {
    let server = TestServer::start().await.unwrap();
    let store = MemoryStore::new();
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store.clone())).unwrap();
    assert!(!provider.is_signed_in());
    let followed = common::login(&provider).await;
    assert!(followed.starts_with("http://localhost:"));
    assert!(provider.is_signed_in());
    assert!(store.snapshot().unwrap().refresh_token().is_some());

    let tokens = provider.halo_tokens().await.unwrap();
    assert_eq!(tokens.xuid, DEFAULT_XUID);
    assert_eq!(tokens.clearance.unwrap().expose(), DEFAULT_CLEARANCE_ID);
    assert!(tokens.expires_at > std::time::SystemTime::now() + Duration::from_secs(3 * 3600));

    let identity = provider.xbox_identity().await.unwrap();
    assert_eq!(identity.xuid, DEFAULT_XUID);
    assert_eq!(identity.gamertag, DEFAULT_GAMERTAG);

    let stats = server.stats();
    assert_eq!(stats.authorizations, 1);
    assert_eq!(stats.code_grants, 1);
    // The access token from the code exchange is still fresh: no refresh grant.
    assert_eq!(stats.refresh_grants, 0);
    assert_eq!(stats.user_tokens, 1);
    // Halo XSTS (carries the XUID) then the Xbox Live one for the identity.
    assert_eq!(stats.xsts_tokens, 2);
    assert_eq!(stats.spartan_tokens, 1);
    assert_eq!(stats.clearances, 1);

    // The player clearance route was used, with the Spartan token header.
    let clearance = server
        .requests()
        .into_iter()
        .find(|r| r.path.contains("/oban/"))
        .unwrap();
    assert_eq!(
        clearance.path,
        format!(
            "/oban/flight-configurations/titles/hi/audiences/RETAIL/players/xuid({DEFAULT_XUID})/active"
        )
    );
    assert!(clearance.header("x-343-authorization-spartan").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_client_without_secret_and_audience_clearance() {
    let server = TestServer::builder()
        .allow_public_client(true)
        .build()
        .start()
        .await
        .unwrap();
    let config = halo_auth::AuthConfig::new(halo_auth::OAuthConfig::new(
        halo_testkit::DEFAULT_CLIENT_ID,
        "http://127.0.0.1:0/",
    ))
    .with_endpoints(halo_auth::Endpoints::with_root(server.base_url()))
    .with_clearance(ClearanceMode::Audience);
    let provider = TokenProvider::new(config).unwrap();
    common::login(&provider).await;
    let tokens = provider.halo_tokens().await.unwrap();
    assert_eq!(tokens.clearance.unwrap().expose(), DEFAULT_CLEARANCE_ID);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/oban/flight-configurations/titles/hi/audiences/RETAIL/active")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_keeps_the_rotated_refresh_token() {
    let server = TestServer::start().await.unwrap();
    let minted = server.mint_refresh_token();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(minted.clone()));
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store.clone())).unwrap();
    provider.halo_tokens().await.unwrap();
    let rotated = store.snapshot().unwrap().refresh_token().unwrap().clone();
    assert_ne!(rotated.expose(), minted);
    assert_eq!(server.stats().refresh_grants, 1);

    // The old token was revoked by the rotation: a provider that kept it must sign in again.
    let stale = TokenProvider::new(common::config(&server.base_url()).with_store(
        MemoryStore::with_tokens(StoredTokens::from_refresh_token(minted)),
    ))
    .unwrap();
    let err = stale.halo_tokens().await.unwrap_err();
    assert!(err.is_sign_in_required(), "{err}");

    // The rotated one works.
    let fresh = TokenProvider::new(common::config(&server.base_url()).with_store(
        MemoryStore::with_tokens(StoredTokens::from_refresh_token(rotated)),
    ))
    .unwrap();
    assert_eq!(fresh.halo_tokens().await.unwrap().xuid, DEFAULT_XUID);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_spartan_token_is_renewed_alone() {
    let server = TestServer::builder()
        .spartan_token_lifetime(Duration::from_secs(2))
        .build()
        .start()
        .await
        .unwrap();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(
        server.mint_refresh_token(),
    ));
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store)).unwrap();
    let first = provider.halo_tokens().await.unwrap();
    // Still fresh: cached.
    assert_eq!(provider.halo_tokens().await.unwrap(), first);
    assert_eq!(server.stats().spartan_tokens, 1);
    // The refresh margin is capped at a quarter of the lifetime: renewed after 1.5 s.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let second = provider.halo_tokens().await.unwrap();
    assert_ne!(second.spartan, first.spartan);
    let stats = server.stats();
    assert_eq!(stats.spartan_tokens, 2);
    assert_eq!(stats.xsts_tokens, 1);
    assert_eq!(stats.user_tokens, 1);
    assert_eq!(stats.refresh_grants, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_callers_at_expiry_cause_one_refresh() {
    let server = TestServer::builder()
        .spartan_token_lifetime(Duration::from_secs(2))
        .build()
        .start()
        .await
        .unwrap();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(
        server.mint_refresh_token(),
    ));
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store)).unwrap();

    // Cold start: 100 callers, one chain.
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.halo_tokens().await })
        })
        .collect();
    let mut spartans = Vec::new();
    for c in callers {
        spartans.push(c.await.unwrap().unwrap().spartan);
    }
    assert!(spartans.windows(2).all(|w| w[0] == w[1]));
    let stats = server.stats();
    assert_eq!(
        (
            stats.refresh_grants,
            stats.user_tokens,
            stats.xsts_tokens,
            stats.spartan_tokens
        ),
        (1, 1, 1, 1)
    );

    // At expiry: 100 callers, one Spartan refresh.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.halo_tokens().await })
        })
        .collect();
    for c in callers {
        assert_ne!(c.await.unwrap().unwrap().spartan, spartans[0]);
    }
    assert_eq!(server.stats().spartan_tokens, 2);
    assert_eq!(server.stats().clearances, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn force_refresh_after_a_401() {
    let server = TestServer::start().await.unwrap();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(
        server.mint_refresh_token(),
    ));
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store)).unwrap();
    let first = provider.halo_tokens().await.unwrap();
    let callers: Vec<_> = (0..20)
        .map(|_| {
            let (p, rejected) = (provider.clone(), first.clone());
            tokio::spawn(async move { p.refresh_rejected(&rejected).await })
        })
        .collect();
    for c in callers {
        assert_ne!(c.await.unwrap().unwrap().spartan, first.spartan);
    }
    assert_eq!(server.stats().spartan_tokens, 2);
    // force_refresh always refreshes, whatever is cached.
    let third = provider.force_refresh().await.unwrap();
    assert_ne!(third.spartan, first.spartan);
    assert_eq!(server.stats().spartan_tokens, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_within_lifetime_makes_no_auth_calls() {
    let server = TestServer::start().await.unwrap();
    let dir = common::temp_dir("restart");
    let path = dir.join("tokens.json");
    let first_store = FileStore::new(&path);
    first_store
        .save_tokens_for_test(server.mint_refresh_token())
        .unwrap();
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(first_store)).unwrap();
    let tokens = provider.halo_tokens().await.unwrap();
    let header = provider.xbl_header(XBOX_LIVE_RELYING_PARTY).await.unwrap();
    drop(provider);
    let seen = server.requests().len();

    let restarted =
        TokenProvider::new(common::config(&server.base_url()).with_store(FileStore::new(&path)))
            .unwrap();
    assert_eq!(restarted.halo_tokens().await.unwrap(), tokens);
    assert_eq!(
        restarted.xbl_header(XBOX_LIVE_RELYING_PARTY).await.unwrap(),
        header
    );
    assert_eq!(server.requests().len(), seen, "the restart made auth calls");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Seeds a file store with a refresh token.
trait SeedExt {
    fn save_tokens_for_test(&self, refresh_token: String) -> Result<(), halo_auth::Error>;
}

impl SeedExt for FileStore {
    fn save_tokens_for_test(&self, refresh_token: String) -> Result<(), halo_auth::Error> {
        use halo_auth::TokenStore;
        self.save(&StoredTokens::from_refresh_token(refresh_token))
    }
}
