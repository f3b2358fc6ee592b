//! Which keys of an object the payload did not have.
//!
//! Every generated struct decodes when a key is missing: an `Option` field reads `None`, any
//! other field reads its type's default and the key is recorded in the struct's `absent` field
//! (an [`AbsentKeys`] set). Re-encoding leaves recorded keys out, so a payload without a key
//! round-trips to a payload without it. [`Presence`] asks a decoded value which of its keys
//! were absent: a defaulted value is never mistaken for one the service sent.

/// A set of field positions (in the struct's declaration order) whose keys were absent.
///
/// Values built in code start from [`AbsentKeys::NONE`] (every key present).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct AbsentKeys([u64; 2]);

impl AbsentKeys {
    /// No key absent.
    pub const NONE: Self = Self([0; 2]);
    /// The most fields a struct may have (the generator refuses wider objects).
    pub const CAPACITY: usize = 128;

    /// Whether the field at `index` was absent.
    #[inline]
    pub const fn contains(self, index: usize) -> bool {
        index < Self::CAPACITY && self.0[index / 64] & (1 << (index % 64)) != 0
    }

    /// Records the field at `index` as absent (indexes past [`Self::CAPACITY`] are ignored).
    #[inline]
    pub fn insert(&mut self, index: usize) {
        if index < Self::CAPACITY {
            self.0[index / 64] |= 1 << (index % 64);
        }
    }

    /// Records the field at `index` as present again.
    #[inline]
    pub fn remove(&mut self, index: usize) {
        if index < Self::CAPACITY {
            self.0[index / 64] &= !(1 << (index % 64));
        }
    }

    /// Whether no key is absent.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0[0] == 0 && self.0[1] == 0
    }

    /// The value decoded for field `index`: `value` when the key was there, else the type's
    /// default with the key recorded as absent.
    #[doc(hidden)]
    #[inline]
    pub fn take<T: Default>(&mut self, value: Option<T>, index: usize) -> T {
        match value {
            Some(v) => v,
            None => {
                self.insert(index);
                T::default()
            }
        }
    }
}

/// The keys a generated struct knows, and which of them a decoded value lacked.
pub trait Presence {
    /// The JSON keys of the struct's fields, in declaration order.
    const KEYS: &'static [&'static str];

    /// The set of absent fields.
    fn absent(&self) -> AbsentKeys;

    /// Whether the payload lacked `key` (a JSON key such as `"GameplayInteraction"`); `false`
    /// for keys the struct does not know.
    fn is_absent(&self, key: &str) -> bool {
        Self::KEYS
            .iter()
            .position(|k| *k == key)
            .is_some_and(|i| self.absent().contains(i))
    }

    /// The JSON keys the payload lacked, in declaration order.
    fn absent_keys(&self) -> Vec<&'static str> {
        let absent = self.absent();
        Self::KEYS
            .iter()
            .enumerate()
            .filter(|(i, _)| absent.contains(*i))
            .map(|(_, k)| *k)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_past_the_first_word_are_kept_apart() {
        let mut a = AbsentKeys::NONE;
        assert!(a.is_empty());
        a.insert(3);
        a.insert(70);
        assert!(a.contains(3) && a.contains(70));
        assert!(!a.contains(6) && !a.contains(67) && !a.contains(200));
        a.remove(3);
        assert!(!a.contains(3) && a.contains(70));
        let v: i64 = a.take(None, 5);
        assert_eq!(v, 0);
        assert!(a.contains(5));
        assert_eq!(a.take(Some(7_i64), 6), 7);
        assert!(!a.contains(6));
    }
}
