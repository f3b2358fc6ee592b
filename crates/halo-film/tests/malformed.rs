//! Malformed input gives a typed error or fewer events, never a panic.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;

use halo_film::ErrorKind;

fn sample_plain() -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(common::sample().as_slice())
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn a_truncated_zlib_stream() {
    let chunk = common::sample();
    let err = halo_film::decode(&chunk[..chunk.len() / 2], 37).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TruncatedZlib { decompressed } if *decompressed > 0));
    assert!(err.is_zlib());
    let err = halo_film::decode(&[], 37).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TruncatedZlib { decompressed: 0 });
}

#[test]
fn bytes_that_are_not_zlib() {
    let err = halo_film::decode(b"\x1f\x8b\x08 a gzip header", 37).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Zlib);
    let mut chunk = common::sample();
    let last = chunk.len() - 1;
    chunk[last] ^= 0xFF; // the Adler-32 checksum
    assert_eq!(
        halo_film::decode(&chunk, 37).unwrap_err().kind(),
        &ErrorKind::Zlib
    );
}

#[test]
fn a_chunk_larger_than_the_limit() {
    let mut decoder = halo_film::Decoder::new().max_decompressed_len(10_000);
    let err = decoder.decode(&common::sample(), 37).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooLarge { limit: 10_000 });
    // The same decoder still reads a chunk within the limit afterwards.
    let mut decoder = decoder.max_decompressed_len(1 << 20);
    assert_eq!(
        decoder.decode(&common::sample(), 37).unwrap().events.len(),
        6
    );
}

#[test]
fn a_record_cut_short() {
    let plain = sample_plain();
    let full = halo_film::decode_decompressed(&plain, 37).unwrap();
    assert_eq!(full.events.len(), 6);
    // Cutting just before the last record's tail marker leaves its anchor without a tail.
    let mut saw_missing_tail = false;
    for cut in (0..plain.len()).step_by(97) {
        match halo_film::decode_decompressed(&plain[..cut], 37) {
            Ok(h) => assert!(h.events.len() <= 6),
            Err(e) => {
                assert!(matches!(e.kind(), ErrorKind::MissingTail { .. }), "{e}");
                saw_missing_tail = true;
            }
        }
    }
    assert!(saw_missing_tail);
    assert!(
        halo_film::decode_decompressed(&[], 37)
            .unwrap()
            .events
            .is_empty()
    );
}
