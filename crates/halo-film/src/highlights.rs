//! The result of decoding a chunk.

use crate::event::{EventKind, HighlightEvent};
use crate::version::{FilmVersion, Layout};
use crate::warning::Warning;

/// The highlight events of one chunk, in file order (ascending in time), with any warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Highlights {
    /// The film major version the chunk was read as.
    pub version: FilmVersion,
    /// The record layout used.
    pub layout: Layout,
    /// Every event, in file order.
    pub events: Vec<HighlightEvent>,
    /// Unusual things met while decoding (untested version, unknown kinds...).
    pub warnings: Vec<Warning>,
}

impl Highlights {
    /// The events of one kind.
    pub fn of_kind(&self, kind: EventKind) -> impl Iterator<Item = &HighlightEvent> + '_ {
        self.events.iter().filter(move |e| e.kind == kind)
    }

    /// Whether the version was newer than any tested (and read with the default layout).
    #[must_use]
    pub fn is_untested_version(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| matches!(w, Warning::UntestedVersion { .. }))
    }
}
