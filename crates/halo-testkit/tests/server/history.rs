//! Match histories and counts of the world's players.

use std::collections::HashSet;

use halo_testkit::TestServer;

use crate::{STATS, get_ok};

const PLAYER: &str = "/hi/players/xuid(2535445291321133)";

/// The captured VIP custom game (2025-08-05), newer than the history capture.
const VIP: &str = "bb12c16a-f7e5-4b4c-934c-6ea7527f5139";

#[tokio::test]
async fn default_history_starts_with_the_capture() {
    let server = TestServer::start().await.unwrap();
    let page = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=0&count=25&type=matchmaking"),
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
    // `type=all` (the default) lists the custom games too: the VIP game is the newest.
    let all = get_ok(&server, STATS, &format!("{PLAYER}/matches"))
        .await
        .json();
    assert_eq!(all["Results"][0]["MatchId"], VIP);
    assert_eq!(all["Results"][0]["MatchInfo"]["LifecycleMode"], 1);
    assert_eq!(
        all["Results"][1]["MatchId"],
        "63391382-6b88-43f9-9ff4-6313404c419c"
    );
    let past = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=25&count=25"),
    )
    .await
    .json();
    // Then the older matches: the service record's 2,664 matchmade ones and 5 custom games.
    assert_eq!(past["ResultCount"], 25);
    assert_eq!(past["Start"], 25);
    let end = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=2660&count=25"),
    )
    .await
    .json();
    assert_eq!(end["ResultCount"], 9);
    let end = get_ok(
        &server,
        STATS,
        &format!("{PLAYER}/matches?start=2660&count=25&type=matchmaking"),
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
    // 100,000 matches, 5 of them the captured custom games.
    assert_eq!(count["MatchesPlayedCount"], 100_000);
    assert_eq!(count["MatchmadeMatchesPlayedCount"], 99_995);
    assert_eq!(count["CustomMatchesPlayedCount"], 5);

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

    // 100,000 matches in all, the 5 captured custom games among them.
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
async fn custom_histories_list_the_custom_games_and_bad_queries_are_refused() {
    let server = TestServer::start().await.unwrap();
    let custom = get_ok(&server, STATS, &format!("{PLAYER}/matches?type=custom"))
        .await
        .json();
    let ids: Vec<&str> = custom["Results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["MatchId"].as_str().unwrap())
        .collect();
    // The five captured custom games, newest first (VIP, Elimination, Stockpile, Extraction,
    // the Oddball game with a bot the sample film is from).
    assert_eq!(
        ids,
        [
            VIP,
            "d1764570-0c28-4cf0-b5ec-69cbc70e4733",
            "9a350909-b2bb-448f-a30a-7b234a8b28ef",
            "79ec883a-1450-42b1-a9f8-0bb6175b85fd",
            "01ee3491-1ca1-4822-b23e-63e836104f32",
        ]
    );
    for row in custom["Results"].as_array().unwrap() {
        assert_eq!(row["MatchInfo"]["LifecycleMode"], 1);
        assert!(row["MatchInfo"]["Playlist"].is_null());
    }
    let local = get_ok(&server, STATS, &format!("{PLAYER}/matches?type=local"))
        .await
        .json();
    assert_eq!(local["ResultCount"], 0);
    let bad = get_ok(&server, STATS, &format!("{PLAYER}/matches?start=minus")).await;
    assert_eq!(bad.status, 400);
}
