//! Highlight events as a table or as JSON.

use std::io::Write;

use halo_film::{EventKind, HighlightEvent};

use halo_match::Lookup;

use crate::error::CliError;
use crate::output::table::{Align, Table};
use crate::output::warnings::MARKER;
use crate::report::film::{CheckReport, Counts, EventJson};

/// Writes `events` as a pretty-printed JSON array.
pub(crate) fn write_json(events: &[HighlightEvent], out: &mut dyn Write) -> Result<(), CliError> {
    let items: Vec<EventJson<'_>> = events.iter().map(EventJson::from).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)?;
    Ok(())
}

/// Writes `events` as a table: time, gamertag, XUID, kind, medal.
pub(crate) fn write_table(events: &[HighlightEvent], out: &mut dyn Write) -> Result<(), CliError> {
    let mut table = Table::new(&[
        ("TIME", Align::Right),
        ("GAMERTAG", Align::Left),
        ("XUID", Align::Right),
        ("KIND", Align::Left),
        ("MEDAL", Align::Left),
    ]);
    for e in events {
        let kind = match e.kind {
            EventKind::Unknown(hint) => format!("unknown ({hint})"),
            other => other.as_str().to_owned(),
        };
        let medal = match (e.kind, e.medal_name) {
            (EventKind::Medal, Some(name)) => name.to_owned(),
            (EventKind::Medal, None) => format!("code {}", e.medal_code),
            _ => String::new(),
        };
        table.push(vec![
            clock(e.time_ms),
            e.gamertag.clone(),
            e.xuid.to_string(),
            kind,
            medal,
        ]);
    }
    table.write(out)?;
    writeln!(out, "{} events", events.len())?;
    Ok(())
}

/// Writes the check of the events against the match stats: the verdict, then one line per
/// player that differs and per player the events name who is not in the match.
pub(crate) fn write_check(
    check: &Lookup<CheckReport>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    writeln!(out)?;
    let check = match check {
        Lookup::Found(check) => check,
        Lookup::None | Lookup::Failed => {
            writeln!(out, "Check against the match stats: {MARKER}")?;
            return Ok(());
        }
    };
    if check.consistent {
        writeln!(
            out,
            "Check against the match stats: consistent ({} players)",
            check.players_checked
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Check against the match stats: {} of {} players differ, {} players are not in the match",
        check.mismatches.len(),
        check.players_checked,
        check.strangers.len()
    )?;
    let mut table = Table::new(&[
        ("XUID", Align::Right),
        ("STATS K/D/MEDALS", Align::Left),
        ("EVENTS K/D/MEDALS", Align::Left),
    ]);
    let counts = |c: &Counts| format!("{}/{}/{}", c.kills, c.deaths, c.medals);
    for m in &check.mismatches {
        table.push(vec![
            m.xuid.to_string(),
            counts(&m.expected),
            counts(&m.found),
        ]);
    }
    for s in &check.strangers {
        table.push(vec![
            s.xuid.to_string(),
            "not in the match".to_owned(),
            s.gamertag.clone(),
        ]);
    }
    table.write(out)?;
    Ok(())
}

/// `mm:ss.mmm` (minutes beyond 59 are kept: `75:02.123`).
fn clock(ms: u32) -> String {
    format!("{:02}:{:02}.{:03}", ms / 60_000, ms / 1000 % 60, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_format() {
        assert_eq!(clock(0), "00:00.000");
        assert_eq!(clock(69_873), "01:09.873");
        assert_eq!(clock(4_502_123), "75:02.123");
        assert_eq!(clock(u32::MAX), "71582:47.295");
    }
}
