//! Property tests over every captured film chunk (versions 30 to 40), not only the sample:
//! each inflated chunk with bits flipped, bytes set, or cut short decodes or fails with a typed
//! error, never a panic, with its own version and forced; and a chunk decodes to at most the
//! events it had before an edit could only remove some (a cut).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::sync::OnceLock;

use proptest::prelude::*;

/// Every captured chunk, inflated: (version, bytes, events the reference found).
fn chunks() -> &'static [(u32, Vec<u8>, usize)] {
    static CHUNKS: OnceLock<Vec<(u32, Vec<u8>, usize)>> = OnceLock::new();
    CHUNKS.get_or_init(|| {
        common::chunks()
            .into_iter()
            .map(|(stem, version, zlib)| {
                let mut plain = Vec::new();
                flate2::read::ZlibDecoder::new(zlib.as_slice())
                    .read_to_end(&mut plain)
                    .unwrap();
                let events = common::expected(&stem)["events"].as_array().unwrap().len();
                (version, plain, events)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn edited_captured_chunks_never_panic(
        which in any::<prop::sample::Index>(),
        flips in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        sets in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let (version, plain, _) = &chunks()[which.index(chunks().len())];
        let mut bytes = plain.clone();
        let bits = bytes.len() * 8;
        for at in &flips {
            let b = at.index(bits);
            bytes[b / 8] ^= 0x80 >> (b % 8);
        }
        for (at, value) in &sets {
            let i = at.index(bytes.len());
            bytes[i] = *value;
        }
        if let Some(at) = cut {
            bytes.truncate(at.index(bytes.len() + 1));
        }
        for forced in [false, true] {
            let got = halo_film::Decoder::new().force(forced).decode_decompressed(&bytes, *version);
            if let Err(e) = got {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn a_cut_chunk_has_no_more_events_than_the_whole(
        which in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let (version, plain, events) = &chunks()[which.index(chunks().len())];
        let kept = &plain[..cut.index(plain.len() + 1)];
        if let Ok(highlights) = halo_film::Decoder::new().force(true).decode_decompressed(kept, *version) {
            prop_assert!(highlights.events.len() <= *events, "{} > {}", highlights.events.len(), events);
        }
    }
}

#[test]
fn every_capture_is_covered() {
    assert!(chunks().len() >= 9, "{}", chunks().len());
    let whole = chunks()
        .iter()
        .map(|(v, plain, _)| {
            halo_film::decode_decompressed(plain, *v)
                .unwrap()
                .events
                .len()
        })
        .collect::<Vec<_>>();
    let expected: Vec<usize> = chunks().iter().map(|c| c.2).collect();
    assert_eq!(whole, expected);
}
