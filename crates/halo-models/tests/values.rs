//! Real values from real captures, through the typed models.

#![allow(clippy::unwrap_used)]

use halo_models::{
    AnyResponse, CareerRewardTrack, DecodeErrorKind, GameVariantCategory, MatchStats, Outcome,
    PlayerId, PlayerType, ServiceRecord, UnknownPaths, decode, decode_json,
};

fn capture(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("captures/responses")
        .join(rel);
    std::fs::read(path).unwrap()
}

#[test]
fn slayer_match_has_eight_humans_and_scores_31_and_50() {
    let stats: MatchStats = decode_json(&capture("Stats_GetMatchStats/slayer.json")).unwrap();
    assert_eq!(stats.human_players().count(), 8);
    assert_eq!(stats.bots().count(), 0);
    let team0 = stats.team(0).unwrap();
    let team1 = stats.team(1).unwrap();
    assert_eq!((team0.score(), team0.outcome()), (31, Outcome::Loss));
    assert_eq!((team1.score(), team1.outcome()), (50, Outcome::Win));
    assert_eq!(stats.winning_team().unwrap().team_id, 1);
    assert_eq!(
        stats.match_info.game_variant_category,
        GameVariantCategory::MultiplayerSlayer
    );
    let kills: i64 = stats.team_players(1).map(|p| p.kills()).sum();
    assert_eq!(kills, 50, "slayer: the winning team's kills are its score");
}

#[test]
fn custom_oddball_match_has_a_bot() {
    let stats: MatchStats =
        decode_json(&capture("Stats_GetMatchStats/oddball_custom_with_bot.json")).unwrap();
    let bot = stats.bots().next().unwrap();
    assert!(matches!(bot.player_id, PlayerId::Bot(_)));
    assert_eq!(bot.player_type, PlayerType::Bot);
    assert!(bot.player_id.to_string().starts_with("bid("));
    assert!(bot.bot_attributes.is_some());
    assert!(stats.human_players().count() >= 1);
}

#[test]
fn service_record_has_2664_matches() {
    let record: ServiceRecord =
        decode_json(&capture("Stats_GetPlayerServiceRecord/matchmade.json")).unwrap();
    assert_eq!(record.matches_completed, 2_664);
    assert!(record.wins + record.losses + record.ties <= 2_664);
    assert!(record.wins > 0);
}

#[test]
fn career_track_has_272_ranks() {
    let track: CareerRewardTrack =
        decode_json(&capture("GameCms_GetCareerRewardTrack/default.json")).unwrap();
    assert_eq!(track.rank_count(), 272);
    assert_eq!(track.ranks.first().unwrap().rank, 1);
    assert_eq!(track.ranks.last().unwrap().rank, 272);
}

#[test]
fn dispatcher_picks_the_model_by_endpoint_id() {
    let any = decode(
        "Stats_GetMatchStats",
        &capture("Stats_GetMatchStats/ctf.json"),
    )
    .unwrap();
    let AnyResponse::StatsGetMatchStats(stats) = any else {
        panic!("wrong variant")
    };
    assert_eq!(
        stats.match_info.game_variant_category,
        GameVariantCategory::MultiplayerCtf
    );
    let err = decode("No_Such_Endpoint", b"{}").unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::UnknownEndpoint);
}

#[test]
fn unknown_fields_and_enum_values_decode_and_round_trip() {
    let mut value: serde_json::Value =
        serde_json::from_slice(&capture("Stats_GetMatchStats/slayer.json")).unwrap();
    value["BrandNewField"] = serde_json::json!({"nested": [1, 2.5, "x"]});
    value["Teams"][0]["Outcome"] = serde_json::json!(9);
    value["Players"][0]["PlayerType"] = serde_json::json!(7);
    value["MatchInfo"]["MapVariant"]["Extra"] = serde_json::json!(null);
    value["MatchInfo"]["GameVariantCategory"] = serde_json::json!(99);
    let bytes = serde_json::to_vec(&value).unwrap();
    let stats: MatchStats = decode_json(&bytes).unwrap();
    assert_eq!(stats.teams[0].outcome, Outcome::Unknown(9));
    assert_eq!(stats.players[0].player_type, PlayerType::Unknown(7));
    assert_eq!(
        stats.match_info.game_variant_category,
        GameVariantCategory::Unknown(99)
    );
    assert_eq!(
        stats.unknown_fields.get("BrandNewField"),
        Some(&serde_json::json!({"nested": [1, 2.5, "x"]}))
    );
    let mut unknown = stats.unknown_paths();
    unknown.sort();
    assert_eq!(unknown, ["BrandNewField", "MatchInfo.MapVariant.Extra"]);
    let back = serde_json::to_value(&stats).unwrap();
    assert!(halo_models::lossless::equivalent(&value, &back));
}

#[test]
fn malformed_and_truncated_bodies_are_typed_errors() {
    let body = capture("Stats_GetMatchStats/slayer.json");
    let truncated = decode("Stats_GetMatchStats", &body[..body.len() / 2]).unwrap_err();
    assert_eq!(truncated.kind(), DecodeErrorKind::Truncated);
    assert_eq!(truncated.endpoint(), "Stats_GetMatchStats");
    let garbage = decode("Stats_GetMatchStats", b"<html>oops</html>").unwrap_err();
    assert_eq!(garbage.kind(), DecodeErrorKind::Syntax);
    let mut wrong: serde_json::Value = serde_json::from_slice(&body).unwrap();
    wrong["Players"][3]["Rank"] = serde_json::json!("first");
    let wrong = decode("Stats_GetMatchStats", &serde_json::to_vec(&wrong).unwrap()).unwrap_err();
    assert_eq!(wrong.kind(), DecodeErrorKind::Data);
    assert_eq!(wrong.path(), "Players[3].Rank");
    let trailing = decode("Stats_GetMatchCount", b"{} x").unwrap_err();
    assert_eq!(trailing.kind(), DecodeErrorKind::Syntax);
}

/// The first player's first team-stats entry of a match capture.
fn first_player_stats(stats: &MatchStats) -> &halo_models::Stats {
    &stats.players[0].player_team_stats[0].stats
}

#[test]
fn firefight_match_has_pve_stats_and_no_pvp_stats() {
    let stats: MatchStats = decode_json(&capture("Stats_GetMatchStats/pve.json")).unwrap();
    let first = first_player_stats(&stats);
    assert!(
        first.pvp_stats.is_none(),
        "a Firefight match has no PvpStats"
    );
    let pve = first.pve_stats.as_ref().unwrap();
    assert_eq!((pve.kills, pve.deaths, pve.assists), (69, 2, 22));
    assert_eq!(
        (pve.grunt_kills, pve.jackal_kills, pve.hunter_kills),
        (13, 31, 2)
    );
    assert!(stats.unknown_paths().is_empty());
}

#[test]
fn vip_infection_and_extraction_stats_are_typed() {
    let vip: MatchStats = decode_json(&capture("Stats_GetMatchStats/vip.json")).unwrap();
    let v = first_player_stats(&vip).vip_stats.as_ref().unwrap();
    assert_eq!(
        (v.vip_kills, v.kills_as_vip, v.times_selected_as_vip),
        (3, 10, 1)
    );
    assert_eq!(v.time_as_vip.to_string(), "PT2M0.3S");

    let infection: MatchStats =
        decode_json(&capture("Stats_GetMatchStats/infection.json")).unwrap();
    let i = first_player_stats(&infection)
        .infection_stats
        .as_ref()
        .unwrap();
    assert_eq!(
        (i.spartans_infected, i.kills_as_last_spartan_standing),
        (2, 4)
    );
    assert_eq!(i.rounds_finished_as_infected, 7);

    let extraction: MatchStats =
        decode_json(&capture("Stats_GetMatchStats/extraction.json")).unwrap();
    let e = first_player_stats(&extraction)
        .extraction_stats
        .as_ref()
        .unwrap();
    assert_eq!(
        (e.successful_extractions, e.extraction_conversions_completed),
        (1, 2)
    );
    for match_stats in [&vip, &infection, &extraction] {
        assert!(match_stats.unknown_paths().is_empty());
    }
}

#[test]
fn a_missing_key_decodes_is_reported_and_stays_missing() {
    use halo_models::Presence;
    let body = capture("Stats_GetMatchStats/slayer.json");
    let mut value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let info = value["MatchInfo"].as_object_mut().unwrap();
    info.remove("GameplayInteraction").unwrap();
    info.remove("StartTime").unwrap();
    let stats: MatchStats = decode_json(&serde_json::to_vec(&value).unwrap()).unwrap();
    // An Option field reads None; a plain one its default, and both keys are reported absent.
    assert_eq!(stats.match_info.gameplay_interaction, None);
    assert_eq!(
        stats.match_info.start_time.to_string(),
        "1970-01-01T00:00:00Z"
    );
    assert_eq!(
        stats.match_info.absent_keys(),
        ["StartTime", "GameplayInteraction"]
    );
    assert!(stats.match_info.is_absent("StartTime"));
    assert!(!stats.match_info.is_absent("EndTime"));
    assert!(stats.absent_keys().is_empty());
    assert_eq!(
        stats.match_info.end_time.to_string(),
        value["MatchInfo"]["EndTime"].as_str().unwrap()
    );
    // Re-encoding leaves both keys out: exactly the payload that came in.
    let back = serde_json::to_value(&stats).unwrap();
    assert!(halo_models::lossless::exact_differences(&value, &back, 5).is_empty());

    // A null stays null: present, not absent.
    let skill: serde_json::Value =
        serde_json::from_slice(&capture("Skill_GetMatchResult/default.json")).unwrap();
    assert!(skill["Value"][0]["Result"]["RankedRewards"].is_null());
    let decoded: halo_models::MatchSkill =
        decode_json(&capture("Skill_GetMatchResult/default.json")).unwrap();
    let result = &decoded.value[0].result;
    assert!(result.ranked_rewards.is_none() && !result.is_absent("RankedRewards"));
    let back = serde_json::to_value(&decoded).unwrap();
    assert!(back["Value"][0]["Result"]["RankedRewards"].is_null());
    assert!(halo_models::lossless::exact_differences(&skill, &back, 5).is_empty());
}

#[test]
fn bomb_stats_no_capture_shows_are_typed_from_spnkr_schema() {
    // No bomb match was captured: the fields come from SPNKr 0.10.2's BombStats model.
    let mut value: serde_json::Value =
        serde_json::from_slice(&capture("Stats_GetMatchStats/slayer.json")).unwrap();
    value["Players"][0]["PlayerTeamStats"][0]["Stats"]["BombStats"] = serde_json::json!({
        "BombCarriersKilled": 2, "BombDefusals": 1, "BombDefusersKilled": 0,
        "BombDetonations": 3, "BombPickUps": 4, "BombPlants": 3, "BombReturns": 0,
        "KillsAsBombCarrier": 5, "TimeAsBombCarrier": "PT1M12.5S"
    });
    let stats: MatchStats = decode_json(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert!(
        stats.unknown_paths().is_empty(),
        "{:?}",
        stats.unknown_paths()
    );
    let bomb = first_player_stats(&stats).bomb_stats.as_ref().unwrap();
    assert_eq!(
        (
            bomb.bomb_plants,
            bomb.bomb_detonations,
            bomb.kills_as_bomb_carrier
        ),
        (3, 3, 5)
    );
    assert_eq!(bomb.time_as_bomb_carrier.to_string(), "PT1M12.5S");
    let back = serde_json::to_value(&stats).unwrap();
    assert!(halo_models::lossless::exact_differences(&value, &back, 5).is_empty());
}
