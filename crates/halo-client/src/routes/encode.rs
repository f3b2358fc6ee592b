//! Percent-encoding of path and query values (RFC 3986), without a dependency.

use std::fmt::Write as _;

/// Whether a path placeholder holds several segments (a CMS file path, a blob path), so its
/// slashes are kept.
pub(crate) fn is_multi_segment(name: &str) -> bool {
    name == "path" || name.ends_with("Path")
}

/// Encode a path value. Unreserved characters and the sub-delimiters the service uses inside
/// segments (`(`, `)`, `,`, `:`, `@`) are kept, so `xuid(123)` stays readable; `/` is kept
/// only when `keep_slash`.
#[cfg(test)]
pub(crate) fn path(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    push_path(&mut out, value, keep_slash);
    out
}

/// [`path`], appended to `out`.
pub(crate) fn push_path(out: &mut String, value: &str, keep_slash: bool) {
    let kept = if keep_slash { &PATH_WITH_SLASH } else { &PATH };
    encode(out, value, kept);
}

/// Encode a query key or value: unreserved characters and `(`, `)`, `,`, `:` are kept.
#[cfg(test)]
pub(crate) fn query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_query(&mut out, value);
    out
}

/// [`query`], appended to `out`.
pub(crate) fn push_query(out: &mut String, value: &str) {
    encode(out, value, &QUERY);
}

/// The bytes kept as they are, one flag per byte value: a table lookup per byte instead of
/// a chain of comparisons.
type Kept = [bool; 256];

/// Unreserved characters and `extra`.
const fn kept(extra: &[u8]) -> Kept {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    let mut index = 0;
    while index < extra.len() {
        table[extra[index] as usize] = true;
        index += 1;
    }
    table
}

const PATH: Kept = kept(b"(),:@");
const PATH_WITH_SLASH: Kept = kept(b"(),:@/");
const QUERY: Kept = kept(b"(),:");

fn encode(out: &mut String, value: &str, kept: &Kept) {
    let keep = |byte: u8| kept[usize::from(byte)];
    // Most values need no escape: copy them whole.
    if value.bytes().all(keep) {
        out.push_str(value);
        return;
    }
    for byte in value.bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii() {
        assert_eq!(path("Some Gamer#1", false), "Some%20Gamer%231");
        assert_eq!(
            path("xuid(2535405290989773)", false),
            "xuid(2535405290989773)"
        );
        assert_eq!(path("a/b c.json", true), "a/b%20c.json");
        assert_eq!(path("a/b", false), "a%2Fb");
        assert_eq!(query("a&b=c é"), "a%26b%3Dc%20%C3%A9");
    }
}
