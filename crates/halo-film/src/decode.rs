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
/// ```
/// # fn main() -> Result<(), halo_film::Error> {
/// let mut decoder = halo_film::Decoder::new().max_decompressed_len(64 << 20);
/// // An empty (but valid) zlib stream holds no events.
/// let highlights = decoder.decode(&[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], 37)?;
/// assert!(highlights.events.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Decoder {
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

    /// Decodes a zlib-compressed highlight-events chunk of a film of this major `version`.
    ///
    /// # Errors
    /// A version older than 30, an invalid, truncated or too large zlib stream, or an event
    /// without a tail marker.
    pub fn decode(
        &mut self,
        chunk: &[u8],
        version: impl Into<FilmVersion>,
    ) -> Result<Highlights, Error> {
        let version = supported(version.into())?;
        inflate_into(chunk, &mut self.buffer, self.max_decompressed_len)?;
        read_events(&self.buffer, version, &mut self.scan)
    }

    /// Decodes an already decompressed highlight-events chunk.
    ///
    /// # Errors
    /// A version older than 30, or an event without a tail marker.
    pub fn decode_decompressed(
        &mut self,
        data: &[u8],
        version: impl Into<FilmVersion>,
    ) -> Result<Highlights, Error> {
        let version = supported(version.into())?;
        read_events(data, version, &mut self.scan)
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
