//! The real client over real sockets against halo-testkit: typed endpoints answering the
//! captures, and the fault matrix (fresh-match 404s, 429 pausing every clone, 503 bursts,
//! resets, truncated and malformed bodies, token expiry under 64 concurrent requests, no retry
//! of non-idempotent requests). Catalog delays are shrunk a thousandfold to keep it fast.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::served::{auth_config, client_of, static_tokens};
use futures_util::TryStreamExt;
use halo_client::token::TokenFuture;
use halo_client::{
    BaseUrl, Client, ErrorKind, PolicyOverride, RateLimit, Route, SharedTokenSource, TokenSource,
    Tokens,
};
use halo_models::{MatchId, Xuid};
use halo_testkit::{DEFAULT_XUID, FaultAction, FaultPlan, FaultRule, TestServer};
use http::StatusCode;

const SLAYER: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";

fn fast() -> PolicyOverride {
    PolicyOverride::new().delay_scale(0.001)
}

fn client_for(server: &TestServer, tokens: impl Into<SharedTokenSource>) -> Client {
    client_of(server, tokens, fast())
}

async fn server_with(faults: FaultPlan) -> TestServer {
    TestServer::builder()
        .faults(faults)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

fn slayer() -> MatchId {
    SLAYER.parse().unwrap()
}

/// `send`, `send_raw` and `bytes().send()` prepare the request when called and own what they
/// need: the futures outlive the `Call` and the client handle, and can be spawned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_futures_are_owned_and_spawnable() {
    let server = server_with(FaultPlan::default()).await;
    let client = client_for(&server, static_tokens());
    let typed = client.stats().match_stats(slayer()).send();
    let raw = client.stats().match_count(Xuid(DEFAULT_XUID)).send_raw();
    let bytes = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .bytes()
        .send();
    drop(client);
    let stats = tokio::spawn(typed).await.unwrap().unwrap();
    let scores: Vec<(i64, i64)> = stats.teams.iter().map(|t| (t.team_id, t.score())).collect();
    assert_eq!(scores, [(0, 31), (1, 50)]);
    let raw = tokio::spawn(raw).await.unwrap().unwrap();
    assert_eq!(raw.endpoint(), "Stats_GetMatchCount");
    let count: halo_models::MatchCount = raw.json().unwrap();
    // The offline world: 2,664 matchmade matches and 5 captured custom games.
    assert_eq!(count.matches_played_count, 2669);
    let bytes = tokio::spawn(bytes).await.unwrap().unwrap();
    assert_eq!(bytes, raw.body());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_endpoints_answer_the_captures() {
    let server = TestServer::builder()
        .history_matches(60)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let client = client_for(&server, static_tokens());

    let stats = client.stats().match_stats(slayer()).await.unwrap();
    let scores: Vec<(i64, i64)> = stats.teams.iter().map(|t| (t.team_id, t.score())).collect();
    assert_eq!(scores, [(0, 31), (1, 50)]);
    assert_eq!(stats.human_players().count(), 8);

    let record = client
        .stats()
        .service_record(Xuid(DEFAULT_XUID))
        .await
        .unwrap();
    // The offline world's record sums the player's 55 matchmade matches: their 60 matches
    // hold the 5 captured custom games.
    assert_eq!(record.matches_completed, 55);

    let ranks = client.cms().career_reward_track().await.unwrap();
    assert_eq!(ranks.ranks.len(), 272);

    let count = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .await
        .unwrap();
    assert_eq!(count.matchmade_matches_played_count, 55);
    assert_eq!(count.custom_matches_played_count, 5);
    assert_eq!(count.matches_played_count, 60);

    // The history as a stream of matches: 60 matches over three pages, newest first.
    let matches: Vec<_> = client
        .stats()
        .match_history(Xuid(DEFAULT_XUID))
        .matches()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(matches.len(), 60);
    let pages = server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("Stats_GetMatchHistory"))
        .count();
    assert_eq!(pages, 3);
    let ids: std::collections::HashSet<_> = matches.iter().map(|m| m.match_id).collect();
    assert_eq!(ids.len(), 60);

    let user = client.profile().user(Xuid(DEFAULT_XUID)).await.unwrap();
    assert_eq!(user.gamertag, halo_testkit::DEFAULT_GAMERTAG);

    // Any endpoint by id, typed through halo-models' dispatcher.
    let any = client
        .endpoint("Stats_GetMatchStats")
        .unwrap()
        .path_param("matchId", SLAYER)
        .any()
        .await
        .unwrap();
    assert_eq!(any.endpoint_id(), "Stats_GetMatchStats");

    // Tokens went out (the testkit records them redacted); the clearance only where the route
    // is clearance-aware.
    let requests = server.requests();
    let skill_free = requests
        .iter()
        .find(|r| r.endpoint.as_deref() == Some("Stats_GetMatchStats"))
        .unwrap();
    assert!(skill_free.header("x-343-authorization-spartan").is_some());
    assert_eq!(skill_free.header("343-clearance"), None);
    let cms = requests
        .iter()
        .find(|r| r.endpoint.as_deref() == Some("GameCms_GetCareerRewardTrack"))
        .unwrap();
    assert!(cms.header("343-clearance").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_match_answers_404_then_its_stats() {
    let server = server_with(FaultPlan::new().rule(FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::NotFoundThenSuccess { calls: 3 },
    )))
    .await;
    let client = client_for(&server, static_tokens());
    let response = client
        .stats()
        .match_stats(slayer())
        .send_raw()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 4);
    let stats: halo_models::MatchStats = response.json().unwrap();
    assert_eq!(stats.match_id, slayer());
    // Match count has no 404 retry in its policy.
    let server = server_with(FaultPlan::new().rule(FaultRule::endpoint(
        "Stats_GetMatchCount",
        FaultAction::Status {
            status: 404,
            retry_after: None,
            body: Some(r#"{"error":"gone"}"#.to_owned()),
        },
    )))
    .await;
    let client = client_for(&server, static_tokens());
    let error = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.body().unwrap().as_ref(), br#"{"error":"gone"}"#);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_every_clone() {
    let server = TestServer::builder()
        .rate_limit(halo_testkit::RateLimit::new(2.0, 2))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let first = client_for(&server, static_tokens());
    let second = first.clone();
    // Two requests empty the bucket; the third is refused with Retry-After: 1.
    first.stats().match_stats(slayer()).await.unwrap();
    first.stats().match_stats(slayer()).await.unwrap();
    let refused = tokio::spawn(async move { first.stats().match_stats(slayer()).send_raw().await });
    // Wait until the client has read the 429 (the pause is set), not merely until the
    // server has sent it: between the two, a request from the other clone still goes out.
    while second.limiter().paused_until().is_none() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // The other clone waits for the pause instead of being refused too.
    let other = second
        .stats()
        .match_stats(slayer())
        .send_raw()
        .await
        .unwrap();
    assert_eq!(other.attempts(), 1);
    assert_eq!(refused.await.unwrap().unwrap().attempts(), 2);
    assert_eq!(server.stats().rate_limited, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_of_503_and_resets_are_retried_for_gets() {
    let server = server_with(
        FaultPlan::new()
            .rule(
                FaultRule::endpoint(
                    "Stats_GetMatchStats",
                    FaultAction::Status {
                        status: 503,
                        retry_after: None,
                        body: None,
                    },
                )
                .first(3),
            )
            .rule(
                FaultRule::endpoint("Stats_GetMatchCount", FaultAction::ResetBeforeHeaders)
                    .first(1),
            )
            .rule(
                FaultRule::endpoint("Stats_GetChallengeDecks", FaultAction::ResetAfterHeaders)
                    .first(1),
            ),
    )
    .await;
    let client = client_for(&server, static_tokens());
    let response = client
        .stats()
        .match_stats(slayer())
        .send_raw()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 4);
    let count = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .send_raw()
        .await
        .unwrap();
    assert_eq!(count.attempts(), 2);
    let decks = client
        .stats()
        .challenge_decks(Xuid(DEFAULT_XUID))
        .send_raw()
        .await
        .unwrap();
    assert_eq!(decks.attempts(), 2);

    // A burst longer than the policy: the last status, after 1 + 1 attempts (linearretry).
    let server = server_with(FaultPlan::new().rule(FaultRule::endpoint(
        "Stats_GetMatchCount",
        FaultAction::Status {
            status: 503,
            retry_after: Some(0),
            body: None,
        },
    )))
    .await;
    let client = client_for(&server, static_tokens());
    let error = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RetriesExhausted { attempts: 2, .. }
        ),
        "{error}"
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_and_malformed_bodies() {
    let server = server_with(
        FaultPlan::new()
            .rule(
                FaultRule::endpoint("Stats_GetMatchStats", FaultAction::Truncate { bytes: 100 })
                    .first(1),
            )
            .rule(FaultRule::endpoint(
                "Stats_GetMatchCount",
                FaultAction::Truncate { bytes: 10 },
            ))
            .rule(FaultRule::endpoint(
                "Stats_GetChallengeDecks",
                FaultAction::MalformedJson,
            )),
    )
    .await;
    let client = client_for(&server, static_tokens());
    // Cut short once: retried, then whole.
    let response = client
        .stats()
        .match_stats(slayer())
        .send_raw()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    // Always cut short: a body error after the policy's retries.
    let error = client
        .stats()
        .match_count(Xuid(DEFAULT_XUID))
        .await
        .unwrap_err();
    assert!(
        matches!(error.last_attempt().kind(), ErrorKind::Body { .. }),
        "{error}"
    );
    // Malformed JSON: a decode error with the body, not retried.
    let error = client
        .stats()
        .challenge_decks(Xuid(DEFAULT_XUID))
        .await
        .unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert!(error.body().is_some_and(|body| !body.is_empty()));
    assert_eq!(error.endpoint(), Some("Stats_GetChallengeDecks"));
    let decks = server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("Stats_GetChallengeDecks"))
        .count();
    assert_eq!(decks, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_idempotent_requests_are_not_retried() {
    let server = server_with(
        FaultPlan::new()
            .rule(FaultRule::path(
                "**/currencies/*/transactions",
                FaultAction::Status {
                    status: 503,
                    retry_after: None,
                    body: None,
                },
            ))
            .rule(FaultRule::path(
                "**/hi/maps",
                FaultAction::ResetBeforeHeaders,
            )),
    )
    .await;
    let client = client_for(&server, static_tokens());
    let error = client
        .request(Route::by_id("Economy_PostCurrencyTransaction").unwrap())
        .path_param("player", Xuid(DEFAULT_XUID).wrapped())
        .path_param("currencyId", "cr")
        .map_request(|r| r.json_body(&serde_json::json!({"Amount": 1})))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let error = client
        .request(Route::by_id("HIUGC_SpawnAsset").unwrap())
        .path_param("title", "hi")
        .path_param("assetType", "maps")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error}");
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2);
}

/// Caches the provider's tokens and never checks expiry itself, so an expired token reaches
/// the server and the auth layer's 401 path (refresh once, single-flight) is what recovers.
struct Lazy {
    provider: halo_auth::TokenProvider,
    cached: Mutex<Option<Tokens>>,
}

impl TokenSource for Lazy {
    fn tokens(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            if let Some(tokens) = self.cached.lock().unwrap().clone() {
                return Ok(tokens);
            }
            let tokens = TokenSource::tokens(&self.provider).await?;
            *self.cached.lock().unwrap() = Some(tokens.clone());
            Ok(tokens)
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a> {
        Box::pin(async move {
            let tokens = TokenSource::refresh(&self.provider, rejected).await?;
            *self.cached.lock().unwrap() = Some(tokens.clone());
            Ok(tokens)
        })
    }
}

/// halo-auth's provider against `server`, each token used until its very expiry.
fn provider(server: &TestServer) -> halo_auth::TokenProvider {
    halo_auth::TokenProvider::new(auth_config(server).with_refresh_margin(Duration::ZERO)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_expiry_under_64_concurrent_requests_causes_one_refresh() {
    let lifetime = Duration::from_secs(2);
    let server = TestServer::builder()
        .spartan_token_lifetime(lifetime)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let source = Arc::new(Lazy {
        provider: provider(&server),
        cached: Mutex::new(None),
    });
    struct Shared(Arc<Lazy>);
    impl TokenSource for Shared {
        fn tokens(&self) -> TokenFuture<'_> {
            self.0.tokens()
        }
        fn refresh<'a>(&'a self, rejected: &'a Tokens) -> TokenFuture<'a> {
            self.0.refresh(rejected)
        }
    }
    let client = client_for(&server, Shared(Arc::clone(&source)));
    client.stats().match_stats(slayer()).await.unwrap();
    assert_eq!(server.stats().spartan_tokens, 1);
    tokio::time::sleep(lifetime + Duration::from_millis(300)).await;

    let mut tasks = Vec::new();
    for _ in 0..64 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.stats().match_stats(slayer()).send_raw().await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let stats = server.stats();
    assert_eq!(
        stats.spartan_tokens, 2,
        "one refresh for 64 refused requests"
    );
    assert!(stats.unauthorized >= 1);

    // halo-auth's own provider, used directly, refreshes before sending: one refresh too.
    tokio::time::sleep(lifetime + Duration::from_millis(300)).await;
    let direct = client_with_provider(&server, source.provider.clone());
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let client = direct.clone();
        tasks.push(tokio::spawn(async move {
            client.stats().match_stats(slayer()).send_raw().await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.stats().spartan_tokens, 3);
}

fn client_with_provider(server: &TestServer, provider: halo_auth::TokenProvider) -> Client {
    client_for(server, provider)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_size_cap_refuses_large_bodies() {
    let server = server_with(FaultPlan::new()).await;
    let capped = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .tokens(static_tokens())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let error = capped.stats().match_stats(slayer()).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Body { .. }), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

/// A page that fails after its retries ends the match stream with an error that says how many
/// matches came through; the page's status stays reachable.
#[tokio::test]
async fn a_failing_page_ends_the_stream_with_what_came_through() {
    let faults = FaultPlan::new()
        .rule(FaultRule::endpoint("Stats_GetMatchHistory", FaultAction::Delay { ms: 0 }).first(1))
        .rule(FaultRule::endpoint(
            "Stats_GetMatchHistory",
            FaultAction::Status {
                status: 503,
                retry_after: None,
                body: None,
            },
        ));
    let server = server_with(faults).await;
    let client = client_for(&server, static_tokens());
    let mut rows = client.stats().match_history(Xuid(DEFAULT_XUID)).matches();
    let mut received = 0;
    let error = loop {
        match futures_util::StreamExt::next(&mut rows).await {
            Some(Ok(_)) => received += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without the error"),
        }
    };
    assert_eq!(received, 25);
    assert!(
        matches!(error.kind(), ErrorKind::Partial { received: 25 }),
        "{error}"
    );
    assert_eq!(error.received(), 25);
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.endpoint(), Some("Stats_GetMatchHistory"));
    assert!(
        error
            .to_string()
            .starts_with("Stats_GetMatchHistory: stopped after 25 items: gave up after 2 attempts"),
        "{error}"
    );
    assert!(futures_util::StreamExt::next(&mut rows).await.is_none());
}
