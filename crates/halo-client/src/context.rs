//! Request extensions through which the layers of the stack talk to each other.
//!
//! Every layer works on plain `http::Request<Bytes>` / `http::Response<Bytes>`; what a layer
//! needs to know about the endpoint travels in the request's extensions, so users can reuse the
//! layers with their own requests (a request without [`Endpoint`] gets the layers' defaults).

use std::time::Duration;

use crate::routes::{PolicyOverride, Route};

/// The route a request was built from.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint(pub &'static Route);

/// Per-request choices that override the client's.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Changes to this request's retry policy (applied after the client's).
    pub retry: PolicyOverride,
    /// Whether the request may be retried after it may have reached the server; `None`: by
    /// method (GET, PUT, DELETE are idempotent).
    pub idempotent: Option<bool>,
}

/// The 1-based attempt number, set by the retry layer on each attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt(pub u32);

/// The timeout of this attempt, set by the retry layer from the effective policy and read by
/// the timeout layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptTimeout(pub Duration);

/// Copy a request: method, URI, version, headers, body and the extensions this crate uses.
pub(crate) fn clone_request(request: &http::Request<bytes::Bytes>) -> http::Request<bytes::Bytes> {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    let extensions = request.extensions();
    let target = out.extensions_mut();
    if let Some(value) = extensions.get::<Endpoint>() {
        target.insert(*value);
    }
    if let Some(value) = extensions.get::<RequestOptions>() {
        target.insert(*value);
    }
    if let Some(value) = extensions.get::<Attempt>() {
        target.insert(*value);
    }
    if let Some(value) = extensions.get::<AttemptTimeout>() {
        target.insert(*value);
    }
    out
}

/// The endpoint id of a request, for errors and spans.
pub(crate) fn endpoint_id<B>(request: &http::Request<B>) -> Option<&'static str> {
    request
        .extensions()
        .get::<Endpoint>()
        .map(|endpoint| endpoint.0.id)
}
