//! The 60-byte record that ends at an event's tail marker, and its fields.

use crate::event::{EventKind, HighlightEvent};
use crate::medals::medal_name;
use crate::version::Layout;

/// Length of a record in bytes.
pub(crate) const RECORD_LEN: usize = 60;

/// Builds the event of the record `w` of the player `xuid`.
pub(crate) fn parse_record(w: &[u8; RECORD_LEN], xuid: u64, layout: Layout) -> HighlightEvent {
    let type_hint = w[47];
    let is_medal = w[55] == 1;
    let medal_code = w[59];
    let kind = EventKind::from_hint(type_hint, is_medal);
    HighlightEvent {
        xuid,
        gamertag: gamertag(w, layout.gamertag_offset()),
        type_hint,
        is_medal,
        kind,
        time_ms: u32::from_be_bytes([w[48], w[49], w[50], w[51]]),
        medal_code,
        medal_name: if kind == EventKind::Medal {
            medal_name(medal_code)
        } else {
            None
        },
    }
}

/// 16 UTF-16LE code units from `offset`, NULs trimmed on both ends; invalid units become U+FFFD.
fn gamertag(w: &[u8; RECORD_LEN], offset: usize) -> String {
    let units: Vec<u16> = w
        .get(offset..offset + 32)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_matches('\0')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_by_layout() {
        let mut w = [0u8; RECORD_LEN];
        for (i, u) in "\0Ab".encode_utf16().enumerate() {
            w[12 + 2 * i..14 + 2 * i].copy_from_slice(&u.to_le_bytes());
        }
        w[47] = 100;
        w[48..52].copy_from_slice(&69_873u32.to_be_bytes());
        w[55] = 1;
        w[59] = 107;
        let e = parse_record(&w, 7, Layout::GamertagAt12);
        assert_eq!(e.gamertag, "Ab");
        assert_eq!(e.kind, EventKind::Medal);
        assert_eq!(e.time_ms, 69_873);
        assert_eq!(e.medal_name, Some("Nade Shot"));
        w[0] = b'Z';
        let e = parse_record(&w, 7, Layout::Default);
        assert_eq!(e.gamertag, "Z\0\0\0\0\0\0Ab");
        w[47] = 33;
        assert_eq!(
            parse_record(&w, 7, Layout::Default).kind,
            EventKind::Unknown(33)
        );
    }
}
