//! `halo player` end to end, offline against the embedded test server (service record, match
//! count and playlist CSR captures).
#![allow(clippy::unwrap_used)]

mod common;

use common::{golden, halo, ok, stderr, stdout};

#[test]
fn the_service_record_of_the_signed_in_player() {
    let report: serde_json::Value =
        serde_json::from_str(&ok(&["player", "--json", "--offline"])).unwrap();
    assert_eq!(report["offline"], true);
    assert_eq!(report["player"]["xuid"], 2_535_445_291_321_133_u64);
    assert_eq!(report["player"]["gamertag"], "aCurtis X89");
    // 2,664 matchmade matches and the 5 captured custom games.
    assert_eq!(report["matches"]["total"], 2669);
    let record = &report["service_record"];
    assert_eq!(record["matches_completed"], 2664);
    let (wins, losses, ties) = (
        record["wins"].as_u64().unwrap(),
        record["losses"].as_u64().unwrap(),
        record["ties"].as_u64().unwrap(),
    );
    assert_eq!(wins + losses + ties, 2664);
    let (kills, deaths) = (
        record["kills"].as_f64().unwrap(),
        record["deaths"].as_f64().unwrap(),
    );
    assert_eq!(
        record["kd_ratio"].as_f64().unwrap(),
        (kills / deaths * 100.0).round() / 100.0
    );
    let csr = &report["ranked"][0];
    assert_eq!(csr["playlist"]["name"], "Ranked Arena");
    assert_eq!(csr["current"]["tier"], "Onyx");
    assert!(csr["all_time_max"]["value"].as_i64() >= csr["current"]["value"].as_i64());
}

#[test]
fn player_table_is_golden() {
    let table = ok(&["player", "xuid(2535445291321133)", "--offline"]);
    assert!(table.starts_with("Offline: "), "{table}");
    golden("player.txt", &table);
}

#[test]
fn a_gamertag_or_a_bad_player() {
    let report: serde_json::Value =
        serde_json::from_str(&ok(&["player", "salmonsummer83", "--json", "--offline"])).unwrap();
    assert_eq!(report["player"]["gamertag"], "SalmonSummer83");
    assert_eq!(report["player"]["xuid"], 2_535_412_760_927_018_u64);
    let out = halo(&["player", "Some Gamer", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no player"), "{}", stderr(&out));
    let out = halo(&["player", "xuid(abc)", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: `xuid(abc)` is not a valid xuid(N)"),
        "{}",
        stderr(&out)
    );
}
