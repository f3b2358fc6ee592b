//! Search of a decompressed chunk for event anchors and tail markers, a 64-bit word at a time.
//!
//! Both searched patterns are 16 bits at any bit offset: the anchor pair (`0x2D` or `0x25`
//! then `0xC0`, i.e. `0x2DC0`/`0x25C0`) and the low half of the tail marker (`0x2EE0`, the
//! marker being `0x00002EE0`). Each holds the 8-bit run `11100000` exactly once (anchor bits
//! 7-14, marker-half bits 8-15). The buffer is read as big-endian 64-bit words, one every
//! 7 bytes, and a few shifts and masks find that run at all 56 bit offsets of a word at once;
//! it occurs in under a tenth of the words of real chunks, and only there are the two
//! patterns tested, at the offsets the run implies. No bit is visited one at a time.

use crate::bits::{u32_at_bit, u64_at_bit, word_at};

/// The anchor: a `0x2D` or `0x25` byte followed by `0xC0`, as 16 bits.
const ANCHOR: u16 = 0x25C0;
/// Which bits of [`ANCHOR`] must match (`0x2D` and `0x25` differ in one bit).
const ANCHOR_CARE: u16 = !0x0800;
/// Where the run `11100000` starts inside the anchor.
const ANCHOR_RUN: u64 = 7;
/// The low half of the tail marker.
const TAIL_LOW: u16 = 0x2EE0;
/// Where the run `11100000` starts inside the tail marker's low half.
const TAIL_LOW_RUN: u64 = 8;
/// The tail marker that ends every record.
pub(crate) const TAIL: u32 = 0x0000_2EE0;
/// How many bits after its start an event's tail marker may end.
pub(crate) const TAIL_WINDOW_BITS: u64 = 20_000;
/// XUIDs of players lie strictly between these bounds.
const XUID_MIN: u64 = 2_000_000_000_000_000;
const XUID_MAX: u64 = 3_000_000_000_000_000;
/// Bytes between two words: a word holds the 8-bit run at 57 offsets; 56 are used.
const STEP: usize = 7;

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

/// Bit `63 - j` is set when the 8 bits of `word` starting at bit `j` (from the most
/// significant) are `11100000`, for `j` in `0..56`.
#[inline(always)]
fn runs(word: u64) -> u64 {
    let ones = word & (word << 1) & (word << 2);
    let any01 = word | (word << 1);
    let any0123 = any01 | (any01 << 2);
    let zeros = (any0123 | (word << 4)) << 3;
    ones & !zeros & (!0u64 << 8)
}

/// Finds every anchor and tail marker in `buf`.
pub(crate) fn scan(buf: &[u8], out: &mut Scan) {
    out.anchors.clear();
    out.tails.clear();
    let total_bits = (buf.len() as u64) * 8;
    let mut i = 0;
    while i < buf.len() {
        let mut hits = runs(word_at(buf, i));
        while hits != 0 {
            let j = u64::from(hits.leading_zeros());
            hits &= !(1u64 << (63 - j));
            at_run(buf, (i as u64) * 8 + j, total_bits, out);
        }
        i += STEP;
    }
}

/// Tests the anchor and the tail marker that would hold the run found at bit `run`.
#[inline]
fn at_run(buf: &[u8], run: u64, total_bits: u64, out: &mut Scan) {
    if let Some(pair) = run.checked_sub(ANCHOR_RUN) {
        let bits = (u32_at_bit(buf, pair) >> 16) as u16;
        if bits & ANCHOR_CARE == ANCHOR {
            if let Some(anchor) = check_anchor(buf, pair, total_bits) {
                out.anchors.push(anchor);
            }
            return;
        }
    }
    if let Some(low) = run.checked_sub(TAIL_LOW_RUN) {
        if (u32_at_bit(buf, low) >> 16) as u16 == TAIL_LOW {
            if let Some(tail) = check_tail(buf, low, total_bits) {
                out.tails.push(tail);
            }
        }
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
