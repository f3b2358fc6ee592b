//! Malformed input gives a typed error or fewer events, never a panic.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;

use halo_film::{ErrorKind, Warning};

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
            // Cut before the first record: nothing to read, refused.
            Err(e) if matches!(e.kind(), ErrorKind::NoEvents { .. }) => {}
            Err(e) => {
                assert!(matches!(e.kind(), ErrorKind::MissingTail { .. }), "{e}");
                saw_missing_tail = true;
            }
        }
    }
    assert!(saw_missing_tail);
    assert_eq!(
        halo_film::decode_decompressed(&[], 37).unwrap_err().kind(),
        &ErrorKind::NoEvents { decompressed: 0 }
    );
    let forced = halo_film::Decoder::new()
        .force(true)
        .decode_decompressed(&[], 37)
        .unwrap();
    assert!(forced.events.is_empty());
    assert!(matches!(forced.warnings[..], [Warning::Forced { .. }]));
}

#[test]
fn random_bytes_in_a_valid_zlib_stream_are_refused() {
    // A deterministic pseudo-random 64 KiB, compressed: inflates fine, holds no events.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let noise: Vec<u8> = (0..65_536)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, &noise).unwrap();
    let chunk = encoder.finish().unwrap();
    let error = halo_film::decode(&chunk, 37).unwrap_err();
    assert!(error.is_refused(), "{error}");
    assert_eq!(
        error.kind(),
        &ErrorKind::NoEvents {
            decompressed: 65_536
        }
    );
}

#[test]
fn every_captured_film_read_with_the_other_layout_is_refused() {
    for (stem, version, bytes) in common::chunks() {
        // The right version decodes; the other layout's version is refused.
        let right = halo_film::decode(&bytes, version).unwrap();
        assert!(right.warnings.is_empty(), "{stem}: {:?}", right.warnings);
        let other = if matches!(version, 39 | 40) { 37 } else { 39 };
        let error = halo_film::decode(&bytes, other).unwrap_err();
        match error.kind() {
            ErrorKind::LayoutMismatch {
                version,
                plausible,
                events,
            } => {
                assert_eq!(*version, other);
                assert_eq!(*events, right.events.len(), "{stem}");
                assert!(
                    plausible * 100 < events * 25,
                    "{stem}: {plausible} of {events}"
                );
            }
            other => panic!("{stem}: {other:?}"),
        }
        // An untested version decodes only where the default layout fits.
        let untested = halo_film::decode(&bytes, 1000);
        assert_eq!(untested.is_ok(), !matches!(version, 39 | 40), "{stem}");
        // Forced, the wrong layout decodes with a warning.
        let forced = halo_film::Decoder::new()
            .force(true)
            .decode(&bytes, other)
            .unwrap();
        assert!(
            forced
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::Forced { .. })),
            "{stem}"
        );
    }
}
