//! Page and item streams over halo-testkit: a synthetic player with 1,000 matches, the UGC search
//! paged over its captured results, the client's rate limit kept under the server's, and a
//! failed page ending the stream with where to resume.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use futures_util::{StreamExt, TryStreamExt};
use halo_client::operations::hiugc::DiscoverySearch;
use halo_client::operations::stats::GetMatchHistory;
use halo_client::{BaseUrl, Client, ErrorKind, Paged, PolicyOverride, RateLimit, StaticTokens};
use halo_models::Xuid;
use halo_testkit::{
    DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, DEFAULT_XUID, FaultAction, FaultPlan, FaultRule,
    TestServer,
};

fn client_for(server: &TestServer, rate_limit: RateLimit) -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(rate_limit)
        .retry(PolicyOverride::new().delay_scale(0.001))
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap()
}

fn requests_to(server: &TestServer, endpoint: &str) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.endpoint.as_deref() == Some(endpoint))
        .map(|r| r.query.unwrap_or_default())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_matches_in_forty_full_pages_newest_first() {
    let server = TestServer::builder()
        .history_matches(1000)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let client = client_for(&server, RateLimit::Off);
    let matches: Vec<_> = client
        .items(GetMatchHistory::new(Xuid(DEFAULT_XUID)).count(25))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(matches.len(), 1000);
    let ids: HashSet<_> = matches.iter().map(|m| m.match_id).collect();
    assert_eq!(ids.len(), 1000, "every match once");
    assert!(
        matches
            .windows(2)
            .all(|w| w[0].match_info.start_time >= w[1].match_info.start_time),
        "newest first"
    );
    let pages = requests_to(&server, "Stats_GetMatchHistory");
    // 40 full pages, then the empty 41st (a history says nothing of its length) ends it.
    assert_eq!(pages.len(), 41);
    assert_eq!(pages[0], "count=25", "the first page as asked");
    assert_eq!(pages[1], "start=25&count=25");
    assert_eq!(pages[39], "start=975&count=25");
    assert_eq!(pages[40], "start=1000&count=25");

    // Without a count the page size is not known: the short page (1,000 - 990 = 10) is
    // followed by one more request, whose empty page ends the stream unseen.
    server.clear_requests();
    let pages: Vec<_> = client
        .pages(GetMatchHistory::new(Xuid(DEFAULT_XUID)).start(990))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].results.len(), 10);
    assert_eq!(
        requests_to(&server, "Stats_GetMatchHistory"),
        ["start=990", "start=1000"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_keeps_under_the_server_rate_limit() {
    // The server allows 50 requests a second (burst 5); the client sends at most 40.
    let server = TestServer::builder()
        .history_matches(1000)
        .rate_limit(halo_testkit::RateLimit::new(50.0, 5))
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let client = client_for(&server, RateLimit::per_second(40.0));
    let count = client
        .items(GetMatchHistory::new(Xuid(DEFAULT_XUID)))
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap();
    assert_eq!(count, 1000);
    assert_eq!(server.stats().rate_limited, 0, "no page was refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_results_page_by_page() {
    let server = TestServer::start_without_env_faults().await.unwrap();
    let client = client_for(&server, RateLimit::Off);
    // The captured search holds 10 results: pages of 3, 3, 3 and 1.
    let pages: Vec<_> = client
        .pages(DiscoverySearch::new().count(3))
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.results.len()).collect();
    assert_eq!(sizes, [3, 3, 3, 1]);
    let names: Vec<String> = client
        .ugc()
        .search()
        .count(4)
        .results()
        .map_ok(|result| result.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names.len(), 10);
    let first_page = client.ugc().search().count(10).await.unwrap();
    let expected: Vec<String> = first_page.results.into_iter().map(|r| r.name).collect();
    assert_eq!(names, expected, "the same results in the same order");
    assert_eq!(
        requests_to(&server, "HIUGC_Discovery_Search")
            .iter()
            .filter(|q| q.contains("count=4"))
            .count(),
        3
    );
    // An invalid page size is refused before any request.
    let refused = client
        .ugc()
        .search()
        .count(500)
        .results()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused.received(), 0);
    assert!(
        matches!(refused.kind(), ErrorKind::Build { .. }),
        "{refused}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_page_ends_the_stream_with_where_to_resume() {
    // The third page answers 500 (and the client does not retry it).
    let plan = FaultPlan::new().rule(
        FaultRule::endpoint(
            "Stats_GetMatchHistory",
            FaultAction::Status {
                status: 500,
                retry_after: None,
                body: None,
            },
        )
        .every_nth(3),
    );
    let server = TestServer::builder()
        .history_matches(100)
        .faults(plan)
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .retry(PolicyOverride::new().max_retries(0))
        .tokens(StaticTokens::new(DEFAULT_SPARTAN_TOKEN, Some(DEFAULT_CLEARANCE_ID)).unwrap())
        .build()
        .unwrap();
    let operation = GetMatchHistory::new(Xuid(DEFAULT_XUID)).count(25);
    let results: Vec<_> = client.items(operation.clone()).collect().await;
    assert_eq!(results.len(), 51, "50 matches, then the error");
    assert!(results[..50].iter().all(Result::is_ok));
    let error = results[50].as_ref().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Partial { received: 50 }),
        "{error}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    // The failed page, where to resume, starts after what came through.
    let resume = Paged::start(&operation) + u32::try_from(error.received()).unwrap();
    assert_eq!(resume, 50);
    let rest: Vec<_> = client
        .items(Paged::with_start(operation, resume))
        .collect()
        .await;
    assert!(rest[0].is_ok(), "the resumed stream answers the 51st match");
}
