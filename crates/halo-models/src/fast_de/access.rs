//! Objects, arrays and object keys for the fast reader.

use serde::de::{self, DeserializeSeed, Visitor};

use super::{Deserializer, Rejected};

/// The entries of an object whose `{` has been read; the caller reads the `}`.
pub(super) struct Map<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    first: bool,
}

impl<'a, 'de> Map<'a, 'de> {
    pub(super) fn new(de: &'a mut Deserializer<'de>) -> Self {
        Self { de, first: true }
    }
}

impl<'de> de::MapAccess<'de> for Map<'_, 'de> {
    type Error = Rejected;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Rejected> {
        match self.de.peek_token() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => {
                self.de.pos += 1;
                if self.de.peek_token() != Some(b'"') {
                    return Err(Rejected);
                }
            }
            Some(b'"') if self.first => {}
            _ => return Err(Rejected),
        }
        self.first = false;
        seed.deserialize(self.de.key()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Rejected> {
        self.de.expect(b':')?;
        seed.deserialize(&mut *self.de)
    }
}

/// The elements of an array whose `[` has been read; the caller reads the `]`.
pub(super) struct Seq<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    first: bool,
}

impl<'a, 'de> Seq<'a, 'de> {
    pub(super) fn new(de: &'a mut Deserializer<'de>) -> Self {
        Self { de, first: true }
    }
}

impl<'de> de::SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Rejected;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Rejected> {
        match self.de.peek_token() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => self.de.pos += 1,
            Some(_) if self.first => {}
            _ => return Err(Rejected),
        }
        self.first = false;
        // `[1,]` is refused: after a comma comes a value, never the closing bracket.
        if self.de.peek_token() == Some(b']') {
            return Err(Rejected);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// `deserialize_*` methods that refuse whatever the visitor asks, so that the caller falls
/// back to serde_json (`refuse! { deserialize_u8() deserialize_tuple(_len: usize) }`).
macro_rules! refuse {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* _visitor: V) -> Result<V::Value, Rejected> {
                Err(Rejected)
            }
        )*
    };
}

/// An object key: always a string, whatever type the visitor asks for (as in serde_json,
/// where a key read as a number is the number written inside the string; that case is left
/// to serde_json).
pub(super) struct KeyDeserializer<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Rejected;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        self.de.visit_text(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        self.de.visit_string_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        self.deserialize_bytes(visitor)
    }

    serde::forward_to_deserialize_any! { str string identifier ignored_any }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        visitor.visit_newtype_struct(self)
    }

    // Keys read as numbers, booleans, options or containers: serde_json's business.
    refuse! {
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32()
        deserialize_i64() deserialize_u8() deserialize_u16() deserialize_u32()
        deserialize_u64() deserialize_f32() deserialize_f64() deserialize_char()
        deserialize_option() deserialize_unit() deserialize_seq() deserialize_map()
        deserialize_unit_struct(_name: &'static str)
        deserialize_tuple(_len: usize)
        deserialize_tuple_struct(_name: &'static str, _len: usize)
        deserialize_struct(_name: &'static str, _fields: &'static [&'static str])
        deserialize_enum(_name: &'static str, _variants: &'static [&'static str])
    }
}
