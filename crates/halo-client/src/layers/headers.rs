//! Fixed headers (User-Agent, Accept, Accept-Encoding) and sensitive-header marking, so that
//! tokens never reach a log even when a user sets them by hand.

use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, COOKIE, USER_AGENT};
use http::{HeaderName, HeaderValue, Request};
use tower_layer::Layer;
use tower_service::Service;

/// The Spartan token header.
pub const SPARTAN_HEADER: HeaderName = HeaderName::from_static("x-343-authorization-spartan");
/// The clearance header.
pub const CLEARANCE_HEADER: HeaderName = HeaderName::from_static("343-clearance");

/// Headers whose values are secrets.
const SENSITIVE: [HeaderName; 4] = [SPARTAN_HEADER, CLEARANCE_HEADER, AUTHORIZATION, COOKIE];

/// Sets User-Agent, `Accept: application/json` and `Accept-Encoding: gzip, deflate` where the
/// request has none, and marks secret headers sensitive.
#[derive(Clone, Debug)]
pub struct HeadersLayer {
    user_agent: HeaderValue,
}

impl HeadersLayer {
    /// A layer sending `user_agent` (an invalid header value falls back to the crate's).
    pub fn new(user_agent: &str) -> Self {
        Self {
            user_agent: HeaderValue::from_str(user_agent).unwrap_or_else(|_| default_user_agent()),
        }
    }
}

impl Default for HeadersLayer {
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
        }
    }
}

/// `halo-client/<version>`.
pub(crate) fn default_user_agent() -> HeaderValue {
    HeaderValue::from_static(concat!("halo-client/", env!("CARGO_PKG_VERSION")))
}

impl<S> Layer<S> for HeadersLayer {
    type Service = HeadersService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        HeadersService {
            inner,
            user_agent: self.user_agent.clone(),
        }
    }
}

/// The service of [`HeadersLayer`].
#[derive(Clone, Debug)]
pub struct HeadersService<S> {
    inner: S,
    user_agent: HeaderValue,
}

impl<S> Service<Request<Bytes>> for HeadersService<S>
where
    S: Service<Request<Bytes>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Bytes>) -> Self::Future {
        let headers = request.headers_mut();
        // One pass over the few headers set so far, not a lookup per secret name.
        for (name, value) in headers.iter_mut() {
            if SENSITIVE.contains(name) {
                value.set_sensitive(true);
            }
        }
        headers
            .entry(USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        headers
            .entry(ACCEPT)
            .or_insert_with(|| HeaderValue::from_static("application/json"));
        headers
            .entry(ACCEPT_ENCODING)
            .or_insert_with(|| HeaderValue::from_static("gzip, deflate"));
        self.inner.call(request)
    }
}
