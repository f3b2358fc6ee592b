//! Helpers shared by the integration tests: a browser stand-in, temporary folders, configs.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use halo_auth::{AuthConfig, Endpoints, OAuthConfig, PendingLogin};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// A config pointing at the testkit, with the testkit's client id and secret and a loopback
/// redirect URI on a free port.
pub fn config(root: &str) -> AuthConfig {
    AuthConfig::new(
        OAuthConfig::new(
            halo_testkit::DEFAULT_CLIENT_ID,
            "http://localhost:0/callback",
        )
        .with_client_secret(halo_testkit::DEFAULT_CLIENT_SECRET),
    )
    .with_endpoints(Endpoints::with_root(root))
    .with_request_timeout(Duration::from_secs(10))
}

/// GET `url` without following redirects: (status, Location header, body).
pub async fn get(url: &str) -> (u16, Option<String>, String) {
    let client: Client<HttpConnector, Empty<Bytes>> =
        Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let response = client.get(url.parse().unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        location,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

/// Plays the browser: opens the authorization URL, follows the 302 to the loopback listener.
/// Returns the redirect URL it followed (which carries the code).
pub async fn act_as_browser(authorization_url: String) -> String {
    let (status, location, _) = get(&authorization_url).await;
    assert_eq!(status, 302, "authorize answered {status}");
    let location = location.unwrap();
    let (status, _, body) = get(&location).await;
    assert_eq!(status, 200, "loopback listener answered {status}: {body}");
    assert!(body.contains("Signed in"));
    location
}

/// Runs the first login through the loopback listener; returns the followed redirect URL.
pub async fn login(provider: &halo_auth::TokenProvider) -> String {
    let pending: PendingLogin = provider.start_login().await.unwrap();
    assert!(pending.has_listener());
    let browser = tokio::spawn(act_as_browser(pending.authorization_url().to_owned()));
    let code = pending
        .wait_for_code(Duration::from_secs(10))
        .await
        .unwrap();
    let followed = browser.await.unwrap();
    provider.complete_login(code).await.unwrap();
    followed
}

/// A fresh, empty folder under the system's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "halo-auth-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
