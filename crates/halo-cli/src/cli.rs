//! The command-line grammar (clap derive).

use clap::{Parser, Subcommand};

use crate::commands::film::FilmCommand;

/// Command-line tool for the Halo Infinite web API and theater films.
#[derive(Debug, Parser)]
#[command(name = "halo", version, about)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Theater films: read highlight events.
    #[command(subcommand)]
    Film(FilmCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
