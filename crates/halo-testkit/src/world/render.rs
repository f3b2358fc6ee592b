//! Facts as the stats service's JSON: match stats and history rows, in the captured shapes
//! (a capture of the same game-variant category lends the fields the world does not count).

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::facts::{Facts, Line, Numbers, Team, Who};
use crate::{captures, time};

/// Whether a `MatchInfo` is of a matchmade match.
pub(crate) fn is_matchmade(info: &Value) -> bool {
    info.get("LifecycleMode").and_then(Value::as_u64) == Some(3)
}

/// Whether a `MatchInfo`'s playlist is ranked.
pub(crate) fn is_ranked(info: &Value) -> bool {
    is_matchmade(info)
        && info
            .pointer("/Playlist/AssetId")
            .and_then(Value::as_str)
            .is_some_and(super::names::is_ranked_playlist)
}

/// The `MatchInfo` of a match: its setting's, with the match's own times.
pub(crate) fn match_info(facts: &Facts, setting: &Value) -> Value {
    let mut info = setting.clone();
    let (start, end) = (
        time::iso8601_millis(facts.start_ms),
        time::iso8601_millis(facts.start_ms + facts.duration_ms),
    );
    if info
        .pointer("/StartTime")
        .and_then(Value::as_str)
        .and_then(time::parse_iso8601_millis)
        == Some(facts.start_ms)
    {
        return info;
    }
    let duration = iso_duration_ms(facts.duration_ms);
    info["StartTime"] = json!(start);
    info["EndTime"] = json!(end);
    info["Duration"] = json!(duration);
    info["PlayableDuration"] = json!(duration);
    info
}

/// `PT9M9.421S` style text for milliseconds.
pub(crate) fn iso_duration_ms(ms: i64) -> String {
    time::iso_duration(std::time::Duration::from_millis(
        u64::try_from(ms).unwrap_or(0),
    ))
}

/// A history row of `line`'s player in this match.
pub(crate) fn history_row(facts: &Facts, setting: &Value, line: &Line) -> Value {
    json!({
        "MatchId": facts.id,
        "MatchInfo": match_info(facts, setting),
        "LastTeamId": line.team,
        "Outcome": line.outcome as u64,
        "Rank": line.rank,
        "PresentAtEndOfMatch": true,
    })
}

/// The stats captures by category, parsed once.
fn templates() -> &'static [(u64, Value)] {
    static TEMPLATES: OnceLock<Vec<(u64, Value)>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        ["slayer", "oddball", "zones", "ctf"]
            .into_iter()
            .filter_map(|case| {
                let value: Value =
                    serde_json::from_slice(captures::case("Stats_GetMatchStats", case)?.bytes)
                        .ok()?;
                let category = value.pointer("/MatchInfo/GameVariantCategory")?.as_u64()?;
                Some((category, value))
            })
            .collect()
    })
}

fn template(category: u64) -> Option<&'static Value> {
    let all = templates();
    all.iter()
        .find(|(c, _)| *c == category)
        .or_else(|| all.first())
        .map(|(_, v)| v)
}

fn medals(list: &[(u64, u64)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(id, n)| json!({"NameId": id, "Count": n, "TotalPersonalScoreAwarded": 0}))
            .collect(),
    )
}

/// Writes the counted fields into a `CoreStats` object.
pub(crate) fn set_core(core: &mut Value, n: &Numbers) {
    let fields: [(&str, Value); 25] = [
        ("Score", json!(n.score)),
        ("PersonalScore", json!(n.personal_score)),
        ("Kills", json!(n.kills)),
        ("Deaths", json!(n.deaths)),
        ("Assists", json!(n.assists)),
        ("KDA", json!(n.kda())),
        ("Suicides", json!(n.suicides)),
        ("Betrayals", json!(n.betrayals)),
        ("GrenadeKills", json!(n.grenade_kills)),
        ("HeadshotKills", json!(n.headshot_kills)),
        ("MeleeKills", json!(n.melee_kills)),
        ("PowerWeaponKills", json!(n.power_weapon_kills)),
        ("ShotsFired", json!(n.shots_fired)),
        ("ShotsHit", json!(n.shots_hit)),
        ("Accuracy", json!(n.accuracy())),
        ("DamageDealt", json!(n.damage_dealt)),
        ("DamageTaken", json!(n.damage_taken)),
        ("CalloutAssists", json!(n.callout_assists)),
        ("MaxKillingSpree", json!(n.max_killing_spree)),
        ("Medals", medals(&n.medals)),
        (
            "PersonalScores",
            json!([
                {"NameId": 1_024_030_246_u64, "Count": n.kills, "TotalPersonalScoreAwarded": n.kills * 100},
                {"NameId": 638_246_808_u64, "Count": n.assists, "TotalPersonalScoreAwarded": n.assists * 50},
            ]),
        ),
        ("DeprecatedDamageDealt", json!(n.damage_dealt as f64)),
        ("DeprecatedDamageTaken", json!(n.damage_taken as f64)),
        ("Spawns", json!(n.deaths + 1)),
        ("ObjectivesCompleted", json!(0)),
    ];
    if let Some(core) = core.as_object_mut() {
        for (name, value) in fields {
            core.insert(name.to_owned(), value);
        }
    }
}

fn set_pvp(stats: &mut Value, n: &Numbers) {
    if let Some(pvp) = stats.get_mut("PvpStats") {
        *pvp = json!({"Kills": n.kills, "Deaths": n.deaths, "Assists": n.assists, "KDA": n.kda()});
    }
}

fn team_json(template: &Value, team: &Team) -> Value {
    let mut value = template.clone();
    value["TeamId"] = json!(team.id);
    value["Outcome"] = json!(team.outcome as u64);
    value["Rank"] = json!(team.rank);
    if let Some(core) = value.pointer_mut("/Stats/CoreStats") {
        set_core(core, &team.numbers);
    }
    if let Some(stats) = value.get_mut("Stats") {
        set_pvp(stats, &team.numbers);
    }
    value
}

fn player_json(template: &Value, facts: &Facts, line: &Line) -> Value {
    let mut value = template.clone();
    let id = match &line.who {
        Who::Xuid(x) => format!("xuid({x})"),
        Who::Bot(b) => b.clone(),
    };
    value["PlayerId"] = json!(id);
    value["LastTeamId"] = json!(line.team);
    value["Outcome"] = json!(line.outcome as u64);
    value["Rank"] = json!(line.rank);
    let played = iso_duration_ms(line.time_played_ms);
    value["ParticipationInfo"] = json!({
        "FirstJoinedTime": time::iso8601_millis(facts.start_ms),
        "LastLeaveTime": null,
        "PresentAtBeginning": true,
        "JoinedInProgress": false,
        "LeftInProgress": false,
        "PresentAtCompletion": true,
        "TimePlayed": played,
        "ConfirmedParticipation": null,
    });
    if let Some(team_stats) = value
        .get_mut("PlayerTeamStats")
        .and_then(Value::as_array_mut)
    {
        team_stats.truncate(1);
        if let Some(entry) = team_stats.first_mut() {
            entry["TeamId"] = json!(line.team);
            if let Some(core) = entry.pointer_mut("/Stats/CoreStats") {
                set_core(core, &line.numbers);
            }
            if let Some(stats) = entry.get_mut("Stats") {
                set_pvp(stats, &line.numbers);
            }
        }
    }
    value
}

/// The match stats body.
pub(crate) fn stats(facts: &Facts, setting: &Value) -> Vec<u8> {
    if let Some(bytes) = facts.captured {
        return bytes.to_vec();
    }
    let category = setting
        .get("GameVariantCategory")
        .and_then(Value::as_u64)
        .unwrap_or(6);
    let Some(template) = template(category) else {
        return Vec::new();
    };
    let empty = Vec::new();
    let team_templates = template
        .get("Teams")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let player_templates = template
        .get("Players")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let teams: Vec<Value> = facts
        .teams
        .iter()
        .enumerate()
        .filter_map(|(i, team)| {
            let t = team_templates.get(i).or_else(|| team_templates.first())?;
            Some(team_json(t, team))
        })
        .collect();
    let players: Vec<Value> = facts
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let t = player_templates.get(i % player_templates.len().max(1))?;
            Some(player_json(t, facts, line))
        })
        .collect();
    let body = json!({
        "MatchId": facts.id,
        "MatchInfo": match_info(facts, setting),
        "Teams": teams,
        "Players": players,
    });
    serde_json::to_vec(&body).unwrap_or_default()
}
