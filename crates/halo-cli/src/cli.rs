//! The command-line grammar (clap derive).

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};

use crate::commands::auth::AuthCommand;
use crate::commands::crawl::CrawlArgs;
use crate::commands::export::ExportArgs;
use crate::commands::film::FilmCommand;
use crate::commands::history::HistoryArgs;
use crate::commands::match_stats::MatchArgs;
use crate::commands::mock::MockCommand;
use crate::commands::player::PlayerArgs;
use crate::commands::sync::SyncArgs;

/// Command-line tool for the Halo Infinite web API and theater films.
///
/// Credentials: HALO_SPARTAN_TOKEN (+ HALO_CLEARANCE), or a stored login (`halo auth login`).
/// With neither, API commands stop and say how to sign in; `--offline` (or HALO_OFFLINE=1)
/// runs them against an embedded test server that answers from captured payloads.
/// HALO_BASE_URL points every host at one root URL (`halo mock serve`).
///
/// Exit status: 0 done, 1 error, 2 bad usage, 3 some part could not be fetched under
/// `--strict`.
#[derive(Debug, Parser)]
#[command(name = "halo", version, about, long_about)]
pub(crate) struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct GlobalArgs {
    /// Run against the embedded test server (captured payloads on 127.0.0.1), whatever
    /// credentials are configured.
    #[arg(long, global = true, env = "HALO_OFFLINE", action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub(crate) offline: bool,
    /// All or nothing: when any part (a name, a gamertag, CSR, a page of history) could not
    /// be fetched, print nothing and exit with status 3.
    #[arg(long, global = true)]
    pub(crate) strict: bool,
    /// Print JSON for programs instead of tables.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Trace what happens on standard error (-v: info, debug for the halo crates; -vv: more).
    /// `RUST_LOG` (`target=level,...`) takes precedence. Tokens are redacted.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// One match: scoreboard per team, CSR change, medals.
    Match(MatchArgs),
    /// A player's most recent matches (date, playlist, mode, map, outcome, match id).
    History(HistoryArgs),
    /// A player's profile, matchmade service record and ranked CSR.
    Player(PlayerArgs),
    /// Each player's whole match history into a local SQLite database (incremental,
    /// resumable); `--rebuild` re-reads the stored responses without the network.
    Sync(SyncArgs),
    /// The database `halo sync` wrote, one file per table: CSV, JSON lines or Parquet.
    Export(ExportArgs),
    /// One worker of a crawl of many players into PostgreSQL, shared by any number of
    /// workers; `halo crawl status` shows the queue.
    Crawl(CrawlArgs),
    /// Theater films: highlight events of a match or of a chunk file.
    #[command(subcommand)]
    Film(FilmCommand),
    /// Sign in, see who is signed in, sign out.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// The test server that answers from captured payloads, standalone.
    #[command(subcommand)]
    Mock(MockCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_go_anywhere() {
        let cli =
            Cli::try_parse_from(["halo", "match", "x", "--json", "--offline", "--strict"]).unwrap();
        assert!(cli.global.json && cli.global.offline && cli.global.strict);
    }
}
