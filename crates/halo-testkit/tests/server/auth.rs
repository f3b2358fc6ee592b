//! The auth chain: OAuth, Xbox user token, XSTS, Spartan token, clearance, and their errors.

use std::time::Duration;

use halo_testkit::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URI, DEFAULT_REFRESH_TOKEN,
    HALO_RELYING_PARTY, TestServer, TestUser, XBOX_LIVE_RELYING_PARTY,
};
use serde_json::{Value, json};

use crate::client::{self, Reply};
use crate::{SLAYER_ID, STATS};

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn post_form(server: &TestServer, fields: &[(&str, &str)]) -> Reply {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    client::send(
        server.addr(),
        "POST",
        "/login.live.com/oauth20_token.srf",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.join("&").as_bytes(),
    )
    .await
    .reply()
}

async fn post_json(server: &TestServer, target: &str, body: &Value) -> Reply {
    client::send(
        server.addr(),
        "POST",
        target,
        &[
            ("Content-Type", "application/json"),
            ("x-xbl-contract-version", "1"),
        ],
        body.to_string().as_bytes(),
    )
    .await
    .reply()
}

async fn authorize(server: &TestServer, redirect: &str) -> Reply {
    let target = format!(
        "/login.live.com/oauth20_authorize.srf?client_id={}&response_type=code&approval_prompt=auto&scope={}&redirect_uri={}&state=xyz",
        DEFAULT_CLIENT_ID,
        enc("Xboxlive.signin Xboxlive.offline_access"),
        enc(redirect)
    );
    client::send(server.addr(), "GET", &target, &[], b"")
        .await
        .reply()
}

fn code_of(location: &str) -> String {
    let query = location.split_once('?').unwrap().1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix("code="))
        .unwrap()
        .to_owned()
}

async fn exchange(server: &TestServer, code: &str) -> Reply {
    post_form(
        server,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", DEFAULT_REDIRECT_URI),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
            ("scope", "Xboxlive.signin Xboxlive.offline_access"),
        ],
    )
    .await
}

async fn refresh(server: &TestServer, token: &str) -> Reply {
    post_form(
        server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ],
    )
    .await
}

async fn user_token(server: &TestServer, access: &str) -> Reply {
    let body = json!({
        "RelyingParty": "http://auth.xboxlive.com",
        "TokenType": "JWT",
        "Properties": { "AuthMethod": "RPS", "SiteName": "user.auth.xboxlive.com", "RpsTicket": format!("d={access}") },
    });
    post_json(server, "/user.auth.xboxlive.com/user/authenticate", &body).await
}

async fn xsts(server: &TestServer, user_token: &str, relying_party: &str) -> Reply {
    let body = json!({
        "RelyingParty": relying_party,
        "TokenType": "JWT",
        "Properties": { "UserTokens": [user_token], "SandboxId": "RETAIL" },
    });
    post_json(server, "/xsts.auth.xboxlive.com/xsts/authorize", &body).await
}

async fn spartan(server: &TestServer, xsts_token: &str) -> Reply {
    let body = json!({
        "Audience": "urn:343:s3:services",
        "MinVersion": "4",
        "Proof": [{ "Token": xsts_token, "TokenType": "Xbox_XSTSv3" }],
    });
    post_json(
        server,
        "/settings.svc.halowaypoint.com/spartan-token",
        &body,
    )
    .await
}

/// Refresh token -> access -> user token -> Halo XSTS -> Spartan token.
async fn spartan_from_refresh(server: &TestServer, refresh_token: &str) -> String {
    let tokens = refresh(server, refresh_token).await.json();
    let user = user_token(server, tokens["access_token"].as_str().unwrap())
        .await
        .json();
    let halo = xsts(server, user["Token"].as_str().unwrap(), HALO_RELYING_PARTY)
        .await
        .json();
    spartan(server, halo["Token"].as_str().unwrap())
        .await
        .json()["SpartanToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn runs_the_whole_chain() {
    let server = TestServer::start().await.unwrap();
    let redirect = authorize(&server, DEFAULT_REDIRECT_URI).await;
    assert_eq!(redirect.status, 302);
    let location = redirect.header("location").unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{DEFAULT_REDIRECT_URI}?code=")),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz"));

    let tokens = exchange(&server, &code_of(&location)).await;
    assert_eq!(tokens.status, 200);
    let tokens = tokens.json();
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["scope"], "Xboxlive.signin Xboxlive.offline_access");

    let user = user_token(&server, tokens["access_token"].as_str().unwrap())
        .await
        .json();
    let user_token = user["Token"].as_str().unwrap();
    let uhs = user["DisplayClaims"]["xui"][0]["uhs"]
        .as_str()
        .unwrap()
        .to_owned();

    let live = xsts(&server, user_token, XBOX_LIVE_RELYING_PARTY)
        .await
        .json();
    let claims = &live["DisplayClaims"]["xui"][0];
    assert_eq!(claims["xid"], "2535445291321133");
    assert_eq!(claims["gtg"], "aCurtis X89");
    assert_eq!(claims["uhs"], uhs.as_str());

    let halo = xsts(&server, user_token, HALO_RELYING_PARTY).await.json();
    let wrong_party = spartan(&server, live["Token"].as_str().unwrap()).await;
    assert_eq!(
        wrong_party.status, 401,
        "the Spartan token wants a Halo XSTS token"
    );
    let spartan_reply = spartan(&server, halo["Token"].as_str().unwrap())
        .await
        .json();
    assert_eq!(spartan_reply["TokenDuration"], "PT4H0S");
    assert!(
        spartan_reply["ExpiresUtc"]["ISO8601Date"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let spartan_token = spartan_reply["SpartanToken"].as_str().unwrap();

    let clearance = client::send(
        server.addr(),
        "GET",
        "/settings.svc.halowaypoint.com/oban/flight-configurations/titles/hi/audiences/RETAIL/players/xuid(2535445291321133)/active?sandbox=UNUSED&build=210921.22.01.10.1706-0",
        &[("x-343-authorization-spartan", spartan_token)],
        b"",
    )
    .await
    .reply();
    assert_eq!(clearance.status, 200);
    let flight = clearance.json()["FlightConfigurationId"]
        .as_str()
        .unwrap()
        .to_owned();

    let skill = client::send(
        server.addr(),
        "GET",
        &format!("/skill.svc.halowaypoint.com/hi/matches/{SLAYER_ID}/skill?players=xuid(2535445291321133)"),
        &[("x-343-authorization-spartan", spartan_token), ("343-clearance", &flight)],
        b"",
    )
    .await
    .reply();
    assert_eq!(skill.status, 200);

    let stats = server.stats();
    assert_eq!(
        (
            stats.authorizations,
            stats.code_grants,
            stats.refresh_grants,
            stats.user_tokens
        ),
        (1, 1, 0, 1)
    );
    assert_eq!(
        (stats.xsts_tokens, stats.spartan_tokens, stats.clearances),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn refresh_tokens_rotate() {
    let server = TestServer::start().await.unwrap();
    let first = refresh(&server, DEFAULT_REFRESH_TOKEN).await;
    assert_eq!(first.status, 200);
    let next = first.json()["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(next, DEFAULT_REFRESH_TOKEN);
    assert_eq!(server.stats().refresh_grants, 1);

    let replay = refresh(&server, DEFAULT_REFRESH_TOKEN).await;
    assert_eq!(replay.status, 400);
    assert_eq!(replay.json()["error"], "invalid_grant");
    assert_eq!(refresh(&server, &next).await.status, 200);
    assert_eq!(server.stats().refresh_grants, 2);
}

#[tokio::test]
async fn refresh_tokens_can_stay_put() {
    let server = TestServer::builder()
        .rotate_refresh_tokens(false)
        .build()
        .start()
        .await
        .unwrap();
    let token = server.mint_refresh_token();
    let reply = refresh(&server, &token).await.json();
    assert_eq!(reply["refresh_token"], token.as_str());
    assert_eq!(refresh(&server, &token).await.status, 200);
}

#[tokio::test]
async fn checks_client_secret_redirect_and_code() {
    let server = TestServer::start().await.unwrap();
    let wrong_secret = post_form(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", DEFAULT_REFRESH_TOKEN),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", "nope"),
        ],
    )
    .await;
    assert_eq!(wrong_secret.status, 401);
    assert_eq!(wrong_secret.json()["error"], "invalid_client");
    let no_secret = post_form(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", DEFAULT_REFRESH_TOKEN),
            ("client_id", DEFAULT_CLIENT_ID),
        ],
    )
    .await;
    assert_eq!(no_secret.status, 401);
    let wrong_client = post_form(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "someone-else"),
        ],
    )
    .await;
    assert_eq!(wrong_client.json()["error"], "invalid_client");

    let foreign = authorize(&server, "https://evil.example/cb").await;
    assert_eq!(foreign.status, 400);

    let location = authorize(&server, "http://localhost:9999/other")
        .await
        .header("location")
        .unwrap()
        .to_owned();
    let mismatch = exchange(&server, &code_of(&location)).await;
    assert_eq!(mismatch.status, 400);
    assert_eq!(mismatch.json()["error"], "invalid_grant");

    let location = authorize(&server, DEFAULT_REDIRECT_URI)
        .await
        .header("location")
        .unwrap()
        .to_owned();
    let code = code_of(&location);
    assert_eq!(exchange(&server, &code).await.status, 200);
    assert_eq!(
        exchange(&server, &code).await.json()["error"],
        "invalid_grant",
        "codes are single-use"
    );
}

#[tokio::test]
async fn public_clients_may_omit_the_secret_when_allowed() {
    let server = TestServer::builder()
        .allow_public_client(true)
        .build()
        .start()
        .await
        .unwrap();
    let reply = post_form(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", DEFAULT_REFRESH_TOKEN),
            ("client_id", DEFAULT_CLIENT_ID),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn xsts_refuses_a_user_without_xbox_profile() {
    let server = TestServer::builder()
        .user(TestUser::without_xbox_profile())
        .build()
        .start()
        .await
        .unwrap();
    let tokens = refresh(&server, DEFAULT_REFRESH_TOKEN).await.json();
    let user = user_token(&server, tokens["access_token"].as_str().unwrap())
        .await
        .json();
    let reply = xsts(&server, user["Token"].as_str().unwrap(), HALO_RELYING_PARTY).await;
    assert_eq!(reply.status, 401);
    let body = reply.json();
    assert_eq!(body["XErr"], 2_148_916_233_u64);
    assert_eq!(body["Identity"], "0");
    assert_eq!(body["Message"], "");
    assert!(body["Redirect"].is_string());
}

#[tokio::test]
async fn spartan_tokens_expire() {
    let server = TestServer::builder()
        .spartan_token_lifetime(Duration::from_millis(300))
        .build()
        .start()
        .await
        .unwrap();
    let token = spartan_from_refresh(&server, DEFAULT_REFRESH_TOKEN).await;
    let path = format!("/{STATS}/hi/matches/{SLAYER_ID}/stats");
    let fresh = client::send(
        server.addr(),
        "GET",
        &path,
        &[("x-343-authorization-spartan", &token)],
        b"",
    )
    .await;
    assert_eq!(fresh.reply().status, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let stale = client::send(
        server.addr(),
        "GET",
        &path,
        &[("x-343-authorization-spartan", &token)],
        b"",
    )
    .await;
    assert_eq!(stale.reply().status, 401);
}

#[tokio::test]
async fn xbox_tokens_need_the_contract_header_and_a_valid_ticket() {
    let server = TestServer::start().await.unwrap();
    let body = json!({ "Properties": { "RpsTicket": "d=forged" } });
    assert_eq!(
        post_json(&server, "/user.auth.xboxlive.com/user/authenticate", &body)
            .await
            .status,
        401
    );
    let no_header = client::send(
        server.addr(),
        "POST",
        "/user.auth.xboxlive.com/user/authenticate",
        &[],
        body.to_string().as_bytes(),
    )
    .await
    .reply();
    assert_eq!(no_header.status, 400);
}

#[tokio::test]
async fn xbox_live_routes_take_the_xbl3_header() {
    let server = TestServer::start().await.unwrap();
    let tokens = refresh(&server, DEFAULT_REFRESH_TOKEN).await.json();
    let user = user_token(&server, tokens["access_token"].as_str().unwrap())
        .await
        .json();
    let live = xsts(
        &server,
        user["Token"].as_str().unwrap(),
        XBOX_LIVE_RELYING_PARTY,
    )
    .await
    .json();
    let claims = &live["DisplayClaims"]["xui"][0];
    let header = format!(
        "XBL3.0 x={};{}",
        claims["uhs"].as_str().unwrap(),
        live["Token"].as_str().unwrap()
    );
    let target = "/profile.xboxlive.com/users/me/profile/settings?settings=SpeechAccessibility";
    let ok = client::send(
        server.addr(),
        "GET",
        target,
        &[("Authorization", &header), ("x-xbl-contract-version", "2")],
        b"",
    )
    .await
    .reply();
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.header("x-halo-testkit-endpoint"),
        Some("Xbl_GetProfileSettingsForSpeechAccessibility")
    );
    assert_eq!(
        ok.json()["profileUsers"][0]["settings"][0]["value"],
        "aCurtis X89"
    );
    let forged = client::send(
        server.addr(),
        "GET",
        target,
        &[("Authorization", "XBL3.0 x=1;forged")],
        b"",
    )
    .await;
    assert_eq!(forged.reply().status, 401);
    let recorded = server.requests();
    assert_eq!(
        recorded.last().unwrap().header("authorization"),
        Some("<redacted>")
    );
}

#[tokio::test]
async fn xsts_refuses_a_child_account() {
    let server = TestServer::builder()
        .user(TestUser::child_account())
        .build()
        .start()
        .await
        .unwrap();
    let tokens = refresh(&server, DEFAULT_REFRESH_TOKEN).await.json();
    let user = user_token(&server, tokens["access_token"].as_str().unwrap())
        .await
        .json();
    let reply = xsts(
        &server,
        user["Token"].as_str().unwrap(),
        XBOX_LIVE_RELYING_PARTY,
    )
    .await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["XErr"], 2_148_916_238_u64);
}
