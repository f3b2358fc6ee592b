//! Odd and hostile requests never take the server down.

use halo_testkit::{DEFAULT_SPARTAN_TOKEN, FaultAction, FaultPlan, FaultRule, TestServer};

use crate::client::{self, Wire};
use crate::{SLAYER_ID, STATS, get_ok};

const PIECES: &[&str] = &[
    "halostats.svc.halowaypoint.com",
    "skill.svc.halowaypoint.com",
    "gamecms-hacs.svc.halowaypoint.com",
    "login.live.com",
    "blobs-infiniteugc.svc.halowaypoint.com",
    "hi",
    "matches",
    "players",
    "xuid(",
    "xuid(€€)",
    "gt(%F0%9F%92%A9)",
    ")",
    "{matchId}",
    "%",
    "%zz",
    "..",
    "",
    "stats",
    "skill",
    "users",
    "ugcstorage",
    "film",
    "filmChunk99999999999999999999",
    "Progression",
    "file",
    "b4be1c44-5782-42b3-8cf8-0d76dd87230c",
    "ééé",
];

const QUERIES: &[&str] = &[
    "",
    "?",
    "?start=-1",
    "?count=99999999999999999999",
    "?players=xuid(",
    "?a=%",
    "?type=LOCAL&start=3",
    "?&&==",
];

#[tokio::test]
async fn random_paths_methods_and_queries_always_get_an_answer() {
    let plan = FaultPlan::new()
        .seed(3)
        .rule(FaultRule::path("**/stats", FaultAction::MalformedJson).probability(0.2));
    let server = TestServer::builder()
        .faults(plan)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let mut state: u64 = 0x1234_5678;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n
    };
    for _ in 0..300 {
        let segments = 1 + next(6);
        let mut path = String::new();
        for _ in 0..segments {
            path.push('/');
            path.push_str(PIECES[next(PIECES.len())]);
        }
        path.push_str(QUERIES[next(QUERIES.len())]);
        let method = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"][next(7)];
        let body: &[u8] = if next(2) == 0 {
            b""
        } else {
            b"grant_type=refresh_token&refresh_token=%"
        };
        let headers = [
            ("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN),
            ("343-clearance", "\u{e9}"),
            ("x-xbl-contract-version", "1"),
        ];
        let target = path.replace(' ', "%20");
        let bytes = client::request_bytes(method, &target, &headers[..next(4)], body);
        if let Wire::Reply(reply) = client::send_raw(server.addr(), &bytes).await {
            assert!((200..600).contains(&reply.status));
        }
    }
    let reply = get_ok(&server, STATS, &format!("/hi/matches/{SLAYER_ID}/skill")).await;
    assert_eq!(reply.status, 404, "still serving");
    assert!(server.stats().requests >= 300);
}

#[tokio::test]
async fn oversized_headers_and_bodies_are_refused_not_fatal() {
    let server = TestServer::start().await.unwrap();
    let long = "a".repeat(200_000);
    let _ = client::send(server.addr(), "GET", &format!("/{STATS}/{long}"), &[], b"").await;
    let _ = client::send(server.addr(), "GET", "/", &[("x-big", long.as_str())], b"").await;
    let big_body = vec![b'x'; 5 * 1024 * 1024];
    let wire = client::send(
        server.addr(),
        "POST",
        "/login.live.com/oauth20_token.srf",
        &[],
        &big_body,
    )
    .await;
    if let Wire::Reply(reply) = wire {
        assert_eq!(reply.status, 413);
    }
    assert_eq!(
        get_ok(&server, STATS, &format!("/hi/matches/{SLAYER_ID}/stats"))
            .await
            .status,
        200
    );
}
