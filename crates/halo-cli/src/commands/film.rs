//! `halo film ...`: theater films.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::error::CliError;
use crate::output;

/// `halo film` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum FilmCommand {
    /// Print the highlight events (kills, deaths, medals, objectives) of a highlight-events chunk.
    Decode(DecodeArgs),
}

/// Arguments of `halo film decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The highlight-events chunk: the zlib file of the film's last chunk.
    pub(crate) file: PathBuf,
    /// The film major version (`FilmMajorVersion` of the film manifest); by default the number
    /// the file name starts with.
    #[arg(long, value_name = "N")]
    pub(crate) version: Option<u32>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Runs a `halo film` subcommand.
pub(crate) fn run(command: FilmCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        FilmCommand::Decode(args) => decode(&args, out),
    }
}

fn decode(args: &DecodeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let version = match args.version {
        Some(v) => v,
        None => version_from_name(&args.file).ok_or_else(|| CliError::NoVersion {
            path: args.file.clone(),
        })?,
    };
    let bytes = std::fs::read(&args.file).map_err(|source| CliError::Read {
        path: args.file.clone(),
        source,
    })?;
    let highlights = halo_film::decode(&bytes, version).map_err(|source| CliError::Film {
        path: args.file.clone(),
        source,
    })?;
    for warning in &highlights.warnings {
        eprintln!("warning: {warning}");
    }
    if args.json {
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
