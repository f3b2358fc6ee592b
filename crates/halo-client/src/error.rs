//! The one public error of the crate: `Error { kind, source }`, with the endpoint id kept.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

pub use crate::connect_reason::ConnectReason;

/// A boxed error, the `source` of an [`Error`].
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// How far a request got before it failed. Ordered by progress: a request that could not be
/// built never left the process; a decode error means the server answered 2xx.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be built (a missing path parameter, an invalid value or URL).
    Build {
        /// What was wrong.
        message: String,
    },
    /// The token source failed, or the server still refused the tokens after one refresh.
    Auth {
        /// What failed.
        message: String,
    },
    /// The client-side rate limiter refused to wait that long, or a 429 was surfaced.
    RateLimited {
        /// How long the server (or limiter) asked to wait, when known.
        retry_after: Option<Duration>,
    },
    /// Connecting (DNS, TCP, TLS) or sending the request failed, or the connection was reset;
    /// `source` is the transport's error.
    Connect {
        /// Why, read from the transport's error.
        reason: ConnectReason,
        /// Where the request went (`host:port`, or `scheme://host` for a bad scheme); empty when
        /// not known (a custom transport's error outside the retry layer).
        host: String,
    },
    /// One attempt took longer than its timeout.
    Timeout {
        /// The per-attempt timeout that expired.
        after: Duration,
        /// Where the request went (`host:port`); empty when not known.
        host: String,
    },
    /// The response body could not be read: truncated, too large, or badly encoded.
    Body {
        /// What was wrong with it.
        message: String,
    },
    /// The server answered with a non-success status.
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The response body, as received (decoded from gzip/deflate).
        body: Bytes,
        /// The `Retry-After` the server sent, when it sent one.
        retry_after: Option<Duration>,
    },
    /// No player has this gamertag (Xbox Live answered 404 to its profile); `source` is that
    /// status error.
    UnknownPlayer {
        /// The gamertag asked.
        gamertag: String,
    },
    /// A success response could not be decoded into the expected type.
    Decode {
        /// The JSON path of the value that failed (`MatchInfo.StartTime`), `.` for the root.
        path: String,
        /// The body that failed to decode.
        body: Bytes,
    },
    /// The retry policy gave up; `source` is the last attempt's error.
    RetriesExhausted {
        /// How many attempts were made.
        attempts: u32,
        /// How long the call took, waits included.
        elapsed: Duration,
    },
    /// A paged read stopped after some items came through: `source` is the failed page's error.
    Partial {
        /// Items received before the failure.
        received: u64,
    },
    /// The call's deadline passed, or a wait it needed (a `Retry-After`, the rate limit, a
    /// retry's delay) would have ended after it; `source` is the last attempt's error, if any.
    DeadlineExceeded {
        /// The call's deadline.
        deadline: Duration,
        /// How long the call had run when it gave up.
        elapsed: Duration,
        /// The wait that would have passed the deadline, when one did.
        wait: Option<Duration>,
    },
}

/// The error of every halo-client operation.
///
/// Secrets never appear here: tokens are not part of any kind, and bodies are server answers.
pub struct Error {
    kind: ErrorKind,
    endpoint: Option<&'static str>,
    source: Option<BoxError>,
}

impl Error {
    /// A new error of `kind` with no source.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            endpoint: None,
            source: None,
        }
    }

    /// Attach the underlying cause.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Attach the endpoint id (kept if one is already set).
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: &'static str) -> Self {
        self.endpoint.get_or_insert(endpoint);
        self
    }

    /// A [`ErrorKind::Connect`] error for `reason` (host filled in by the retry layer).
    pub fn connect(reason: ConnectReason) -> Self {
        Self::new(ErrorKind::Connect {
            reason,
            host: String::new(),
        })
    }

    /// Name the host of a connect or timeout error that has none yet.
    pub(crate) fn set_host(&mut self, uri: &http::Uri) {
        if let ErrorKind::Connect { host, .. } | ErrorKind::Timeout { host, .. } = &mut self.kind {
            if host.is_empty() {
                if let Some(authority) = uri.authority() {
                    *host = authority.to_string();
                }
            }
        }
    }

    /// Why connecting failed, for connect errors (also behind exhausted retries).
    pub fn connect_reason(&self) -> Option<ConnectReason> {
        match &self.last_attempt().kind {
            ErrorKind::Connect { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    /// The error that ended a paged read after `received` items (`error` itself when none came
    /// through), with `error`'s endpoint.
    pub fn partial(received: u64, error: Error) -> Self {
        if received == 0 {
            return error;
        }
        let endpoint = error.endpoint;
        let mut partial = Self::new(ErrorKind::Partial { received }).with_source(error);
        partial.endpoint = endpoint;
        partial
    }

    /// How many items a paged read delivered before this error ended it (0 if none or not a
    /// paged read).
    pub fn received(&self) -> u64 {
        match self.kind {
            ErrorKind::Partial { received } => received,
            _ => 0,
        }
    }

    /// A [`ErrorKind::Build`] error.
    pub fn build(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Build {
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Auth`] error.
    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth {
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Body`] error.
    pub fn body_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Body {
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Status`] error.
    pub fn status_error(status: StatusCode, body: Bytes, retry_after: Option<Duration>) -> Self {
        Self::new(ErrorKind::Status {
            status,
            body,
            retry_after,
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The endpoint id of the request, when the request was for a known route.
    pub fn endpoint(&self) -> Option<&'static str> {
        self.endpoint
    }

    /// The last attempt's error when retries were exhausted (or the refused attempt behind an
    /// auth or rate-limit error), else `self`.
    pub fn last_attempt(&self) -> &Error {
        match (&self.kind, &self.source) {
            (
                ErrorKind::RetriesExhausted { .. }
                | ErrorKind::DeadlineExceeded { .. }
                | ErrorKind::Partial { .. }
                | ErrorKind::Auth { .. }
                | ErrorKind::RateLimited { .. },
                Some(source),
            ) => source
                .downcast_ref::<Error>()
                .map_or(self, Error::last_attempt),
            _ => self,
        }
    }

    /// The HTTP status, for a status error (also behind exhausted retries).
    pub fn status(&self) -> Option<StatusCode> {
        match &self.last_attempt().kind {
            ErrorKind::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response body, for status and decode errors (also behind exhausted retries).
    pub fn body(&self) -> Option<&Bytes> {
        match &self.last_attempt().kind {
            ErrorKind::Status { body, .. } | ErrorKind::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The server's `Retry-After`, for status and rate-limit errors.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.last_attempt().kind {
            ErrorKind::Status { retry_after, .. } | ErrorKind::RateLimited { retry_after } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// The JSON path of a decode error.
    pub fn json_path(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Decode { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Whether an attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.last_attempt().kind, ErrorKind::Timeout { .. })
    }

    /// Whether connecting or sending failed.
    pub fn is_connect(&self) -> bool {
        matches!(self.last_attempt().kind, ErrorKind::Connect { .. })
    }

    /// Whether the error is a failure to decode a success body.
    pub fn is_decode(&self) -> bool {
        matches!(self.kind, ErrorKind::Decode { .. })
    }

    /// Whether the server answered 404 (an unknown gamertag included).
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::UnknownPlayer { .. })
            || self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the same request could succeed if sent again later: connection failures,
    /// timeouts, truncated bodies, 408, 429 and 5xx. Build, auth and decode errors, other 4xx
    /// statuses and exhausted retries are not retryable.
    pub fn is_retryable(&self) -> bool {
        match &self.kind {
            ErrorKind::Connect { reason, .. } => reason.is_retryable(),
            ErrorKind::Timeout { .. } | ErrorKind::RateLimited { .. } => true,
            ErrorKind::Body { message } => !message.starts_with(BODY_TOO_LARGE),
            ErrorKind::Status { status, .. } => {
                status.is_server_error()
                    || *status == StatusCode::TOO_MANY_REQUESTS
                    || *status == StatusCode::REQUEST_TIMEOUT
            }
            _ => false,
        }
    }
}

/// Prefix of the body error raised when a response exceeds the size cap (never retried).
pub(crate) const BODY_TOO_LARGE: &str = "response body larger than";

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("endpoint", &self.endpoint)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(endpoint) = self.endpoint {
            write!(f, "{endpoint}: ")?;
        }
        match &self.kind {
            ErrorKind::Build { message } => write!(f, "invalid request: {message}"),
            ErrorKind::Auth { message } => {
                write!(f, "authentication failed: {message}")?;
                // The token source's own error says why (unreachable, or refused).
                match self.source.as_deref() {
                    Some(source) if source.downcast_ref::<Error>().is_none() => {
                        write!(f, ": {}", escaped(&source.to_string(), MAX_EXCERPT))
                    }
                    _ => Ok(()),
                }
            }
            ErrorKind::RateLimited {
                retry_after: Some(after),
            } => write!(f, "rate limited, retry after {after:?}"),
            ErrorKind::RateLimited { retry_after: None } => write!(f, "rate limited"),
            ErrorKind::Connect { reason, host } => {
                let host = if host.is_empty() {
                    "the server"
                } else {
                    host.as_str()
                };
                match reason {
                    ConnectReason::Reset => write!(f, "the connection to {host} broke")?,
                    _ => write!(f, "cannot connect to {host}: {reason}")?,
                }
                // The deepest cause names the detail (`Name or service not known`).
                if let Some(source) = self.source.as_deref() {
                    let cause = crate::connect_reason::innermost(source).to_string();
                    if !matches!(reason, ConnectReason::Refused) && !cause.is_empty() {
                        write!(f, " ({})", escaped(&cause, MAX_EXCERPT))?;
                    }
                }
                Ok(())
            }
            ErrorKind::Timeout { after, host } if host.is_empty() => {
                write!(f, "no answer within {}", seconds(*after))
            }
            ErrorKind::Timeout { after, host } => {
                write!(f, "no answer from {host} within {}", seconds(*after))
            }
            ErrorKind::Body { message } => write!(f, "bad response body: {message}"),
            ErrorKind::Status { status, body, .. } => {
                write!(f, "server answered {status}")?;
                // Server text: a capped excerpt, control characters escaped, one line.
                let text = String::from_utf8_lossy(&body[..body.len().min(MAX_EXCERPT * 4)]);
                let text = text.trim();
                if !text.is_empty() {
                    write!(f, ": {}", escaped(text, MAX_EXCERPT))?;
                }
                Ok(())
            }
            ErrorKind::UnknownPlayer { gamertag } => {
                write!(
                    f,
                    "no player with gamertag `{}`",
                    escaped(gamertag, MAX_EXCERPT)
                )
            }
            ErrorKind::Decode { path, .. } if path.is_empty() || path == "." => {
                write!(f, "cannot decode the response")
            }
            ErrorKind::Decode { path, .. } => write!(f, "cannot decode the response at {path}"),
            ErrorKind::RetriesExhausted { attempts, elapsed } => {
                write!(
                    f,
                    "gave up after {attempts} attempts in {}",
                    seconds(*elapsed)
                )?;
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
            ErrorKind::Partial { received } => {
                write!(f, "stopped after {received} items")?;
                if let Some(source) = &self.source {
                    // The page's error names the same endpoint: once is enough.
                    let text = source.to_string();
                    let prefix = self
                        .endpoint
                        .map(|id| format!("{id}: "))
                        .unwrap_or_default();
                    write!(f, ": {}", text.strip_prefix(&prefix).unwrap_or(&text))?;
                }
                Ok(())
            }
            ErrorKind::DeadlineExceeded {
                deadline,
                elapsed,
                wait,
            } => {
                match wait {
                    Some(wait) => write!(
                        f,
                        "gave up after {}: waiting {} more would pass the call's deadline of {}",
                        seconds(*elapsed),
                        seconds(*wait),
                        seconds(*deadline)
                    )?,
                    None => write!(
                        f,
                        "gave up after {}: the call's deadline of {} passed",
                        seconds(*elapsed),
                        seconds(*deadline)
                    )?,
                }
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
        }
    }
}

/// The most characters of a server's body (or a cause's text) an error message shows.
pub(crate) const MAX_EXCERPT: usize = 200;

/// `text` cut to `max_chars` characters (then `…`), with newlines, escape sequences and every
/// other control character written as `\n`, `\r`, `\t` or `\u{..}`: text from a server
/// cannot break a message's one line or reach a terminal as control sequences.
pub(crate) fn escaped(text: &str, max_chars: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A duration for a person: `0.4 s`, `120 s`, `13 min 5 s`.
pub(crate) fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 10.0 {
        format!("{secs:.1} s")
    } else if secs < 600.0 {
        format!("{secs:.0} s")
    } else {
        let whole = duration.as_secs();
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_body_reach_through_exhausted_retries() {
        let last = Error::status_error(
            StatusCode::SERVICE_UNAVAILABLE,
            Bytes::from_static(b"busy"),
            Some(Duration::from_secs(2)),
        );
        let error = Error::new(ErrorKind::RetriesExhausted {
            attempts: 3,
            elapsed: Duration::from_millis(4200),
        })
        .with_source(last)
        .with_endpoint("Stats_GetMatchStats");
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(error.body().map(|b| &b[..]), Some(&b"busy"[..]));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
        assert!(!error.is_retryable());
        assert_eq!(error.endpoint(), Some("Stats_GetMatchStats"));
        assert_eq!(
            error.to_string(),
            "Stats_GetMatchStats: gave up after 3 attempts in 4.2 s: server answered 503 Service Unavailable: busy"
        );
    }

    #[test]
    fn retryable_kinds() {
        assert!(Error::connect(ConnectReason::Refused).is_retryable());
        assert!(!Error::connect(ConnectReason::Tls).is_retryable());
        assert!(!Error::connect(ConnectReason::UnsupportedScheme).is_retryable());
        assert!(Error::status_error(StatusCode::BAD_GATEWAY, Bytes::new(), None).is_retryable());
        assert!(!Error::status_error(StatusCode::NOT_FOUND, Bytes::new(), None).is_retryable());
        assert!(!Error::build("x").is_retryable());
        assert!(Error::body_error("truncated").is_retryable());
        assert!(!Error::body_error(format!("{BODY_TOO_LARGE} 10 bytes")).is_retryable());
    }

    #[test]
    fn a_body_is_one_capped_escaped_line() {
        let error = Error::status_error(
            StatusCode::BAD_REQUEST,
            Bytes::from_static(b"a\nb\x1b[31mX"),
            None,
        );
        assert_eq!(
            error.to_string(),
            "server answered 400 Bad Request: a\\nb\\u{1b}[31mX"
        );
        let long = Error::status_error(StatusCode::BAD_GATEWAY, Bytes::from("x".repeat(500)), None);
        let text = long.to_string();
        assert!(
            text.ends_with(&format!("{}…", "x".repeat(MAX_EXCERPT))),
            "{text}"
        );
    }

    #[test]
    fn connect_and_timeout_errors_name_the_host() {
        let uri: http::Uri = "http://127.0.0.1:9/halostats.svc.halowaypoint.com/x"
            .parse()
            .unwrap();
        let mut refused = Error::connect(ConnectReason::Refused);
        refused.set_host(&uri);
        assert_eq!(
            refused.to_string(),
            "cannot connect to 127.0.0.1:9: connection refused"
        );
        let mut timeout = Error::new(ErrorKind::Timeout {
            after: Duration::from_millis(2500),
            host: String::new(),
        });
        timeout.set_host(&uri);
        assert_eq!(
            timeout.to_string(),
            "no answer from 127.0.0.1:9 within 2.5 s"
        );
    }
}
