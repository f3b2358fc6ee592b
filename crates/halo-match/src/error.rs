//! The one error of the crate: why a part of a match (or of a player) could not be had.
//!
//! Errors are cheap to clone (the causes sit behind an `Arc`): a part is fetched once and its
//! failure is kept and handed to every caller that asks again.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use crate::part::Part;

/// Why a part could not be fetched.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A call to the service failed; [`Error::api`] is halo-client's error.
    Api,
    /// The service answered, but for something else than what was asked (another asset, match
    /// or player): the answer is not used.
    WrongAnswer {
        /// What was asked (`map a54808fb-...`).
        asked: String,
        /// What the answer was for.
        answered: String,
    },
    /// The film's highlight-events chunk could not be decoded; [`Error::film`] says why.
    Film,
    /// The film manifest cannot be used (no highlight-events chunk, an invalid version).
    FilmManifest {
        /// What is wrong with it.
        message: String,
    },
    /// The match (or player) does not exist: the service answered 404.
    NotFound {
        /// What was asked (`match b4be1c44-...`, `gamertag "Nobody"`).
        what: String,
    },
    /// The service answered, with a failure code for some of what was asked (the skill
    /// service's `SERVICE_FAILURE` for a player).
    Service {
        /// What the answer said.
        message: String,
    },
    /// A part this one is built from failed (the skill and the gamertags need the stats).
    Needs {
        /// The part that failed.
        part: Part,
    },
}

/// Why a part of a match or a player could not be had. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Source>,
}

#[derive(Debug, Clone)]
enum Source {
    Api(Arc<halo_client::Error>),
    Film(Arc<halo_film::Error>),
    Part(Arc<Error>),
}

impl Error {
    /// A failed call.
    pub(crate) fn from_api(error: halo_client::Error) -> Self {
        Self {
            kind: ErrorKind::Api,
            source: Some(Source::Api(Arc::new(error))),
        }
    }

    /// A 404 for `what`, or another failed call.
    pub(crate) fn from_api_or_not_found(error: halo_client::Error, what: String) -> Self {
        if error.is_not_found() {
            Self {
                kind: ErrorKind::NotFound { what },
                source: Some(Source::Api(Arc::new(error))),
            }
        } else {
            Self::from_api(error)
        }
    }

    /// An answer for something else than what was asked.
    pub(crate) fn wrong_answer(asked: String, answered: String) -> Self {
        Self {
            kind: ErrorKind::WrongAnswer { asked, answered },
            source: None,
        }
    }

    /// A chunk that could not be decoded.
    pub(crate) fn from_film(error: halo_film::Error) -> Self {
        Self {
            kind: ErrorKind::Film,
            source: Some(Source::Film(Arc::new(error))),
        }
    }

    /// An unusable film manifest.
    pub(crate) fn film_manifest(message: String) -> Self {
        Self {
            kind: ErrorKind::FilmManifest { message },
            source: None,
        }
    }

    /// An answer with a failure code.
    pub(crate) fn service(message: String) -> Self {
        Self {
            kind: ErrorKind::Service { message },
            source: None,
        }
    }

    /// `part` failed with `error`, so the part being built cannot be had.
    pub(crate) fn needs(part: Part, error: &Error) -> Self {
        Self {
            kind: ErrorKind::Needs { part },
            source: Some(Source::Part(Arc::new(error.clone()))),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// halo-client's error, when a call failed (also behind [`ErrorKind::Needs`]).
    pub fn api(&self) -> Option<&halo_client::Error> {
        match &self.source {
            Some(Source::Api(e)) => Some(e),
            Some(Source::Part(e)) => e.api(),
            _ => None,
        }
    }

    /// halo-film's error, when the chunk could not be decoded.
    pub fn film(&self) -> Option<&halo_film::Error> {
        match &self.source {
            Some(Source::Film(e)) => Some(e),
            Some(Source::Part(e)) => e.film(),
            _ => None,
        }
    }

    /// Whether the match or player does not exist.
    pub fn is_not_found(&self) -> bool {
        match (&self.kind, &self.source) {
            (ErrorKind::NotFound { .. }, _) => true,
            (ErrorKind::Needs { .. }, Some(Source::Part(e))) => e.is_not_found(),
            _ => false,
        }
    }

    /// A short description of the kind of failure, the same for every failure of that kind
    /// (`server answered 502`, `connection failed`, `answered for another asset`): what a tool
    /// groups warnings by. The full message is the `Display`.
    pub fn short(&self) -> String {
        match (&self.kind, &self.source) {
            (ErrorKind::Needs { .. }, Some(Source::Part(e))) => e.short(),
            (ErrorKind::Api | ErrorKind::NotFound { .. }, Some(Source::Api(e))) => api_short(e),
            (ErrorKind::WrongAnswer { asked, .. }, _) => {
                // `map a54808fb-...`: the kind of thing asked for, without its id.
                let what = asked
                    .rsplit_once(' ')
                    .map_or(asked.as_str(), |(what, _)| what);
                format!("the service answered for another {what}")
            }
            (ErrorKind::Film, _) => "the film chunk could not be decoded".into(),
            (ErrorKind::FilmManifest { .. }, _) => "the film manifest cannot be used".into(),
            (ErrorKind::NotFound { .. }, _) => "not found".into(),
            (ErrorKind::Service { message }, _) => message.clone(),
            _ => self.to_string(),
        }
    }
}

/// `server answered 502 (HIUGC_Discovery_GetMap)`, `connection failed (...)`.
fn api_short(error: &halo_client::Error) -> String {
    let what = if let halo_client::ErrorKind::DeadlineExceeded { deadline, .. } = error.kind() {
        format!("deadline of {} s passed", deadline.as_secs())
    } else if let Some(status) = error.status() {
        format!("server answered {}", status.as_u16())
    } else if error.is_timeout() {
        "timed out".to_owned()
    } else if let Some(reason) = error.connect_reason() {
        reason.to_string()
    } else if error.is_decode() {
        "undecodable answer".to_owned()
    } else {
        match error.kind() {
            halo_client::ErrorKind::Auth { .. } => "authentication failed".to_owned(),
            halo_client::ErrorKind::RateLimited { .. } => "rate limited".to_owned(),
            halo_client::ErrorKind::Body { .. } => "bad response body".to_owned(),
            halo_client::ErrorKind::Build { .. } => "invalid request".to_owned(),
            _ => "request failed".to_owned(),
        }
    };
    match error.endpoint() {
        Some(endpoint) => format!("{what} ({endpoint})"),
        None => what,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Api => match &self.source {
                Some(Source::Api(e)) => write!(f, "{e}"),
                _ => f.write_str("the call failed"),
            },
            ErrorKind::WrongAnswer { asked, answered } => write!(
                f,
                "asked for {asked}, the service answered for {answered}; the answer is not used"
            ),
            ErrorKind::Film => match &self.source {
                Some(Source::Film(e)) => {
                    write!(f, "cannot decode the film's highlight events: {e}")
                }
                _ => f.write_str("cannot decode the film's highlight events"),
            },
            ErrorKind::FilmManifest { message } => write!(f, "unusable film manifest: {message}"),
            ErrorKind::NotFound { what } => write!(f, "no {what}"),
            ErrorKind::Service { message } => f.write_str(message),
            ErrorKind::Needs { part } => match &self.source {
                Some(Source::Part(e)) => write!(f, "needs the {part}, which failed: {e}"),
                _ => write!(f, "needs the {part}, which failed"),
            },
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(Source::Api(e)) => Some(e.as_ref()),
            Some(Source::Film(e)) => Some(e.as_ref()),
            Some(Source::Part(e)) => Some(e.as_ref()),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_descriptions_group_by_kind() {
        let bad_gateway = || {
            halo_client::Error::status_error(http_status(502), bytes_of("upstream down"), None)
                .with_endpoint("HIUGC_Discovery_GetMap")
        };
        let a = Error::from_api(bad_gateway());
        assert_eq!(a.short(), "server answered 502 (HIUGC_Discovery_GetMap)");
        assert_eq!(
            a.to_string(),
            "HIUGC_Discovery_GetMap: server answered 502 Bad Gateway: upstream down"
        );
        let needs = Error::needs(Part::Stats, &a);
        assert_eq!(needs.short(), a.short());
        assert!(needs.api().is_some());
        assert_eq!(
            needs.to_string(),
            "needs the stats, which failed: HIUGC_Discovery_GetMap: server answered 502 Bad \
             Gateway: upstream down"
        );
        let wrong = Error::wrong_answer("map a".into(), "map b".into());
        assert_eq!(wrong.short(), "the service answered for another map");
        assert!(!wrong.is_not_found());
    }

    #[test]
    fn not_found_is_told_apart() {
        let e = Error::from_api_or_not_found(
            halo_client::Error::status_error(http_status(404), bytes_of(""), None),
            "match 00000000-0000-0000-0000-000000000000".into(),
        );
        assert!(e.is_not_found());
        assert!(Error::needs(Part::Stats, &e).is_not_found());
        assert_eq!(
            e.to_string(),
            "no match 00000000-0000-0000-0000-000000000000"
        );
    }

    fn http_status(code: u16) -> http::StatusCode {
        http::StatusCode::from_u16(code).unwrap_or_default()
    }

    fn bytes_of(text: &'static str) -> bytes::Bytes {
        bytes::Bytes::from_static(text.as_bytes())
    }
}
