//! Properties of the offline world over random synthetic matches: every member of a match has
//! it in their history with the same team, outcome and rank; the skill results are for the same
//! players and move CSRs the way the outcome says; CSRs follow on from match to match; a service
//! record is the sum of the player's matches; unknown ids answer as the service does.

use halo_testkit::{TestServer, WorldPlayer};
use serde_json::Value;

use crate::{SKILL, STATS, get_ok};

const DISCOVERY: &str = "discovery-infiniteugc.svc.halowaypoint.com";
const PROFILE: &str = "profile.svc.halowaypoint.com";

/// A seeded SplitMix64 stream.
struct Rand(u64);

impl Rand {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn xuid_of(player: &Value) -> Option<u64> {
    player["PlayerId"]
        .as_str()?
        .strip_prefix("xuid(")?
        .strip_suffix(')')?
        .parse()
        .ok()
}

fn core<'a>(player: &'a Value, field: &str) -> &'a Value {
    &player["PlayerTeamStats"][0]["Stats"]["CoreStats"][field]
}

async fn server() -> TestServer {
    TestServer::start_without_env_faults().await.unwrap()
}

#[tokio::test]
async fn a_thousand_random_matches_agree_with_every_members_history_and_skill() {
    let server = server().await;
    let world = server.world();
    let players = world.players();
    let mut rand = Rand(2024);
    let (mut checked, mut ranked) = (0, 0);
    while checked < 1000 {
        let player = &players[(rand.next() % players.len() as u64) as usize];
        let index = rand.next() % player.matches;
        let id = world.history_match_id(player.xuid, index).unwrap();
        if world.is_captured(&id) {
            continue;
        }
        let stats = get_ok(&server, STATS, &format!("/hi/matches/{id}/stats")).await;
        assert_eq!(stats.status, 200, "{id}");
        let stats = stats.json();
        assert_eq!(stats["MatchId"], id.as_str());
        let lines = stats["Players"].as_array().unwrap();
        assert_eq!(lines.len(), 8, "{id}");
        // The stats' players are the world's roster of the match, the asked player among them.
        let roster = world.match_roster(&id).unwrap();
        let ids: Vec<&str> = lines
            .iter()
            .map(|p| p["PlayerId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, roster.iter().map(|r| r.0.as_str()).collect::<Vec<_>>());
        assert!(ids.contains(&format!("xuid({})", player.xuid).as_str()));
        // Kills of a team are its score and the other team's deaths.
        for team in stats["Teams"].as_array().unwrap() {
            let id_of = team["TeamId"].as_u64().unwrap();
            let sum = |field: &str, same: bool| -> u64 {
                lines
                    .iter()
                    .filter(|p| (p["LastTeamId"].as_u64() == Some(id_of)) == same)
                    .map(|p| core(p, field).as_u64().unwrap())
                    .sum()
            };
            assert_eq!(
                team["Stats"]["CoreStats"]["Score"].as_u64(),
                Some(sum("Kills", true))
            );
            assert_eq!(sum("Kills", false), sum("Deaths", true), "{id}");
        }
        // Each member has this match in their history, with their own team, outcome and rank.
        let xuids: Vec<u64> = lines.iter().filter_map(xuid_of).collect();
        for line in lines {
            let xuid = xuid_of(line).unwrap();
            let at = world.history_index(xuid, &id).unwrap();
            let page = get_ok(
                &server,
                STATS,
                &format!("/hi/players/xuid({xuid})/matches?start={at}&count=1"),
            )
            .await
            .json();
            let row = &page["Results"][0];
            assert_eq!(row["MatchId"], id.as_str(), "xuid {xuid}");
            for field in ["LastTeamId", "Outcome", "Rank"] {
                assert_eq!(row[field], line[field], "{field} of {xuid} in {id}");
            }
            assert_eq!(row["MatchInfo"], stats["MatchInfo"]);
        }
        // The skill service answers for the same players; winners go up, losers down.
        let asked: Vec<String> = xuids.iter().map(|x| format!("xuid({x})")).collect();
        let skill = get_ok(
            &server,
            SKILL,
            &format!("/hi/matches/{id}/skill?players={}", asked.join(",")),
        )
        .await
        .json();
        let results = skill["Value"].as_array().unwrap();
        assert_eq!(
            results
                .iter()
                .map(|r| r["Id"].as_str().unwrap())
                .collect::<Vec<_>>(),
            asked.iter().map(String::as_str).collect::<Vec<_>>()
        );
        for (result, line) in results.iter().zip(lines) {
            assert_eq!(result["Result"]["TeamId"], line["LastTeamId"]);
            let recap = &result["Result"]["RankRecap"];
            let (pre, post) = (
                recap["PreMatchCsr"]["Value"].as_i64().unwrap(),
                recap["PostMatchCsr"]["Value"].as_i64().unwrap(),
            );
            if pre < 0 {
                assert_eq!(post, -1, "unranked: no CSR after either");
                continue;
            }
            ranked += 1;
            match line["Outcome"].as_u64() {
                Some(2) => assert!(post > pre, "a win moves up: {pre} -> {post}"),
                Some(3) => assert!(post < pre, "a loss moves down: {pre} -> {post}"),
                _ => assert_eq!(post, pre),
            }
        }
        checked += 1;
    }
    assert!(ranked > 1000, "{ranked} ranked results");
}

#[tokio::test]
async fn csr_follows_on_from_match_to_match() {
    let server = server().await;
    let world = server.world();
    for xuid in [2_535_445_291_321_133, 2_535_469_531_821_339] {
        let mut newer_pre: Option<i64> = None;
        for index in 0..150 {
            let id = world.history_match_id(xuid, index).unwrap();
            let skill = get_ok(
                &server,
                SKILL,
                &format!("/hi/matches/{id}/skill?players=xuid({xuid})"),
            )
            .await;
            if world.is_matchmade(&id) == Some(false) {
                assert_eq!(skill.status, 404, "a custom game has no skill result: {id}");
                continue;
            }
            let skill = skill.json();
            let recap = &skill["Value"][0]["Result"]["RankRecap"];
            let (pre, post) = (
                recap["PreMatchCsr"]["Value"].as_i64().unwrap(),
                recap["PostMatchCsr"]["Value"].as_i64().unwrap(),
            );
            if pre < 0 {
                continue;
            }
            if let Some(next) = newer_pre {
                assert_eq!(
                    post, next,
                    "{xuid}: the CSR after {id} is the next match's before"
                );
            }
            newer_pre = Some(pre);
        }
        assert!(newer_pre.is_some());
    }
}

#[tokio::test]
async fn a_service_record_is_the_sum_of_the_players_matches() {
    let me = WorldPlayer::new(2_535_499_999_000_001, "Sum Tester", 120);
    let server = TestServer::builder()
        .players(vec![me.clone()])
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let record = get_ok(
        &server,
        STATS,
        &format!("/hi/players/xuid({})/matchmade/servicerecord", me.xuid),
    )
    .await
    .json();
    let (mut kills, mut deaths, mut assists, mut fired, mut hit) = (0, 0, 0, 0, 0);
    let mut outcomes = [0_u64; 4];
    for start in (0..120).step_by(25) {
        let page = get_ok(
            &server,
            STATS,
            &format!(
                "/hi/players/xuid({})/matches?start={start}&count=25",
                me.xuid
            ),
        )
        .await
        .json();
        for row in page["Results"].as_array().unwrap() {
            let id = row["MatchId"].as_str().unwrap();
            let stats = get_ok(&server, STATS, &format!("/hi/matches/{id}/stats"))
                .await
                .json();
            let line = stats["Players"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| xuid_of(p) == Some(me.xuid))
                .unwrap();
            kills += core(line, "Kills").as_u64().unwrap();
            deaths += core(line, "Deaths").as_u64().unwrap();
            assists += core(line, "Assists").as_u64().unwrap();
            fired += core(line, "ShotsFired").as_u64().unwrap();
            hit += core(line, "ShotsHit").as_u64().unwrap();
            outcomes[(line["Outcome"].as_u64().unwrap() - 1) as usize] += 1;
        }
    }
    assert_eq!(record["MatchesCompleted"], 120);
    assert_eq!(
        (&record["Wins"], &record["Losses"], &record["Ties"]),
        (
            &outcomes[1].into(),
            &outcomes[2].into(),
            &outcomes[0].into()
        )
    );
    let core = &record["CoreStats"];
    assert_eq!(
        (&core["Kills"], &core["Deaths"], &core["Assists"]),
        (&kills.into(), &deaths.into(), &assists.into())
    );
    assert_eq!(
        (&core["ShotsFired"], &core["ShotsHit"]),
        (&fired.into(), &hit.into())
    );
    assert!(kills > 500, "{kills}");
}

#[tokio::test]
async fn unknown_ids_answer_as_the_service_does() {
    let server = server().await;
    let world = server.world();
    let mut rand = Rand(404);
    for _ in 0..200 {
        let (a, b) = (rand.next(), rand.next());
        let id = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            a & 0xFFFF,
            (a >> 16) & 0xFFF,
            b & 0xFFF,
            b >> 16
        );
        assert!(world.match_roster(&id).is_none());
        for (host, path) in [
            (STATS, format!("/hi/matches/{id}/stats")),
            (
                SKILL,
                format!("/hi/matches/{id}/skill?players=xuid(2535445291321133)"),
            ),
            (DISCOVERY, format!("/hi/films/matches/{id}/spectate")),
        ] {
            assert_eq!(get_ok(&server, host, &path).await.status, 404, "{path}");
        }
        let xuid = 2_533_274_000_000_000 + rand.next() % 1_000_000_000;
        if world.gamertag(xuid).is_some() {
            continue;
        }
        let player = format!("xuid({xuid})");
        for (host, path) in [
            (PROFILE, format!("/users/{player}")),
            (
                STATS,
                format!("/hi/players/{player}/matchmade/servicerecord"),
            ),
            (STATS, format!("/hi/players/{player}/matches/count")),
        ] {
            assert_eq!(get_ok(&server, host, &path).await.status, 404, "{path}");
        }
        let history = get_ok(&server, STATS, &format!("/hi/players/{player}/matches"))
            .await
            .json();
        assert_eq!(history["ResultCount"], 0);
    }
    assert_eq!(
        get_ok(&server, PROFILE, "/users/gt(Nobody%20Here)")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_player_with_ten_thousand_matches() {
    let long = WorldPlayer::new(2_535_499_999_000_002, "Ten Thousand", 10_000);
    let server = TestServer::builder()
        .players(vec![long.clone()])
        .faults_from_env(false)
        .build()
        .start()
        .await
        .unwrap();
    let count = get_ok(
        &server,
        STATS,
        &format!("/hi/players/xuid({})/matches/count", long.xuid),
    )
    .await
    .json();
    assert_eq!(count["MatchmadeMatchesPlayedCount"], 10_000);
    let last = get_ok(
        &server,
        STATS,
        &format!(
            "/hi/players/xuid({})/matches?start=9990&count=25",
            long.xuid
        ),
    )
    .await
    .json();
    assert_eq!(last["ResultCount"], 10);
    let oldest = last["Results"][9]["MatchId"].as_str().unwrap();
    let stats = get_ok(&server, STATS, &format!("/hi/matches/{oldest}/stats"))
        .await
        .json();
    assert!(
        stats["Players"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| xuid_of(p) == Some(long.xuid))
    );
    let profile = get_ok(&server, PROFILE, "/users/gt(ten%20thousand)")
        .await
        .json();
    assert_eq!(profile["xuid"], long.xuid.to_string());
    assert_eq!(profile["gamertag"], "Ten Thousand");
}

#[tokio::test]
async fn custom_games_agree_across_stats_histories_skill_and_records() {
    let server = server().await;
    let world = server.world();
    let me = 2_535_445_291_321_133_u64;
    let customs = world.custom_games(me);
    assert_eq!(customs.len(), 5);
    for id in &customs {
        assert_eq!(world.is_matchmade(id), Some(false));
        let stats = get_ok(&server, STATS, &format!("/hi/matches/{id}/stats"))
            .await
            .json();
        assert_eq!(stats["MatchInfo"]["LifecycleMode"], 1, "{id}");
        let lines = stats["Players"].as_array().unwrap();
        let roster = world.match_roster(id).unwrap();
        assert_eq!(
            lines
                .iter()
                .map(|p| p["PlayerId"].as_str().unwrap())
                .collect::<Vec<_>>(),
            roster.iter().map(|r| r.0.as_str()).collect::<Vec<_>>()
        );
        // Every human of the game has it in their whole and custom histories, with their own
        // team, outcome and rank, and not in their matchmade history.
        for line in lines.iter().filter(|l| xuid_of(l).is_some()) {
            let xuid = xuid_of(line).unwrap();
            let at = world.history_index(xuid, id).unwrap();
            let row = get_ok(
                &server,
                STATS,
                &format!("/hi/players/xuid({xuid})/matches?start={at}&count=1"),
            )
            .await
            .json();
            let row = &row["Results"][0];
            assert_eq!(row["MatchId"], id.as_str());
            for field in ["LastTeamId", "Outcome", "Rank"] {
                assert_eq!(row[field], line[field], "{field} of {xuid} in {id}");
            }
            assert_eq!(row["MatchInfo"], stats["MatchInfo"]);
            let custom = get_ok(
                &server,
                STATS,
                &format!("/hi/players/xuid({xuid})/matches?type=custom"),
            )
            .await
            .json();
            let row = custom["Results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["MatchId"] == id.as_str())
                .unwrap();
            assert_eq!(row["Outcome"], line["Outcome"]);
        }
        let skill = get_ok(
            &server,
            SKILL,
            &format!("/hi/matches/{id}/skill?players=xuid({me})"),
        )
        .await;
        assert_eq!(skill.status, 404, "no skill result for custom game {id}");
    }
    // The matchmade history has none of them; the record and the counts follow the views.
    let mut matchmade = 0;
    for start in (0..2_700).step_by(25) {
        let page = get_ok(
            &server,
            STATS,
            &format!("/hi/players/xuid({me})/matches?start={start}&count=25&type=matchmaking"),
        )
        .await
        .json();
        for row in page["Results"].as_array().unwrap() {
            assert_eq!(row["MatchInfo"]["LifecycleMode"], 3);
            assert!(!customs.iter().any(|c| row["MatchId"] == c.as_str()));
            matchmade += 1;
        }
    }
    assert_eq!(matchmade, 2_664);
    assert_eq!(world.history_len(me), Some(2_669));
    let count = get_ok(
        &server,
        STATS,
        &format!("/hi/players/xuid({me})/matches/count"),
    )
    .await
    .json();
    assert_eq!(
        (
            &count["MatchesPlayedCount"],
            &count["MatchmadeMatchesPlayedCount"],
            &count["CustomMatchesPlayedCount"]
        ),
        (&2_669.into(), &2_664.into(), &5.into())
    );
    let record = get_ok(
        &server,
        STATS,
        &format!("/hi/players/xuid({me})/matchmade/servicerecord"),
    )
    .await
    .json();
    assert_eq!(record["MatchesCompleted"], 2_664);
}

/// `GET peoplehub.xboxlive.com/users/me/people/search/...?{query}` with the static Xbox Live
/// authorization.
async fn people_search(server: &TestServer, query: &str) -> crate::client::Reply {
    crate::client::send(
        server.addr(),
        "GET",
        &format!(
            "/peoplehub.xboxlive.com/users/me/people/search/decoration/detail,preferredColor?{query}"
        ),
        &[(
            "Authorization",
            halo_testkit::DEFAULT_XBOX_LIVE_AUTHORIZATION,
        )],
        b"",
    )
    .await
    .reply()
}

#[tokio::test]
async fn people_search_answers_from_the_worlds_roster() {
    let server = server().await;
    let found = people_search(&server, "q=curtis&maxItems=5").await;
    assert_eq!(found.status, 200);
    assert_eq!(
        found.header("x-halo-testkit-endpoint"),
        Some("XboxLive_SearchPeople")
    );
    assert_eq!(found.header("x-halo-testkit-source"), Some("world"));
    let people = found.json()["people"].as_array().unwrap().clone();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["xuid"], "2535445291321133");
    assert_eq!(people[0]["gamertag"], "aCurtis X89");
    // The film captures' players are searchable by their real gamertags, prefixes first.
    let twining = people_search(&server, "q=twining").await.json();
    assert_eq!(twining["people"][0]["gamertag"], "TwiningIsland83");
    assert_eq!(twining["people"][0]["xuid"], "2535469531821339");
    // At most maxItems, each a player the profile routes know.
    let many = people_search(&server, "q=a&maxItems=3").await.json();
    let many = many["people"].as_array().unwrap();
    assert_eq!(many.len(), 3);
    for person in many {
        let xuid: u64 = person["xuid"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            server.world().gamertag(xuid).as_deref(),
            person["gamertag"].as_str()
        );
    }
    let none = people_search(&server, "q=Nobody%20Here").await.json();
    assert_eq!(none["people"].as_array().unwrap().len(), 0);
    assert_eq!(people_search(&server, "q=a&maxItems=26").await.status, 400);
    assert_eq!(people_search(&server, "q=%20").await.status, 400);
}
