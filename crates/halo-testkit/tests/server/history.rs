//! Match histories and counts of the world's players.

use std::collections::HashSet;

use halo_testkit::TestServer;

use crate::{STATS, get_ok};

const PLAYER: &str = "/hi/players/xuid(2535445291321133)";

#[tokio::test]
async fn default_history_starts_with_the_capture() {
    let server = TestServer::start().await.unwrap();
    let page = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=0&count=25"),
    )
    .await
    .json();
    assert_eq!(page["ResultCount"], 25);
    assert_eq!(
        page["Results"][0]["MatchId"],
        "63391382-6b88-43f9-9ff4-6313404c419c"
    );
    assert_eq!(
        page["Results"][24]["MatchId"],
        "fc63acc6-fe6b-4d84-b3b2-165740747d69"
    );
    let past = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=25&count=25"),
    )
    .await
    .json();
    // Then the older matches, up to the service record's 2,664.
    assert_eq!(past["ResultCount"], 25);
    assert_eq!(past["Start"], 25);
    let end = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=2660&count=25"),
    )
    .await
    .json();
    assert_eq!(end["ResultCount"], 4);
    let unknown = get_ok(&server, STATS, "/hi/players/xuid(1)/matches")
        .await
        .json();
    assert_eq!(unknown["ResultCount"], 0);
}

#[tokio::test]
async fn pages_through_a_hundred_thousand_matches() {
    let server = TestServer::builder()
        .history_matches(100_000)
        .build()
        .start()
        .await
        .unwrap();
    let count = get_ok(&server, STATS, &format!("{PLAYER}/matches/count"))
        .await
        .json();
    assert_eq!(count["MatchmadeMatchesPlayedCount"], 100_000);

    let clamped = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=40&count=100"),
    )
    .await
    .json();
    assert_eq!(clamped["ResultCount"], 25);
    assert_eq!(clamped["Count"], 25);

    let mut seen = HashSet::new();
    let mut last_start = String::from("9999");
    for start in [0_u64, 25, 50, 75] {
        let page = get_ok(
            &server,
            STATS,
            &format!("{PLAYER}/matches?start={start}&count=25"),
        )
        .await
        .json();
        for result in page["Results"].as_array().unwrap() {
            assert!(
                seen.insert(result["MatchId"].as_str().unwrap().to_owned()),
                "duplicate id"
            );
            let started = result["MatchInfo"]["StartTime"]
                .as_str()
                .unwrap()
                .to_owned();
            assert!(
                started < last_start,
                "newest first: {started} after {last_start}"
            );
            last_start = started;
        }
    }
    assert_eq!(seen.len(), 100);

    let tail = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=99990&count=25"),
    )
    .await;
    let again = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=99990&count=25"),
    )
    .await;
    assert_eq!(tail.body, again.body, "stable across calls");
    let tail = tail.json();
    assert_eq!(tail["ResultCount"], 10);
    let oldest = &tail["Results"][9];
    let oldest_id = oldest["MatchId"].as_str().unwrap();
    assert_eq!(
        server
            .world()
            .history_match_id(2_535_445_291_321_133, 99_999)
            .unwrap(),
        oldest_id
    );
    let stats = get_ok(&server, STATS, &format!("/hi/matches/{oldest_id}/stats")).await;
    assert_eq!(stats.status, 200);
    let stats = stats.json();
    assert_eq!(stats["MatchId"], oldest_id);
    assert_eq!(
        stats["MatchInfo"]["StartTime"],
        oldest["MatchInfo"]["StartTime"]
    );
    assert_eq!(
        stats["MatchInfo"]["EndTime"],
        oldest["MatchInfo"]["EndTime"]
    );
}

#[tokio::test]
async fn custom_and_local_histories_are_empty_and_bad_queries_refused() {
    let server = TestServer::start().await.unwrap();
    let custom = get_ok(&server, STATS, &format!("{PLAYER}/matches?type=custom"))
        .await
        .json();
    assert_eq!(custom["ResultCount"], 0);
    let bad = get_ok(&server, STATS, &format!("{PLAYER}/matches?start=minus")).await;
    assert_eq!(bad.status, 400);
}
