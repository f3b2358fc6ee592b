//! Deterministic ids and tokens: hashing, GUID-shaped ids, opaque token strings.

/// SplitMix64: a fast, well-mixed 64-bit hash step.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of some text, mixed; stable across runs and platforms.
pub(crate) fn hash_str(text: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in text.bytes() {
        h ^= u64::from(byte.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    mix(h)
}

/// Whether `text` is a GUID (`8-4-4-4-12` hex digits).
pub(crate) fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An opaque token string such as `tk-spartan-3f2a...`.
pub(crate) fn token(kind: &str, seed: u64) -> String {
    format!(
        "tk-{kind}-{:016x}{:016x}",
        mix(seed),
        mix(seed ^ 0xA5A5_A5A5_A5A5_A5A5)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_guids() {
        assert!(is_guid("b4be1c44-5782-42b3-8cf8-0d76dd87230c"));
        assert!(!is_guid("not-a-guid"));
        assert!(!is_guid("b4be1c44-5782-42b3-8cf8-0d76dd87230"));
    }
}
