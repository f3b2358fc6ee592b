//! The crate's error type.

use std::error::Error as StdError;
use std::fmt;

/// Why a highlight-events chunk could not be read.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// What went wrong, ordered by how far decoding got.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The film major version is older than [`MIN_VERSION`](crate::MIN_VERSION).
    UnsupportedVersion {
        /// The version asked for.
        version: u32,
    },
    /// The chunk is not a valid zlib stream (bad header, corrupt data or checksum).
    Zlib,
    /// The zlib stream ends before its final block.
    TruncatedZlib {
        /// Bytes decompressed before the input ran out.
        decompressed: usize,
    },
    /// The decompressed chunk is larger than the configured limit.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// No tail marker (`0x00002EE0`) within 20,000 bits of an event's start.
    MissingTail {
        /// Bit offset of the event's XUID in the decompressed chunk.
        start_bit: u64,
    },
    /// The chunk decompresses but holds no highlight event: not a highlight-events chunk (or
    /// a film with nothing in it). [`Decoder::force`](crate::Decoder::force) accepts it.
    NoEvents {
        /// Bytes decompressed.
        decompressed: usize,
    },
    /// The records do not fit this version's layout: too few events carry a plausible
    /// gamertag (letters, digits, spaces, ASCII punctuation), as when a film is read with another version's
    /// layout. [`Decoder::force`](crate::Decoder::force) decodes it anyway.
    LayoutMismatch {
        /// The version asked for.
        version: u32,
        /// Events whose gamertag is plausible.
        plausible: usize,
        /// Events found.
        events: usize,
    },
    /// The tail marker is too close to the start of the chunk to hold a 60-byte record.
    RecordOutOfBounds {
        /// Bit offset of the event's XUID in the decompressed chunk.
        start_bit: u64,
        /// Bit offset of the tail marker.
        tail_bit: u64,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self {
            kind,
            source: Some(Box::new(source)),
        }
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Whether the compressed chunk itself is bad (invalid, truncated or too large), as opposed
    /// to a chunk that decompresses but does not hold well-formed records.
    #[must_use]
    pub fn is_zlib(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Zlib | ErrorKind::TruncatedZlib { .. } | ErrorKind::TooLarge { .. }
        )
    }

    /// Whether the chunk was refused as not a highlight-events chunk of this version (no events,
    /// or a layout that does not fit); [`Decoder::force`](crate::Decoder::force) overrides it.
    #[must_use]
    pub fn is_refused(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NoEvents { .. } | ErrorKind::LayoutMismatch { .. }
        )
    }

    /// Whether the decompressed data holds a malformed event record.
    #[must_use]
    pub fn is_malformed_record(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::MissingTail { .. } | ErrorKind::RecordOutOfBounds { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::UnsupportedVersion { version } => write!(
                f,
                "film major version {version} is not supported (the oldest readable is {})",
                crate::MIN_VERSION
            ),
            ErrorKind::Zlib => f.write_str("the chunk is not a valid zlib stream"),
            ErrorKind::TruncatedZlib { decompressed } => write!(
                f,
                "the zlib stream is truncated (ended after {decompressed} decompressed bytes)"
            ),
            ErrorKind::TooLarge { limit } => {
                write!(
                    f,
                    "the decompressed chunk exceeds the limit of {limit} bytes"
                )
            }
            ErrorKind::NoEvents { decompressed } => write!(
                f,
                "no highlight events in {decompressed} decompressed bytes: this does not look like a \
                 highlight-events chunk (force to accept)"
            ),
            ErrorKind::LayoutMismatch {
                version,
                plausible,
                events,
            } => write!(
                f,
                "the records do not fit the layout of film version {version}: only {plausible} of \
                 {events} events carry a plausible gamertag (wrong version? force to decode anyway)"
            ),
            ErrorKind::MissingTail { start_bit } => write!(
                f,
                "malformed record: no tail marker within 20000 bits of the event at bit {start_bit}"
            ),
            ErrorKind::RecordOutOfBounds {
                start_bit,
                tail_bit,
            } => write!(
                f,
                "malformed record: the tail marker at bit {tail_bit} of the event at bit {start_bit} \
                 leaves no room for a 60-byte record"
            ),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn assert_send_sync<T: Send + Sync + 'static>() {}
    const _: () = assert_send_sync::<Error>();

    #[test]
    fn display_names_the_problem() {
        let e = Error::new(ErrorKind::MissingTail { start_bit: 42 });
        assert!(e.is_malformed_record());
        assert!(!e.is_zlib());
        assert_eq!(
            e.to_string(),
            "malformed record: no tail marker within 20000 bits of the event at bit 42"
        );
        let e = Error::new(ErrorKind::UnsupportedVersion { version: 12 });
        assert_eq!(
            e.to_string(),
            "film major version 12 is not supported (the oldest readable is 30)"
        );
    }
}
