//! Property tests of the decoders: no input makes `decode` panic, whatever the bytes; and on
//! captures mutated at random (bytes flipped, inserted, deleted, cut; a JSON value replaced by
//! another of any type) the decoder keeps serde_json's verdict on syntax (text that is not JSON
//! never decodes), whatever decodes from edited bytes re-encodes to exactly the JSON it was
//! given (GUIDs compared case-insensitively), and whatever decodes after a value was replaced
//! re-encodes to JSON that decodes and re-encodes to itself.
//!
//! Captures over 100 KB are left out of the mutations to keep a debug run to a few seconds
//! (`tests/absent_keys.rs` and `tests/round_trip.rs` cover every capture whole). More cases:
//! `PROPTEST_CASES=10000 cargo test -p halo-models --release --test proptests`.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use halo_models::{decode, lossless};
use proptest::prelude::*;
use serde_json::Value;

/// The largest capture mutated.
const MAX_MUTATED_BYTES: u64 = 100_000;

/// Every capture: (endpoint id, bytes), sorted by path.
fn captures() -> &'static [(String, Vec<u8>)] {
    static CAPTURES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    CAPTURES.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
        let mut files = Vec::new();
        for dir in std::fs::read_dir(&root).unwrap() {
            let dir = dir.unwrap().path();
            let endpoint = dir.file_name().unwrap().to_string_lossy().into_owned();
            for file in std::fs::read_dir(&dir).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "json") {
                    files.push((file, endpoint.clone()));
                }
            }
        }
        files.sort();
        files
            .into_iter()
            .map(|(file, endpoint)| (endpoint, std::fs::read(file).unwrap()))
            .collect()
    })
}

/// The captures small enough to mutate in every case.
fn small_captures() -> &'static [(String, Vec<u8>)] {
    static SMALL: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SMALL.get_or_init(|| {
        captures()
            .iter()
            .filter(|(_, bytes)| bytes.len() as u64 <= MAX_MUTATED_BYTES)
            .cloned()
            .collect()
    })
}

/// One byte-level edit.
#[derive(Clone, Debug)]
enum Edit {
    Set(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Truncate(prop::sample::Index),
}

/// Bytes that matter to JSON, and any byte.
fn json_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}[],:\"\\0123456789-+.eEtrufalsn \n".to_vec()),
        any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), json_byte()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<prop::sample::Index>(), json_byte()).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    match edit {
        Edit::Set(at, b) if !bytes.is_empty() => {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
        Edit::Insert(at, b) => bytes.insert(at.index(bytes.len() + 1), *b),
        Edit::Delete(at) if !bytes.is_empty() => {
            bytes.remove(at.index(bytes.len()));
        }
        Edit::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        _ => {}
    }
}

/// A replacement JSON value of any type.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        // Integers within 2^53: a larger one in a float field is re-encoded as a 17-digit
        // float, which serde_json (without `float_roundtrip`) may read back an ulp off.
        (-(1i64 << 53)..=(1i64 << 53)).prop_map(Value::from),
        (0u64..=(1u64 << 53)).prop_map(Value::from),
        // Short decimals: serde_json (without `float_roundtrip`) may read a 17-digit float
        // an ulp off, so arbitrary floats do not round-trip through any serde_json reader.
        (-1_000_000_000i64..1_000_000_000).prop_map(|k| Value::from(k as f64 / 1024.0)),
        ".{0,12}".prop_map(Value::String),
        Just(Value::String("2023-01-27T05:03:47.123Z".to_owned())),
        Just(Value::String("PT10M3.5S".to_owned())),
        Just(Value::String(
            "b4be1c44-5782-42b3-8cf8-0d76dd87230c".to_owned()
        )),
        Just(Value::String("xuid(2535445291321133)".to_owned())),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(("[A-Z][a-zA-Z]{0,8}", inner), 0..3)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// How many values `value` holds, itself included.
fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// Replaces the `n`th value in document order (0: the root) with `with`.
fn replace(value: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *value = with.clone();
        return true;
    }
    *n -= 1;
    let children: Box<dyn Iterator<Item = &mut Value>> = match value {
        Value::Array(items) => Box::new(items.iter_mut()),
        Value::Object(map) => Box::new(map.values_mut()),
        _ => return false,
    };
    for child in children {
        if replace(child, n, with) {
            return true;
        }
    }
    false
}

/// Writes every GUID-shaped string in lowercase. The models keep a GUID as a `Uuid` and write
/// it lowercase, as the service sends it: uppercase hex digits (which a mutation can make) are
/// read but not kept.
fn lower_guids(value: &mut Value) {
    match value {
        Value::String(text) if uuid_shaped(text) => text.make_ascii_lowercase(),
        Value::Array(items) => items.iter_mut().for_each(lower_guids),
        Value::Object(map) => map.values_mut().for_each(lower_guids),
        _ => {}
    }
}

fn uuid_shaped(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

/// The decoder's verdict on `bytes` against serde_json's, and the round trip of what decodes.
fn check(endpoint: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let decoded = decode(endpoint, bytes);
    let json: Result<Value, _> = serde_json::from_slice(bytes);
    match (decoded, json) {
        (Ok(response), Ok(json)) => {
            prop_assert_eq!(response.endpoint_id(), endpoint);
            let mut json = json;
            let mut reencoded = serde_json::to_value(&response).unwrap();
            lower_guids(&mut json);
            lower_guids(&mut reencoded);
            let diff = lossless::exact_differences(&json, &reencoded, 3);
            prop_assert!(
                diff.is_empty(),
                "{endpoint}: re-encoding differs at {diff:?}"
            );
        }
        (Ok(_), Err(e)) => prop_assert!(false, "{endpoint}: decoded text serde_json refuses: {e}"),
        (Err(e), _) => {
            prop_assert_eq!(e.endpoint(), endpoint);
            prop_assert!(!e.to_string().is_empty());
        }
    }
    Ok(())
}

/// `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn arbitrary_bytes_never_panic(
        which in any::<prop::sample::Index>(),
        bytes in prop::collection::vec(json_byte(), 0..512),
    ) {
        let endpoint = &captures()[which.index(captures().len())].0;
        check(endpoint, &bytes)?;
        // An unknown endpoint id is an error too, never a panic.
        prop_assert!(decode("No_SuchEndpoint", &bytes).is_err());
    }

    #[test]
    fn mutated_captures_keep_serde_json_verdict_and_round_trip(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let (endpoint, original) = &small_captures()[which.index(small_captures().len())];
        let mut bytes = original.clone();
        for edit in &edits {
            apply(&mut bytes, edit);
        }
        check(endpoint, &bytes)?;
    }

    #[test]
    fn a_value_replaced_by_any_other_decodes_losslessly_or_fails(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        with in json_value(),
    ) {
        let (endpoint, original) = &small_captures()[which.index(small_captures().len())];
        let mut value: Value = serde_json::from_slice(original).unwrap();
        let mut n = at.index(count(&value));
        replace(&mut value, &mut n, &with);
        let bytes = serde_json::to_vec(&value).unwrap();
        match decode(endpoint, &bytes) {
            // A value of another type may be read leniently (a number where a XUID string
            // was): what decodes re-encodes to JSON that decodes and re-encodes to itself.
            Ok(response) => {
                let once = serde_json::to_vec(&response).unwrap();
                let again = decode(endpoint, &once);
                prop_assert!(again.is_ok(), "{endpoint}: its own encoding does not decode");
                let twice = serde_json::to_vec(&again.unwrap()).unwrap();
                prop_assert_eq!(String::from_utf8_lossy(&once), String::from_utf8_lossy(&twice));
            }
            Err(e) => prop_assert_eq!(e.endpoint(), endpoint),
        }
    }
}

#[test]
fn the_mutated_set_is_most_of_the_captures() {
    assert!(captures().len() >= 130, "{}", captures().len());
    assert!(small_captures().len() * 10 >= captures().len() * 7);
}
