//! A jitter sample in `0.0..1.0` without a random-number dependency or the wall clock: a
//! per-process random key (std's `RandomState`) hashing a counter.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static KEY: OnceLock<RandomState> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A uniform sample in `0.0..1.0`.
pub(crate) fn sample() -> f64 {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hash = KEY.get_or_init(RandomState::new).hash_one(n);
    // 53 random bits as the mantissa of a float in [0, 1).
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn samples_are_in_range_and_vary() {
        let samples: Vec<f64> = (0..100).map(|_| super::sample()).collect();
        assert!(samples.iter().all(|s| (0.0..1.0).contains(s)));
        assert!(samples.windows(2).any(|w| w[0] != w[1]));
    }
}
