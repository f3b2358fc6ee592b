//! Gets an `XBL3.0 x=<uhs>;<token>` header for a non-Halo relying party and calls an Xbox Live
//! API with it.
//!
//! Offline by default: with no credentials configured it starts an embedded halo-testkit on
//! 127.0.0.1, signs in through it (this program plays the browser) and never contacts a real
//! host. Environment:
//!
//! - `HALO_AUTH_ROOT=http://127.0.0.1:PORT`: use an already running test server (for example
//!   `halo mock serve`) instead of the embedded one.
//! - `HALO_AUTH_CLIENT_ID` (and optionally `HALO_AUTH_CLIENT_SECRET`, `HALO_AUTH_REDIRECT_URI`,
//!   `HALO_AUTH_STORE`): sign in to the real Xbox Live with your Azure app registration.
//!
//! Usage: `cargo run -p halo-auth --example xbl_header [RELYING_PARTY]`
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use bytes::Bytes;
use halo_auth::{
    AuthConfig, Endpoints, FileStore, OAuthConfig, PendingLogin, TokenProvider,
    XBOX_LIVE_RELYING_PARTY,
};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let relying_party = std::env::args()
        .nth(1)
        .unwrap_or_else(|| XBOX_LIVE_RELYING_PARTY.to_owned());
    let http: HttpClient = Client::builder(TokioExecutor::new()).build(HttpConnector::new());

    if let Ok(client_id) = std::env::var("HALO_AUTH_CLIENT_ID") {
        return real_xbox_live(client_id, &relying_party).await;
    }

    // Offline: the embedded test server, or the one named by HALO_AUTH_ROOT.
    let embedded;
    let root = match std::env::var("HALO_AUTH_ROOT") {
        Ok(root) => root,
        Err(_) => {
            embedded = halo_testkit::TestServer::start().await?;
            embedded.base_url()
        }
    };
    println!("offline mode: every host is served by {root}");
    let oauth = OAuthConfig::new(
        halo_testkit::DEFAULT_CLIENT_ID,
        "http://localhost:0/callback",
    )
    .with_client_secret(halo_testkit::DEFAULT_CLIENT_SECRET);
    let provider =
        TokenProvider::new(AuthConfig::new(oauth).with_endpoints(Endpoints::with_root(&root)))?;

    let login = provider.start_login().await?;
    println!("authorization URL: {}", login.authorization_url());
    let browser = tokio::spawn(play_browser(
        http.clone(),
        login.authorization_url().to_owned(),
    ));
    let code = login.wait_for_code(Duration::from_secs(30)).await?;
    browser.await??;
    provider.complete_login(code).await?;

    let xsts = provider.xsts_token(&relying_party).await?;
    let identity = provider.xbox_identity().await?;
    println!(
        "XSTS token for {relying_party}: expires {:?}, user hash {}, signed in as {} ({})",
        xsts.expires_at, xsts.user_hash, identity.gamertag, identity.xuid
    );
    let header = provider.xbl_header(&relying_party).await?;
    println!(
        "Authorization header: XBL3.0 x={};<{} characters, not printed>",
        xsts.user_hash,
        xsts.token.expose().len()
    );

    // Call an Xbox Live API of the test server with the header.
    let url = format!(
        "{root}/profile.xboxlive.com/users/xuid({})/profile/settings?settings=Gamertag",
        identity.xuid
    );
    let mut request = hyper::Request::get(url).body(Empty::<Bytes>::new())?;
    let mut value = http::HeaderValue::from_str(header.expose())?;
    value.set_sensitive(true);
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, value);
    request.headers_mut().insert(
        "x-xbl-contract-version",
        http::HeaderValue::from_static("2"),
    );
    let response = http.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    println!(
        "GET profile.xboxlive.com/users/xuid(..)/profile/settings -> {status}, {} bytes",
        body.len()
    );
    Ok(())
}

/// Opens the authorization URL and follows its redirect to the loopback listener.
async fn play_browser(http: HttpClient, url: String) -> Result<(), String> {
    let response = http
        .get(url.parse().map_err(|_| "bad authorization URL")?)
        .await
        .map_err(|e| e.to_string())?;
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("the authorize endpoint did not redirect")?
        .to_owned();
    http.get(location.parse().map_err(|_| "bad redirect")?)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The real thing: production endpoints, tokens kept in a file between runs.
async fn real_xbox_live(
    client_id: String,
    relying_party: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let redirect = std::env::var("HALO_AUTH_REDIRECT_URI")
        .unwrap_or_else(|_| "http://localhost:8400/callback".to_owned());
    let mut oauth = OAuthConfig::new(client_id, redirect);
    if let Ok(secret) = std::env::var("HALO_AUTH_CLIENT_SECRET") {
        oauth = oauth.with_client_secret(secret);
    }
    let store = std::env::var("HALO_AUTH_STORE").unwrap_or_else(|_| "halo-auth-tokens.json".into());
    let provider = TokenProvider::new(AuthConfig::new(oauth).with_store(FileStore::new(store)))?;
    if !provider.is_signed_in() {
        let login: PendingLogin = provider.start_login().await?;
        println!("Open this URL and sign in:\n{}", login.authorization_url());
        let code = if login.has_listener() {
            login.wait_for_code(Duration::from_secs(300)).await?
        } else {
            println!("Paste the URL you were redirected to (or the code):");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            login.code_from_input(&line)?
        };
        provider.complete_login(code).await?;
    }
    let xsts = provider.xsts_token(relying_party).await?;
    println!(
        "XSTS token for {relying_party} valid until {:?}; header XBL3.0 x={};<token>",
        xsts.expires_at, xsts.user_hash
    );
    Ok(())
}
