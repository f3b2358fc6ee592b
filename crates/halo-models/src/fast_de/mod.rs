//! The fast path of [`decode_json`](crate::decode_json): a strict JSON deserializer over text
//! already known to be UTF-8, tuned for the service's payloads.
//!
//! Compared with `serde_json`'s reader it skips indentation eight bytes at a time (no copy of
//! the input without it), finds the end of a string eight bytes at a time without a call per
//! string, and lends every string without an escape to the visitor straight from the input.
//!
//! It only ever answers "this is the value" or "no": its error carries no message or position.
//! On any failure the caller decodes the input again with `serde_json`, which either succeeds
//! (where this reader is stricter or lacks a feature) or explains the failure with its position
//! and JSON path. So this reader must never accept what `serde_json` rejects, nor read a value
//! differently: the tests compare the two on every capture and on thousands of mutated inputs.

mod access;
mod scan;

pub(crate) use scan::word;

use std::fmt;

use serde::de::{self, DeserializeOwned, Visitor};

use access::{KeyDeserializer, Map, Seq};

/// Nesting deeper than this is refused (then `serde_json` reports its own limit).
const MAX_DEPTH: u32 = 128;

/// The value of `text`, or [`Rejected`].
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Rejected> {
    let mut de = Deserializer::new(text);
    let value = T::deserialize(&mut de)?;
    de.skip_whitespace();
    if de.pos == de.bytes.len() {
        Ok(value)
    } else {
        Err(Rejected)
    }
}

/// The fast path refused the input; the caller decodes it again with `serde_json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rejected;

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rejected by the fast decoder")
    }
}

impl std::error::Error for Rejected {}

impl de::Error for Rejected {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Rejected
    }
}

/// A JSON number as `serde_json` hands it to visitors.
enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// The reader: the input, a position in it, and a buffer for strings with escapes.
pub(crate) struct Deserializer<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: u32,
    scratch: String,
}

/// A string read from the input: lent from it when it had no escape, else in the scratch buffer.
enum Text<'de> {
    Borrowed(&'de str),
    Scratch,
}

impl<'de> Deserializer<'de> {
    fn new(text: &'de str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            scratch: String::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace; the byte after it, if any.
    fn peek_token(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.peek()
    }

    fn skip_whitespace(&mut self) {
        self.pos = scan::skip_whitespace(self.bytes, self.pos);
    }

    /// Consumes `byte` after optional whitespace, or refuses.
    fn expect(&mut self, byte: u8) -> Result<(), Rejected> {
        if self.peek_token() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Rejected)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Rejected> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Rejected)
        }
    }

    /// Reads a string whose opening quote is at `pos`.
    fn string(&mut self) -> Result<Text<'de>, Rejected> {
        let start = self.pos + 1;
        let end = scan::string_end(self.bytes, start).ok_or(Rejected)?;
        if self.bytes[end] == b'"' {
            self.pos = end + 1;
            return self
                .text
                .get(start..end)
                .map(Text::Borrowed)
                .ok_or(Rejected);
        }
        self.scratch.clear();
        self.pos = scan::unescape(self.text, start, end, &mut self.scratch).ok_or(Rejected)?;
        Ok(Text::Scratch)
    }

    /// Reads a number starting at `pos`, as strictly as the JSON grammar.
    fn number(&mut self) -> Result<Number, Rejected> {
        let start = self.pos;
        let (end, integer) = scan::number_end(self.bytes, start).ok_or(Rejected)?;
        self.pos = end;
        let digits = &self.bytes[start..end];
        if integer {
            if let Some(value) = scan::integer(digits) {
                return Ok(value);
            }
        }
        if !integer {
            if let Some(value) = scan::float(digits) {
                return Ok(Number::Float(value));
            }
        }
        // Other floats (and integers too large for 64 bits) are read by serde_json itself, so
        // that every number has exactly the value serde_json gives it.
        let text = self.text.get(start..end).ok_or(Rejected)?;
        serde_json::from_str::<f64>(text)
            .map(Number::Float)
            .map_err(|_| Rejected)
    }

    fn nested<V, F>(&mut self, read: F) -> Result<V, Rejected>
    where
        F: FnOnce(&mut Self) -> Result<V, Rejected>,
    {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Rejected);
        }
        let result = read(self);
        self.depth -= 1;
        result
    }

    fn visit_text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Rejected> {
        match self.string()? {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Scratch => visitor.visit_str(&self.scratch),
        }
    }

    /// A string's bytes (escapes decoded), as serde_json lends them for `deserialize_bytes`.
    fn visit_string_bytes<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Rejected> {
        match self.string()? {
            Text::Borrowed(text) => visitor.visit_borrowed_bytes(text.as_bytes()),
            Text::Scratch => visitor.visit_bytes(self.scratch.as_bytes()),
        }
    }

    /// A key deserializer for the string at `pos`.
    fn key(&mut self) -> KeyDeserializer<'_, 'de> {
        KeyDeserializer { de: self }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Rejected> {
        match self.number()? {
            Number::Unsigned(n) => visitor.visit_u64(n),
            Number::Negative(n) => visitor.visit_i64(n),
            Number::Float(n) => visitor.visit_f64(n),
        }
    }
}

macro_rules! forward_to_any {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
                self.deserialize_any(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Rejected;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        match self.peek_token().ok_or(Rejected)? {
            b'{' => {
                self.pos += 1;
                self.nested(|de| {
                    let value = visitor.visit_map(Map::new(de))?;
                    de.expect(b'}')?;
                    Ok(value)
                })
            }
            b'[' => {
                self.pos += 1;
                self.nested(|de| {
                    let value = visitor.visit_seq(Seq::new(de))?;
                    de.expect(b']')?;
                    Ok(value)
                })
            }
            b'"' => self.visit_text(visitor),
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => self.visit_number(visitor),
            _ => Err(Rejected),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        if self.peek_token() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        // As serde_json: a string's bytes (escapes decoded), anything else as it is.
        if self.peek_token() != Some(b'"') {
            return self.deserialize_any(visitor);
        }
        self.visit_string_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Rejected> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Rejected> {
        // Unit variants only; anything else is left to serde_json.
        if self.peek_token() != Some(b'"') {
            return Err(Rejected);
        }
        match self.string()? {
            Text::Borrowed(text) => {
                visitor.visit_enum(de::IntoDeserializer::<Rejected>::into_deserializer(text))
            }
            Text::Scratch => {
                let owned = self.scratch.clone();
                visitor.visit_enum(de::IntoDeserializer::<Rejected>::into_deserializer(owned))
            }
        }
    }

    forward_to_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }
}

#[cfg(test)]
mod tests;
