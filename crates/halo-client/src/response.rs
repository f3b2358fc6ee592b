//! [`ApiResponse`]: a successful answer, body collected and decoded, with path-aware JSON
//! decoding.

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

/// Decode `body` as `T`, reporting the JSON path of a failure.
pub(crate) fn decode_json<T: DeserializeOwned>(
    endpoint: &'static str,
    body: &Bytes,
) -> Result<T, Error> {
    let decode_error = |path: String, source: serde_json::Error| {
        Error::new(ErrorKind::Decode {
            path,
            body: body.clone(),
        })
        .with_source(source)
        .with_endpoint(endpoint)
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| decode_error(error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| decode_error(String::new(), error))?;
    Ok(value)
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
    }
}
