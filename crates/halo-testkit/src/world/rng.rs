//! A small deterministic random stream (SplitMix64), seeded per match and player, so every
//! value of the world comes back the same from (seed, what it is about).

use crate::ids::mix;

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A stream for `parts` (mixed in order).
    pub(crate) fn new(parts: &[u64]) -> Self {
        let mut state = 0x005E_ED0F_7E57_0000_u64;
        for part in parts {
            state = mix(state ^ part);
        }
        Self(state)
    }

    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `low..=high`.
    pub(crate) fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}
