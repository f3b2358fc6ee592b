//! Tracing output on standard error: `RUST_LOG` (as `target=level,...`), or `-v` (info, and
//! debug for the halo crates: one `halo.call` line per API call with its endpoint, attempts,
//! status and duration) and `-vv` (debug, and trace for the halo crates). Nothing is installed
//! without either, so a plain run prints only its own lines.
//!
//! Every line goes through a redacting writer: the tokens and secrets this process knows
//! (`HALO_SPARTAN_TOKEN`, `HALO_CLEARANCE`, `HALO_CLIENT_SECRET`, the test server's default
//! tokens) are replaced by `<redacted>` wherever a layer (ours, hyper's, rustls's) prints
//! them, and control characters are escaped, so a logged server text cannot drive the terminal.

use std::io::{self, Write};
use std::sync::Arc;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config;

/// What replaces a secret in the output.
pub(crate) const REDACTED: &str = "<redacted>";

/// The workspace's crates, logged one level more verbosely than the rest under `-v`.
const OURS: [&str; 7] = [
    "halo_client",
    "halo_auth",
    "halo_match",
    "halo_film",
    "halo_sync",
    "halo_testkit",
    "halo",
];

/// Installs the subscriber if `RUST_LOG` is set or `verbose` > 0. An unreadable `RUST_LOG` is
/// reported on standard error and `-v`'s levels used.
pub(crate) fn init(verbose: u8) {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let filter = match from_env.as_deref().map(str::parse::<Targets>) {
        Some(Ok(targets)) => targets,
        Some(Err(e)) => {
            eprintln!("warning: RUST_LOG not understood ({e}); using the -v levels");
            by_verbosity(verbose.max(1))
        }
        None if verbose == 0 => return,
        None => by_verbosity(verbose),
    };
    // A span's close is where halo-client records a call's attempts, status and duration.
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(Redacting::new(known_secrets()));
    // Another subscriber already installed (never, in the binary): keep it.
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(filter)
        .try_init();
}

/// The levels of `-v` (1) and `-vv` (2 or more).
fn by_verbosity(verbose: u8) -> Targets {
    let (ours, rest) = match verbose {
        0 => (LevelFilter::OFF, LevelFilter::OFF),
        1 => (LevelFilter::DEBUG, LevelFilter::INFO),
        _ => (LevelFilter::TRACE, LevelFilter::DEBUG),
    };
    OURS.iter()
        .fold(Targets::new().with_default(rest), |targets, target| {
            targets.with_target(*target, ours)
        })
}

/// The secrets this process may send or print.
fn known_secrets() -> Vec<String> {
    let mut secrets: Vec<String> = [
        config::SPARTAN_TOKEN_ENV,
        config::CLEARANCE_ENV,
        config::CLIENT_SECRET_ENV,
    ]
    .iter()
    .filter_map(|name| config::env(name))
    .collect();
    secrets.push(halo_testkit::DEFAULT_SPARTAN_TOKEN.to_owned());
    secrets.push(halo_testkit::DEFAULT_CLEARANCE_ID.to_owned());
    secrets.push(halo_testkit::DEFAULT_CLIENT_SECRET.to_owned());
    // Short values would redact ordinary words.
    secrets.retain(|secret| secret.len() >= 8);
    secrets
}

/// A `MakeWriter` for standard error that redacts secrets and escapes control characters.
#[derive(Clone)]
pub(crate) struct Redacting {
    secrets: Arc<Vec<String>>,
}

impl Redacting {
    pub(crate) fn new(secrets: Vec<String>) -> Self {
        Self {
            secrets: Arc::new(secrets),
        }
    }

    /// `text` with every known secret replaced and control characters (but the final
    /// newline) escaped.
    pub(crate) fn clean(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in self.secrets.iter() {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), REDACTED);
            }
        }
        let (body, newline) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (text.as_str(), ""),
        };
        let mut out = crate::safe_text::one_line_capped(body, 100_000).into_owned();
        out.push_str(newline);
        out
    }
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            redacting: self.clone(),
        }
    }
}

/// One event's writer (the fmt layer writes each event whole).
pub(crate) struct RedactingWriter {
    redacting: Redacting,
}

impl Write for RedactingWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(bytes);
        io::stderr().write_all(self.redacting.clean(&text).as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_and_control_characters_escaped() {
        let redacting = Redacting::new(vec!["v4=secret-token".to_owned()]);
        assert_eq!(
            redacting.clean("sending x-343-authorization-spartan: v4=secret-token\n"),
            "sending x-343-authorization-spartan: <redacted>\n"
        );
        assert_eq!(
            redacting.clean("body a\nb\u{1b}[31m\n"),
            "body a\\nb\\u{1b}[31m\n"
        );
    }

    #[test]
    fn verbosity_levels() {
        let one = by_verbosity(1);
        assert!(one.would_enable("halo_client::wait", &tracing::Level::DEBUG));
        assert!(!one.would_enable("hyper", &tracing::Level::DEBUG));
        assert!(one.would_enable("hyper", &tracing::Level::INFO));
        let two = by_verbosity(2);
        assert!(two.would_enable("halo_client", &tracing::Level::TRACE));
        assert!(two.would_enable("hyper", &tracing::Level::DEBUG));
    }
}
