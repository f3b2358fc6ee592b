//! Decoding a chunk: decompress, scan for anchors and tails, pair them, parse the records.

use crate::bits::bytes_at_bit;
use crate::error::{Error, ErrorKind};
use crate::event::EventKind;
use crate::highlights::Highlights;
use crate::inflate::{DEFAULT_MAX_DECOMPRESSED_LEN, inflate_into};
use crate::record::{RECORD_LEN, parse_record};
use crate::scan::{Scan, TAIL_WINDOW_BITS, scan};
use crate::version::FilmVersion;
use crate::warning::Warning;

/// Bits in the 32-bit tail marker.
const TAIL_BITS: u64 = 32;
/// Bits in a record.
const RECORD_BITS: u64 = (RECORD_LEN as u64) * 8;

/// Reads highlight-events chunks, reusing its buffers from one chunk to the next.
///
/// A chunk with no events, or whose records do not fit the version's layout (fewer than 90%
/// of the events carry a plausible gamertag), is refused ([`ErrorKind::NoEvents`],
/// [`ErrorKind::LayoutMismatch`]) unless the decoder is [forced](Decoder::force).
///
/// ```
/// # fn main() -> Result<(), halo_film::Error> {
/// let empty = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
/// let mut decoder = halo_film::Decoder::new().max_decompressed_len(64 << 20);
/// // An empty (but valid) zlib stream holds no events: refused.
/// assert!(decoder.decode(&empty, 37).unwrap_err().is_refused());
/// // Forced, it decodes to nothing, with a warning saying so.
/// let highlights = decoder.force(true).decode(&empty, 37)?;
/// assert!(highlights.events.is_empty());
/// assert_eq!(highlights.warnings.len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Decoder {
    force: bool,
    max_decompressed_len: usize,
    buffer: Vec<u8>,
    scan: Scan,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A decoder with the default bound of 256 MiB on a decompressed chunk.
    #[must_use]
    pub fn new() -> Self {
        Self {
            force: false,
            max_decompressed_len: DEFAULT_MAX_DECOMPRESSED_LEN,
            buffer: Vec::new(),
            scan: Scan::default(),
        }
    }

    /// Sets the bound on a decompressed chunk; a larger one fails with [`ErrorKind::TooLarge`].
    #[must_use]
    pub fn max_decompressed_len(mut self, limit: usize) -> Self {
        self.max_decompressed_len = limit;
        self
    }

    /// Decode chunks that would be refused (no events, a layout that does not fit) anyway,
    /// with [`Warning::Forced`] saying why they would have been.
    #[must_use]
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Decodes a zlib-compressed highlight-events chunk of a film of this major `version`.
    ///
    /// # Errors
    /// A version older than 30, an invalid, truncated or too large zlib stream, an event
    /// without a tail marker, or (unless forced) no events or a layout that does not fit.
    pub fn decode(
        &mut self,
        chunk: &[u8],
        version: impl Into<FilmVersion>,
    ) -> Result<Highlights, Error> {
        let version = supported(version.into())?;
        inflate_into(chunk, &mut self.buffer, self.max_decompressed_len)?;
        let highlights = read_events(&self.buffer, version, &mut self.scan)?;
        judge(highlights, self.buffer.len(), self.force)
    }

    /// Decodes an already decompressed highlight-events chunk.
    ///
    /// # Errors
    /// A version older than 30, an event without a tail marker, or (unless forced) no events
    /// or a layout that does not fit.
    pub fn decode_decompressed(
        &mut self,
        data: &[u8],
        version: impl Into<FilmVersion>,
    ) -> Result<Highlights, Error> {
        let version = supported(version.into())?;
        let highlights = read_events(data, version, &mut self.scan)?;
        judge(highlights, data.len(), self.force)
    }
}

/// Decodes a zlib-compressed highlight-events chunk of a film of this major `version`.
///
/// # Errors
/// See [`Decoder::decode`].
pub fn decode(chunk: &[u8], version: impl Into<FilmVersion>) -> Result<Highlights, Error> {
    Decoder::new().decode(chunk, version)
}

/// Decodes an already decompressed highlight-events chunk.
///
/// # Errors
/// See [`Decoder::decode_decompressed`].
pub fn decode_decompressed(
    data: &[u8],
    version: impl Into<FilmVersion>,
) -> Result<Highlights, Error> {
    Decoder::new().decode_decompressed(data, version)
}

/// The share of events with a plausible gamertag below which a layout does not fit, in
/// percent. Every captured film read with its own version scores 100; read with the other
/// layout, 0 to 22.
const MIN_PLAUSIBLE_PERCENT: usize = 90;

/// Refuse a chunk with no events or a layout that does not fit, unless forced (then say so).
fn judge(
    mut highlights: Highlights,
    decompressed: usize,
    force: bool,
) -> Result<Highlights, Error> {
    let events = highlights.events.len();
    let refusal = if events == 0 {
        Some(Error::new(ErrorKind::NoEvents { decompressed }))
    } else {
        let plausible = highlights
            .events
            .iter()
            .filter(|event| plausible_gamertag(&event.gamertag))
            .count();
        (plausible * 100 < events * MIN_PLAUSIBLE_PERCENT).then(|| {
            Error::new(ErrorKind::LayoutMismatch {
                version: highlights.version.get(),
                plausible,
                events,
            })
        })
    };
    match refusal {
        None => Ok(highlights),
        Some(error) if force => {
            highlights.warnings.push(Warning::Forced {
                reason: error.to_string(),
            });
            Ok(highlights)
        }
        Some(error) => Err(error),
    }
}

/// Whether a gamertag read from a record looks like one: 1 to 16 characters, letters,
/// digits, spaces and ASCII punctuation (a misplaced layout reads NULs, control characters and
/// halves of other fields).
fn plausible_gamertag(gamertag: &str) -> bool {
    let mut count = 0;
    for c in gamertag.chars() {
        count += 1;
        if count > 16 || !(c.is_alphanumeric() || c == ' ' || c.is_ascii_punctuation()) {
            return false;
        }
    }
    count > 0
}

fn supported(version: FilmVersion) -> Result<FilmVersion, Error> {
    if version.is_supported() {
        Ok(version)
    } else {
        Err(Error::new(ErrorKind::UnsupportedVersion {
            version: version.get(),
        }))
    }
}

fn read_events(buf: &[u8], version: FilmVersion, found: &mut Scan) -> Result<Highlights, Error> {
    scan(buf, found);
    let layout = version.layout();
    let usual = version.tail_distance();
    let mut warnings = Vec::new();
    if !version.is_known() {
        warnings.push(Warning::UntestedVersion {
            version: version.get(),
        });
    }
    let mut events = Vec::with_capacity(found.anchors.len());
    let mut next_tail = 0;
    for anchor in &found.anchors {
        let start_bit = anchor.start_bit;
        while found.tails.get(next_tail).is_some_and(|&q| q < start_bit) {
            next_tail += 1;
        }
        let tail_bit = found
            .tails
            .get(next_tail)
            .copied()
            .filter(|&q| q + TAIL_BITS <= start_bit + TAIL_WINDOW_BITS)
            .ok_or_else(|| Error::new(ErrorKind::MissingTail { start_bit }))?;
        let record_bit = tail_bit.checked_sub(RECORD_BITS).ok_or_else(|| {
            Error::new(ErrorKind::RecordOutOfBounds {
                start_bit,
                tail_bit,
            })
        })?;
        let record = bytes_at_bit::<RECORD_LEN>(buf, record_bit);
        let event = parse_record(&record, anchor.xuid, layout);
        let index = events.len();
        match event.kind {
            EventKind::Unknown(type_hint) => {
                warnings.push(Warning::UnknownEventKind { index, type_hint });
            }
            EventKind::Medal if event.medal_name.is_none() => {
                warnings.push(Warning::UnknownMedalCode {
                    index,
                    code: event.medal_code,
                });
            }
            _ => {}
        }
        let bits = tail_bit - start_bit;
        if let Some(usual) = usual.filter(|&u| u != bits) {
            warnings.push(Warning::UnusualRecordLength { index, bits, usual });
        }
        events.push(event);
    }
    Ok(Highlights {
        version,
        layout,
        events,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventKind, HighlightEvent, Layout};

    fn event(gamertag: &str) -> HighlightEvent {
        HighlightEvent {
            xuid: 2_535_445_291_321_133,
            gamertag: gamertag.to_owned(),
            type_hint: 50,
            is_medal: false,
            kind: EventKind::Kill,
            time_ms: 1_000,
            medal_code: 0,
            medal_name: None,
        }
    }

    fn highlights(plausible: usize, garbled: usize) -> Highlights {
        let mut events = vec![event("aCurtis X89"); plausible];
        events.extend(vec![event("\u{0}\u{1}"); garbled]);
        Highlights {
            version: FilmVersion::new(37),
            layout: Layout::Default,
            events,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn gamertags_of_one_to_sixteen_characters_are_plausible() {
        assert!(plausible_gamertag("a"));
        assert!(plausible_gamertag("TwiningIsland83"));
        assert!(plausible_gamertag("sixteen chars!!!"));
        assert!(!plausible_gamertag("seventeen chars!!"));
        assert!(!plausible_gamertag(""));
        assert!(!plausible_gamertag("a\u{1b}b"));
    }

    #[test]
    fn a_layout_is_refused_below_ninety_percent_plausible_gamertags() {
        // Exactly 90%: accepted.
        assert!(judge(highlights(9, 1), 100, false).is_ok());
        // Just under: refused, or kept with a warning when forced.
        let error = judge(highlights(89, 11), 100, false).unwrap_err();
        assert!(matches!(
            error.kind(),
            ErrorKind::LayoutMismatch {
                plausible: 89,
                events: 100,
                ..
            }
        ));
        let forced = judge(highlights(89, 11), 100, true).unwrap();
        assert!(matches!(forced.warnings[..], [Warning::Forced { .. }]));
    }
}
