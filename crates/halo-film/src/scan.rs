//! Word-wise search of a decompressed chunk for event anchors and tail markers.
//!
//! The buffer is read in 64-bit big-endian words, one every 6 bytes; in each word the 16-bit
//! anchor pattern (`0x2DC0` or `0x25C0`: a `0x2D`/`0x25` byte then `0xC0`) and the low half of
//! the tail marker (`0x2EE0`) are tested at all 48 bit offsets at once with shift-and masks,
//! so no bit is visited one at a time. The rare hits are then checked exactly.

use crate::bits::{u32_at_bit, u64_at_bit, word_at};

/// The anchor: a `0x2D` or `0x25` byte followed by `0xC0`, as 16 bits.
const ANCHOR: u16 = 0x2DC0;
/// Which bits of [`ANCHOR`] must match (`0x2D` and `0x25` differ in one bit).
const ANCHOR_CARE: u16 = !0x0800;
/// The tail marker that ends every record.
pub(crate) const TAIL: u32 = 0x0000_2EE0;
/// How many bits after its start an event's tail marker may end.
pub(crate) const TAIL_WINDOW_BITS: u64 = 20_000;
/// XUIDs of players lie strictly between these bounds.
const XUID_MIN: u64 = 2_000_000_000_000_000;
const XUID_MAX: u64 = 3_000_000_000_000_000;
/// Bit offsets tested per word: a 16-bit pattern fits at 48 of the 64 offsets.
const OFFSETS_PER_WORD: usize = 48;

/// Where an event starts: the bit offset of its little-endian XUID, and the XUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) start_bit: u64,
    pub(crate) xuid: u64,
}

/// Every anchor and every tail marker in `buf`, each in ascending bit order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) tails: Vec<u64>,
}

/// Bit mask of the offsets `j` in `0..48` (bit `63 - j`) where the 16 bits of `word` starting
/// at `j` equal `pattern` on the bits set in `care`.
#[inline(always)]
fn matches16(word: u64, pattern: u16, care: u16) -> u64 {
    let mut mask = !0u64 << 16;
    let mut b = 0;
    while b < 16 {
        let bit = 15 - b;
        if (care >> bit) & 1 == 1 {
            let shifted = word << b;
            mask &= if (pattern >> bit) & 1 == 1 {
                shifted
            } else {
                !shifted
            };
        }
        b += 1;
    }
    mask
}

/// Finds every anchor and tail marker in `buf`.
pub(crate) fn scan(buf: &[u8], out: &mut Scan) {
    out.anchors.clear();
    out.tails.clear();
    let total_bits = (buf.len() as u64) * 8;
    let mut i = 0usize;
    while i < buf.len() {
        let word = word_at(buf, i);
        let base = (i as u64) * 8;
        let mut anchors = matches16(word, ANCHOR, ANCHOR_CARE);
        let mut tails = matches16(word, TAIL as u16, u16::MAX);
        while anchors != 0 {
            let j = u64::from(anchors.leading_zeros());
            anchors &= !(1u64 << (63 - j));
            if let Some(anchor) = check_anchor(buf, base + j, total_bits) {
                out.anchors.push(anchor);
            }
        }
        while tails != 0 {
            let j = u64::from(tails.leading_zeros());
            tails &= !(1u64 << (63 - j));
            if let Some(tail) = check_tail(buf, base + j, total_bits) {
                out.tails.push(tail);
            }
        }
        i += OFFSETS_PER_WORD / 8;
    }
}

/// `pair` is where `0x2D`/`0x25` then `0xC0` start; the XUID is the 64 bits before them.
#[inline]
fn check_anchor(buf: &[u8], pair: u64, total_bits: u64) -> Option<Anchor> {
    if pair < 64 || pair + 16 > total_bits {
        return None;
    }
    let start_bit = pair - 64;
    let xuid = u64_at_bit(buf, start_bit).swap_bytes();
    (XUID_MIN < xuid && xuid < XUID_MAX).then_some(Anchor { start_bit, xuid })
}

/// `low` is where `0x2EE0` starts; the marker starts 16 bits earlier.
#[inline]
fn check_tail(buf: &[u8], low: u64, total_bits: u64) -> Option<u64> {
    if low < 16 || low + 16 > total_bits {
        return None;
    }
    let start = low - 16;
    (u32_at_bit(buf, start) == TAIL).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the `len` low bits of `value` at bit offset `bit`, most significant first.
    fn put(buf: &mut [u8], bit: u64, value: u64, len: u32) {
        for k in 0..u64::from(len) {
            let b = bit + k;
            let v = (value >> (u64::from(len) - 1 - k)) & 1;
            let byte = &mut buf[(b / 8) as usize];
            let mask = 0x80u8 >> (b % 8);
            if v == 1 {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
    }

    #[test]
    fn finds_patterns_at_every_bit_offset() {
        let xuid = 2_535_445_291_321_133u64;
        for start in 0..130u64 {
            let mut buf = vec![0xFFu8; 64];
            put(&mut buf, start, xuid.swap_bytes(), 64);
            put(&mut buf, start + 64, 0x25C0, 16);
            put(&mut buf, start + 100, u64::from(TAIL), 32);
            let mut s = Scan::default();
            scan(&buf, &mut s);
            assert_eq!(
                s.anchors,
                vec![Anchor {
                    start_bit: start,
                    xuid
                }],
                "start {start}"
            );
            assert_eq!(s.tails, vec![start + 100], "start {start}");
        }
    }

    #[test]
    fn ignores_out_of_range_xuids_and_cut_patterns() {
        let mut buf = vec![0u8; 20];
        put(&mut buf, 8, 3_000_000_000_000_000u64.swap_bytes(), 64);
        put(&mut buf, 72, 0x2DC0, 16);
        // A marker whose last 5 (zero) bits would lie past the end of the buffer.
        put(&mut buf, 149, 0x2EE0 >> 5, 11);
        let mut s = Scan::default();
        scan(&buf, &mut s);
        assert!(s.anchors.is_empty());
        assert!(s.tails.is_empty());
    }
}
