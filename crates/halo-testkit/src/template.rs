//! Byte templates: a captured body with the places of some strings marked, so a response with
//! those strings replaced is built by copying slices, not by parsing JSON.

/// A body and the marked places, in order.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    bytes: Vec<u8>,
    /// `(start, end, needle index)`, sorted by start, never overlapping.
    holes: Vec<(usize, usize, usize)>,
}

/// How many occurrences of a needle to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occurrences {
    All,
    First,
}

impl Template {
    /// Marks `needles` (ASCII case-insensitive; empty needles are ignored) in `bytes`.
    pub(crate) fn new(bytes: Vec<u8>, needles: &[(&str, Occurrences)]) -> Self {
        let mut holes = Vec::new();
        for (index, (needle, occurrences)) in needles.iter().enumerate() {
            let needle = needle.as_bytes();
            if needle.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(found) = find(&bytes[from..], needle) {
                let start = from + found;
                holes.push((start, start + needle.len(), index));
                from = start + needle.len();
                if *occurrences == Occurrences::First {
                    break;
                }
            }
        }
        holes.sort_unstable();
        holes.dedup_by(|later, earlier| later.0 < earlier.1);
        Self { bytes, holes }
    }

    /// The body with needle `i` replaced by `values[i]` (a missing value keeps the original).
    pub(crate) fn render(&self, values: &[&str]) -> Vec<u8> {
        let extra: usize = values.iter().map(|v| v.len()).sum::<usize>() * 2;
        let mut out = Vec::with_capacity(self.bytes.len() + extra);
        let mut at = 0;
        for &(start, end, index) in &self.holes {
            out.extend_from_slice(&self.bytes[at..start]);
            match values.get(index) {
                Some(value) => out.extend_from_slice(value.as_bytes()),
                None => out.extend_from_slice(&self.bytes[start..end]),
            }
            at = end;
        }
        out.extend_from_slice(&self.bytes[at..]);
        out
    }

    /// The body as it was.
    pub(crate) fn original(&self) -> &[u8] {
        &self.bytes
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_marked_places() {
        let t = Template::new(
            br#"{"Id":"AB","Start":"t0","Other":"ab","Again":"t0"}"#.to_vec(),
            &[("ab", Occurrences::All), ("t0", Occurrences::First)],
        );
        assert_eq!(
            String::from_utf8(t.render(&["x", "T1"])).unwrap(),
            r#"{"Id":"x","Start":"T1","Other":"x","Again":"t0"}"#
        );
        assert_eq!(t.render(&[]), t.original());
    }
}
