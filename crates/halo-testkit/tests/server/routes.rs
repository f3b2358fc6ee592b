//! Capture serving, host routing, token checks and request recording.

use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, TestServer};

use crate::client::{self, Wire};
use crate::{CMS, SKILL, SLAYER_ID, STATS, get_ok};

#[tokio::test]
async fn serves_the_captured_slayer_match() {
    let server = TestServer::start().await.unwrap();
    let reply = get_ok(&server, STATS, &format!("/hi/matches/{SLAYER_ID}/stats")).await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["MatchId"], SLAYER_ID);
    assert_eq!(body["Teams"][0]["Stats"]["CoreStats"]["Score"], 31);
    assert_eq!(body["Teams"][1]["Stats"]["CoreStats"]["Score"], 50);
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(
        server.url_for_host(STATS),
        format!("{}/{STATS}", server.base_url())
    );
}

#[tokio::test]
async fn unknown_match_ids_are_not_found_and_world_ids_stable() {
    let server = TestServer::start().await.unwrap();
    let unknown = "0a1b2c3d-0000-4000-8000-123456789abc";
    let stats = get_ok(&server, STATS, &format!("/hi/matches/{unknown}/stats")).await;
    assert_eq!(stats.status, 404);
    let film = get_ok(
        &server,
        "discovery-infiniteugc.svc.halowaypoint.com",
        &format!("/hi/films/matches/{unknown}/spectate"),
    )
    .await;
    assert_eq!(film.status, 404);
    let skill = get_ok(
        &server,
        SKILL,
        &format!("/hi/matches/{unknown}/skill?players=xuid(2535445291321133)"),
    )
    .await;
    assert_eq!(skill.status, 404);

    // A synthetic match of the signed-in player's history answers the same twice.
    let id = server
        .world()
        .history_match_id(2_535_445_291_321_133, 1_000)
        .unwrap();
    let first = get_ok(&server, STATS, &format!("/hi/matches/{id}/stats")).await;
    let second = get_ok(&server, STATS, &format!("/hi/matches/{id}/stats")).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.json()["MatchId"], id.as_str());
    assert_eq!(first.body, second.body);
    assert_eq!(first.json()["Players"].as_array().unwrap().len(), 8);
    // It has no film.
    let film = get_ok(
        &server,
        "discovery-infiniteugc.svc.halowaypoint.com",
        &format!("/hi/films/matches/{id}/spectate"),
    )
    .await;
    assert_eq!(film.status, 404);

    let bad = get_ok(&server, STATS, "/hi/matches/not-a-guid/stats").await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn skill_wants_wrapped_player_ids() {
    let server = TestServer::start().await.unwrap();
    let path = format!("/hi/matches/{SLAYER_ID}/skill");
    let bare = get_ok(&server, SKILL, &format!("{path}?players=2535445291321133")).await;
    assert_eq!(bare.status, 400);
    assert_eq!(bare.json()["message"], "Invalid player ids list");
    let ok = get_ok(
        &server,
        SKILL,
        &format!("{path}?players=xuid(2535445291321133)"),
    )
    .await;
    assert_eq!(ok.status, 200);
    let body = ok.json();
    assert_eq!(body["Value"][0]["Id"], "xuid(2535445291321133)");
    assert_eq!(
        body["Value"][0]["Result"]["RankRecap"]["PreMatchCsr"]["Value"],
        1530
    );
}

#[tokio::test]
async fn refuses_missing_wrong_and_unclear_tokens() {
    let server = TestServer::start().await.unwrap();
    let addr = server.addr();
    let stats_path = format!("/{STATS}/hi/matches/{SLAYER_ID}/stats");
    let none = client::send(addr, "GET", &stats_path, &[], b"")
        .await
        .reply();
    assert_eq!(none.status, 401);
    let wrong = client::send(
        addr,
        "GET",
        &stats_path,
        &[("x-343-authorization-spartan", "forged")],
        b"",
    )
    .await
    .reply();
    assert_eq!(wrong.status, 401);
    let skill_path = format!("/{SKILL}/hi/matches/{SLAYER_ID}/skill?players=xuid(1)");
    let spartan = [("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN)];
    let unclear = client::send(addr, "GET", &skill_path, &spartan, b"")
        .await
        .reply();
    assert_eq!(
        unclear.status, 403,
        "Skill_GetMatchResult is clearance-aware"
    );
    let stale = [
        ("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN),
        ("343-clearance", "old"),
    ];
    assert_eq!(
        client::send(addr, "GET", &skill_path, &stale, b"")
            .await
            .reply()
            .status,
        403
    );
    let minted = server.mint_spartan_token();
    let good = [
        ("x-343-authorization-spartan", minted.as_str()),
        ("343-clearance", DEFAULT_CLEARANCE_ID),
    ];
    assert_eq!(
        client::send(addr, "GET", &skill_path, &good, b"")
            .await
            .reply()
            .status,
        200
    );
    let stats = server.stats();
    assert_eq!((stats.unauthorized, stats.forbidden), (2, 2));
}

#[tokio::test]
async fn routes_by_host_header_when_the_path_has_no_host() {
    let server = TestServer::start().await.unwrap();
    let headers = [
        ("Host", "halostats.svc.halowaypoint.com"),
        ("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN),
    ];
    let reply = client::send(
        server.addr(),
        "GET",
        "/hi/players/xuid(2535445291321133)/matches/count",
        &headers,
        b"",
    )
    .await
    .reply();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["MatchmadeMatchesPlayedCount"], 2664);
    let unknown = client::send(
        server.addr(),
        "GET",
        "/hi/players/xuid(1)/matches/count",
        &[],
        b"",
    )
    .await
    .reply();
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"], "unknown_host");
}

#[tokio::test]
async fn serves_gamecms_files_images_and_profiles() {
    let server = TestServer::start().await.unwrap();
    let track = get_ok(
        &server,
        CMS,
        "/hi/Progression/file/RewardTracks/CareerRanks/careerRank1.json",
    )
    .await;
    assert_eq!(track.status, 200);
    assert_eq!(track.json()["Ranks"].as_array().unwrap().len(), 272);
    let image = get_ok(
        &server,
        CMS,
        "/hi/images/file/career_rank/CelebrationMoment/19_Cadet_Onyx_III.png",
    )
    .await;
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), Some("image/png"));
    assert!(image.body.starts_with(b"\x89PNG"));
    let record = get_ok(
        &server,
        STATS,
        "/hi/players/xuid(2535445291321133)/matchmade/servicerecord",
    )
    .await;
    assert_eq!(record.json()["MatchesCompleted"], 2664);
    let me = get_ok(&server, "profile.svc.halowaypoint.com", "/users/me").await;
    assert_eq!(me.json()["gamertag"], "aCurtis X89");
    assert_eq!(me.json()["xuid"], "2535445291321133");
}

#[tokio::test]
async fn says_when_no_capture_exists() {
    let server = TestServer::start().await.unwrap();
    let reply = get_ok(
        &server,
        "economy.svc.halowaypoint.com",
        "/hi/players/xuid(1)/stores/events",
    )
    .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"], "no_capture");
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("Economy_GetEventsStore")
    );
    let nothing = get_ok(&server, STATS, "/no/such/path").await;
    assert_eq!(nothing.status, 404);
    assert_eq!(nothing.json()["error"], "no_route");
}

#[tokio::test]
async fn records_requests_with_tokens_redacted() {
    let server = TestServer::start().await.unwrap();
    let _ = get_ok(
        &server,
        STATS,
        &format!("/hi/matches/{SLAYER_ID}/stats?x=1"),
    )
    .await;
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.host, STATS);
    assert_eq!(request.path, format!("/hi/matches/{SLAYER_ID}/stats"));
    assert_eq!(request.query.as_deref(), Some("x=1"));
    assert_eq!(request.endpoint.as_deref(), Some("Stats_GetMatchStats"));
    assert_eq!(
        request.header("x-343-authorization-spartan"),
        Some("<redacted>")
    );
    assert_eq!(request.header("343-clearance"), Some(DEFAULT_CLEARANCE_ID));
    assert!(!format!("{requests:?}").contains(DEFAULT_SPARTAN_TOKEN));
}

#[tokio::test]
async fn survives_malformed_http() {
    let server = TestServer::start().await.unwrap();
    for garbage in [
        &b"\x00\x01\x02 nonsense\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
    ] {
        match client::send_raw(server.addr(), garbage).await {
            Wire::Reply(reply) => assert!(reply.status >= 400),
            Wire::NoResponse { .. } => {}
        }
    }
    let reply = get_ok(&server, STATS, &format!("/hi/matches/{SLAYER_ID}/stats")).await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn serves_film_manifests_and_highlight_chunks() {
    let server = TestServer::start().await.unwrap();
    let id = "f3aea1fc-2382-4281-abfd-ddc864f83991";
    let manifest = get_ok(
        &server,
        "discovery-infiniteugc.svc.halowaypoint.com",
        &format!("/hi/films/matches/{id}/spectate"),
    )
    .await
    .json();
    assert_eq!(manifest["CustomData"]["FilmMajorVersion"], 30);
    assert_eq!(manifest["CustomData"]["MatchId"], id);
    let prefix = manifest["BlobStoragePathPrefix"].as_str().unwrap();
    let chunks = manifest["CustomData"]["Chunks"].as_array().unwrap();
    let last = chunks.last().unwrap();
    assert_eq!(last["ChunkType"], 3);
    let relative = last["FileRelativePath"]
        .as_str()
        .unwrap()
        .trim_start_matches('/');
    let blob_path = prefix
        .strip_prefix("https://blobs-infiniteugc.svc.halowaypoint.com")
        .unwrap();
    let blob = get_ok(
        &server,
        "blobs-infiniteugc.svc.halowaypoint.com",
        &format!("{blob_path}{relative}"),
    )
    .await;
    assert_eq!(blob.status, 200);
    assert_eq!(blob.body.len() as u64, last["ChunkSize"].as_u64().unwrap());
    assert_eq!(blob.body.len(), 134_952);
    assert_eq!(&blob.body[..2], b"\x78\x5E");
    let header_chunk = get_ok(
        &server,
        "blobs-infiniteugc.svc.halowaypoint.com",
        &format!("{blob_path}filmChunk0"),
    )
    .await;
    assert_eq!(header_chunk.status, 404);
    assert_eq!(header_chunk.json()["error"], "no_capture");
}

#[tokio::test]
async fn gzips_when_asked_and_enabled() {
    use std::io::Read as _;
    let server = TestServer::builder()
        .gzip(true)
        .record_limit(2)
        .build()
        .start()
        .await
        .unwrap();
    let headers = [
        ("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN),
        ("accept-encoding", "gzip"),
    ];
    let target = format!("/{STATS}/hi/matches/{SLAYER_ID}/stats");
    let reply = client::send(server.addr(), "GET", &target, &headers, b"")
        .await
        .reply();
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert!(reply.body.len() < 43_272 / 3, "{}", reply.body.len());
    let mut json = String::new();
    flate2::read::GzDecoder::new(&reply.body[..])
        .read_to_string(&mut json)
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(body["Teams"][1]["Stats"]["CoreStats"]["Score"], 50);
    let plain = client::send(server.addr(), "GET", &target, &headers[..1], b"")
        .await
        .reply();
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body.len(), 43_272);
    let _ = client::send(server.addr(), "GET", &target, &headers[..1], b"").await;
    assert_eq!(server.requests().len(), 2, "record_limit keeps the newest");
}

#[tokio::test]
async fn profiles_answer_each_asked_xuid() {
    let server = TestServer::start().await.unwrap();
    let host = "profile.svc.halowaypoint.com";
    let users = get_ok(
        &server,
        host,
        "/users?xuids=2535445291321133&xuids=2533274964913144",
    )
    .await
    .json();
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(users[0]["gamertag"], "aCurtis X89");
    assert_eq!(users[1]["xuid"], "2533274964913144");
    // The gamertag the captured films show for this XUID.
    assert_eq!(users[1]["gamertag"], "Muellertime25");
    assert!(
        users[1]["gamerpic"]["small"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let one = get_ok(&server, host, "/users/xuid(2533274964913144)")
        .await
        .json();
    assert_eq!(one["gamertag"], "Muellertime25", "same name both ways");
    // Unknown players: 404 for one, left out of several.
    assert_eq!(get_ok(&server, host, "/users/xuid(1)").await.status, 404);
    assert_eq!(get_ok(&server, host, "/users/gt(Nobody)").await.status, 404);
    let some = get_ok(&server, host, "/users?xuids=1,2535445291321133")
        .await
        .json();
    assert_eq!(some.as_array().unwrap().len(), 1);
    assert_eq!(
        get_ok(&server, host, "/users?xuids=xuid(1)").await.status,
        400
    );
    assert_eq!(
        get_ok(&server, host, "/users/gt(aCurtis%20X89)")
            .await
            .json()["xuid"],
        "2535445291321133"
    );
}
