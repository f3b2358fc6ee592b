//! `halo match` as text: the match header, a scoreboard per team, then medals per player.

use std::io::Write;

use halo_match::{Csr, CsrChange, Lookup, PlayerLine, Summary};

use crate::output::table::{Align, Table};
use crate::output::warnings::MARKER;
use crate::output::{cell, write_banner};

/// Writes the summary as text tables, after the offline banner when there is one.
pub(crate) fn write(
    summary: &Summary,
    banner: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_banner(banner, out)?;
    let h = &summary.header;
    let mut head = Table::new(&[("MATCH", Align::Left), ("", Align::Left)]);
    head.push(vec!["Id".into(), h.match_id.to_string()]);
    head.push(vec!["Started".into(), h.start_time.to_string()]);
    head.push(vec!["Duration".into(), minutes(h.duration_seconds)]);
    head.push(vec!["Category".into(), category_label(&h.category)]);
    head.push(vec!["Mode".into(), cell(&h.mode.name, || h.mode.label())]);
    head.push(vec!["Map".into(), cell(&h.map.name, || h.map.label())]);
    if let Some(playlist) = &h.playlist {
        head.push(vec![
            "Playlist".into(),
            cell(&playlist.name, || playlist.label()),
        ]);
    }
    if let Some(season) = &h.season {
        head.push(vec!["Season".into(), cell(&season.name, || season.label())]);
    }
    head.write(out)?;
    let csr = summary
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .chain(&summary.unteamed_players)
        .any(|p| !p.csr.is_none());
    for team in &summary.teams {
        writeln!(out)?;
        writeln!(out, "{}: {} ({})", team.label(), team.score, team.outcome)?;
        scoreboard(&team.players, csr, out)?;
    }
    if !summary.unteamed_players.is_empty() {
        writeln!(out)?;
        writeln!(out, "Players")?;
        scoreboard(&summary.unteamed_players, csr, out)?;
    }
    let mut medals = Table::new(&[("PLAYER", Align::Left), ("MEDALS", Align::Left)]);
    let players = summary
        .teams
        .iter()
        .flat_map(|t| &t.players)
        .chain(&summary.unteamed_players);
    let mut any = false;
    for player in players.filter(|p| !p.medals.is_empty()) {
        any = true;
        let list: Vec<String> = player
            .medals
            .iter()
            .map(|m| {
                let name = cell(&m.name, || format!("medal {}", m.name_id));
                if m.count == 1 {
                    name
                } else {
                    format!("{name} x{}", m.count)
                }
            })
            .collect();
        medals.push(vec![label(player), list.join(", ")]);
    }
    if any {
        writeln!(out)?;
        writeln!(out, "Medals")?;
        medals.write(out)?;
    }
    Ok(())
}

/// The player's gamertag, else the XUID (marked when the lookup failed).
fn label(player: &PlayerLine) -> String {
    cell(&player.gamertag, || player.label())
}

fn scoreboard(players: &[PlayerLine], csr: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut columns = vec![
        ("PLAYER", Align::Left),
        ("KILLS", Align::Right),
        ("DEATHS", Align::Right),
        ("ASSISTS", Align::Right),
        ("KDA", Align::Right),
        ("ACCURACY", Align::Right),
        ("DAMAGE", Align::Right),
        ("SCORE", Align::Right),
    ];
    if csr {
        columns.push(("CSR", Align::Left));
    }
    let mut table = Table::new(&columns);
    for p in players {
        let mut row = vec![
            label(p),
            p.kills.to_string(),
            p.deaths.to_string(),
            p.assists.to_string(),
            format!("{:.2}", p.kda),
            format!("{:.2}%", p.accuracy),
            p.damage_dealt.to_string(),
            p.personal_score.to_string(),
        ];
        match &p.csr {
            Lookup::Found(change) => row.push(csr_change(change)),
            Lookup::Failed => row.push(MARKER.to_owned()),
            Lookup::None => {}
        }
        table.push(row);
    }
    table.write(out)
}

/// `1530 Onyx -> 1532 Onyx (+2)`.
fn csr_change(change: &CsrChange) -> String {
    let figure = |csr: &Csr| match (csr.value, &csr.tier) {
        (Some(value), Some(tier)) => format!("{value} {tier}"),
        (Some(value), None) => value.to_string(),
        (None, _) => "unranked".to_owned(),
    };
    format!(
        "{} -> {} ({:+})",
        figure(&change.before),
        figure(&change.after),
        change.change
    )
}

/// `m:ss` (hours folded into minutes).
pub(crate) fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A category for people: `MULTIPLAYER_KING_OF_THE_HILL` reads `King of the hill`.
pub(crate) fn category_label(category: &str) -> String {
    let text = category.strip_prefix("MULTIPLAYER_").unwrap_or(category);
    let text = text.replace('_', " ").to_ascii_lowercase();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_minutes() {
        assert_eq!(minutes(549), "9:09");
        assert_eq!(minutes(3_725), "62:05");
        assert_eq!(category_label("MULTIPLAYER_SLAYER"), "Slayer");
        assert_eq!(
            category_label("MULTIPLAYER_KING_OF_THE_HILL"),
            "King of the hill"
        );
        assert_eq!(category_label("UNKNOWN(77)"), "Unknown(77)");
        assert_eq!(category_label(""), "");
    }

    #[test]
    fn csr_changes_read_with_tiers() {
        let csr = |value: Option<i64>, tier: Option<&str>| Csr {
            value,
            tier: tier.map(str::to_owned),
            measurement_matches_remaining: 0,
            initial_measurement_matches: 10,
        };
        let change = CsrChange {
            before: csr(Some(1530), Some("Onyx")),
            after: csr(Some(1532), Some("Onyx")),
            change: 2,
        };
        assert_eq!(csr_change(&change), "1530 Onyx -> 1532 Onyx (+2)");
        let change = CsrChange {
            before: csr(None, None),
            after: csr(Some(1120), Some("Platinum V")),
            change: 0,
        };
        assert_eq!(csr_change(&change), "unranked -> 1120 Platinum V (+0)");
    }
}
