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
    /// No `--film-version` and the file name does not start with a version number.
    NoVersion {
        /// The file.
        path: PathBuf,
    },
    /// The chunk could not be decoded.
    Film {
        /// The file (or the chunk's URL).
        path: PathBuf,
        /// Why.
        source: halo_film::Error,
    },
    /// An argument is not valid (a player, a match id...).
    Invalid(String),
    /// The Halo API call failed.
    Api(halo_client::Error),
    /// A part the command cannot do without (a match's stats, a player's profile) failed.
    Match(halo_match::Error),
    /// No credentials are configured and `--offline` was not given.
    NoCredentials,
    /// `--strict`: some parts could not be fetched (the warnings said which); exit status 3.
    Incomplete {
        /// How many kinds of failure.
        kinds: usize,
    },
    /// Signing in or getting tokens failed.
    Auth(halo_auth::Error),
    /// The match database or the sync failed.
    Sync(halo_sync::Error),
    /// The embedded test server could not start.
    Testkit(halo_testkit::Error),
    /// Something else went wrong, described in full.
    Other(String),
    /// JSON output could not be produced.
    Json(serde_json::Error),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
                write!(f, "{} does not exist", path.display())
            }
            Self::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Self::NoVersion { path } => write!(
                f,
                "cannot tell the film major version of {}: its name does not start with a \
                 number (like 37_<matchId>.zlib); pass --film-version <N>",
                path.display()
            ),
            Self::Film { path, source } => {
                write!(f, "cannot decode {}: {source}", path.display())
            }
            Self::Invalid(message) | Self::Other(message) => f.write_str(message),
            Self::Api(e) => api(e, f),
            Self::Match(e) => match e.kind() {
                halo_match::ErrorKind::Api => match e.api() {
                    Some(api_error) => api(api_error, f),
                    None => write!(f, "{e}"),
                },
                _ => write!(f, "{e}"),
            },
            Self::NoCredentials => f.write_str(NO_CREDENTIALS),
            Self::Incomplete { kinds } => write!(
                f,
                "{kinds} kind{} of failure (see the warnings); nothing printed because of \
                 --strict",
                if *kinds == 1 { "" } else { "s" }
            ),
            Self::Auth(e) => write!(f, "sign-in failed: {e}"),
            Self::Sync(e) => write!(f, "{e}"),
            Self::Testkit(e) => {
                write!(f, "cannot start the embedded test server: {e}")?;
                match std::error::Error::source(e) {
                    Some(cause) => write!(f, " ({cause})"),
                    None => Ok(()),
                }
            }
            Self::Json(e) => write!(f, "cannot write JSON: {e}"),
            Self::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

/// An API error, with what to do about refused credentials or a stale clearance.
fn api(e: &halo_client::Error, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{e}")?;
    let auth = auth_cause(e);
    if auth.is_some_and(halo_auth::Error::is_unreachable) {
        write!(
            f,
            " (the sign-in service could not be reached: check the network and retry; the \
             stored login is kept)"
        )?;
    } else if e.status().map(|s| s.as_u16()) == Some(http_status::UNAUTHORIZED)
        || auth.is_some_and(halo_auth::Error::is_credentials_refused)
        || (auth.is_none() && matches!(e.kind(), halo_client::ErrorKind::Auth { .. }))
    {
        write!(
            f,
            " (the service refused the credentials: run `halo auth login` again, \
             or set a fresh HALO_SPARTAN_TOKEN)"
        )?;
    } else if e.status().map(|s| s.as_u16()) == Some(http_status::FORBIDDEN) {
        write!(
            f,
            " (forbidden: the clearance may be stale; set HALO_CLEARANCE or run \
             `halo auth login` again)"
        )?;
    }
    Ok(())
}

/// The halo-auth error behind a halo-client auth error, if the token source was halo-auth's.
fn auth_cause(e: &halo_client::Error) -> Option<&halo_auth::Error> {
    let mut cause = std::error::Error::source(e);
    while let Some(error) = cause {
        if let Some(auth) = error.downcast_ref::<halo_auth::Error>() {
            return Some(auth);
        }
        cause = error.source();
    }
    None
}

/// What to do without credentials.
pub(crate) const NO_CREDENTIALS: &str = "no credentials: sign in with `halo auth login` (or set \
     HALO_SPARTAN_TOKEN and HALO_CLEARANCE), or try `--offline` (or HALO_OFFLINE=1) to run \
     against the embedded test server's captured data";

/// The HTTP statuses the messages above single out.
mod http_status {
    pub(super) const UNAUTHORIZED: u16 = 401;
    pub(super) const FORBIDDEN: u16 = 403;
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } => Some(source),
            Self::Film { source, .. } => Some(source),
            Self::Api(e) => Some(e),
            Self::Match(e) => Some(e),
            Self::Auth(e) => Some(e),
            Self::Sync(e) => Some(e),
            Self::Testkit(e) => Some(e),
            Self::Json(e) => Some(e),
            Self::Io(e) => Some(e),
            Self::NoVersion { .. }
            | Self::Invalid(_)
            | Self::Other(_)
            | Self::NoCredentials
            | Self::Incomplete { .. } => None,
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

impl From<halo_client::Error> for CliError {
    fn from(e: halo_client::Error) -> Self {
        Self::Api(e)
    }
}

impl From<halo_match::Error> for CliError {
    fn from(e: halo_match::Error) -> Self {
        Self::Match(e)
    }
}

impl From<halo_auth::Error> for CliError {
    fn from(e: halo_auth::Error) -> Self {
        Self::Auth(e)
    }
}

impl From<halo_sync::Error> for CliError {
    fn from(e: halo_sync::Error) -> Self {
        Self::Sync(e)
    }
}

impl From<halo_testkit::Error> for CliError {
    fn from(e: halo_testkit::Error) -> Self {
        Self::Testkit(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(auth: halo_auth::ErrorKind) -> String {
        let error = halo_client::Error::auth("halo-auth could not provide tokens")
            .with_source(halo_auth::Error::from(auth))
            .with_endpoint("Profile_GetUser");
        CliError::Api(error).to_string()
    }

    #[test]
    fn sign_in_again_only_when_the_credentials_were_refused() {
        let down = message(halo_auth::ErrorKind::Connect {
            step: halo_auth::Step::Refresh,
        });
        assert!(down.contains("could not be reached"), "{down}");
        assert!(!down.contains("halo auth login"), "{down}");
        assert!(!down.contains("refused the credentials"), "{down}");
        let refused = message(halo_auth::ErrorKind::InvalidGrant {
            step: halo_auth::Step::Refresh,
        });
        assert!(refused.contains("refused the credentials"), "{refused}");
        assert!(refused.contains("halo auth login"), "{refused}");
    }
}
