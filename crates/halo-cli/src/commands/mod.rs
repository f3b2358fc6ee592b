//! The commands, one module each, and the dispatch from the parsed command line.

pub(crate) mod auth;
pub(crate) mod completion;
pub(crate) mod crawl;
pub(crate) mod export;
pub(crate) mod film;
pub(crate) mod history;
pub(crate) mod match_stats;
pub(crate) mod mock;
pub(crate) mod player;
pub(crate) mod sync;

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::CliError;

/// Runs the parsed command line, writing its output to `out`.
pub(crate) async fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let global = cli.global;
    match cli.command {
        Command::Match(args) => match_stats::run(&args, global, out).await,
        Command::History(args) => history::run(&args, global, out).await,
        Command::Player(args) => player::run(&args, global, out).await,
        Command::Sync(args) => sync::run(&args, global, out).await,
        Command::Export(args) => export::run(&args, out).await,
        Command::Crawl(args) => crawl::run(&args, global, out).await,
        Command::Film(command) => film::run(command, global, out).await,
        Command::Mock(command) => mock::run(command, global, out).await,
        Command::Auth(command) => auth::run(command, global, out).await,
        Command::Completion(args) => completion::run(&args, Cli::command(), out),
    }
}
