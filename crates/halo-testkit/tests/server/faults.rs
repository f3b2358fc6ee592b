//! Each fault action over the wire, rule selectors, and the fault file through the binary.

use halo_testkit::{FaultAction, FaultPlan, FaultRule, TestServer};

use crate::client::Wire;
use crate::{SLAYER_ID, STATS, get, get_ok};

async fn server_with(rule: FaultRule) -> TestServer {
    TestServer::builder()
        .faults(FaultPlan::new().rule(rule))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap()
}

fn stats_path(id: &str) -> String {
    format!("/hi/matches/{id}/stats")
}

#[tokio::test]
async fn status_with_retry_after_for_the_first_requests() {
    let action = FaultAction::Status {
        status: 503,
        retry_after: Some(7),
        body: Some("{\"message\":\"busy\"}".into()),
    };
    let server = server_with(FaultRule::endpoint("Stats_GetMatchStats", action).first(2)).await;
    for _ in 0..2 {
        let reply = get_ok(&server, STATS, &stats_path(SLAYER_ID)).await;
        assert_eq!(reply.status, 503);
        assert_eq!(reply.header("retry-after"), Some("7"));
        assert_eq!(reply.json()["message"], "busy");
    }
    assert_eq!(
        get_ok(&server, STATS, &stats_path(SLAYER_ID)).await.status,
        200
    );
    assert_eq!(server.stats().faults_applied, 2);
}

#[tokio::test]
async fn every_nth_by_path_glob() {
    let action = FaultAction::Status {
        status: 500,
        retry_after: None,
        body: None,
    };
    let server = server_with(FaultRule::path("/hi/matches/*/stats", action).every_nth(2)).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(get_ok(&server, STATS, &stats_path(SLAYER_ID)).await.status);
    }
    assert_eq!(statuses, [200, 500, 200, 500]);
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let server = server_with(FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::Delay { ms: 50 },
    ))
    .await;
    let reply = get_ok(&server, STATS, &stats_path(SLAYER_ID)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["MatchId"], SLAYER_ID);
    assert_eq!(server.stats().faults_applied, 1);
}

#[tokio::test]
async fn reset_before_headers() {
    let server = server_with(
        FaultRule::endpoint("Stats_GetMatchStats", FaultAction::ResetBeforeHeaders).first(1),
    )
    .await;
    assert!(matches!(
        get(&server, STATS, &stats_path(SLAYER_ID)).await,
        Wire::NoResponse { .. }
    ));
    assert_eq!(
        get_ok(&server, STATS, &stats_path(SLAYER_ID)).await.status,
        200
    );
}

#[tokio::test]
async fn reset_after_headers() {
    let server = server_with(FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::ResetAfterHeaders,
    ))
    .await;
    let reply = get_ok(&server, STATS, &stats_path(SLAYER_ID)).await;
    assert_eq!(reply.status, 200);
    assert!(reply.truncated);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn truncated_body() {
    let server = server_with(FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::Truncate { bytes: 100 },
    ))
    .await;
    let reply = get_ok(&server, STATS, &stats_path(SLAYER_ID)).await;
    assert_eq!(reply.status, 200);
    assert!(reply.truncated);
    assert_eq!(reply.body.len(), 100);
    assert_eq!(reply.header("content-length"), Some("43272"));
}

#[tokio::test]
async fn malformed_json() {
    let server = server_with(FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::MalformedJson,
    ))
    .await;
    let reply = get_ok(&server, STATS, &stats_path(SLAYER_ID)).await;
    assert_eq!(reply.status, 200);
    assert!(!reply.truncated);
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
}

#[tokio::test]
async fn not_found_then_success_per_fresh_match() {
    let rule = FaultRule::endpoint(
        "Stats_GetMatchStats",
        FaultAction::NotFoundThenSuccess { calls: 2 },
    );
    let server = server_with(rule).await;
    // The zones capture's match.
    let other = "1b527ad3-80c8-44bf-abee-2d28fe9feafb";
    let mut statuses = Vec::new();
    for id in [SLAYER_ID, SLAYER_ID, SLAYER_ID, other, other, other] {
        statuses.push(get_ok(&server, STATS, &stats_path(id)).await.status);
    }
    assert_eq!(statuses, [404, 404, 200, 404, 404, 200]);
}

#[tokio::test]
async fn probability_is_reproducible_with_a_seed() {
    let run = || async {
        let plan = FaultPlan::new().seed(99).rule(
            FaultRule::endpoint(
                "Stats_GetMatchStats",
                FaultAction::Status {
                    status: 502,
                    retry_after: None,
                    body: None,
                },
            )
            .probability(0.5),
        );
        let server = TestServer::builder()
            .faults(plan)
            .faults_from_env(false)
            .build()
            .start()
            .await
            .unwrap();
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(get_ok(&server, STATS, &stats_path(SLAYER_ID)).await.status);
        }
        statuses
    };
    let first = run().await;
    assert_eq!(first, run().await);
    assert!(first.contains(&200) && first.contains(&502), "{first:?}");
}

#[tokio::test]
async fn binary_loads_the_fault_file_from_the_environment() {
    use std::io::BufRead;
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/faults.example.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_halo-testkit"))
        .env("HALO_TESTKIT_FAULTS", example)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().to_owned();
    let addr: std::net::SocketAddr = base.strip_prefix("http://").unwrap().parse().unwrap();
    // The example's first rule: the first two calls for a fresh match answer 404.
    let target = format!("/{STATS}{}", stats_path(SLAYER_ID));
    let headers = [(
        "x-343-authorization-spartan",
        halo_testkit::DEFAULT_SPARTAN_TOKEN,
    )];
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            crate::client::send(addr, "GET", &target, &headers, b"")
                .await
                .reply()
                .status,
        );
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(statuses, [404, 404, 200]);
}
