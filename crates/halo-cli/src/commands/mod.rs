//! The commands, one module each, and the dispatch from the parsed command line.

pub(crate) mod film;

use std::io::Write;

use crate::cli::Command;
use crate::error::CliError;

/// Runs `command`, writing its output to `out`.
pub(crate) fn run(command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Film(film) => film::run(film, out),
    }
}
