//! Indentation removal ahead of the typed decode.
//!
//! serde_json skips insignificant whitespace one byte at a time. Pretty-printed payloads
//! (captures, debugging proxies, saved files) are 35-65% indentation, so for them it is faster
//! to drop the spaces and tabs that follow each line break first, copying eight bytes at a time,
//! and parse the shorter copy. Minified payloads (what the
//! service sends) skip the pass: [`looks_indented`] samples the head of the input.
//!
//! The pass cannot change what the input means: the line break itself is kept, so tokens stay
//! apart (`1\n  2` stays invalid), and a raw line break is never valid inside a JSON string, so
//! a string that contains one is invalid both before and after. Decode errors are reported by
//! decoding the caller's original bytes again, so positions and JSON paths refer to them.

use std::cell::RefCell;

/// Inputs shorter than this are parsed as they are: the pass would not pay for itself.
const MIN_LEN: usize = 2048;
/// How much of the head [`looks_indented`] samples.
const SAMPLE: usize = 512;
/// A scratch buffer larger than this is released after use instead of being kept.
const KEEP_CAPACITY: usize = 8 << 20;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Whether `input` is long and indented enough for [`dedent`] to pay off (a line break
/// followed by two spaces or a tab in its first bytes, and a tenth of them whitespace).
pub(crate) fn looks_indented(input: &[u8]) -> bool {
    if input.len() < MIN_LEN {
        return false;
    }
    let head = &input[..SAMPLE];
    let indented = head
        .windows(2)
        .any(|w| w[0] == b'\n' && matches!(w[1], b' ' | b'\t'));
    let spaces = head
        .iter()
        .filter(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    indented && spaces * 10 >= head.len()
}

/// Runs `parse` on a dedented copy of `input` held in a per-thread scratch buffer.
pub(crate) fn with_dedented<R>(input: &[u8], parse: impl FnOnce(&[u8]) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            let result = parse(dedent(input, &mut buffer));
            if buffer.capacity() > KEEP_CAPACITY {
                *buffer = Vec::new();
            }
            result
        }
        // Re-entered from inside `parse`: use a buffer of its own.
        Err(_) => parse(dedent(input, &mut Vec::new())),
    })
}

/// `input` without the spaces and tabs that follow each line break, written to the start of
/// `out` (grown to `input`'s length when shorter; its bytes past the result are left as they
/// were, so a reused buffer is not cleared each time).
///
/// Eight bytes at a time: each word is copied whole, and a SWAR test finds a line break in it;
/// the output then resumes just past the break, after the indentation.
pub(crate) fn dedent<'a>(input: &[u8], out: &'a mut Vec<u8>) -> &'a [u8] {
    const BREAKS: u64 = u64::from_ne_bytes([b'\n'; 8]);
    const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    if out.len() < input.len() {
        out.resize(input.len(), 0);
    }
    let buffer = out.as_mut_slice();
    let (mut read, mut written) = (0, 0);
    while let (Some(word), Some(slot)) = (
        input.get(read..read + 8),
        buffer.get_mut(written..written + 8),
    ) {
        slot.copy_from_slice(word);
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes) ^ BREAKS;
        // The lowest flagged byte is exactly the first line break (the classic has-zero test
        // can only misflag bytes above a real zero).
        let found = x.wrapping_sub(LOW) & !x & HIGH;
        if found == 0 {
            read += 8;
            written += 8;
            continue;
        }
        let through = (found.trailing_zeros() / 8) as usize + 1;
        read += through;
        written += through;
        read += indentation(&input[read..]);
    }
    while let Some(&byte) = input.get(read) {
        if let Some(slot) = buffer.get_mut(written) {
            *slot = byte;
        }
        read += 1;
        written += 1;
        if byte == b'\n' {
            read += indentation(&input[read..]);
        }
    }
    &buffer[..written.min(buffer.len())]
}

/// How many spaces and tabs `bytes` starts with, eight at a time while it can.
fn indentation(bytes: &[u8]) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let mut skipped = 0;
    while let Some(word) = bytes.get(skipped..skipped + 8) {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(word);
        let differs = u64::from_le_bytes(chunk) ^ SPACES;
        if differs != 0 {
            skipped += (differs.trailing_zeros() / 8) as usize;
            break;
        }
        skipped += 8;
    }
    while bytes
        .get(skipped)
        .is_some_and(|b| matches!(b, b' ' | b'\t'))
    {
        skipped += 1;
    }
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious byte-at-a-time version, to check the word-at-a-time one against.
    fn reference(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut after_break = false;
        for &byte in input {
            if after_break && matches!(byte, b' ' | b'\t') {
                continue;
            }
            after_break = byte == b'\n';
            out.push(byte);
        }
        out
    }

    fn dedented(input: &str) -> String {
        let mut out = Vec::new();
        String::from_utf8(dedent(input.as_bytes(), &mut out).to_vec()).unwrap()
    }

    #[test]
    fn drops_indentation_and_keeps_line_breaks() {
        assert_eq!(
            dedented("{\n    \"a b\": [\n\t\t1,\n                    2\n    ]\n}\n"),
            "{\n\"a b\": [\n1,\n2\n]\n}\n"
        );
        assert_eq!(dedented("[1,\n  \t  \n 2]"), "[1,\n\n2]");
    }

    #[test]
    fn keeps_tokens_apart_and_odd_input_as_is() {
        assert_eq!(dedented("[1\n   2]"), "[1\n2]");
        assert!(serde_json::from_str::<serde_json::Value>(&dedented("[1\n   2]")).is_err());
        assert_eq!(dedented(""), "");
        assert_eq!(dedented("\n"), "\n");
        assert_eq!(dedented("\n        "), "\n");
        let mut out = Vec::new();
        assert_eq!(
            dedent(&[0xff, b'\n', b' ', 0xfe], &mut out),
            [0xff, b'\n', 0xfe]
        );
        // A reused, longer buffer: only the result's bytes count.
        let mut out = vec![b'x'; 64];
        assert_eq!(dedent(b"[1,\n   2]", &mut out), b"[1,\n2]");
    }

    #[test]
    fn every_capture_means_the_same_dedented() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/responses");
        let mut checked = 0;
        for endpoint in std::fs::read_dir(root).unwrap() {
            for file in std::fs::read_dir(endpoint.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let mut out = Vec::new();
                assert_eq!(dedent(&bytes, &mut out), reference(&bytes));
                let original: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
                let dedented: Result<serde_json::Value, _> =
                    serde_json::from_slice(dedent(&bytes, &mut out));
                match (original, dedented) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
                    (Err(_), Err(_)) => {}
                    (a, b) => panic!("{}: {a:?} vs {b:?}", path.display()),
                }
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} captures");
    }

    #[test]
    fn mutated_input_is_valid_dedented_exactly_when_valid_as_is() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("captures/responses/Skill_GetMatchResult/default.json");
        let original = std::fs::read(path).unwrap();
        let replacements = [b' ', b'\t', b'\n', b'1', b'"', b'\\', b',', b'}', b'-'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let mut out = Vec::new();
        for _ in 0..3000 {
            let mut bytes = original.clone();
            for _ in 0..=next(3) {
                let at = next(bytes.len());
                match next(3) {
                    0 => drop(bytes.remove(at)),
                    1 => bytes.insert(at, replacements[next(replacements.len())]),
                    _ => bytes[at] = replacements[next(replacements.len())],
                }
            }
            assert_eq!(dedent(&bytes, &mut out), reference(&bytes));
            let a = serde_json::from_slice::<serde_json::Value>(&bytes);
            let b = serde_json::from_slice::<serde_json::Value>(dedent(&bytes, &mut out));
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{:?}: {a:?} vs {b:?}", String::from_utf8_lossy(&bytes)),
            }
        }
    }

    #[test]
    fn indentation_is_detected_from_the_head() {
        let pretty = serde_json::to_vec_pretty(&vec![serde_json::json!({"a": 1}); 200]).unwrap();
        let minified = serde_json::to_vec(&vec![serde_json::json!({"a": 1}); 400]).unwrap();
        assert!(looks_indented(&pretty));
        assert!(!looks_indented(&minified));
        assert!(!looks_indented(b"{ }"));
    }
}
