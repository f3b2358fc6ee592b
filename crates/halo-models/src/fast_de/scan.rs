//! Byte scanning for the fast reader: whitespace, string ends, escapes and numbers.

use super::Number;

const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes at `at` as one little-endian word, if there are eight.
pub(crate) fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The position of the first byte at or after `pos` that is not JSON whitespace. A line break
/// is followed by indentation in pretty-printed input: that is skipped eight spaces at a time.
pub(super) fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    // Comparisons rather than a `match`, which compiles to a jump table: an indirect jump
    // that mispredicts far more often than these branches.
    while let Some(&byte) = bytes.get(pos) {
        if byte > b' ' {
            break;
        }
        if byte == b'\n' {
            pos += 1;
            while let Some(w) = word(bytes, pos) {
                let differs = w ^ SPACES;
                if differs != 0 {
                    pos += (differs.trailing_zeros() / 8) as usize;
                    break;
                }
                pos += 8;
            }
        } else if byte == b' ' || byte == b'\t' || byte == b'\r' {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// Flags (high bit per byte) the bytes of `w` that end a plain run of string bytes: a quote, a
/// backslash, or a control character. The lowest flag is always exact (only flags above a
/// real match can be spurious).
fn specials(w: u64) -> u64 {
    let quote = w ^ u64::from_ne_bytes([b'"'; 8]);
    let backslash = w ^ u64::from_ne_bytes([b'\\'; 8]);
    let zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let control = w.wrapping_sub(u64::from_ne_bytes([0x20; 8])) & !w & HIGH;
    zero(quote) | zero(backslash) | control
}

/// The position of the first quote, backslash or control character at or after `pos`.
pub(super) fn string_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    while let Some(w) = word(bytes, pos) {
        let found = specials(w);
        if found != 0 {
            pos += (found.trailing_zeros() / 8) as usize;
            return (bytes[pos] >= 0x20).then_some(pos);
        }
        pos += 8;
    }
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'"' | b'\\' => return Some(pos),
            0x00..=0x1f => return None,
            _ => pos += 1,
        }
    }
    None
}

/// Decodes the string that starts at `start` (after its opening quote) into `out`, given
/// `first`, the position of its first quote or backslash; the position after its closing quote.
pub(super) fn unescape(text: &str, start: usize, first: usize, out: &mut String) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut run, mut pos) = (start, first);
    loop {
        out.push_str(text.get(run..pos)?);
        if bytes[pos] == b'"' {
            return Some(pos + 1);
        }
        // A backslash.
        let escape = *bytes.get(pos + 1)?;
        pos += 2;
        match escape {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let first_unit = hex4(bytes, pos)?;
                pos += 4;
                let code = match first_unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate must be followed by an escaped low one.
                        if bytes.get(pos..pos + 2)? != b"\\u" {
                            return None;
                        }
                        let second = hex4(bytes, pos + 2)?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return None;
                        }
                        pos += 6;
                        0x10000
                            + ((u32::from(first_unit) - 0xD800) << 10)
                            + (u32::from(second) - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return None,
                    unit => u32::from(unit),
                };
                out.push(char::from_u32(code)?);
            }
            _ => return None,
        }
        run = pos;
        pos = string_end(bytes, pos)?;
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u16> {
    let digits = bytes.get(at..at + 4)?;
    let mut value = 0u16;
    for &digit in digits {
        let nibble = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            b'A'..=b'F' => digit - b'A' + 10,
            _ => return None,
        };
        value = (value << 4) | u16::from(nibble);
    }
    Some(value)
}

/// The end of the number at `start`, following the JSON grammar exactly, and whether it is an
/// integer (no fraction, no exponent).
pub(super) fn number_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let digits_from = |mut pos: usize| {
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        pos
    };
    let mut pos = start;
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match bytes.get(pos)? {
        b'0' => pos += 1,
        b'1'..=b'9' => pos = digits_from(pos + 1),
        _ => return None,
    }
    let mut integer = true;
    if bytes.get(pos) == Some(&b'.') {
        let end = digits_from(pos + 1);
        if end == pos + 1 {
            return None;
        }
        pos = end;
        integer = false;
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        let end = digits_from(pos);
        if end == pos {
            return None;
        }
        pos = end;
        integer = false;
    }
    Some((pos, integer))
}

/// An integer's value as serde_json hands it to visitors, when it is an unsigned or a negative
/// 64-bit integer; `None` for the rest (`-0` and the too large), which serde_json reads as
/// floats.
pub(super) fn integer(digits: &[u8]) -> Option<Number> {
    let (negative, magnitude) = match digits.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, digits),
    };
    let mut value: u64 = 0;
    for &digit in magnitude {
        value = value
            .checked_mul(10)?
            .checked_add(u64::from(digit - b'0'))?;
    }
    if !negative {
        return Some(Number::Unsigned(value));
    }
    match value {
        0 => None,
        v if v <= 1 << 63 => Some(Number::Negative((v as i64).wrapping_neg())),
        _ => None,
    }
}

/// Exact powers of ten: every one up to 1e22 is a whole `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A number with a fraction or an exponent, read exactly as serde_json reads it (its default,
/// not `float_roundtrip`: the digits as one integer, turned into an `f64` and multiplied or
/// divided once by a power of ten), when that takes no more than nineteen digits and a power of
/// at most 1e22; `None` for the rest, which the caller hands to serde_json itself.
pub(super) fn float(number: &[u8]) -> Option<f64> {
    let (negative, rest) = match number.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, number),
    };
    let mut significand: u64 = 0;
    let (mut digits, mut exponent, mut pos) = (0u32, 0i32, 0usize);
    let mut fraction = false;
    while let Some(&byte) = rest.get(pos) {
        match byte {
            b'0'..=b'9' => {
                if digits == 19 {
                    return None;
                }
                significand = significand * 10 + u64::from(byte - b'0');
                digits += 1;
                if fraction {
                    exponent -= 1;
                }
            }
            b'.' => fraction = true,
            _ => break,
        }
        pos += 1;
    }
    if let Some(b'e' | b'E') = rest.get(pos) {
        let (sign, start) = match rest.get(pos + 1) {
            Some(b'-') => (-1, pos + 2),
            Some(b'+') => (1, pos + 2),
            _ => (1, pos + 1),
        };
        let written = rest.get(start..)?;
        if written.len() > 3 {
            return None;
        }
        let mut value = 0i32;
        for &digit in written {
            value = value * 10 + i32::from(digit - b'0');
        }
        exponent += sign * value;
    }
    let power = *POW10.get(exponent.unsigned_abs() as usize)?;
    let magnitude = significand as f64;
    let value = if exponent >= 0 {
        magnitude * power
    } else {
        magnitude / power
    };
    Some(if negative { -value } else { value })
}
