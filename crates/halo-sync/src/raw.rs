//! Raw response bodies as stored: deflate (zlib) at a fast level; JSON shrinks to about a
//! tenth.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use crate::error::Error;

/// The largest body a stored blob may inflate to (a match's stats are ~50 KB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// `body`, compressed.
pub fn compress(body: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(body.len() / 6), Compression::fast());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// A stored blob, inflated.
pub fn decompress(blob: &[u8]) -> Result<Vec<u8>, Error> {
    let mut body = Vec::with_capacity(blob.len() * 8);
    ZlibDecoder::new(blob)
        .take(MAX_BODY)
        .read_to_end(&mut body)
        .map_err(|e| Error::decode(format!("a stored body does not inflate: {e}")))?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_smaller() {
        let body = br#"{"MatchId":"x","Players":[]}"#.repeat(100);
        let blob = compress(&body);
        assert!(blob.len() < body.len() / 5);
        assert_eq!(decompress(&blob).unwrap(), body);
        assert!(decompress(b"not zlib").is_err());
    }
}
