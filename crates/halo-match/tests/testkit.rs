//! The facade against halo-testkit on 127.0.0.1, asserting values of the captures.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use halo_client::{BaseUrl, Client, PolicyOverride, RateLimit, StaticTokens};
use halo_match::{Cache, Lookup, Match, Part, PartStatus, Player};
use halo_models::{MatchHistoryEntry, MatchId, PlayerId, Xuid};
use halo_testkit::{FaultPlan, TestServer};

const ME: u64 = 2_535_445_291_321_133;

fn capture(path: &str) -> serde_json::Value {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../halo-models/captures")
        .join(path);
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn public_name(endpoint: &str) -> String {
    capture(&format!("responses/{endpoint}/default.json"))["PublicName"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn match_id(case: &str) -> MatchId {
    capture(&format!("responses/Stats_GetMatchStats/{case}.json"))["MatchId"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn server(faults: Option<&str>) -> TestServer {
    let plan = faults.map_or_else(FaultPlan::new, |p| FaultPlan::from_json(p).unwrap());
    TestServer::builder()
        .faults_from_env(false)
        .faults(plan)
        .build()
        .start()
        .await
        .unwrap()
}

/// A client of the server, without retries (a fault answers at once).
fn client(server: &TestServer) -> Client {
    let tokens = StaticTokens::new(
        halo_testkit::DEFAULT_SPARTAN_TOKEN,
        Some(halo_testkit::DEFAULT_CLEARANCE_ID),
    )
    .unwrap();
    Client::builder()
        .base_url(BaseUrl::with_root(server.base_url()))
        .rate_limit(RateLimit::Off)
        .retry(PolicyOverride::new().max_retries(0))
        .tokens(tokens)
        .build()
        .unwrap()
}

fn requests_to(server: &TestServer, endpoint: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some(endpoint))
        .count()
}

#[tokio::test]
async fn the_slayer_scoreboard() {
    let server = server(None).await;
    let game = Match::new(&client(&server), match_id("slayer"));
    let summary = game.summary().await.unwrap();
    let teams: Vec<(&str, i64, &str)> = summary
        .teams
        .iter()
        .map(|t| (t.name.unwrap(), t.score, t.outcome.as_str()))
        .collect();
    assert_eq!(teams, [("Cobra", 50, "win"), ("Eagle", 31, "loss")]);
    let humans: Vec<_> = summary
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .filter(|p| !p.bot)
        .collect();
    assert_eq!(humans.len(), 8);
    // The MVP: first of the winning team.
    let mvp = &summary.teams[0].players[0];
    assert_eq!(mvp.xuid, Some(Xuid(ME)));
    assert_eq!(mvp.gamertag, Lookup::Found("aCurtis X89".to_owned()));
    assert_eq!(mvp.team, Some("Cobra"));
    assert_eq!((mvp.kills, mvp.deaths, mvp.assists), (18, 8, 5));
    assert_eq!((mvp.kda, mvp.accuracy), (11.66, 61.08));
    assert_eq!((mvp.damage_dealt, mvp.damage_taken), (6040, 3090));
    let perfect = mvp.medals.iter().find(|m| m.count == 5).unwrap();
    assert_eq!(perfect.name, Lookup::Found("Perfect".to_owned()));
    // The skill capture is this player's result in this match.
    let csr = mvp.csr.found().unwrap();
    assert_eq!(
        (csr.before.value, csr.after.value, csr.change),
        (Some(1530), Some(1532), 2)
    );
    assert_eq!(csr.after.tier.as_deref(), Some("Onyx"));
    // Names: the playlist capture is this match's playlist.
    let playlist = summary.header.playlist.as_ref().unwrap();
    assert_eq!(
        playlist.name,
        Lookup::Found(public_name("HIUGC_Discovery_GetPlaylist"))
    );
    assert_eq!(
        playlist.name.found().map(String::as_str),
        Some("Ranked Arena")
    );
    let season = summary.header.season.as_ref().unwrap();
    assert_eq!(season.id, "Csr/Seasons/CsrSeason9-1.json");
    assert_eq!(season.label(), "CSR season 9-1");
    assert_eq!(summary.parts.status[&Part::Stats], PartStatus::Ok);
    assert_eq!(summary.parts.status[&Part::Skill], PartStatus::Ok);
    assert_eq!(summary.parts.status[&Part::Gamertags], PartStatus::Ok);
    assert_eq!(summary.parts.status[&Part::MedalNames], PartStatus::Ok);
    // Every part answers, names included.
    assert!(
        summary.parts.errors.is_empty(),
        "{:?}",
        summary.parts.errors
    );
    assert_eq!(
        summary.header.map.name,
        Lookup::Found("Fortress - Ranked".to_owned())
    );
    assert_eq!(
        summary.header.mode.name,
        Lookup::Found("Ranked:Slayer".to_owned())
    );
    // Winners' CSR went up, losers' down.
    for team in &summary.teams {
        for player in &team.players {
            let csr = player.csr.found().unwrap();
            match team.outcome.as_str() {
                "win" => assert!(csr.change > 0, "{player:?}"),
                _ => assert!(csr.change < 0, "{player:?}"),
            }
        }
    }
    // The other players have their real gamertags where a capture shows them.
    let names: Vec<String> = summary.teams[0]
        .players
        .iter()
        .map(|p| p.gamertag.found().unwrap().clone())
        .collect();
    assert_eq!(
        names,
        [
            "aCurtis X89",
            "SalmonSummer83",
            "Muellertime25",
            "TwiningIsland83"
        ]
    );
}

#[tokio::test]
async fn a_second_call_makes_no_request() {
    let server = server(None).await;
    let game = Match::new(&client(&server), match_id("slayer"));
    async fn every_part(game: &Match) {
        let _ = tokio::join!(
            game.stats(),
            game.skill(),
            game.map(),
            game.mode(),
            game.playlist(),
            game.map_mode_pair(),
            game.season(),
            game.gamertags(),
            game.medal_names(),
            game.film(),
            game.highlights(),
        );
    }
    every_part(&game).await;
    let first = server.requests().len();
    assert!(first >= 10, "{first} requests");
    assert_eq!(requests_to(&server, "Stats_GetMatchStats"), 1);
    every_part(&game).await;
    game.summary().await.unwrap();
    assert_eq!(server.requests().len(), first);
}

#[tokio::test]
async fn a_custom_game_has_no_skill_and_names_its_bot() {
    let server = server(None).await;
    let game = Match::new(&client(&server), match_id("oddball_custom_with_bot"));
    assert!(game.skill().await.unwrap().is_none());
    assert_eq!(requests_to(&server, "Skill_GetMatchResult"), 0);
    let summary = game.summary().await.unwrap();
    assert_eq!(summary.parts.status[&Part::Skill], PartStatus::None);
    assert!(summary.header.playlist.is_none());
    assert!(summary.header.season.is_none());
    assert_eq!(summary.header.lifecycle, "CUSTOM");
    let bot = summary
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .find(|p| p.bot)
        .unwrap();
    assert_eq!(bot.player_id, PlayerId::Bot("8.0".to_owned()));
    assert_eq!(bot.gamertag, Lookup::Found("343 Ensrude".to_owned()));
    assert!(bot.csr.is_none());
    let scores: Vec<(i64, &str)> = summary
        .teams
        .iter()
        .map(|t| (t.score, t.outcome.as_str()))
        .collect();
    assert_eq!(scores, [(4, "win"), (2, "loss")]);
}

#[tokio::test]
async fn a_history_row_names_its_assets_without_the_stats() {
    let server = server(None).await;
    // The newest row of the history capture, as the offline world serves it.
    let row = capture("responses/Stats_GetMatchHistory/default.json")["Results"][0].clone();
    let row: MatchHistoryEntry = serde_json::from_value(row).unwrap();
    let game = Match::from_history(&client(&server), row);
    let brief = game.brief().await.unwrap();
    assert_eq!(
        brief.header.map.name,
        Lookup::Found("Streets - Ranked".to_owned())
    );
    assert_eq!(
        brief.header.mode.name,
        Lookup::Found("Ranked:Oddball".to_owned())
    );
    assert_eq!(
        brief.header.playlist.unwrap().name,
        Lookup::Found("Ranked Arena".to_owned())
    );
    assert!(brief.errors.is_empty(), "{:?}", brief.errors);
    let player = brief.player.unwrap();
    assert_eq!((player.outcome.as_str(), player.rank), ("loss", 5));
    let pair = game.map_mode_pair().await.unwrap().unwrap();
    assert_eq!(pair.public_name, "Ranked:Oddball on Streets - Ranked");
    assert_eq!(requests_to(&server, "Stats_GetMatchStats"), 0);
}

#[tokio::test]
async fn a_failed_part_spoils_nothing_else() {
    let plan = r#"{"rules":[{"path":"discovery-infiniteugc.svc.halowaypoint.com/**",
        "action":{"kind":"status","status":502}}]}"#;
    let server = server(Some(plan)).await;
    let game = Match::new(&client(&server), match_id("slayer"));
    let summary = game.summary().await.unwrap();
    for part in [Part::Map, Part::Mode, Part::Playlist, Part::MapModePair] {
        assert_eq!(summary.parts.status[&part], PartStatus::Failed, "{part}");
        let failure = summary
            .parts
            .errors
            .iter()
            .find(|f| f.part == part)
            .unwrap();
        assert_eq!(failure.error.api().unwrap().status().unwrap().as_u16(), 502);
    }
    assert!(summary.header.playlist.unwrap().name.is_failed());
    assert_eq!(summary.teams[0].score, 50);
    assert_eq!(
        summary.teams[0].players[0].gamertag,
        Lookup::Found("aCurtis X89".to_owned())
    );
    assert_eq!(summary.parts.status[&Part::Skill], PartStatus::Ok);
    // JSON: failed names are null, each with an error entry.
    let json = serde_json::to_value(game.summary().await.unwrap()).unwrap();
    assert_eq!(json["map"]["name"], serde_json::Value::Null);
    assert_eq!(json["parts"]["map"], "failed");
    let kinds: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"server answered 502 (HIUGC_Discovery_GetMap)"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn film_events_are_checked_against_the_stats() {
    let server = server(None).await;
    // The match of a captured film chunk (version 37).
    let id: MatchId = "adfde763-6996-4ffb-8cd5-55855454c5f0".parse().unwrap();
    let game = Match::new(&client(&server), id);
    let events = game.highlights().await.unwrap().unwrap();
    let expected = capture(&format!("films/expected/37_{id}.events.json"));
    let expected = expected["events"].as_array().unwrap();
    assert_eq!(events.version, 37);
    assert_eq!(events.highlights.events.len(), expected.len());
    assert_eq!(events.highlights.events[0].gamertag, "YoungStudSZN");
    assert_eq!(events.highlights.events[0].time_ms, 40_000);
    // The offline world's stats of this match are the film's players and counts: consistent.
    let check = events.check.as_ref().unwrap();
    let stats = game.stats().await.unwrap();
    assert_eq!(stats.human_players().count(), 8);
    assert_eq!(check.players_checked, 8);
    assert!(check.mismatches.is_empty(), "{:?}", check.mismatches);
    assert!(check.strangers.is_empty(), "{:?}", check.strangers);
    assert!(check.is_consistent());
    // The film's first killer is in the match, with the film's kill count.
    let young = stats
        .human_players()
        .find(|p| p.player_id.xuid() == Some(Xuid(2_535_415_224_281_334)))
        .unwrap();
    let film_kills = expected
        .iter()
        .filter(|e| e["xuid"] == 2_535_415_224_281_334_u64 && e["event_type"] == "kill")
        .count();
    assert_eq!(young.kills() as usize, film_kills);
}

#[tokio::test]
async fn a_match_without_a_film_and_unknown_ids() {
    let server = server(None).await;
    let client = client(&server);
    // The slayer match has no film: no manifest, no events, no failure.
    let slayer = Match::new(&client, match_id("slayer"));
    assert!(slayer.film().await.unwrap().is_none());
    assert!(slayer.highlights().await.unwrap().is_none());
    // An id the service does not know: not found, not a clone of a capture.
    let unknown: MatchId = "00000000-0000-4000-8000-000000000000".parse().unwrap();
    let error = Match::new(&client, unknown).stats().await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let nobody = Player::new(&client, Xuid(1));
    let error = nobody.service_record().await.unwrap_err();
    assert_eq!(error.api().unwrap().status().unwrap().as_u16(), 404);
    assert!(nobody.profile().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn matches_of_one_cache_share_their_lookups() {
    let server = server(None).await;
    let cache = Cache::new(&client(&server));
    let (a, b) = (
        cache.match_by_id(match_id("slayer")),
        cache.match_by_id(match_id("zones")),
    );
    let (x, y) = tokio::join!(a.summary(), b.summary());
    assert_eq!(x.unwrap().teams.len(), 2);
    assert_eq!(y.unwrap().teams[0].score, 250);
    assert_eq!(requests_to(&server, "GameCms_GetMedalMetadata"), 1);
    // Both were played in the same playlist.
    assert_eq!(requests_to(&server, "HIUGC_Discovery_GetPlaylist"), 1);
}

#[tokio::test]
async fn a_player_with_record_and_ranked_csr() {
    let server = server(None).await;
    let player = Player::me(&client(&server));
    let summary = player.summary().await.unwrap();
    assert_eq!(summary.player.xuid, Xuid(ME));
    assert_eq!(summary.player.gamertag, "aCurtis X89");
    let record = summary.service_record.found().unwrap();
    // The offline world's record is the sum of the player's 2,664 matchmade matches.
    assert_eq!(record.matches_completed, 2664);
    assert_eq!(record.wins + record.losses + record.ties, 2664);
    assert!(record.wins > 1000 && record.losses > 1000, "{record:?}");
    let ranked = summary.ranked.found().unwrap();
    assert_eq!(ranked.len(), 1, "only Ranked Arena is ranked");
    let arena = &ranked[0];
    assert_eq!(
        arena.playlist.name,
        Lookup::Found("Ranked Arena".to_owned())
    );
    // The current CSR is the one after the newest ranked match (the oddball capture's).
    let newest = Match::new(&client(&server), match_id("oddball"));
    let summary_of_newest = newest.summary().await.unwrap();
    let me = summary_of_newest
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .find(|p| p.xuid == Some(Xuid(ME)))
        .unwrap();
    let after = me.csr.found().unwrap().after.value;
    assert_eq!(arena.current.value, after);
    assert_eq!(arena.current.tier.as_deref(), Some("Onyx"));
    assert!(arena.all_time_max.value >= arena.current.value);
    // Every playlist of the recent matches has a name: nothing fails.
    assert!(
        summary.parts.errors.is_empty(),
        "{:?}",
        summary.parts.errors
    );
    let history = player.history(10).await.unwrap();
    assert_eq!(history.matches.len(), 10);
    assert!(history.error.is_none());
    // The whole history lists custom games too: the VIP custom game (2025-08-05) is the
    // newest, then the oddball and slayer captures' ranked matches.
    assert_eq!(history.matches[0].id(), match_id("vip"));
    assert_eq!(history.matches[2].id(), match_id("slayer"));
}

#[tokio::test]
async fn a_player_by_gamertag_is_resolved_once_per_client() {
    let server = server(None).await;
    let client = client(&server);
    let gamertag = halo_client::PlayerRef::Gamertag("twiningisland83".to_owned());
    let (a, b) = (
        Player::new(&client, gamertag.clone()),
        Player::new(&client, gamertag),
    );
    assert_eq!(a.xuid().await.unwrap(), Xuid(2_535_469_531_821_339));
    assert_eq!(b.xuid().await.unwrap(), Xuid(2_535_469_531_821_339));
    let profile = b.profile().await.unwrap();
    assert_eq!(profile.gamertag, "TwiningIsland83");
    // One resolution (the Halo profile by gamertag: these static tokens have no Xbox Live),
    // then the profile by XUID.
    let asked: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.endpoint.as_deref() == Some("Profile_GetUser"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        asked,
        [
            "/users/gt(twiningisland83)".to_owned(),
            "/users/xuid(2535469531821339)".to_owned()
        ]
    );
    let nobody = Player::new(
        &client,
        halo_client::PlayerRef::Gamertag("Nobody Here".into()),
    );
    let error = nobody.xuid().await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert!(nobody.service_record().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn a_history_that_fails_midway_keeps_what_came_through() {
    // The second page fails.
    let plan = r#"{"rules":[{"endpoint":"Stats_GetMatchHistory","every":2,
        "action":{"kind":"status","status":503}}]}"#;
    let server = server(Some(plan)).await;
    let player = Player::new(&client(&server), Xuid(ME));
    let history = player.history(60).await.unwrap();
    assert_eq!(history.matches.len(), 25);
    let error = history.error.unwrap();
    assert_eq!(error.api().unwrap().status().unwrap().as_u16(), 503);
}

#[tokio::test]
async fn one_playlists_csr_failing_hides_no_other() {
    // Quick Play's CSR fails.
    let plan = r#"{"rules":[{"path":"skill.svc.halowaypoint.com/hi/playlist/1b1691dc-d8b9-4b1f-825d-cb1c065184c1/csrs",
        "action":{"kind":"status","status":500}}]}"#;
    let server = server(Some(plan)).await;
    let summary = Player::me(&client(&server)).summary().await.unwrap();
    assert_eq!(summary.parts.status[&Part::Csr], PartStatus::Failed);
    let failure = summary
        .parts
        .errors
        .iter()
        .find(|f| f.part == Part::Csr)
        .unwrap();
    assert_eq!(
        failure.detail.as_deref(),
        Some("playlist 1b1691dc-d8b9-4b1f-825d-cb1c065184c1")
    );
    assert_eq!(failure.error.api().unwrap().status().unwrap().as_u16(), 500);
    // The other playlists of the recent matches still have their CSR.
    let ranked = summary.ranked.found().unwrap();
    assert_eq!(ranked.len(), 1);
    assert_eq!(
        ranked[0].playlist.asset_id.to_string(),
        "edfef3ac-9cbe-4fa2-b949-8f29deafd483"
    );
    assert!(ranked[0].current.value.is_some());
}
