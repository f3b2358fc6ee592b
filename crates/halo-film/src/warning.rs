//! Non-fatal findings reported alongside decoded events.

use std::fmt;

/// Something unusual met while decoding; the events are still returned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The film major version is newer than any checked against real films; the default
    /// layout was used.
    UntestedVersion {
        /// The version asked for.
        version: u32,
    },
    /// An event's type hint matches no known kind; it is kept as [`EventKind::Unknown`](crate::EventKind::Unknown).
    UnknownEventKind {
        /// Index of the event in the decoded list.
        index: usize,
        /// The type hint.
        type_hint: u8,
    },
    /// A medal event's code is not in the medal table; its name is `None`.
    UnknownMedalCode {
        /// Index of the event in the decoded list.
        index: usize,
        /// The medal code.
        code: u8,
    },
    /// Decoding was forced past a refusal ([`ErrorKind::NoEvents`](crate::ErrorKind::NoEvents)
    /// or [`ErrorKind::LayoutMismatch`](crate::ErrorKind::LayoutMismatch)): the events may be
    /// garbage.
    Forced {
        /// Why the chunk would have been refused.
        reason: String,
    },
    /// The distance from an event's start to its tail marker differs from the one every real
    /// film of this version shows.
    UnusualRecordLength {
        /// Index of the event in the decoded list.
        index: usize,
        /// The distance found, in bits.
        bits: u64,
        /// The usual distance for this version, in bits.
        usual: u64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UntestedVersion { version } => write!(
                f,
                "film major version {version} is newer than any tested; read with the default layout"
            ),
            Self::Forced { reason } => write!(f, "decoded although refused: {reason}"),
            Self::UnknownEventKind { index, type_hint } => {
                write!(f, "event {index} has an unknown type hint {type_hint}")
            }
            Self::UnknownMedalCode { index, code } => {
                write!(f, "event {index} is a medal with an unknown code {code}")
            }
            Self::UnusualRecordLength { index, bits, usual } => write!(
                f,
                "event {index} ends {bits} bits after its start (usually {usual} for this version)"
            ),
        }
    }
}
