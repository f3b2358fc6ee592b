//! Output formatting: text tables for people, JSON for programs, warnings on standard error.

pub(crate) mod film;
pub(crate) mod history_table;
pub(crate) mod match_table;
pub(crate) mod player_table;
pub(crate) mod sync_progress;
pub(crate) mod table;
pub(crate) mod warnings;

use std::io::Write;

use halo_match::Lookup;
use serde::Serialize;

use crate::error::CliError;

/// Writes `value` as pretty-printed JSON and a newline.
pub(crate) fn write_json<T: Serialize + ?Sized>(
    value: &T,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A report with `"offline"` first: whether it came from a test server's captured data.
#[derive(Serialize)]
struct Sourced<'a, T: Serialize> {
    offline: bool,
    #[serde(flatten)]
    report: &'a T,
}

/// Writes a report of an API command as JSON, with `"offline": true|false` first.
pub(crate) fn write_report<T: Serialize>(
    report: &T,
    offline: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    write_json(&Sourced { offline, report }, out)
}

/// Writes the first line of an offline table (and a blank line), when there is one.
pub(crate) fn write_banner(banner: Option<&str>, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(line) = banner {
        writeln!(out, "{line}")?;
        writeln!(out)?;
    }
    Ok(())
}

/// A looked-up value as a table cell: the value, `fallback` when the service has none, and
/// `fallback` marked when the lookup failed.
pub(crate) fn cell(lookup: &Lookup<String>, fallback: impl FnOnce() -> String) -> String {
    match lookup {
        Lookup::Found(value) => value.clone(),
        Lookup::None => fallback(),
        Lookup::Failed => format!("{}{}", fallback(), warnings::MARKER),
    }
}
