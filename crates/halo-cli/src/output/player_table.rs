//! `halo player` as text: the profile, the service record and the CSR, one figure a line.

use std::io::Write;

use crate::output::table::{Align, Table};
use crate::report::player::ProfileReport;

/// Writes the report as text.
pub(crate) fn write(report: &ProfileReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut head = Table::new(&[("PLAYER", Align::Left), ("", Align::Left)]);
    head.push(vec!["Gamertag".into(), report.player.gamertag.clone()]);
    head.push(vec!["XUID".into(), report.player.xuid.to_string()]);
    if let Some(m) = &report.matches {
        head.push(vec![
            "Matches played".into(),
            format!(
                "{} (matchmade {}, custom {}, local {})",
                m.total, m.matchmade, m.custom, m.local
            ),
        ]);
    }
    head.write(out)?;

    let r = &report.service_record;
    writeln!(out)?;
    let mut record = Table::new(&[("MATCHMADE RECORD", Align::Left), ("", Align::Right)]);
    let rows: [(&str, String); 15] = [
        ("Matches completed", r.matches_completed.to_string()),
        ("Wins", r.wins.to_string()),
        ("Losses", r.losses.to_string()),
        ("Ties", r.ties.to_string()),
        ("Win rate", format!("{:.2}%", r.win_rate)),
        ("Time played", played(r.time_played_seconds)),
        ("Kills", r.kills.to_string()),
        ("Deaths", r.deaths.to_string()),
        ("Assists", r.assists.to_string()),
        ("K/D", format!("{:.2}", r.kd_ratio)),
        ("Average KDA", format!("{:.2}", r.average_kda)),
        ("Accuracy", format!("{:.2}%", r.accuracy)),
        ("Headshot kills", r.headshot_kills.to_string()),
        ("Power weapon kills", r.power_weapon_kills.to_string()),
        ("Max killing spree", r.max_killing_spree.to_string()),
    ];
    for (name, value) in rows {
        record.push(vec![name.to_owned(), value]);
    }
    record.write(out)?;

    writeln!(out)?;
    match &report.csr {
        Some(csr) => {
            let mut table = Table::new(&[("RANKED CSR", Align::Left), ("", Align::Left)]);
            table.push(vec!["Playlist".into(), csr.playlist.label().to_owned()]);
            table.push(vec!["Current".into(), csr.current.label()]);
            table.push(vec!["Season max".into(), csr.season_max.label()]);
            table.push(vec!["All-time max".into(), csr.all_time_max.label()]);
            table.write(out)?;
        }
        None => writeln!(out, "CSR: no ranked match among the last 25")?,
    }
    Ok(())
}

/// `17d 10h 55m` (days left out when zero).
pub(crate) fn played(seconds: u64) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60);
    if days > 0 {
        format!("{days}d {hours}h {minutes}m")
    } else {
        format!("{hours}h {minutes}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_played() {
        assert_eq!(played(1_508_153), "17d 10h 55m");
        assert_eq!(played(3_659), "1h 0m");
    }
}
