#![doc = include_str!("../README.md")]

mod bits;
mod check;
mod decode;
mod error;
mod event;
mod highlights;
mod inflate;
mod medals;
mod record;
mod scan;
mod version;
mod warning;

pub use check::{EventCounts, Mismatch, PlayerStats, check};
pub use decode::{Decoder, decode, decode_decompressed};
pub use error::{Error, ErrorKind};
pub use event::{
    EventKind, HINT_DEATH, HINT_KILL, HINT_MODE, HighlightEvent, MEDAL_SORTING_WEIGHTS,
};
pub use highlights::Highlights;
pub use inflate::DEFAULT_MAX_DECOMPRESSED_LEN;
pub use medals::medal_name;
pub use version::{FilmVersion, Layout, MIN_VERSION, NEWEST_KNOWN_VERSION};
pub use warning::Warning;

#[cfg(test)]
mod send_sync {
    const fn assert_send_sync<T: Send + Sync>() {}
    const _: () = {
        assert_send_sync::<super::Highlights>();
        assert_send_sync::<super::Decoder>();
        assert_send_sync::<super::Mismatch>();
    };
}
