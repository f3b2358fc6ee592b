//! zlib decompression of a chunk, bounded in size.

use flate2::{Decompress, FlushDecompress, Status};

use crate::error::{Error, ErrorKind};

/// The default bound on a decompressed chunk: real chunks are under 2 MiB.
pub const DEFAULT_MAX_DECOMPRESSED_LEN: usize = 256 * 1024 * 1024;

/// Decompresses the zlib stream `input` into `out` (cleared first), failing past `limit` bytes.
/// Bytes after the end of the stream are ignored.
///
/// The whole stream is first inflated in one call into a buffer sized for the usual ratio
/// (chunks compress about 5 to 8 times), which lets the inflater write straight into `out`;
/// a stream that does not fit is inflated again incrementally.
pub(crate) fn inflate_into(input: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<(), Error> {
    out.clear();
    let guess = input.len().saturating_mul(ONE_SHOT_RATIO).clamp(
        MIN_CAPACITY,
        limit.saturating_add(1).clamp(MIN_CAPACITY, MAX_ONE_SHOT),
    );
    if out.capacity() < guess {
        out.reserve_exact(guess);
    }
    let mut inflater = Decompress::new(true);
    let status = inflater
        .decompress_vec(input, out, FlushDecompress::Finish)
        .map_err(|e| Error::with_source(ErrorKind::Zlib, e))?;
    if status == Status::StreamEnd {
        return within(out, limit);
    }
    out.clear();
    inflate_incrementally(input, out, limit)
}

/// How many times its compressed size a chunk is assumed to inflate to, at first.
const ONE_SHOT_RATIO: usize = 16;
/// The largest buffer allocated up front (real chunks inflate to under 2 MiB); a larger stream
/// grows its buffer as it goes.
const MAX_ONE_SHOT: usize = 32 * 1024 * 1024;
/// The smallest buffer worth allocating.
const MIN_CAPACITY: usize = 1024;

fn within(out: &[u8], limit: usize) -> Result<(), Error> {
    if out.len() > limit {
        Err(Error::new(ErrorKind::TooLarge { limit }))
    } else {
        Ok(())
    }
}

fn inflate_incrementally(input: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<(), Error> {
    let mut inflater = Decompress::new(true);
    loop {
        let consumed = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let before = (inflater.total_in(), inflater.total_out());
        let rest = input.get(consumed..).unwrap_or_default();
        let status = inflater
            .decompress_vec(rest, out, FlushDecompress::None)
            .map_err(|e| Error::with_source(ErrorKind::Zlib, e))?;
        within(out, limit)?;
        if status == Status::StreamEnd {
            return Ok(());
        }
        if out.len() == out.capacity() {
            if out.len() >= limit {
                return Err(Error::new(ErrorKind::TooLarge { limit }));
            }
            let grow = out.len().min(limit - out.len()).max(MIN_CAPACITY);
            out.reserve_exact(grow);
            continue;
        }
        let progressed = before != (inflater.total_in(), inflater.total_out());
        let exhausted = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX) >= input.len();
        if !progressed || exhausted {
            return Err(Error::new(ErrorKind::TruncatedZlib {
                decompressed: out.len(),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trip_and_trailing_bytes() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut z = zlib(&data);
        let mut out = Vec::new();
        inflate_into(&z, &mut out, usize::MAX).unwrap();
        assert_eq!(out, data);
        z.extend_from_slice(b"trailing");
        inflate_into(&z, &mut out, usize::MAX).unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn a_stream_larger_than_the_first_guess() {
        // Zeros compress far better than 16 to 1: the one-shot buffer is too small.
        let data = vec![0u8; 1_000_000];
        let z = zlib(&data);
        assert!(z.len() * ONE_SHOT_RATIO < data.len());
        let mut out = Vec::new();
        inflate_into(&z, &mut out, usize::MAX).unwrap();
        assert_eq!(out.len(), 1_000_000);
        let e = inflate_into(&z, &mut out, 999_999).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TooLarge { limit: 999_999 });
        let e = inflate_into(&z[..z.len() / 2], &mut out, usize::MAX).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::TruncatedZlib { .. }), "{e}");
    }

    #[test]
    fn truncated_bad_and_too_large() {
        let data = vec![7u8; 50_000];
        let z = zlib(&data);
        let mut out = Vec::new();
        let e = inflate_into(&z[..z.len() - 5], &mut out, usize::MAX).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::TruncatedZlib { .. }), "{e}");
        let e = inflate_into(&[], &mut out, usize::MAX).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::TruncatedZlib { decompressed: 0 }
        ));
        let e = inflate_into(b"not zlib at all", &mut out, usize::MAX).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Zlib);
        let e = inflate_into(&z, &mut out, 10_000).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TooLarge { limit: 10_000 });
    }
}
