//! Reading most-significant-bit-first values at any bit offset of a byte buffer.
//!
//! Bits past the end of the buffer read as zeros; callers check bounds where it matters.

/// The 8 bytes at byte index `i` as a big-endian word, zero-padded past the end.
#[inline(always)]
pub(crate) fn word_at(buf: &[u8], i: usize) -> u64 {
    let mut bytes = [0u8; 8];
    match buf.get(i..i.saturating_add(8)) {
        Some(s) => bytes.copy_from_slice(s),
        None => {
            let rest = buf.get(i..).unwrap_or_default();
            let n = rest.len().min(8);
            bytes[..n].copy_from_slice(&rest[..n]);
        }
    }
    u64::from_be_bytes(bytes)
}

/// The 64 bits starting at bit offset `bit`, the first bit as the most significant.
#[inline(always)]
pub(crate) fn u64_at_bit(buf: &[u8], bit: u64) -> u64 {
    let byte = usize::try_from(bit / 8).unwrap_or(usize::MAX);
    let shift = (bit % 8) as u32;
    let hi = word_at(buf, byte);
    if shift == 0 {
        hi
    } else {
        let next = buf.get(byte.saturating_add(8)).copied().unwrap_or(0);
        (hi << shift) | (u64::from(next) >> (8 - shift))
    }
}

/// The 32 bits starting at bit offset `bit`.
#[inline(always)]
pub(crate) fn u32_at_bit(buf: &[u8], bit: u64) -> u32 {
    (u64_at_bit(buf, bit) >> 32) as u32
}

/// The `N` bytes starting at bit offset `bit`.
pub(crate) fn bytes_at_bit<const N: usize>(buf: &[u8], bit: u64) -> [u8; N] {
    let mut out = [0u8; N];
    let byte = usize::try_from(bit / 8).unwrap_or(usize::MAX);
    let shift = (bit % 8) as u32;
    for (k, slot) in out.iter_mut().enumerate() {
        let i = byte.saturating_add(k);
        let hi = u16::from(buf.get(i).copied().unwrap_or(0));
        let lo = u16::from(buf.get(i.saturating_add(1)).copied().unwrap_or(0));
        *slot = ((((hi << 8) | lo) << shift) >> 8) as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_at_any_offset() {
        let buf = [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x11];
        assert_eq!(word_at(&buf, 0), 0x1234_5678_9ABC_DEF0);
        assert_eq!(word_at(&buf, 6), 0xDEF0_1100_0000_0000);
        assert_eq!(word_at(&buf, 9), 0);
        assert_eq!(word_at(&buf, usize::MAX), 0);
        assert_eq!(u64_at_bit(&buf, 4), 0x2345_6789_ABCD_EF01);
        assert_eq!(u32_at_bit(&buf, 12), 0x4567_89AB);
        assert_eq!(bytes_at_bit::<3>(&buf, 4), [0x23, 0x45, 0x67]);
        assert_eq!(bytes_at_bit::<2>(&buf, 68), [0x10, 0x00]);
        assert_eq!(u64_at_bit(&buf, u64::MAX), 0);
    }
}
