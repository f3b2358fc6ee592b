//! `halo history` as text: one line per match, newest first.

use std::io::Write;

use halo_models::Timestamp;

use crate::output::match_table::minutes;
use crate::output::table::{Align, Table};
use crate::output::{cell, write_banner};
use crate::report::history::HistoryReport;

/// Writes the report as a text table, after the offline banner when there is one.
pub(crate) fn write(
    report: &HistoryReport,
    banner: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_banner(banner, out)?;
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
        let h = &m.header;
        let playlist = h
            .playlist
            .as_ref()
            .map_or_else(|| "custom".to_owned(), |p| cell(&p.name, || p.label()));
        let (outcome, rank) = m.player.as_ref().map_or_else(
            || (String::new(), String::new()),
            |p| (p.outcome.clone(), p.rank.to_string()),
        );
        table.push(vec![
            short_date(&h.start_time),
            playlist,
            cell(&h.mode.name, || h.mode.label()),
            cell(&h.map.name, || h.map.label()),
            outcome,
            rank,
            minutes(h.duration_seconds),
            h.match_id.to_string(),
        ]);
    }
    table.write(out)
}

/// `YYYY-MM-DD HH:MM` of a timestamp, in the offset it was sent with (the service sends UTC).
pub(crate) fn short_date(time: &Timestamp) -> String {
    let (hour, minute, _) = time.time_of_day();
    format!(
        "{:04}-{:02}-{:02} {hour:02}:{minute:02}",
        time.year(),
        time.month(),
        time.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let time: Timestamp = "2025-01-29T04:20:33.441Z".parse().unwrap();
        assert_eq!(short_date(&time), "2025-01-29 04:20");
    }
}
