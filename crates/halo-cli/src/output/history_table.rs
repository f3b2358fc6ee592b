//! `halo history` as text: one line per match, newest first.

use std::io::Write;

use halo_models::Timestamp;

use crate::output::match_table::minutes;
use crate::output::table::{Align, Table};
use crate::report::history::{HistoryReport, category_label, short_date};

/// Characters of an asset id shown when the asset has no name.
const SHORT_ID: usize = 8;

/// Writes the report as a text table.
pub(crate) fn write(report: &HistoryReport, out: &mut dyn Write) -> std::io::Result<()> {
    let n = report.matches.len();
    let label = report.player.label();
    match n {
        0 => return writeln!(out, "{label}: no matches"),
        1 => writeln!(out, "{label}: the most recent match")?,
        _ => writeln!(out, "{label}: {n} most recent matches")?,
    }
    writeln!(out)?;
    let mut table = Table::new(&[
        ("DATE", Align::Left),
        ("PLAYLIST", Align::Left),
        ("MODE", Align::Left),
        ("MAP", Align::Left),
        ("OUTCOME", Align::Left),
        ("RANK", Align::Right),
        ("LENGTH", Align::Right),
        ("MATCH", Align::Left),
    ]);
    for m in &report.matches {
        let date = m
            .start_time
            .parse::<Timestamp>()
            .map_or_else(|_| m.start_time.clone(), |t| short_date(&t));
        let mode = m
            .mode
            .name
            .clone()
            .unwrap_or_else(|| category_label(&m.category));
        let map = m.map.name.clone().unwrap_or_else(|| short(&m.map.asset_id));
        let playlist = m
            .playlist
            .name
            .clone()
            .unwrap_or_else(|| short(&m.playlist.asset_id));
        table.push(vec![
            date,
            playlist,
            mode,
            map,
            m.outcome.clone(),
            m.rank.to_string(),
            minutes(m.duration_seconds),
            m.match_id.clone(),
        ]);
    }
    table.write(out)
}

fn short(id: &str) -> String {
    id.chars().take(SHORT_ID).collect()
}
