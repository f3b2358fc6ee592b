//! A request as the handlers see it: its body read, its service host worked out (by
//! `service.rs`, which hands it to the auth, Halo, Xbox and world handlers).

use bytes::Bytes;
use http::{HeaderMap, Method};

/// A request with its body read and its service host worked out.
#[derive(Debug)]
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) host: String,
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Incoming {
    /// A header value as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
