//! Text that came from a server or a file, made safe for a terminal: one line, control characters
//! escaped, length capped. Every gamertag, asset name and error body the CLI prints goes through
//! here, so a server cannot break the one-line rule or send terminal control sequences.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The longest text printed from an outside source, in characters (longer text is cut and ends
/// with `…`).
pub(crate) const MAX_CHARS: usize = 300;

/// `text` as one safe line of at most [`MAX_CHARS`] characters: newlines, tabs, escape sequences
/// and every other control character (C0, DEL, C1, and the Unicode bidirectional overrides) are
/// written as `\n`, `\t` or `\u{..}`. Borrowed when nothing needed changing.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    one_line_capped(text, MAX_CHARS)
}

/// [`one_line`] with a chosen cap (in characters of the input).
pub(crate) fn one_line_capped(text: &str, max_chars: usize) -> Cow<'_, str> {
    let clean = !text.chars().any(needs_escape);
    let short = text.chars().nth(max_chars).is_none();
    if clean && short {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(max_chars * 4) + 8);
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach a terminal as is.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            one_line("aCurtis X89"),
            Cow::Borrowed("aCurtis X89")
        ));
    }

    #[test]
    fn newlines_and_escape_sequences_are_escaped() {
        assert_eq!(one_line("a\nb\u{1b}[31mX"), "a\\nb\\u{1b}[31mX");
        assert_eq!(one_line("tab\there\r"), "tab\\there\\r");
        assert_eq!(one_line("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
        assert_eq!(one_line("evil\u{202e}txt"), "evil\\u{202e}txt");
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(MAX_CHARS + 50);
        let safe = one_line(&long);
        assert_eq!(safe.chars().count(), MAX_CHARS + 1);
        assert!(safe.ends_with('…'));
        assert_eq!(one_line_capped("abcdef", 3), "abc…");
        assert_eq!(one_line_capped("abc", 3), "abc");
    }

    #[test]
    fn non_ascii_text_stays() {
        assert_eq!(one_line("Ünïcödé ☃ 名前"), "Ünïcödé ☃ 名前");
    }
}
