//! Small constructors for the responses the server sends.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};

use crate::body::ResponseBody;

/// A response as the service layer builds it.
pub(crate) type Resp = Response<ResponseBody>;

/// A response with `status` and a body of `content_type`.
pub(crate) fn with_body(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Resp {
    let mut response = Response::new(ResponseBody::full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Resp {
    with_body(status, "application/json; charset=utf-8", body)
}

/// A JSON response from a value.
pub(crate) fn json_value(status: StatusCode, value: &serde_json::Value) -> Resp {
    json(status, serde_json::to_vec(value).unwrap_or_default())
}

/// A response without a body.
pub(crate) fn empty(status: StatusCode) -> Resp {
    let mut response = Response::new(ResponseBody::empty());
    *response.status_mut() = status;
    response
}

/// The testkit's own error body (not a service shape): `{"error": kind, "message": ...}`.
pub(crate) fn testkit_error(status: StatusCode, kind: &str, message: &str) -> Resp {
    json_value(
        status,
        &serde_json::json!({ "error": kind, "message": message }),
    )
}

/// Adds a header (ignoring values that are not valid header text).
pub(crate) fn set_header(response: &mut Resp, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}
