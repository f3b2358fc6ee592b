//! Each failure of each step, produced by halo-testkit, surfaces as its own error kind with a
//! message that says what to do and carries no secret.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use halo_auth::{
    AuthConfig, Endpoints, Error, ErrorKind, MemoryStore, OAuthConfig, Step, StoredTokens,
    TokenProvider,
};
use halo_testkit::{FaultAction, FaultPlan, FaultRule, TestServer, TestUser};

fn status(status: u16, body: Option<&str>) -> FaultAction {
    FaultAction::Status {
        status,
        retry_after: None,
        body: body.map(str::to_owned),
    }
}

async fn server_with(rule: FaultRule) -> TestServer {
    TestServer::builder()
        .faults(FaultPlan::new().rule(rule))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

/// Runs the chain from a freshly minted refresh token; returns the error and the token.
async fn chain_error(server: &TestServer, config: AuthConfig) -> (Error, String) {
    let refresh = server.mint_refresh_token();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(refresh.clone()));
    let provider = TokenProvider::new(config.with_store(store)).unwrap();
    let err = provider.halo_tokens().await.unwrap_err();
    assert!(!err.to_string().contains(&refresh));
    assert!(!format!("{err:?}").contains(&refresh));
    (err, refresh)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_refresh_token_is_invalid_grant() {
    let server = TestServer::start().await.unwrap();
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token("M.R3_revoked"));
    let provider =
        TokenProvider::new(common::config(&server.base_url()).with_store(store)).unwrap();
    let err = provider.halo_tokens().await.unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidGrant {
            step: Step::Refresh
        }
    );
    assert!(err.is_sign_in_required());
    assert!(err.is_credentials_refused());
    assert!(!err.is_unreachable());
    assert!(err.to_string().contains("sign in again"));
    assert!(!err.to_string().contains("M.R3_revoked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_client_secret_is_invalid_client() {
    let server = TestServer::start().await.unwrap();
    let wrong = AuthConfig::new(
        OAuthConfig::new(halo_testkit::DEFAULT_CLIENT_ID, "http://localhost:0/cb")
            .with_client_secret("not-the-secret"),
    )
    .with_endpoints(Endpoints::with_root(server.base_url()));

    // At the code exchange of the first login...
    let provider = TokenProvider::new(wrong.clone()).unwrap();
    let pending = provider.start_login().await.unwrap();
    let browser = tokio::spawn(common::act_as_browser(
        pending.authorization_url().to_owned(),
    ));
    let code = pending
        .wait_for_code(Duration::from_secs(10))
        .await
        .unwrap();
    browser.await.unwrap();
    let err = provider.complete_login(code).await.unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidClient {
            step: Step::CodeExchange
        }
    );
    assert!(err.to_string().contains("client secret"));
    assert!(!err.to_string().contains("not-the-secret"));

    // ...and at a refresh.
    let (err, _) = chain_error(&server, wrong).await;
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidClient {
            step: Step::Refresh
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_without_xbox_profile() {
    let server = TestServer::builder()
        .user(TestUser::without_xbox_profile())
        .build()
        .start()
        .await
        .unwrap();
    let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
    assert_eq!(err.kind(), &ErrorKind::NoXboxProfile);
    assert!(err.is_account_problem());
    assert!(err.to_string().contains("xbox.com"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xerr_codes_from_xsts() {
    for (xerr, kind) in [
        (2_148_916_238_u64, ErrorKind::ChildAccount),
        (2_148_916_227, ErrorKind::AccountBanned),
        (2_148_916_235, ErrorKind::RegionNotAuthorized),
    ] {
        let body = format!(r#"{{"Identity":"0","XErr":{xerr},"Message":"","Redirect":""}}"#);
        let server = server_with(FaultRule::path(
            "xsts.auth.xboxlive.com/**",
            status(401, Some(&body)),
        ))
        .await;
        let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
        assert_eq!(err.kind(), &kind);
        assert!(err.to_string().contains(&xerr.to_string()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clearance_forbidden() {
    let server = server_with(FaultRule::path("**/oban/**", status(403, None))).await;
    let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
    assert_eq!(err.kind(), &ErrorKind::ClearanceForbidden);
    assert_eq!(err.step(), Some(Step::Clearance));
    assert!(err.to_string().contains("build string"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_spartan_body() {
    let server = server_with(FaultRule::path(
        "settings.svc.halowaypoint.com/spartan-token",
        FaultAction::MalformedJson,
    ))
    .await;
    let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Decode {
                step: Step::SpartanToken,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spartan_endpoint_keeps_refusing() {
    let server = server_with(FaultRule::path(
        "settings.svc.halowaypoint.com/spartan-token",
        status(401, None),
    ))
    .await;
    let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
    assert_eq!(
        err.kind(),
        &ErrorKind::Unauthorized {
            step: Step::SpartanToken
        }
    );
    // One retry from the refresh token, then the error.
    assert_eq!(server.stats().refresh_grants, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_and_timeout_and_connect() {
    let server = server_with(FaultRule::path(
        "xsts.auth.xboxlive.com/**",
        status(503, None),
    ))
    .await;
    let (err, _) = chain_error(&server, common::config(&server.base_url())).await;
    assert_eq!(
        err.kind(),
        &ErrorKind::Status {
            step: Step::Xsts,
            status: 503
        }
    );
    assert!(err.is_transient());

    let server = server_with(FaultRule::path(
        "user.auth.xboxlive.com/**",
        FaultAction::Delay { ms: 3000 },
    ))
    .await;
    let config =
        common::config(&server.base_url()).with_request_timeout(Duration::from_millis(200));
    let (err, _) = chain_error(&server, config).await;
    assert_eq!(
        err.kind(),
        &ErrorKind::Timeout {
            step: Step::UserToken
        }
    );

    // A loopback port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = common::config(&format!("http://127.0.0.1:{port}"));
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token("r"));
    let err = TokenProvider::new(config.with_store(store))
        .unwrap()
        .halo_tokens()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::Connect {
            step: Step::Refresh
        }
    );
    assert!(err.is_transient());
    // Not reached is not refused: signing in again would not help.
    assert!(err.is_unreachable());
    assert!(!err.is_credentials_refused());
    let message = err.to_string();
    assert!(
        message.starts_with("OAuth2 token refresh: could not connect or the connection broke ("),
        "{message}"
    );
    assert!(message.contains("refused"), "{message}");
}
