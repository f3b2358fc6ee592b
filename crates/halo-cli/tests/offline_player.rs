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
    assert_eq!(report["matches"]["total"], 2664);
    let record = &report["service_record"];
    assert_eq!(record["matches_completed"], 2664);
    assert_eq!(
        (&record["wins"], &record["losses"], &record["ties"]),
        (&1405.into(), &1219.into(), &38.into())
    );
    assert_eq!(record["win_rate"], 52.74);
    assert_eq!(
        (&record["kills"], &record["deaths"], &record["assists"]),
        (&42197.into(), &26566.into(), &15174.into())
    );
    assert_eq!(record["kd_ratio"], 1.59);
    assert_eq!(record["accuracy"], 47.15);
    assert_eq!(record["time_played_seconds"], 1_508_153);
    assert_eq!(record["max_killing_spree"], 17);
    let csr = &report["ranked"][0];
    assert_eq!(csr["playlist"]["name"], "Ranked Arena");
    // Not ranked yet: no value (left out, not null: nothing failed).
    assert!(csr["current"].get("value").is_none(), "{csr}");
    assert_eq!(csr["current"]["measurement_matches_remaining"], 4);
    assert_eq!(csr["all_time_max"]["value"], 1549);
    assert_eq!(csr["all_time_max"]["tier"], "Onyx");
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
        serde_json::from_str(&ok(&["player", "Some Gamer", "--json", "--offline"])).unwrap();
    assert_eq!(report["player"]["gamertag"], "Some Gamer");
    let out = halo(&["player", "xuid(abc)", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: `xuid(abc)` is not a valid xuid(N)"),
        "{}",
        stderr(&out)
    );
}
