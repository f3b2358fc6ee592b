//! `--offline` only where it means something. The flag stays global, so it goes before or
//! after the command (`halo --offline sync "aCurtis X89"`, `halo match ID --offline`), but a
//! command that never calls the Halo service (`completion`, `export`, `film decode`, `auth`,
//! `mock serve`, `sync --rebuild`, `crawl status`) refuses it as bad usage (exit status 2)
//! rather than silently ignoring it. `HALO_OFFLINE=1` in the environment is not refused: it
//! is meant for every command that can use it.

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::commands::auth::AuthCommand;
use crate::commands::crawl::CrawlAction;
use crate::commands::film::FilmCommand;

/// The commands `--offline` applies to, as the refusal names them.
const WHERE_IT_APPLIES: &str = "match, history, player, sync, crawl and film events";

/// Parses the process's command line; on bad usage prints clap's message and exits with 2.
pub(crate) fn parse() -> Cli {
    try_parse_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
}

/// Parses `args` (the program name first), refusing `--offline` given on the command line to
/// a command that never calls the service.
pub(crate) fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = Cli::command();
    let matches = command.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
    if matches.value_source("offline") == Some(ValueSource::CommandLine)
        && let Some(name) = without_service(&cli.command)
    {
        return Err(command.error(
            ErrorKind::ArgumentConflict,
            format!(
                "`--offline` means nothing to `halo {name}`, which never calls the Halo \
                 service; leave it out (it applies to {WHERE_IT_APPLIES})"
            ),
        ));
    }
    Ok(cli)
}

/// The name of `command` when it never calls the service; `None` when `--offline` applies.
fn without_service(command: &Command) -> Option<&'static str> {
    match command {
        Command::Match(_) | Command::History(_) | Command::Player(_) => None,
        Command::Sync(args) if args.rebuild => Some("sync --rebuild"),
        Command::Sync(_) => None,
        Command::Crawl(args) if matches!(args.action, Some(CrawlAction::Status)) => {
            Some("crawl status")
        }
        Command::Crawl(_) => None,
        Command::Film(FilmCommand::Events(_)) => None,
        Command::Film(FilmCommand::Decode(_)) => Some("film decode"),
        Command::Export(_) => Some("export"),
        Command::Auth(AuthCommand::Login(_)) => Some("auth login"),
        Command::Auth(AuthCommand::Status) => Some("auth status"),
        Command::Auth(AuthCommand::Logout) => Some("auth logout"),
        Command::Mock(_) => Some("mock serve"),
        Command::Completion(_) => Some("completion"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        try_parse_from(std::iter::once("halo").chain(args.iter().copied()))
    }

    #[test]
    fn applies_before_or_after_commands_that_call_the_service() {
        for args in [
            &["--offline", "sync", "aCurtis X89"][..],
            &["sync", "aCurtis X89", "--offline"],
            &["--offline", "match", "b4be1c44-5782-42b3-8cf8-0d76dd87230c"],
            &["history", "--offline", "-n", "3"],
            &["--offline", "player"],
            &[
                "--offline",
                "film",
                "events",
                "adfde763-6996-4ffb-8cd5-55855454c5f0",
            ],
            &["--offline", "crawl", "--db", "postgres://localhost/halo"],
        ] {
            let cli = parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert!(cli.global.offline, "{args:?}");
        }
    }

    #[test]
    fn refused_where_it_means_nothing() {
        for (args, name) in [
            (&["--offline", "completion", "bash"][..], "completion"),
            (&["export", "--offline", "--format", "csv"], "export"),
            (&["--offline", "film", "decode", "chunk.bin"], "film decode"),
            (&["auth", "logout", "--offline"], "auth logout"),
            (&["--offline", "auth", "status"], "auth status"),
            (&["--offline", "mock", "serve"], "mock serve"),
            (&["--offline", "sync", "--rebuild"], "sync --rebuild"),
            (
                &["--offline", "crawl", "status", "--db", "postgres://h/db"],
                "crawl status",
            ),
        ] {
            let error = parse(args)
                .err()
                .unwrap_or_else(|| panic!("{args:?} parsed"));
            assert_eq!(error.kind(), ErrorKind::ArgumentConflict, "{args:?}");
            assert_eq!(error.exit_code(), 2);
            let text = error.to_string();
            assert!(
                text.contains(&format!("`--offline` means nothing to `halo {name}`")),
                "{text}"
            );
        }
    }

    #[test]
    fn the_same_commands_parse_without_it() {
        for args in [
            &["completion", "bash"][..],
            &["export", "--format", "csv"],
            &["film", "decode", "chunk.bin"],
            &["auth", "logout"],
            &["sync", "--rebuild"],
        ] {
            let cli = parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert!(!cli.global.offline);
        }
    }
}
