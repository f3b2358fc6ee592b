//! `halo film ...`: theater films, from a chunk file or from a match's film on the service.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use halo_film::Highlights;
use halo_match::Match;

use crate::error::CliError;
use crate::global_args::GlobalArgs;
use crate::match_id::parse_match_id;
use crate::output;
use crate::output::warnings::Warnings;
use crate::report::film::FilmReport;
use crate::session::Session;

/// `halo film` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum FilmCommand {
    /// Print the highlight events (kills, deaths, medals, objectives) of a highlight-events chunk.
    Decode(DecodeArgs),
    /// Fetch a match's film manifest and highlight-events chunk, print its events and check
    /// them against the match stats.
    Events(EventsArgs),
}

/// Arguments of `halo film decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The highlight-events chunk: the zlib file of the film's last chunk.
    pub(crate) file: PathBuf,
    /// The film major version (`FilmMajorVersion` of the film manifest); by default the number
    /// the file name starts with.
    #[arg(long = "film-version", alias = "version", value_name = "N")]
    pub(crate) version: Option<u32>,
    /// Decode a chunk that would be refused (no highlight events, or records that do not fit
    /// the version's layout); the events may be garbage, and a warning says so.
    #[arg(long)]
    pub(crate) force: bool,
}

/// Arguments of `halo film events`.
#[derive(Debug, Args)]
pub(crate) struct EventsArgs {
    /// The match id.
    pub(crate) match_id: String,
    /// Decode the film's chunk even where it would be refused (no highlight events, or records
    /// that do not fit the film's version); a warning says so.
    #[arg(long)]
    pub(crate) force: bool,
}

/// Runs a `halo film` subcommand.
pub(crate) async fn run(
    command: FilmCommand,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        FilmCommand::Decode(args) => decode(&args, global.json, out),
        FilmCommand::Events(args) => events(&args, global, out).await,
    }
}

fn decode(args: &DecodeArgs, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    // The file first: a missing file is reported as missing, not as a name without a version.
    let bytes = std::fs::read(&args.file).map_err(|source| CliError::Read {
        path: args.file.clone(),
        source,
    })?;
    let version = match args.version {
        Some(v) => v,
        None => version_from_name(&args.file).ok_or_else(|| CliError::NoVersion {
            path: args.file.clone(),
        })?,
    };
    let highlights = halo_film::Decoder::new()
        .force(args.force)
        .decode(&bytes, version)
        .map_err(|source| CliError::Film {
            path: args.file.clone(),
            source,
        })?;
    print_highlights(&highlights, json, out)
}

async fn events(
    args: &EventsArgs,
    global: GlobalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let match_id = parse_match_id(&args.match_id)?;
    let session = Session::open(global.offline).await?;
    let game = Match::new(&session.client, match_id);
    let forced;
    let events = if args.force {
        forced = game.highlights_forced().await?;
        forced.as_ref()
    } else {
        game.highlights().await?
    }
    .ok_or_else(|| CliError::Other(format!("match {match_id} has no film")))?;
    let report = FilmReport::new(match_id, events);
    let mut warnings = Warnings::new("matches", 1, !global.json);
    warnings.add(&report.errors);
    warnings.check_strict(global.strict)?;
    for warning in &events.highlights.warnings {
        eprintln!("warning: {warning}");
    }
    if global.json {
        output::write_report(&report, session.offline, out)?;
    } else {
        output::write_banner(session.offline_banner().as_deref(), out)?;
        output::film::write_table(&events.highlights.events, out)?;
        output::film::write_check(&report.check, out)?;
    }
    warnings.print();
    Ok(())
}

fn print_highlights(
    highlights: &Highlights,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    for warning in &highlights.warnings {
        eprintln!("warning: {warning}");
    }
    if json {
        output::film::write_json(&highlights.events, out)
    } else {
        output::film::write_table(&highlights.events, out)
    }
}

/// The number a file name starts with (`37` for `37_<matchId>.zlib`), if any.
fn version_from_name(path: &Path) -> Option<u32> {
    let name = path.file_name()?.to_str()?;
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    name.get(..digits)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_from_the_leading_number() {
        let v = |s: &str| version_from_name(Path::new(s));
        assert_eq!(v("films/37_highlight_events_sample.zlib"), Some(37));
        assert_eq!(v("40_fbf6b19e.zlib"), Some(40));
        assert_eq!(v("41"), Some(41));
        assert_eq!(v("filmChunk26"), None);
        assert_eq!(v("_37.zlib"), None);
        assert_eq!(v("99999999999_x.zlib"), None);
        assert_eq!(v("/"), None);
    }
}
