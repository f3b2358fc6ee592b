//! `halo match` as text: the match header, a scoreboard per team, then medals per player.

use std::io::Write;

use crate::output::table::{Align, Table};
use crate::report::{MatchReport, PlayerReport};

/// Writes the report as text tables.
pub(crate) fn write(report: &MatchReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Match     {}", report.match_id)?;
    writeln!(out, "Started   {}", report.start_time)?;
    writeln!(out, "Duration  {}", minutes(report.duration_seconds))?;
    writeln!(out, "Category  {}", report.category)?;
    writeln!(out, "Map       {}", report.map.label())?;
    writeln!(out, "Mode      {}", report.mode.label())?;
    if let Some(playlist) = &report.playlist {
        writeln!(out, "Playlist  {}", playlist.label())?;
    }
    if let Some(season) = &report.season {
        writeln!(out, "Season    {season}")?;
    }
    for team in &report.teams {
        writeln!(out)?;
        writeln!(
            out,
            "Team {}: {} ({})",
            team.team_id, team.score, team.outcome
        )?;
        scoreboard(&team.players, report.skill_available, out)?;
    }
    if !report.other_players.is_empty() {
        writeln!(out)?;
        writeln!(out, "Players")?;
        scoreboard(&report.other_players, report.skill_available, out)?;
    }
    let mut medals = Table::new(&[("PLAYER", Align::Left), ("MEDALS", Align::Left)]);
    let players = report
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .chain(&report.other_players);
    let mut any = false;
    for player in players.filter(|p| !p.medals.is_empty()) {
        any = true;
        let list: Vec<String> = player
            .medals
            .iter()
            .map(|m| {
                let name = m
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("medal {}", m.name_id));
                if m.count == 1 {
                    name
                } else {
                    format!("{name} x{}", m.count)
                }
            })
            .collect();
        medals.push(vec![player.label(), list.join(", ")]);
    }
    if any {
        writeln!(out)?;
        writeln!(out, "Medals")?;
        medals.write(out)?;
    }
    Ok(())
}

fn scoreboard(players: &[PlayerReport], csr: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut columns = vec![
        ("PLAYER", Align::Left),
        ("KILLS", Align::Right),
        ("DEATHS", Align::Right),
        ("ASSISTS", Align::Right),
        ("K/D", Align::Right),
        ("ACCURACY", Align::Right),
        ("SCORE", Align::Right),
    ];
    if csr {
        columns.push(("CSR", Align::Left));
    }
    let mut table = Table::new(&columns);
    for p in players {
        let mut row = vec![
            p.label(),
            p.kills.to_string(),
            p.deaths.to_string(),
            p.assists.to_string(),
            ratio(p.kills, p.deaths),
            format!("{:.2}%", p.accuracy),
            p.personal_score.to_string(),
        ];
        if let Some(c) = p.csr {
            row.push(format!("{} -> {} ({:+})", c.pre, c.post, c.change));
        }
        table.push(row);
    }
    table.write(out)
}

/// Kills per death with two decimals (kills alone when there were no deaths).
pub(crate) fn ratio(kills: i64, deaths: i64) -> String {
    if deaths <= 0 {
        return format!("{kills}.00");
    }
    #[allow(clippy::cast_precision_loss)]
    let r = kills as f64 / deaths as f64;
    format!("{r:.2}")
}

/// `m:ss` (hours folded into minutes).
pub(crate) fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_minutes() {
        assert_eq!(ratio(18, 8), "2.25");
        assert_eq!(ratio(5, 0), "5.00");
        assert_eq!(minutes(549), "9:09");
        assert_eq!(minutes(3_725), "62:05");
    }
}
