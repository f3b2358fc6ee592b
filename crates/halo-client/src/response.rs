//! [`ApiResponse`]: a successful answer, body collected and decoded by halo-models' fast
//! reader, with the JSON path of a failure.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::{Error, ErrorKind};

/// A success response.
#[derive(Clone, Debug)]
pub struct ApiResponse {
    pub(crate) endpoint: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
}

impl ApiResponse {
    /// The endpoint id.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The status (2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body (decompressed).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body, by value.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// How many attempts it took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Decode the body as JSON into `T`; a failure names the JSON path and keeps the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.endpoint, &self.body)
    }
}

/// Decode `body` as `T` with halo-models' fast reader (the one `cargo xtask bench`
/// measures); only a failure is decoded again, by `serde_path_to_error`, for its JSON path.
pub(crate) fn decode_json<T: DeserializeOwned>(
    endpoint: &'static str,
    body: &Bytes,
) -> Result<T, Error> {
    halo_models::decode_json(body).map_err(|error| decode_error(endpoint, body, error))
}

/// The client's error for a body that did not decode: the JSON path, the body, the cause.
pub(crate) fn decode_error(
    endpoint: &'static str,
    body: &Bytes,
    error: halo_models::DecodeError,
) -> Error {
    Error::new(ErrorKind::Decode {
        path: error.path().to_owned(),
        body: body.clone(),
    })
    .with_source(error)
    .with_endpoint(endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Stats {
        #[serde(rename = "MatchInfo")]
        match_info: Info,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Info {
        #[serde(rename = "Duration")]
        duration: u32,
    }

    #[test]
    fn decode_errors_name_the_path_and_keep_the_body() {
        let body = Bytes::from_static(br#"{"MatchInfo":{"Duration":"PT9M"}}"#);
        let error = decode_json::<Stats>("Stats_GetMatchStats", &body).unwrap_err();
        assert_eq!(error.json_path(), Some("MatchInfo.Duration"));
        assert_eq!(error.body(), Some(&body));
        assert_eq!(error.endpoint(), Some("Stats_GetMatchStats"));
        let truncated = Bytes::from_static(br#"{"MatchInfo":{"Durat"#);
        let error = decode_json::<Stats>("Stats_GetMatchStats", &truncated).unwrap_err();
        assert!(error.is_decode());
        let trailing = Bytes::from_static(br#"{"MatchInfo":{"Duration":5}} x"#);
        assert!(decode_json::<Stats>("Stats_GetMatchStats", &trailing).is_err());
        let control = Bytes::from_static(b"{\"MatchInfo\":{\"Duration\":\"a\x01\"}}");
        let error = decode_json::<Stats>("Stats_GetMatchStats", &control).unwrap_err();
        assert!(error.is_decode());
        let source = std::error::Error::source(&error).unwrap();
        let source = source.downcast_ref::<halo_models::DecodeError>().unwrap();
        assert_eq!(
            (source.line(), source.kind()),
            (1, halo_models::DecodeErrorKind::Syntax)
        );
    }
}
