//! [`DecodeError`]: why a payload did not decode, and where (its JSON path).

use std::fmt;

use serde::de::DeserializeOwned;

/// What went wrong while decoding a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The endpoint id has no model (see [`crate::ENDPOINT_IDS`]).
    UnknownEndpoint,
    /// The bytes are not valid JSON (bad syntax, invalid UTF-8, control characters).
    Syntax,
    /// The body ended in the middle of a value (a truncated response).
    Truncated,
    /// Valid JSON whose shape does not fit the model (wrong type, missing field).
    Data,
}

/// A payload that did not decode, with the JSON path where decoding stopped.
#[derive(Debug)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    endpoint: String,
    path: String,
    source: Option<serde_json::Error>,
}

impl DecodeError {
    pub(crate) fn unknown_endpoint(endpoint: &str) -> Self {
        Self {
            kind: DecodeErrorKind::UnknownEndpoint,
            endpoint: endpoint.to_owned(),
            path: String::new(),
            source: None,
        }
    }

    /// A value that decoded but did not re-encode (only possible for hand-built values).
    pub(crate) fn reencode(source: serde_json::Error) -> Self {
        Self {
            kind: DecodeErrorKind::Data,
            endpoint: String::new(),
            path: String::from("."),
            source: Some(source),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The endpoint id whose model was used (empty when decoding a type directly).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The JSON path where decoding stopped, such as `Players[3].PlayerTeamStats` (`.` for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Line (1-based) of the input where decoding stopped, 0 when not known.
    pub fn line(&self) -> usize {
        self.source.as_ref().map_or(0, serde_json::Error::line)
    }

    /// Column (1-based) of the input where decoding stopped, 0 when not known.
    pub fn column(&self) -> usize {
        self.source.as_ref().map_or(0, serde_json::Error::column)
    }

    fn with_endpoint(mut self, endpoint: &str) -> Self {
        endpoint.clone_into(&mut self.endpoint);
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.source) {
            (DecodeErrorKind::UnknownEndpoint, _) => {
                write!(f, "no model for endpoint {:?}", self.endpoint)
            }
            (_, Some(source)) => {
                if !self.endpoint.is_empty() {
                    write!(f, "{}: ", self.endpoint)?;
                }
                write!(f, "{source} (at JSON path {})", self.path)
            }
            (_, None) => write!(f, "decode error at JSON path {}", self.path),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// Decodes JSON bytes into `T`.
///
/// The fast path checks the whole input is UTF-8 once, with SIMD (`simdutf8`), then reads it
/// with this crate's own strict reader (`fast_de`), which skips indentation a word at a time
/// and lends strings without escapes straight from the input. Only when the fast path refuses
/// the input is it decoded again with `serde_json` (and, if that fails too, with path
/// tracking), so errors carry `serde_json`'s position and JSON path at no cost to successes.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    if let Some(value) = decode_fast::<T>(bytes) {
        return Ok(value);
    }
    #[cfg(test)]
    FALLBACKS.with(|n| n.set(n.get() + 1));
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(fast) => Err(locate::<T>(bytes, fast)),
    }
}

#[cfg(test)]
thread_local! {
    /// How many decodes on this thread fell back to serde_json (tests check captures never do).
    pub(crate) static FALLBACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The fast path of [`decode_json`]: `None` on any failure, which the slow path then explains.
fn decode_fast<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    crate::fast_de::from_str(text).ok()
}

pub(crate) fn decode_endpoint<T: DeserializeOwned>(
    endpoint: &str,
    bytes: &[u8],
) -> Result<T, DecodeError> {
    decode_json(bytes).map_err(|e| e.with_endpoint(endpoint))
}

fn locate<T: DeserializeOwned>(bytes: &[u8], fast: serde_json::Error) -> DecodeError {
    // A body that is not JSON at all can surface as a type error (`<html>` where an object is
    // expected): check the syntax alone first, so such bodies are reported as syntax errors.
    let fast = match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        Err(syntax) if !syntax.is_data() => syntax,
        _ => fast,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let tracked = crate::de_support::with_path_tracking(|| {
        serde_path_to_error::deserialize::<_, T>(&mut de).map(drop)
    });
    // Trailing characters after a valid value are caught by `end()`, not by the typed decode:
    // then the fast error stands, at the root.
    let (path, source) = match tracked {
        Err(tracked) if tracked.inner().classify() == fast.classify() => {
            let path = tracked.path().to_string();
            (path, tracked.into_inner())
        }
        _ => (String::from("."), fast),
    };
    let kind = match source.classify() {
        serde_json::error::Category::Eof => DecodeErrorKind::Truncated,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            DecodeErrorKind::Syntax
        }
        serde_json::error::Category::Data => DecodeErrorKind::Data,
    };
    DecodeError {
        kind,
        endpoint: String::new(),
        path,
        source: Some(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_typed() {
        let truncated = decode_json::<serde_json::Value>(b"{\"a\": [1, 2").unwrap_err();
        assert_eq!(truncated.kind(), DecodeErrorKind::Truncated);
        let bad = decode_json::<serde_json::Value>(b"{\"a\" 1}").unwrap_err();
        assert_eq!(bad.kind(), DecodeErrorKind::Syntax);
        let utf8 = decode_json::<serde_json::Value>(b"\"\xff\"").unwrap_err();
        assert_eq!(utf8.kind(), DecodeErrorKind::Syntax);
        let control = decode_json::<serde_json::Value>(b"\"a\x01b\"").unwrap_err();
        assert_eq!(control.kind(), DecodeErrorKind::Syntax);
        let data = decode_json::<Vec<u8>>(b"[1, 2, \"x\"]").unwrap_err();
        assert_eq!(data.kind(), DecodeErrorKind::Data);
        assert_eq!(data.path(), "[2]");
        assert!(data.to_string().contains("[2]"));
    }
}
