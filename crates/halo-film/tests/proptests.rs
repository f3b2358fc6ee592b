//! Property tests: no input makes the decoder panic, and on mutated and synthetic input the
//! word-wise decoder gives exactly what a bit-by-bit reference gives.
//!
//! Each property runs `PROPTEST_CASES` cases (by default 256, 64 for the one that runs the
//! reference on the whole sample); the dedicated run is
//! `PROPTEST_CASES=100000 cargo test -p halo-film --release --test proptests`.
#![allow(clippy::unwrap_used)]

mod common;
mod reference;

use std::io::Read;
use std::sync::OnceLock;

use halo_film::{Error, ErrorKind, Highlights};
use proptest::prelude::*;
use reference::{RefError, RefEvent};

/// The decompressed 6-event sample.
fn sample_plain() -> &'static [u8] {
    static PLAIN: OnceLock<Vec<u8>> = OnceLock::new();
    PLAIN.get_or_init(|| {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(common::sample().as_slice())
            .read_to_end(&mut out)
            .unwrap();
        out
    })
}

fn sample_zlib() -> &'static [u8] {
    static ZLIB: OnceLock<Vec<u8>> = OnceLock::new();
    ZLIB.get_or_init(common::sample)
}

fn as_ref_result(got: Result<Highlights, Error>) -> Result<Vec<RefEvent>, RefError> {
    match got {
        Ok(h) => Ok(h
            .events
            .into_iter()
            .map(|e| RefEvent {
                xuid: e.xuid,
                gamertag: e.gamertag,
                type_hint: e.type_hint,
                is_medal: e.is_medal,
                kind: e.kind.as_str(),
                time_ms: e.time_ms,
                medal_code: e.medal_code,
                medal_name: e.medal_name,
            })
            .collect()),
        Err(e) => match *e.kind() {
            ErrorKind::MissingTail { start_bit } => Err(RefError::MissingTail(start_bit)),
            ErrorKind::RecordOutOfBounds {
                start_bit,
                tail_bit,
            } => Err(RefError::RecordOutOfBounds(start_bit, tail_bit)),
            ref other => panic!("unexpected error on decompressed input: {other:?}"),
        },
    }
}

/// Writes the `len` low bits of `value` at bit offset `bit` (clipped to the buffer).
fn put(buf: &mut [u8], bit: u64, value: u64, len: u32) {
    for k in 0..u64::from(len) {
        let b = bit + k;
        let Some(byte) = buf.get_mut((b / 8) as usize) else {
            return;
        };
        let mask = 0x80u8 >> (b % 8);
        if (value >> (u64::from(len) - 1 - k)) & 1 == 1 {
            *byte |= mask;
        } else {
            *byte &= !mask;
        }
    }
}

/// Something to write into a buffer at a bit offset: an anchor (XUID then `0x2D`/`0x25`,
/// `0xC0`) or a tail marker.
#[derive(Debug, Clone)]
enum Plant {
    Anchor { xuid: u64, alt: bool },
    Tail,
}

fn plant() -> impl Strategy<Value = Plant> {
    prop_oneof![
        (
            prop_oneof![
                2_000_000_000_000_001u64..3_000_000_000_000_000,
                Just(2_000_000_000_000_000u64),
                Just(3_000_000_000_000_000u64),
                any::<u64>()
            ],
            any::<bool>()
        )
            .prop_map(|(xuid, alt)| Plant::Anchor { xuid, alt }),
        Just(Plant::Tail),
    ]
}

fn apply(buf: &mut [u8], at: u64, plant: &Plant) {
    match *plant {
        Plant::Anchor { xuid, alt } => {
            put(buf, at, xuid.swap_bytes(), 64);
            put(buf, at + 64, if alt { 0x25C0 } else { 0x2DC0 }, 16);
        }
        Plant::Tail => put(buf, at, 0x0000_2EE0, 32),
    }
}

fn version() -> impl Strategy<Value = u32> {
    prop_oneof![30u32..=45, Just(50), any::<u32>()]
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), v in any::<u32>()) {
        let _ = halo_film::decode(&bytes, v);
        let _ = halo_film::decode_decompressed(&bytes, v);
    }

    #[test]
    fn random_bytes_behind_a_zlib_header_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut chunk = vec![0x78, 0x5E];
        chunk.extend_from_slice(&bytes);
        let _ = halo_film::decode(&chunk, 37);
    }

    #[test]
    fn mutated_or_truncated_zlib_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        keep in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        v in version(),
    ) {
        let mut chunk = sample_zlib().to_vec();
        for (at, xor) in &edits {
            let i = at.index(chunk.len());
            chunk[i] ^= xor;
        }
        if truncate {
            chunk.truncate(keep.index(chunk.len()));
        }
        match halo_film::decode(&chunk, v) {
            Ok(h) => prop_assert!(h.events.len() <= 16),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if truncate && edits.is_empty() && v >= 30 {
            prop_assert!(halo_film::decode(&chunk, v).unwrap_err().is_zlib());
        }
    }

    #[test]
    fn synthetic_records_decode_like_the_reference(
        mut buf in proptest::collection::vec(prop_oneof![Just(0u8), any::<u8>()], 0..1500),
        plants in proptest::collection::vec((any::<prop::sample::Index>(), plant()), 0..8),
        v in version(),
    ) {
        let bits = buf.len() as u64 * 8;
        if bits > 0 {
            for (at, p) in &plants {
                apply(&mut buf, at.index(bits as usize) as u64, p);
            }
        }
        // The reference knows no refusals: compare the forced decoder's events.
        let got = halo_film::Decoder::new().force(true).decode_decompressed(&buf, v);
        if v < 30 {
            let rejected = matches!(got.unwrap_err().kind(), ErrorKind::UnsupportedVersion { .. });
            prop_assert!(rejected, "a version under 30 must be rejected");
        } else {
            prop_assert_eq!(as_ref_result(got), reference::decode(&buf, v));
        }
    }
}

/// `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    // The bit-by-bit reference reads the whole 17 KB sample each case: fewer cases by default.
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    #[test]
    fn mutated_sample_decodes_like_the_reference(
        flips in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        plants in proptest::collection::vec((any::<prop::sample::Index>(), plant()), 0..3),
        keep in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        v in 30u32..=45,
    ) {
        let mut buf = sample_plain().to_vec();
        let bits = buf.len() as u64 * 8;
        for at in &flips {
            let b = at.index(bits as usize) as u64;
            buf[(b / 8) as usize] ^= 0x80 >> (b % 8);
        }
        for (at, p) in &plants {
            apply(&mut buf, at.index(bits as usize) as u64, p);
        }
        if truncate {
            buf.truncate(keep.index(buf.len() + 1));
        }
        let got = as_ref_result(halo_film::Decoder::new().force(true).decode_decompressed(&buf, v));
        prop_assert_eq!(got, reference::decode(&buf, v));
    }
}

#[test]
fn the_reference_agrees_on_the_sample() {
    let events = reference::decode(sample_plain(), 37).unwrap();
    assert_eq!(events.len(), 6);
    assert_eq!(events[4].medal_name, Some("Nade Shot"));
    assert_eq!(
        as_ref_result(halo_film::decode_decompressed(sample_plain(), 37)),
        Ok(events)
    );
}
