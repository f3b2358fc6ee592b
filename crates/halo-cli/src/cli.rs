//! The command-line grammar (clap derive).

use clap::{Parser, Subcommand};

use crate::global_args::GlobalArgs;

use crate::commands::auth::AuthCommand;
use crate::commands::completion::CompletionArgs;
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

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// One match: scoreboard per team, CSR change, medals.
    #[command(after_help = MATCH_EXAMPLES)]
    Match(MatchArgs),
    /// A player's most recent matches (date, playlist, mode, map, outcome, match id).
    #[command(after_help = HISTORY_EXAMPLES)]
    History(HistoryArgs),
    /// A player's profile, matchmade service record and ranked CSR.
    #[command(after_help = PLAYER_EXAMPLES)]
    Player(PlayerArgs),
    /// Each player's whole match history into a local SQLite database (incremental,
    /// resumable); `--rebuild` re-reads the stored responses without the network.
    #[command(after_help = SYNC_EXAMPLES)]
    Sync(SyncArgs),
    /// The database `halo sync` wrote, one file per table: CSV, JSON lines or Parquet.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// One worker of a crawl of many players into PostgreSQL, shared by any number of
    /// workers; `halo crawl status` shows the queue.
    Crawl(CrawlArgs),
    /// Theater films: highlight events of a match or of a chunk file.
    #[command(subcommand, after_help = FILM_EXAMPLES)]
    Film(FilmCommand),
    /// Sign in, see who is signed in, sign out.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// The test server that answers from captured payloads, standalone.
    #[command(subcommand)]
    Mock(MockCommand),
    /// A shell completion script on standard output (bash, zsh, fish, powershell).
    #[command(after_help = COMPLETION_EXAMPLES)]
    Completion(CompletionArgs),
}

/// `halo match --help`'s examples.
const MATCH_EXAMPLES: &str = "Examples:
  halo match b4be1c44-5782-42b3-8cf8-0d76dd87230c
  halo --offline match b4be1c44-5782-42b3-8cf8-0d76dd87230c --json";

/// `halo history --help`'s examples.
const HISTORY_EXAMPLES: &str = "Examples:
  halo history                  (the signed-in player)
  halo history \"aCurtis X89\" -n 10
  halo --offline history 2535445291321133 --json";

/// `halo player --help`'s examples.
const PLAYER_EXAMPLES: &str = "Examples:
  halo player
  halo --offline player \"aCurtis X89\"";

/// `halo sync --help`'s examples.
const SYNC_EXAMPLES: &str = "Examples:
  halo --offline sync \"aCurtis X89\"
  halo sync \"aCurtis X89\" --since 2025-01-01 --db halo.sqlite
  halo sync --rebuild           (every table again from the stored responses)";

/// `halo export --help`'s examples.
const EXPORT_EXAMPLES: &str = "Examples:
  halo export --format csv --out halo-export
  halo export --format parquet --db halo.sqlite --out parquet";

/// `halo film --help`'s examples.
const FILM_EXAMPLES: &str = "Examples:
  halo film events adfde763-6996-4ffb-8cd5-55855454c5f0
  halo film decode 37_adfde763-6996-4ffb-8cd5-55855454c5f0.zlib
  halo film decode chunk.bin --film-version 37 --json";

/// `halo completion --help`'s examples.
const COMPLETION_EXAMPLES: &str = "Examples:
  halo completion bash > ~/.local/share/bash-completion/completions/halo
  halo completion zsh > \"${fpath[1]}/_halo\"
  halo completion fish > ~/.config/fish/completions/halo.fish
  halo completion powershell >> $PROFILE";

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The words of one example line: double quotes group, `(...)` after two spaces is a
    /// comment, `>` and what follows is a redirection.
    fn words(line: &str) -> Vec<String> {
        let line = line.split("  (").next().unwrap_or(line);
        let line = line.split(" >").next().unwrap_or(line);
        let mut words = Vec::new();
        let (mut word, mut quoted) = (String::new(), false);
        for c in line.trim().chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => words.push(std::mem::take(&mut word)),
                c => word.push(c),
            }
        }
        words.push(word);
        words
    }

    #[test]
    fn every_help_example_parses() {
        let mut root = Cli::command();
        let mut checked = 0;
        for name in [
            "match",
            "history",
            "player",
            "sync",
            "export",
            "film",
            "completion",
        ] {
            let help = root
                .find_subcommand_mut(name)
                .unwrap()
                .render_long_help()
                .to_string();
            let examples = help.split("Examples:\n").nth(1).unwrap();
            for line in examples.lines().filter(|l| l.starts_with("  halo ")) {
                let words = words(line);
                assert!(words.contains(&name.to_owned()), "{line}");
                if let Err(e) = crate::offline_flag::try_parse_from(&words) {
                    panic!("`{line}` does not parse: {e}");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 19);
    }

    #[test]
    fn no_placeholder_repository() {
        // No repository is known: none is claimed (was `https://example.invalid/halo-rs`).
        assert_eq!(env!("CARGO_PKG_REPOSITORY"), "");
    }

    #[test]
    fn global_flags_go_anywhere() {
        let cli =
            Cli::try_parse_from(["halo", "match", "x", "--json", "--offline", "--strict"]).unwrap();
        assert!(cli.global.json && cli.global.offline && cli.global.strict);
    }
}
