//! Several clients sharing one halo-auth `TokenProvider`: a Spartan token the service refuses
//! is refreshed once, however many clients and callers saw it refused.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::fake::{Answer, Fake};
use common::served::provider;
use halo_client::{RateLimit, Route};
use halo_testkit::TestServer;

/// A match-stats body trimmed to the field the test reads.
const STATS: &str = r#"{"MatchId":"9535b946-f30c-4a43-b852-000000000000"}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_times_32_callers_refresh_a_refused_token_once() {
    // The auth chain runs against the testkit; the Halo service is a fake that refuses the
    // first Spartan token it sees (as a service does with a revoked token the provider still
    // believes valid) and accepts any other.
    let server = TestServer::start_without_env_faults().await.unwrap();
    let provider = provider(&server);
    let first = provider.halo_tokens().await.unwrap();
    assert_eq!(server.stats().spartan_tokens, 1);
    let refused = first.spartan.expose().to_owned();
    let fake = Fake::new(move |request, _| {
        let token = request.headers()["x-343-authorization-spartan"]
            .to_str()
            .unwrap();
        if token == refused {
            Answer::status(401, "").delay(Duration::from_millis(20))
        } else {
            Answer::ok(STATS)
        }
    });
    let clients = [
        fake_client!(fake, rate_limit = RateLimit::Off, tokens = provider.clone()),
        fake_client!(fake, rate_limit = RateLimit::Off, tokens = provider.clone()),
    ];

    let mut tasks = Vec::new();
    for client in &clients {
        for _ in 0..32 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client
                    .request(Route::by_id("Stats_GetMatchStats").unwrap())
                    .path_param("matchId", "9535b946-f30c-4a43-b852-000000000000")
                    .send()
                    .await
            }));
        }
    }
    for task in tasks {
        let stats = task.await.unwrap().unwrap();
        assert_eq!(stats["MatchId"], "9535b946-f30c-4a43-b852-000000000000");
    }
    assert_eq!(
        server.stats().spartan_tokens,
        2,
        "one refresh for one refused token, across both clients"
    );
    let refused = first.spartan.expose();
    let refusals = fake
        .seen()
        .iter()
        .filter(|seen| seen.headers["x-343-authorization-spartan"] == refused)
        .count();
    assert!(
        refusals >= 2,
        "both clients saw the token refused: {refusals}"
    );
    assert_ne!(provider.halo_tokens().await.unwrap().spartan, first.spartan);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_only_while_it_is_current() {
    // Two clients whose 401s arrive one after the other, each with the token it sent: the
    // second must get the first one's refresh, not start another.
    let server = TestServer::start_without_env_faults().await.unwrap();
    let provider = provider(&server);
    let old = halo_client::TokenSource::tokens(&provider).await.unwrap();
    let by_first = halo_client::TokenSource::refresh(&provider, &old)
        .await
        .unwrap();
    let by_second = halo_client::TokenSource::refresh(&provider, &old)
        .await
        .unwrap();
    assert_ne!(by_first, old);
    assert_eq!(by_second, by_first);
    assert_eq!(server.stats().spartan_tokens, 2, "one initial, one refresh");
    // A refusal of the new token is a new refusal: it refreshes again.
    let third = halo_client::TokenSource::refresh(&provider, &by_first)
        .await
        .unwrap();
    assert_ne!(third, by_first);
    assert_eq!(server.stats().spartan_tokens, 3);
}
