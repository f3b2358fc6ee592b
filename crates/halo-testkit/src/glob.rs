//! Path globs for fault rules: `*` matches within one segment, `**` across segments, `?` one char.

/// Whether `text` matches `pattern` (ASCII case-insensitive).
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<u8> = pattern.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let t: Vec<u8> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
    match_from(&p, &t)
}

fn match_from(p: &[u8], t: &[u8]) -> bool {
    match p {
        [] => t.is_empty(),
        [b'*', b'*', rest @ ..] => (0..=t.len()).any(|i| match_from(rest, &t[i..])),
        [b'*', rest @ ..] => {
            let limit = t.iter().position(|&b| b == b'/').unwrap_or(t.len());
            (0..=limit).any(|i| match_from(rest, &t[i..]))
        }
        [b'?', rest @ ..] => !t.is_empty() && t[0] != b'/' && match_from(rest, &t[1..]),
        [c, rest @ ..] => t.first() == Some(c) && match_from(rest, &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn single_and_double_stars() {
        assert!(matches("/hi/matches/*/stats", "/hi/matches/abc/stats"));
        assert!(!matches("/hi/matches/*/stats", "/hi/matches/a/b/stats"));
        assert!(matches(
            "halostats.*/**",
            "halostats.svc.halowaypoint.com/hi/x/y"
        ));
        assert!(matches("/hi/players/?/matches", "/hi/players/x/matches"));
        assert!(!matches("/hi", "/hi/x"));
    }
}
