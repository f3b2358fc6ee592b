//! Small helpers used by the generated `Deserialize` impls.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

thread_local! {
    /// Set while a failed decode is repeated with path tracking: keys are then read as strings,
    /// which `serde_path_to_error` records (it does not record byte keys).
    static TRACKING_PATHS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with keys read as strings so that a path-tracking deserializer sees them.
pub(crate) fn with_path_tracking<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            TRACKING_PATHS.with(|t| t.set(self.0));
        }
    }
    let _reset = Reset(TRACKING_PATHS.with(|t| t.replace(true)));
    f()
}

/// An object key as raw bytes, borrowed from the input when possible.
///
/// Reading keys as bytes skips serde_json's UTF-8 validation of every key; a known key is
/// matched against ASCII literals, and only unknown keys are validated (see [`Key::into_string`]).
pub(crate) enum Key<'de> {
    Borrowed(&'de [u8]),
    Owned(Vec<u8>),
}

impl Key<'_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Owned(b) => b,
        }
    }

    /// Whether the key is `name`: compared a word at a time, inline (keys are short, and a
    /// library call per comparison costs more than the comparison).
    pub(crate) fn is(&self, name: &[u8]) -> bool {
        let key = self.as_bytes();
        if key.len() != name.len() {
            return false;
        }
        let word = crate::fast_de::word;
        let len = key.len();
        if len < 8 {
            return key.iter().zip(name).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0;
        }
        let mut at = 0;
        while at + 8 < len {
            if word(key, at) != word(name, at) {
                return false;
            }
            at += 8;
        }
        // The last word, overlapping the one before when the length is not a multiple of 8.
        word(key, len - 8) == word(name, len - 8)
    }

    /// The key as a string: valid UTF-8 without raw control characters, as JSON requires.
    pub(crate) fn into_string<E: de::Error>(self) -> Result<String, E> {
        if self.as_bytes().iter().any(|&b| b < 0x20) {
            return Err(E::custom(
                "control character (\\u0000-\\u001F) found in an object key",
            ));
        }
        let bytes = match self {
            Self::Borrowed(b) => b.to_vec(),
            Self::Owned(b) => b,
        };
        String::from_utf8(bytes).map_err(|_| E::custom("invalid UTF-8 in an object key"))
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v.as_bytes()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.as_bytes().to_vec()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.into_bytes()))
            }
        }
        if TRACKING_PATHS.with(Cell::get) {
            deserializer.deserialize_str(KeyVisitor)
        } else {
            deserializer.deserialize_bytes(KeyVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn key_comparison_finds_every_difference() {
        let name: Vec<u8> = (b'a'..=b'z').collect();
        for len in 0..=name.len() {
            let name = &name[..len];
            assert!(Key::Borrowed(name).is(name));
            assert!(Key::Owned(name.to_vec()).is(name));
            for at in 0..len {
                let mut other = name.to_vec();
                other[at] = b'_';
                assert!(!Key::Borrowed(&other).is(name), "{len} {at}");
            }
            assert!(!Key::Borrowed(name).is(&[name, b"x"].concat()));
        }
    }
}
