//! A match's stats as rows of `matches`, `teams`, `players`, `player_stats`,
//! `player_mode_stats`, `medals` and `personal_scores`.

use halo_models::{AssetVersionLink, MatchStats};
use serde_json::Value;

use super::TableRows;
use super::values::{core_stats, number};
use crate::clock::format_timestamp;
use crate::error::Error;
use crate::schema::{
    ColumnType, MATCHES, MEDALS, PERSONAL_SCORES, PLAYER_MODE_STATS, PLAYER_STATS, PLAYERS, TEAMS,
};
use crate::store::SqlValue;

/// Every per-match row of `stats` except CSR changes (see [`super::csr_rows`]).
pub fn match_rows(stats: &MatchStats) -> Result<Vec<TableRows>, Error> {
    let id = stats.match_id.to_string();
    let mut matches = TableRows::new(&MATCHES);
    let mut teams = TableRows::new(&TEAMS);
    let mut players = TableRows::new(&PLAYERS);
    let mut player_stats = TableRows::new(&PLAYER_STATS);
    let mut mode_stats = TableRows::new(&PLAYER_MODE_STATS);
    let mut medals = TableRows::new(&MEDALS);
    let mut scores = TableRows::new(&PERSONAL_SCORES);

    matches.rows.push(match_row(&id, stats));

    for team in &stats.teams {
        let block = to_value(&team.stats)?;
        let mut row = Vec::with_capacity(TEAMS.width());
        row.push(SqlValue::from(id.as_str()));
        row.push(team.team_id.into());
        row.push(team.outcome.code().into());
        row.push(team.rank.into());
        core_stats(block.get("CoreStats"), &mut row);
        teams.rows.push(row);
    }

    for player in &stats.players {
        let player_id = player.player_id.to_string();
        let info = &player.participation_info;
        players.rows.push(vec![
            id.as_str().into(),
            player_id.as_str().into(),
            player
                .player_id
                .xuid()
                .map(|x| i64::try_from(x.0).unwrap_or(i64::MAX))
                .into(),
            player.player_id.is_bot().into(),
            player
                .bot_attributes
                .as_ref()
                .map(|b| b.difficulty.code())
                .into(),
            player.last_team_id.into(),
            player.outcome.code().into(),
            player.rank.into(),
            format_timestamp(&info.first_joined_time).into(),
            info.present_at_beginning.into(),
            info.joined_in_progress.into(),
            info.left_in_progress.into(),
            info.present_at_completion.into(),
            info.time_played.as_secs_f64().into(),
        ]);
        for team_stats in &player.player_team_stats {
            let block = to_value(&team_stats.stats)?;
            let key = |row: &mut Vec<SqlValue>| {
                row.push(id.as_str().into());
                row.push(player_id.as_str().into());
                row.push(team_stats.team_id.into());
            };
            let mut row = Vec::with_capacity(PLAYER_STATS.width());
            key(&mut row);
            let core = block.get("CoreStats");
            core_stats(core, &mut row);
            player_stats.rows.push(row);
            for (list, table) in [("Medals", &mut medals), ("PersonalScores", &mut scores)] {
                for medal in core
                    .and_then(|c| c.get(list))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let mut row = Vec::with_capacity(6);
                    key(&mut row);
                    for field in ["NameId", "Count", "TotalPersonalScoreAwarded"] {
                        row.push(
                            medal
                                .get(field)
                                .map_or(SqlValue::Null, |v| number(v, ColumnType::Int)),
                        );
                    }
                    table.rows.push(row);
                }
            }
            if let Value::Object(blocks) = &block {
                for (mode, values) in blocks {
                    if mode == "CoreStats" {
                        continue;
                    }
                    let Value::Object(values) = values else {
                        continue;
                    };
                    for (name, value) in values {
                        let value = number(value, ColumnType::Real);
                        if value == SqlValue::Null {
                            continue;
                        }
                        let mut row = Vec::with_capacity(6);
                        key(&mut row);
                        row.push(mode.as_str().into());
                        row.push(name.as_str().into());
                        row.push(value);
                        mode_stats.rows.push(row);
                    }
                }
            }
        }
    }
    Ok(vec![
        matches,
        teams,
        players,
        player_stats,
        mode_stats,
        medals,
        scores,
    ])
}

/// The `matches` row.
fn match_row(id: &str, stats: &MatchStats) -> Vec<SqlValue> {
    let info = &stats.match_info;
    let link = |link: Option<&AssetVersionLink>| -> [SqlValue; 2] {
        match link {
            Some(l) if !l.asset_id.uuid().is_nil() => [
                l.asset_id.to_string().into(),
                l.version_id.to_string().into(),
            ],
            _ => [SqlValue::Null, SqlValue::Null],
        }
    };
    let [map, map_version] = link(Some(&info.map_variant));
    let [mode, mode_version] = link(Some(&info.ugc_game_variant));
    let [playlist, playlist_version] = link(info.playlist.as_ref());
    let [pair, pair_version] = link(info.playlist_map_mode_pair.as_ref());
    let humans = stats.human_players().count();
    vec![
        id.into(),
        format_timestamp(&info.start_time).into(),
        format_timestamp(&info.end_time).into(),
        info.duration.as_secs_f64().into(),
        info.playable_duration.as_secs_f64().into(),
        info.lifecycle_mode.code().into(),
        info.game_variant_category.code().into(),
        info.level_id.to_string().into(),
        map,
        map_version,
        mode,
        mode_version,
        playlist,
        playlist_version,
        pair,
        pair_version,
        info.playlist_experience.map(|e| e.code()).into(),
        info.season_id.clone().into(),
        info.clearance_id.to_string().into(),
        info.teams_enabled.into(),
        info.team_scoring_enabled.into(),
        info.gameplay_interaction.map(|g| g.code()).into(),
        i64::try_from(stats.players.len())
            .unwrap_or(i64::MAX)
            .into(),
        i64::try_from(humans).unwrap_or(i64::MAX).into(),
    ]
}

/// A stat block as JSON.
fn to_value(block: &impl serde::Serialize) -> Result<Value, Error> {
    serde_json::to_value(block).map_err(|e| Error::decode(format!("cannot read a stat block: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(name: &str) -> Value {
        let path = format!(
            "{}/../halo-models/captures/responses/Stats_GetMatchStats/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_slice(&std::fs::read(path).expect("capture")).expect("JSON")
    }

    fn rows_of(value: &Value) -> Vec<TableRows> {
        let bytes = serde_json::to_vec(value).expect("bytes");
        let stats: MatchStats = halo_models::decode_json(&bytes).expect("decodes");
        match_rows(&stats).expect("rows")
    }

    fn column(rows: &TableRows, name: &str) -> usize {
        rows.table
            .all_columns()
            .position(|c| c.name == name)
            .expect("column")
    }

    #[test]
    fn a_2022_match_without_gameplay_interaction_has_null_there() {
        let mut value = capture("ctf");
        let info = value["MatchInfo"].as_object_mut().expect("MatchInfo");
        info.remove("GameplayInteraction");
        let rows = rows_of(&value);
        let matches = &rows[0];
        let at = column(matches, "gameplay_interaction");
        assert_eq!(matches.rows[0][at], SqlValue::Null);
        assert_eq!(
            matches.rows[0][column(matches, "start_time")],
            SqlValue::from("2025-01-24T03:51:46.942Z")
        );
    }

    #[test]
    fn pve_stats_land_as_mode_rows() {
        let rows = rows_of(&capture("pve"));
        let modes = &rows[4];
        assert_eq!(modes.table.name, "player_mode_stats");
        let mode = column(modes, "mode");
        let pve: Vec<_> = modes
            .rows
            .iter()
            .filter(|r| r[mode] == SqlValue::from("PveStats"))
            .collect();
        assert!(!pve.is_empty());
        let matches = &rows[0];
        assert_eq!(
            matches.rows[0][column(matches, "gameplay_interaction")],
            SqlValue::Int(2)
        );
    }
}
