//! The errors a command can end with, each printed as one line.

use std::fmt;
use std::path::PathBuf;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// No `--version` and the file name does not start with a version number.
    NoVersion {
        /// The file.
        path: PathBuf,
    },
    /// The chunk could not be decoded.
    Film {
        /// The file.
        path: PathBuf,
        /// Why.
        source: halo_film::Error,
    },
    /// JSON output could not be produced.
    Json(serde_json::Error),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Self::NoVersion { path } => write!(
                f,
                "cannot tell the film major version of {}: its name does not start with a \
                 number (like 37_<matchId>.zlib); pass --version <N>",
                path.display()
            ),
            Self::Film { path, source } => {
                write!(f, "cannot decode {}: {source}", path.display())
            }
            Self::Json(e) => write!(f, "cannot write JSON: {e}"),
            Self::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } => Some(source),
            Self::Film { source, .. } => Some(source),
            Self::Json(e) => Some(e),
            Self::Io(e) => Some(e),
            Self::NoVersion { .. } => None,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}
