//! A bit-by-bit decoder written straight from FILM-FORMAT.md, slow and obvious, that the
//! word-wise decoder must agree with.
#![allow(dead_code)]

/// One event as the reference reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefEvent {
    pub xuid: u64,
    pub gamertag: String,
    pub type_hint: u8,
    pub is_medal: bool,
    pub kind: &'static str,
    pub time_ms: u32,
    pub medal_code: u8,
    pub medal_name: Option<&'static str>,
}

/// Why the reference rejects a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    MissingTail(u64),
    RecordOutOfBounds(u64, u64),
}

fn bit(buf: &[u8], i: u64) -> u64 {
    u64::from(buf[(i / 8) as usize] >> (7 - i % 8)) & 1
}

fn bits(buf: &[u8], start: u64, len: u64) -> u64 {
    (start..start + len).fold(0, |acc, i| (acc << 1) | bit(buf, i))
}

/// Whether the `len` bits at `start` equal the low `len` bits of `pattern` (stops at the first
/// differing bit, to keep the reference quick enough for many cases).
fn matches_at(buf: &[u8], start: u64, pattern: u64, len: u64) -> bool {
    (0..len).all(|k| bit(buf, start + k) == (pattern >> (len - 1 - k)) & 1)
}

const WEIGHTS: [u8; 16] = [
    50, 51, 52, 100, 101, 150, 200, 205, 210, 220, 225, 230, 235, 240, 245, 250,
];

pub fn decode(buf: &[u8], version: u32) -> Result<Vec<RefEvent>, RefError> {
    let n = buf.len() as u64 * 8;
    let mut out = Vec::new();
    let mut p = 72;
    while p + 8 <= n {
        let here = p;
        p += 1;
        if !matches_at(buf, here, 0xC0, 8)
            || !(matches_at(buf, here - 8, 0x2D, 8) || matches_at(buf, here - 8, 0x25, 8))
        {
            continue;
        }
        let s = here - 72;
        let x = bits(buf, s, 64).swap_bytes();
        if !(2_000_000_000_000_000 < x && x < 3_000_000_000_000_000) {
            continue;
        }
        let end = (s + 20_000).min(n);
        let q = (s..end.saturating_sub(31))
            .find(|&q| matches_at(buf, q, 0x0000_2EE0, 32))
            .ok_or(RefError::MissingTail(s))?;
        if q < 480 {
            return Err(RefError::RecordOutOfBounds(s, q));
        }
        let w: Vec<u8> = (0..60)
            .map(|k| bits(buf, q - 480 + 8 * k, 8) as u8)
            .collect();
        let offset = if version == 39 || version == 40 {
            12
        } else {
            0
        };
        let units: Vec<u16> = (0..16)
            .map(|i| u16::from_le_bytes([w[offset + 2 * i], w[offset + 2 * i + 1]]))
            .collect();
        let gamertag = String::from_utf16_lossy(&units)
            .trim_matches('\0')
            .to_owned();
        let type_hint = w[47];
        let is_medal = w[55] == 1;
        let kind = if is_medal && WEIGHTS.contains(&type_hint) {
            "medal"
        } else {
            match type_hint {
                10 => "mode",
                20 => "death",
                50 => "kill",
                _ => "unknown",
            }
        };
        out.push(RefEvent {
            xuid: x,
            gamertag,
            type_hint,
            is_medal,
            kind,
            time_ms: u32::from_be_bytes([w[48], w[49], w[50], w[51]]),
            medal_code: w[59],
            medal_name: if kind == "medal" {
                halo_film::medal_name(w[59])
            } else {
                None
            },
        });
    }
    Ok(out)
}
