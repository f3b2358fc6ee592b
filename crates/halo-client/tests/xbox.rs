//! Xbox Live over halo-testkit with halo-auth's provider (the whole sign-in chain played by the
//! testkit): the `XBL3.0` authorization added by the auth layer, profiles by gamertag, XUID and
//! batch, gamertag resolution cached per client, an unknown gamertag as a typed not-found.
#![allow(clippy::unwrap_used)]

mod common;

use common::served::{client_of, provider};
use halo_client::endpoints::XboxProfile;
use halo_client::{Client, ErrorKind, PlayerRef, PolicyOverride, StaticTokens};
use halo_models::Xuid;
use halo_testkit::{DEFAULT_GAMERTAG, DEFAULT_SPARTAN_TOKEN, DEFAULT_XUID, TestServer};

async fn setup() -> (TestServer, Client) {
    let server = TestServer::start_without_env_faults().await.unwrap();
    let client = client_clone_fresh(&server);
    (server, client)
}

fn profile_requests(server: &TestServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("XboxLive_GetProfileSettings"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_by_gamertag_xuid_and_batch_with_the_xbl_authorization() {
    let (server, client) = setup().await;
    let answer = client
        .xbox()
        .profile(PlayerRef::Gamertag(DEFAULT_GAMERTAG.to_owned()))
        .await
        .unwrap();
    let profiles = XboxProfile::all_of(&answer);
    assert_eq!(
        profiles,
        [XboxProfile {
            xuid: Xuid(DEFAULT_XUID),
            gamertag: DEFAULT_GAMERTAG.to_owned()
        }]
    );
    // The captured profile's other settings come through: its gamerscore.
    let gamerscore = answer.profile_users[0]
        .settings
        .iter()
        .find(|s| s.id == "Gamerscore")
        .map(|s| s.value.as_str());
    assert_eq!(gamerscore, Some("16966"));
    let sent = server
        .requests()
        .into_iter()
        .find(|r| r.endpoint.as_deref() == Some("XboxLive_GetProfileSettings"))
        .unwrap();
    assert_eq!(sent.path, "/users/gt(aCurtis%20X89)/profile/settings");
    let header = |name: &str| {
        sent.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    // The testkit accepted the XSTS token it issued for http://xboxlive.com; the recording
    // redacts it.
    assert_eq!(header("authorization").as_deref(), Some("<redacted>"));
    assert_eq!(header("x-xbl-contract-version").as_deref(), Some("3"));
    assert_eq!(header("x-343-authorization-spartan"), None);

    // Another player of the offline world, by XUID; a batch of two known and one unknown.
    let other = server
        .world()
        .players()
        .into_iter()
        .find(|p| p.xuid != DEFAULT_XUID)
        .unwrap();
    let by_xuid = client.xbox().profile(Xuid(other.xuid)).await.unwrap();
    assert_eq!(XboxProfile::all_of(&by_xuid)[0].gamertag, other.gamertag);
    let batch = client
        .xbox()
        .profiles([Xuid(DEFAULT_XUID), Xuid(7), Xuid(other.xuid)])
        .await
        .unwrap();
    let names: Vec<String> = XboxProfile::all_of(&batch)
        .into_iter()
        .map(|p| p.gamertag)
        .collect();
    assert_eq!(names, [DEFAULT_GAMERTAG.to_owned(), other.gamertag.clone()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gamertags_resolve_once_per_client() {
    let (server, client) = setup().await;
    let gamertag = PlayerRef::Gamertag(DEFAULT_GAMERTAG.to_owned());
    assert_eq!(client.resolve(&gamertag).await.unwrap(), Xuid(DEFAULT_XUID));
    assert_eq!(profile_requests(&server), 1);
    // Two cache hits: the same gamertag, and in another case.
    let upper = PlayerRef::Gamertag(DEFAULT_GAMERTAG.to_uppercase());
    assert_eq!(client.resolve(&gamertag).await.unwrap(), Xuid(DEFAULT_XUID));
    assert_eq!(client.resolve(&upper).await.unwrap(), Xuid(DEFAULT_XUID));
    assert_eq!(profile_requests(&server), 1, "two cache hits, no request");
    // Concurrent resolutions of a new client make one request.
    let other = client_clone_fresh(&server);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let other = other.clone();
            let gamertag = gamertag.clone();
            tokio::spawn(async move { other.resolve(&gamertag).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), Xuid(DEFAULT_XUID));
    }
    assert_eq!(profile_requests(&server), 2);
    // A XUID needs no request.
    assert_eq!(client.resolve(&PlayerRef::from(7)).await.unwrap(), Xuid(7));
    assert_eq!(profile_requests(&server), 2);
}

fn client_clone_fresh(server: &TestServer) -> Client {
    client_of(server, provider(server), PolicyOverride::new())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_gamertag_is_a_typed_not_found() {
    let (server, client) = setup().await;
    let nobody = PlayerRef::Gamertag("Nobody Here".to_owned());
    let error = client.resolve(&nobody).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::UnknownPlayer { gamertag } if gamertag == "Nobody Here"),
        "{error:?}"
    );
    assert!(error.is_not_found());
    assert_eq!(error.to_string(), "no player with gamertag `Nobody Here`");
    // A failure is not cached: asking again asks again.
    assert!(client.resolve(&nobody).await.is_err());
    assert_eq!(profile_requests(&server), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_search_answers_from_the_world_and_static_tokens_have_no_xbox_live() {
    let (_server, client) = setup().await;
    // No capture of people search exists: the testkit answers from its world's roster.
    let found = client.xbox().search("aCurtis", 5).await.unwrap();
    let people = found["people"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["gamertag"], DEFAULT_GAMERTAG);
    assert_eq!(people[0]["xuid"], DEFAULT_XUID.to_string());
    assert!(client.xbox().search("x", 0).url().is_err());

    let server = TestServer::start_without_env_faults().await.unwrap();
    let halo_only = client_of(
        &server,
        StaticTokens::new(DEFAULT_SPARTAN_TOKEN, None).unwrap(),
        PolicyOverride::new(),
    );
    let error = halo_only.xbox().me().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Auth { .. }), "{error:?}");
    assert!(error.to_string().contains("Xbox Live"), "{error}");
    assert!(
        server.requests().is_empty(),
        "nothing sent without the authorization"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_xbox_live_gamertags_resolve_by_the_halo_profile() {
    let server = TestServer::start_without_env_faults().await.unwrap();
    let client = client_of(
        &server,
        StaticTokens::new(DEFAULT_SPARTAN_TOKEN, None).unwrap(),
        PolicyOverride::new(),
    );
    assert!(!client.has_xbox_live());
    let gamertag = PlayerRef::Gamertag(DEFAULT_GAMERTAG.to_owned());
    assert_eq!(client.resolve(&gamertag).await.unwrap(), Xuid(DEFAULT_XUID));
    assert_eq!(client.resolve(&gamertag).await.unwrap(), Xuid(DEFAULT_XUID));
    let endpoints: Vec<String> = server
        .requests()
        .into_iter()
        .filter_map(|r| r.endpoint)
        .collect();
    assert_eq!(endpoints, ["Profile_GetUser"], "one request, cached");
    let error = client
        .resolve(&PlayerRef::Gamertag("Nobody Here".to_owned()))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::UnknownPlayer { .. }),
        "{error:?}"
    );
}
