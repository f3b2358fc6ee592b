//! `model!`: one generated struct from its field table.
//!
//! `cargo xtask codegen` writes each model as a table (position, JSON key, field, type) inside
//! `model! { ... }`; this macro expands it to the struct, a `Deserialize` whose visitor matches
//! keys as bytes (trying the next key in table order first, as payloads keep their order), a
//! `Serialize` that leaves absent keys out, and the [`Presence`](crate::Presence) and
//! [`UnknownPaths`](crate::UnknownPaths) impls. The expansion is the code the generator used to
//! write out for every struct (about 40,000 lines), so decoding runs the same instructions.
//!
//! ```text
//! model! {
//!     /// Docs of the struct.
//!     pub struct Medal {
//!         /// `NameId`.
//!         0 b"NameId" name_id: i64,
//!         /// `Count`.
//!         1 b"Count" count: i64,
//!     }
//! }
//! ```

/// Expands a generated model's field table; see the module docs.
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $index:literal $key:literal $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
            /// Fields this model does not know, kept for lossless re-encoding.
            pub unknown_fields: $crate::UnknownFields,
            /// Known keys the payload did not have (see [`Presence`](crate::Presence)); they are left out when
            /// re-encoding.
            pub absent: $crate::AbsentKeys,
        }

        impl $name {
            /// The JSON keys as bytes, in declaration order (the visitor's table).
            const KEY_BYTES: &'static [&'static [u8]] = &[$($key),*];
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[allow(unused_mut, unused_variables)]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = None;)*
                        let mut unknown_fields = $crate::UnknownFields::new();
                        fn field_index(key: &[u8]) -> usize {
                            match key {
                                $($key => $index,)*
                                _ => usize::MAX,
                            }
                        }
                        let mut expected = 0;
                        while let Some(key) = map.next_key::<$crate::de_support::Key<'de>>()? {
                            let index = if $name::KEY_BYTES
                                .get(expected)
                                .is_some_and(|f| key.is(f))
                            {
                                expected
                            } else {
                                field_index(key.as_bytes())
                            };
                            expected = index.wrapping_add(1);
                            match index {
                                $($index => $field = Some(map.next_value()?),)*
                                _ => unknown_fields
                                    .insert(key.into_string::<A::Error>()?, map.next_value()?),
                            }
                        }
                        let mut absent = $crate::AbsentKeys::NONE;
                        Ok($name {
                            $($field: absent.take($field, $index),)*
                            unknown_fields,
                            absent,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !self.absent.contains($index) {
                        map.serialize_entry(
                            <Self as $crate::Presence>::KEYS[$index],
                            &self.$field,
                        )?;
                    }
                )*
                for (key, value) in self.unknown_fields.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl $crate::Presence for $name {
            const KEYS: &'static [&'static str] = &[$($crate::model::key_str($key)),*];
            fn absent(&self) -> $crate::AbsentKeys {
                self.absent
            }
        }

        impl $crate::UnknownPaths for $name {
            fn collect_unknown(&self, path: &mut String, out: &mut Vec<String>) {
                $(
                    $crate::model::collect_field(
                        &self.$field,
                        <Self as $crate::Presence>::KEYS[$index],
                        path,
                        out,
                    );
                )*
                self.unknown_fields.collect_unknown(path, out);
            }
        }
    };
}

pub(crate) use model;

/// A JSON key given as a byte string, as text (evaluated at compile time: keys are ASCII).
pub(crate) const fn key_str(key: &'static [u8]) -> &'static str {
    match std::str::from_utf8(key) {
        Ok(text) => text,
        Err(_) => panic!("a model's JSON key is not UTF-8"),
    }
}

/// Collects the unknown paths under one field, at `path.key`.
pub(crate) fn collect_field<T: crate::UnknownPaths>(
    value: &T,
    key: &str,
    path: &mut String,
    out: &mut Vec<String>,
) {
    crate::unknown::with_key(path, key, |p| value.collect_unknown(p, out));
}
