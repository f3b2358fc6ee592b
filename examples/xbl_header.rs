//! An `XBL3.0 x=<uhs>;<token>` header for an Xbox Live API other than Halo's, and a call of
//! that API with it (the profile service's gamertag setting).
//!
//! Offline by default: an in-process halo-testkit on 127.0.0.1 plays every Microsoft host, and a
//! refresh token it minted stands for a past sign-in, so no browser is needed. With
//! `HALO_AUTH_CLIENT_ID` set (and optionally `HALO_AUTH_CLIENT_SECRET`,
//! `HALO_AUTH_REDIRECT_URI`, `HALO_AUTH_STORE`), it signs in to the real Xbox Live with your
//! Azure app registration instead (see `docs/sign-in.md`).
//!
//! Usage: `cargo run -p halo-examples --example xbl_header [RELYING_PARTY]`

use std::fmt::Write as _;
use std::time::Duration;

use bytes::Bytes;
use halo_auth::{
    AuthConfig, Endpoints, FileStore, MemoryStore, OAuthConfig, PendingLogin, StoredTokens,
    TokenProvider, XBOX_LIVE_RELYING_PARTY,
};
use halo_examples::iso8601;
use halo_testkit::TestServer;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let relying_party = std::env::args()
        .nth(1)
        .unwrap_or_else(|| XBOX_LIVE_RELYING_PARTY.to_owned());
    if let Ok(client_id) = std::env::var("HALO_AUTH_CLIENT_ID") {
        return real_xbox_live(client_id, &relying_party).await;
    }
    let server = TestServer::start().await?;
    print!("{}", run(&server, &relying_party).await?);
    Ok(())
}

/// Signs in through `server`, gets the header for `relying_party` and calls the profile API
/// with it. The token itself is never printed, only its length.
pub async fn run(
    server: &TestServer,
    relying_party: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let root = server.base_url();
    let oauth = OAuthConfig::new(
        halo_testkit::DEFAULT_CLIENT_ID,
        "http://localhost:0/callback",
    )
    .with_client_secret(halo_testkit::DEFAULT_CLIENT_SECRET);
    // A refresh token of a past sign-in; a real program keeps its tokens in a `FileStore`.
    let store = MemoryStore::with_tokens(StoredTokens::from_refresh_token(
        server.mint_refresh_token(),
    ));
    let provider = TokenProvider::new(
        AuthConfig::new(oauth)
            .with_endpoints(Endpoints::with_root(&root))
            .with_store(store),
    )?;

    let mut out = String::new();
    let xsts = provider.xsts_token(relying_party).await?;
    let identity = provider.xbox_identity().await?;
    writeln!(
        out,
        "signed in as {} ({}); XSTS token for {relying_party} expires at {}",
        identity.gamertag,
        identity.xuid,
        iso8601(xsts.expires_at)
    )?;
    let header = provider.xbl_header(relying_party).await?;
    writeln!(
        out,
        "Authorization: XBL3.0 x={};<{} characters, not printed>",
        xsts.user_hash,
        xsts.token.expose().len()
    )?;

    // Call an Xbox Live API with the header.
    let url = format!(
        "{root}/profile.xboxlive.com/users/xuid({})/profile/settings?settings=Gamertag",
        identity.xuid
    );
    let mut request = http::Request::get(url).body(Empty::<Bytes>::new())?;
    let mut value = http::HeaderValue::from_str(header.expose())?;
    value.set_sensitive(true);
    let headers = request.headers_mut();
    headers.insert(http::header::AUTHORIZATION, value);
    headers.insert(
        "x-xbl-contract-version",
        http::HeaderValue::from_static("2"),
    );
    let http: Client<HttpConnector, Empty<Bytes>> =
        Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let response = http.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    writeln!(
        out,
        "GET profile.xboxlive.com/users/xuid({})/profile/settings -> {status}",
        identity.xuid
    )?;
    // {"profileUsers":[{"id":"<xuid>","settings":[{"id":"Gamertag","value":"..."}]}]}
    let profile: serde_json::Value = serde_json::from_slice(&body)?;
    let gamertag = profile["profileUsers"][0]["settings"]
        .as_array()
        .and_then(|settings| settings.iter().find(|s| s["id"] == "Gamertag"))
        .and_then(|setting| setting["value"].as_str());
    match gamertag {
        Some(gamertag) => writeln!(out, "Gamertag setting: {gamertag}")?,
        None => writeln!(
            out,
            "the answer has no Gamertag setting ({} bytes)",
            body.len()
        )?,
    }
    Ok(out)
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
        "XSTS token for {relying_party} valid until {}; header XBL3.0 x={};<token>",
        iso8601(xsts.expires_at),
        xsts.user_hash
    );
    Ok(())
}
