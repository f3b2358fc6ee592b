//! Output formatting: text tables for people, JSON for programs.

pub(crate) mod film;
pub(crate) mod history_table;
pub(crate) mod match_table;
pub(crate) mod player_table;
pub(crate) mod table;

use std::io::Write;

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
