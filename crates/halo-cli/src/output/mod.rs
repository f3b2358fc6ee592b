//! Output formatting: text tables for people, JSON for programs, warnings on standard error.

pub(crate) mod film;
pub(crate) mod history_table;
pub(crate) mod match_table;
pub(crate) mod player_table;
pub(crate) mod sync_progress;
pub(crate) mod table;
pub(crate) mod warnings;

use std::io::Write;

use halo_match::{Failure, Lookup};
use serde::Serialize;

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::session::Session;

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

/// Writes the report of one thing (a match, a player) that `halo match` and `halo player`
/// print: its failed parts counted as warnings about one of `units` (under `--strict`, an error
/// before anything is written), then the report as JSON or as the tables `table` draws under
/// the offline banner, then the warnings on standard error.
pub(crate) fn write_one<T: Serialize>(
    report: &T,
    errors: &[Failure],
    units: &'static str,
    table: fn(&T, Option<&str>, &mut dyn Write) -> std::io::Result<()>,
    (global, session): (GlobalArgs, &Session),
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut warnings = warnings::Warnings::new(units, 1, !global.json);
    warnings.add(errors);
    warnings.check_strict(global.strict)?;
    if global.json {
        write_report(report, session.offline, out)?;
    } else {
        table(report, session.offline_banner().as_deref(), out)?;
    }
    warnings.print();
    Ok(())
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
