//! Runs every example against an in-process halo-testkit and checks what it printed against
//! the offline world's captures. Each example file is compiled here as a module, so the test
//! runs exactly the code `cargo run --example` runs.
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../film_highlights.rs"]
mod film_highlights;
#[allow(dead_code)]
#[path = "../history_csv.rs"]
mod history_csv;
#[allow(dead_code)]
#[path = "../latest_match.rs"]
mod latest_match;
#[allow(dead_code)]
#[path = "../season_csr.rs"]
mod season_csr;
#[allow(dead_code)]
#[path = "../xbl_header.rs"]
mod xbl_header;

use halo_examples::ME;
use halo_models::Xuid;
use halo_testkit::TestServer;

async fn server() -> TestServer {
    TestServer::start_without_env_faults().await.unwrap()
}

fn lines(out: &str) -> Vec<&str> {
    out.lines().collect()
}

#[tokio::test]
async fn latest_match_is_the_vip_custom_game() {
    // The history lists custom games as the service does: the newest is the VIP capture's,
    // against the studio's bots, with no playlist and no CSR.
    let out = latest_match::run(&server().await, Xuid(ME)).await.unwrap();
    let lines = lines(&out);
    assert_eq!(
        lines[0],
        "match bb12c16a-f7e5-4b4c-934c-6ea7527f5139 at 2025-08-05T18:38:45.677Z"
    );
    assert_eq!(lines[1], "VIP-Default-UGC on Bazaar, no playlist");
    assert_eq!(lines[2], "Eagle: 3 (win)");
    assert_eq!(lines[3], "  aCurtis X89 16/1/1");
    assert!(lines.contains(&"Cobra: 1 (loss)"), "{out}");
    assert!(lines.contains(&"  343 Darkstar 3/2/1"), "{out}");
    // Two header lines, two teams of a line and four players each, no failed part, no CSR.
    assert_eq!(lines.len(), 12, "{out}");
    assert!(!out.contains("failed") && !out.contains("CSR"), "{out}");
}

#[tokio::test]
async fn season_csr_of_three_players() {
    let players = [Xuid(ME), Xuid(2_535_415_224_281_334), Xuid(1)];
    let out = season_csr::run(&server().await, &players).await.unwrap();
    assert_eq!(
        lines(&out),
        [
            // The CSR after the latest ranked match (the oddball capture's: 1532 -> 1522).
            "aCurtis X89 (xuid 2535445291321133): Ranked Arena CSR 1522 (Onyx) (season best 1666 (Onyx), all-time best 1666 (Onyx))",
            "YoungStudSZN (xuid 2535415224281334): Ranked Arena CSR 1624 (Onyx) (season best 1648 (Onyx), all-time best 1648 (Onyx))",
            "1: not found (no player with xuid 1)",
        ]
    );
}

#[tokio::test]
async fn history_as_csv() {
    let out = history_csv::run(&server().await, Xuid(ME), 5)
        .await
        .unwrap();
    let lines = lines(&out);
    assert_eq!(lines.len(), 6, "a header and five rows: {out}");
    assert_eq!(
        lines[0],
        "match_id,start_time,duration_seconds,map,mode,playlist,outcome"
    );
    // The newest is the VIP custom game (no playlist), the third the slayer capture.
    assert_eq!(
        lines[1],
        "bb12c16a-f7e5-4b4c-934c-6ea7527f5139,2025-08-05T18:38:45.677Z,315,Bazaar,VIP-Default-UGC,,win"
    );
    assert_eq!(
        lines[3],
        "b4be1c44-5782-42b3-8cf8-0d76dd87230c,2025-01-29T04:07:25.964Z,549,Fortress - Ranked,Ranked:Slayer,Ranked Arena,win"
    );
    assert!(
        lines[1..].iter().all(|l| l.split(',').count() == 7),
        "{out}"
    );
}

#[tokio::test]
async fn film_highlights_of_the_captured_film() {
    let id = film_highlights::FILM_MATCH.parse().unwrap();
    let out = film_highlights::run(&server().await, id).await.unwrap();
    let lines = lines(&out);
    assert!(
        lines[0].starts_with("match adfde763-6996-4ffb-8cd5-55855454c5f0: film version 37, "),
        "{out}"
    );
    // The first event: YoungStudSZN's kill at 40 s.
    assert_eq!(lines[1], " 0:40 kill   YoungStudSZN");
    assert!(lines.contains(&" 7:13 medal  Sportify (Perfect)"), "{out}");
    assert_eq!(
        lines.last().copied(),
        Some("consistent with the stats: 8 players checked")
    );
    // As many events as the capture's expected decode.
    let expected = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/halo-models/captures/films/expected/37_adfde763-6996-4ffb-8cd5-55855454c5f0.events.json"
    ))
    .unwrap();
    let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let count = expected["events"].as_array().unwrap().len();
    assert!(
        lines[0].ends_with(&format!(" {count} highlight events")),
        "{out}"
    );
    assert_eq!(lines.len(), count + 2, "{out}");
}

#[tokio::test]
async fn xbl_header_for_xbox_live() {
    let out = xbl_header::run(&server().await, halo_auth::XBOX_LIVE_RELYING_PARTY)
        .await
        .unwrap();
    let lines = lines(&out);
    let (head, instant) = lines[0].rsplit_once(" expires at ").unwrap();
    assert_eq!(
        head,
        "signed in as aCurtis X89 (2535445291321133); XSTS token for http://xboxlive.com"
    );
    // ISO-8601 to the second in UTC, not `SystemTime { tv_sec: .. }`.
    assert_eq!(instant.len(), "2026-12-06T01:09:39Z".len(), "{instant}");
    assert!(
        instant.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        }),
        "{instant}"
    );
    assert!(lines[1].starts_with("Authorization: XBL3.0 x="), "{out}");
    assert!(lines[1].ends_with(" characters, not printed>"), "{out}");
    assert_eq!(
        lines[2],
        "GET profile.xboxlive.com/users/xuid(2535445291321133)/profile/settings -> 200 OK"
    );
    assert_eq!(lines[3], "Gamertag setting: aCurtis X89");
}
