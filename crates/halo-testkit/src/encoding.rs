//! Optional gzip of response bodies, for clients that send `Accept-Encoding: gzip`.

use std::io::Write as _;

use flate2::Compression;
use flate2::write::GzEncoder;
use http::{HeaderValue, header};

use crate::body::ResponseBody;
use crate::incoming::Incoming;
use crate::respond::Resp;

/// Whether an `Accept-Encoding` value accepts gzip (and does not refuse it with `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// Gzips a non-empty body when the request accepts gzip; sets `Content-Encoding` and `Vary`.
pub(crate) fn gzip_if_accepted(response: Resp, incoming: &Incoming) -> Resp {
    let accepted = incoming.header("accept-encoding").is_some_and(accepts_gzip);
    let (mut parts, body) = response.into_parts();
    let raw = body.bytes();
    if !accepted || raw.is_empty() {
        return http::Response::from_parts(parts, ResponseBody::full(raw));
    }
    let mut encoder = GzEncoder::new(Vec::with_capacity(raw.len() / 4), Compression::fast());
    let compressed = encoder.write_all(&raw).and_then(|()| encoder.finish());
    match compressed {
        Ok(compressed) => {
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            parts
                .headers
                .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            http::Response::from_parts(parts, ResponseBody::full(compressed))
        }
        Err(_) => http::Response::from_parts(parts, ResponseBody::full(raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn reads_accept_encoding() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("identity"));
    }
}
