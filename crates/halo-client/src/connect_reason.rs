//! Why a connection failed, read from the cause chain of the transport's error: refused, DNS,
//! TLS, a connect timeout, a broken connection, an unsupported URL scheme. The cause itself
//! stays the error's `source`; this names it so a person (and the retry layer) need not dig.

use std::error::Error as StdError;
use std::fmt;
use std::io;

/// Why connecting (or keeping the connection) failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectReason {
    /// Nothing listens at the address (TCP RST): the host is down or the port is wrong.
    Refused,
    /// The host name could not be resolved.
    Dns,
    /// The TLS handshake failed (not a TLS server, a bad certificate, a protocol mismatch).
    Tls,
    /// The TCP connection was not set up within the connect timeout.
    TimedOut,
    /// The URL's scheme is neither `http` nor `https`.
    UnsupportedScheme,
    /// The connection closed or was reset before the answer was complete.
    Reset,
    /// Another failure to connect or send.
    Other,
}

impl ConnectReason {
    /// Whether connecting again may help: not after a TLS failure or with a bad scheme.
    pub fn is_retryable(self) -> bool {
        !matches!(self, Self::Tls | Self::UnsupportedScheme)
    }

    /// Whether the failure happened before a connection existed (so nothing was sent).
    pub fn before_connection(self) -> bool {
        !matches!(self, Self::Reset | Self::Other)
    }
}

impl fmt::Display for ConnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Refused => "connection refused",
            Self::Dns => "DNS lookup failed",
            Self::Tls => "TLS handshake failed",
            Self::TimedOut => "connect timed out",
            Self::UnsupportedScheme => "unsupported URL scheme (only http and https)",
            Self::Reset => "connection closed or reset",
            Self::Other => "connection failed",
        })
    }
}

/// The reason behind `error`, a transport error, read from its whole cause chain.
pub(crate) fn classify(error: &(dyn StdError + 'static), is_connect: bool) -> ConnectReason {
    find(error).unwrap_or(if is_connect {
        ConnectReason::Other
    } else {
        ConnectReason::Reset
    })
}

/// The first cause in `error`'s chain that names a reason.
fn find(error: &(dyn StdError + 'static)) -> Option<ConnectReason> {
    let mut current = Some(error);
    while let Some(cause) = current {
        if let Some(reason) = of_one(cause) {
            return Some(reason);
        }
        current = cause.source();
    }
    None
}

fn of_one(cause: &(dyn StdError + 'static)) -> Option<ConnectReason> {
    if is_tls(cause) {
        return Some(ConnectReason::Tls);
    }
    if let Some(io) = cause.downcast_ref::<io::Error>() {
        // An `io::Error`'s `source` skips the error it wraps (hyper-rustls wraps tokio-rustls's
        // `io::Error`, which wraps the `rustls::Error`): look inside first.
        if let Some(reason) = io.get_ref().and_then(|inner| find(inner)) {
            return Some(reason);
        }
        match io.kind() {
            io::ErrorKind::ConnectionRefused => return Some(ConnectReason::Refused),
            io::ErrorKind::TimedOut => return Some(ConnectReason::TimedOut),
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof => return Some(ConnectReason::Reset),
            _ => {}
        }
    }
    if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
        if hyper.is_incomplete_message() || hyper.is_closed() || hyper.is_canceled() {
            return Some(ConnectReason::Reset);
        }
    }
    // hyper-util's connector and hyper-rustls name these only in their messages.
    let text = cause.to_string();
    if text.starts_with("dns error") {
        return Some(ConnectReason::Dns);
    }
    if text.starts_with("unsupported scheme") || text.starts_with("invalid URL, scheme") {
        return Some(ConnectReason::UnsupportedScheme);
    }
    None
}

fn is_tls(cause: &(dyn StdError + 'static)) -> bool {
    #[cfg(feature = "rustls")]
    {
        cause.is::<rustls::Error>()
    }
    #[cfg(not(feature = "rustls"))]
    {
        let _ = cause;
        false
    }
}

/// The innermost cause of `error`, for the message (`Name or service not known`).
pub(crate) fn innermost<'a>(error: &'a (dyn StdError + 'static)) -> &'a (dyn StdError + 'static) {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_kinds_name_the_reason() {
        let refused = io::Error::new(io::ErrorKind::ConnectionRefused, "refused");
        assert_eq!(classify(&refused, true), ConnectReason::Refused);
        let reset = io::Error::new(io::ErrorKind::ConnectionReset, "reset");
        assert_eq!(classify(&reset, false), ConnectReason::Reset);
        let timed_out = io::Error::new(io::ErrorKind::TimedOut, "connect timeout");
        assert_eq!(classify(&timed_out, true), ConnectReason::TimedOut);
        let other = io::Error::other("something");
        assert_eq!(classify(&other, true), ConnectReason::Other);
        assert_eq!(classify(&other, false), ConnectReason::Reset);
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn a_rustls_error_inside_io_is_tls() {
        let tls = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
        );
        assert_eq!(classify(&tls, true), ConnectReason::Tls);
        // As hyper-rustls hands it over: wrapped once more.
        let wrapped = io::Error::other(tls);
        assert_eq!(classify(&wrapped, true), ConnectReason::Tls);
        assert!(!ConnectReason::Tls.is_retryable());
    }
}
