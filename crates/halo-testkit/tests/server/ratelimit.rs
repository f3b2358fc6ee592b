//! The per-token rate limit.

use halo_testkit::{DEFAULT_SPARTAN_TOKEN, RateLimit, TestServer};

use crate::client;
use crate::{SLAYER_ID, STATS};

#[tokio::test]
async fn answers_429_with_retry_after_per_token() {
    let server = TestServer::builder()
        .rate_limit(RateLimit::new(0.5, 2))
        .build()
        .start()
        .await
        .unwrap();
    let path = format!("/{STATS}/hi/matches/{SLAYER_ID}/stats");
    let send = |token: String| {
        let path = path.clone();
        let addr = server.addr();
        async move {
            client::send(
                addr,
                "GET",
                &path,
                &[("x-343-authorization-spartan", &token)],
                b"",
            )
            .await
            .reply()
        }
    };
    assert_eq!(send(DEFAULT_SPARTAN_TOKEN.to_owned()).await.status, 200);
    assert_eq!(send(DEFAULT_SPARTAN_TOKEN.to_owned()).await.status, 200);
    let limited = send(DEFAULT_SPARTAN_TOKEN.to_owned()).await;
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(
        send(server.mint_spartan_token()).await.status,
        200,
        "another token has its own bucket"
    );
    assert_eq!(server.stats().rate_limited, 1);
}
