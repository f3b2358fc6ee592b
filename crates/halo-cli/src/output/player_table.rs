//! `halo player` as text: the profile, the service record and the CSR, one figure a line.

use std::io::Write;

use halo_match::{Lookup, PlayerSummary};

use crate::output::table::{Align, Table};
use crate::output::warnings::MARKER;
use crate::output::{cell, write_banner};

/// Writes the summary as text, after the offline banner when there is one.
pub(crate) fn write(
    summary: &PlayerSummary,
    banner: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_banner(banner, out)?;
    let mut head = Table::new(&[("PLAYER", Align::Left), ("", Align::Left)]);
    head.push(vec!["Gamertag".into(), summary.player.gamertag.clone()]);
    head.push(vec!["XUID".into(), summary.player.xuid.0.to_string()]);
    let played = match &summary.matches {
        Lookup::Found(m) => format!(
            "{} (matchmade {}, custom {}, local {})",
            m.total, m.matchmade, m.custom, m.local
        ),
        Lookup::None | Lookup::Failed => MARKER.to_owned(),
    };
    head.push(vec!["Matches played".into(), played]);
    head.write(out)?;

    writeln!(out)?;
    match &summary.service_record {
        Lookup::Found(r) => {
            let mut record = Table::new(&[("MATCHMADE RECORD", Align::Left), ("", Align::Right)]);
            let rows: [(&str, String); 15] = [
                ("Matches completed", r.matches_completed.to_string()),
                ("Wins", r.wins.to_string()),
                ("Losses", r.losses.to_string()),
                ("Ties", r.ties.to_string()),
                ("Win rate", format!("{:.2}%", r.win_rate)),
                ("Time played", played_time(r.time_played_seconds)),
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
        }
        Lookup::None | Lookup::Failed => writeln!(out, "Matchmade record: {MARKER}")?,
    }

    writeln!(out)?;
    match &summary.ranked {
        Lookup::Found(list) if list.is_empty() => {
            writeln!(out, "Ranked CSR: no ranked match among the last 25")?;
        }
        Lookup::Found(list) => {
            let mut table = Table::new(&[
                ("RANKED PLAYLIST", Align::Left),
                ("CURRENT", Align::Left),
                ("SEASON MAX", Align::Left),
                ("ALL-TIME MAX", Align::Left),
            ]);
            for csr in list {
                table.push(vec![
                    cell(&csr.playlist.name, || csr.playlist.label()),
                    csr.current.label(),
                    csr.season_max.label(),
                    csr.all_time_max.label(),
                ]);
            }
            table.write(out)?;
        }
        Lookup::None | Lookup::Failed => writeln!(out, "Ranked CSR: {MARKER}")?,
    }
    Ok(())
}

/// `17d 10h 55m` (days left out when zero).
pub(crate) fn played_time(seconds: u64) -> String {
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
        assert_eq!(played_time(1_508_153), "17d 10h 55m");
        assert_eq!(played_time(3_659), "1h 0m");
    }
}
