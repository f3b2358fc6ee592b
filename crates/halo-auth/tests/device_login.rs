//! Device-code sign-in end to end over halo-testkit (real time, interval 1 s): the test plays
//! the user approving, declining or letting the code expire, and the service asking to slow
//! down; an approved sign-in stores its refresh token and the whole chain works from it.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use halo_auth::{AuthConfig, Endpoints, ErrorKind, MemoryStore, OAuthConfig, TokenProvider};
use halo_testkit::{DEFAULT_CLIENT_ID, DEFAULT_GAMERTAG, DEFAULT_REDIRECT_URI, TestServer};

async fn setup() -> (TestServer, TokenProvider) {
    // Device sign-in is a public client's flow: no client secret.
    let server = TestServer::builder()
        .allow_public_client(true)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let config = AuthConfig::new(OAuthConfig::new(DEFAULT_CLIENT_ID, DEFAULT_REDIRECT_URI))
        .with_endpoints(Endpoints::with_root(server.base_url()))
        .with_store(MemoryStore::new());
    (server, TokenProvider::new(config).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_after_a_slow_down_then_the_chain_works() {
    let (server, provider) = setup().await;
    assert!(!provider.is_signed_in());
    let login = provider.start_device_login().await.unwrap();
    assert!(login.user_code().starts_with("TK"), "{}", login.user_code());
    assert_eq!(login.verification_uri(), "https://www.microsoft.com/link");
    assert_eq!(login.interval(), Duration::from_secs(1));
    assert_eq!(login.lifetime(), Duration::from_secs(900));
    // The first poll (at 1 s) is told to slow down, so the next comes 6 s later; meanwhile,
    // at 3 s, the user approves.
    assert!(server.slow_down_device_login(login.user_code()));
    let started = tokio::time::Instant::now();
    let (done, approved) = tokio::join!(provider.complete_device_login(&login), async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        server.approve_device_login(login.user_code())
    });
    assert!(approved);
    done.unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(7) && took < Duration::from_secs(9),
        "polls at 1 s and 7 s: {took:?}"
    );
    assert!(provider.is_signed_in());
    let identity = provider.xbox_identity().await.unwrap();
    assert_eq!(identity.gamertag, DEFAULT_GAMERTAG);
    assert!(
        !provider
            .halo_tokens()
            .await
            .unwrap()
            .spartan
            .expose()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_and_expired_codes_are_typed_errors() {
    let (server, provider) = setup().await;
    let login = provider.start_device_login().await.unwrap();
    assert!(server.decline_device_login(login.user_code()));
    let error = provider.complete_device_login(&login).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::AuthorizationDenied { error } if error == "authorization_declined"),
        "{error:?}"
    );
    assert!(!provider.is_signed_in());

    let login = provider.start_device_login().await.unwrap();
    assert!(server.expire_device_login(login.user_code()));
    let error = provider.complete_device_login(&login).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::DeviceCodeExpired),
        "{error:?}"
    );
    assert!(error.to_string().contains("expired"), "{error}");
    assert!(!provider.is_signed_in());
}
