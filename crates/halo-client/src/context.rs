//! Request extensions through which the layers of the stack talk to each other.
//!
//! Every layer works on plain `http::Request<Bytes>` / `http::Response<Bytes>`; what a layer
//! needs to know about the endpoint travels in the request's extensions (one
//! [`RequestContext`] for requests this crate builds), so users can reuse the layers with their
//! own requests (a request without a route gets the layers' defaults).

use std::time::Duration;

use crate::routes::{PolicyOverride, Route};

/// Per-request choices that override the client's.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Changes to this request's retry policy (applied after the client's).
    pub retry: PolicyOverride,
    /// Whether the request may be retried after it may have reached the server; `None`: by
    /// method (GET, PUT, DELETE are idempotent).
    pub idempotent: Option<bool>,
    /// How long the whole call (waits, attempts and retries) may take; `None`: the client's
    /// deadline.
    pub deadline: Option<Duration>,
}

/// On a response: how many attempts it took (set by the retry layer when more than one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt(pub u32);

/// Everything the layers tell each other about one request, in one extension.
/// [`ApiRequest::to_http`](crate::ApiRequest::to_http) sets it and the retry layer fills in
/// each attempt; a request built by hand without one gets the layers' defaults (the retry
/// layer then adds a context with no route, for the attempt number, timeout and deadline).
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct RequestContext {
    /// The route the request was built from.
    pub endpoint: Option<&'static Route>,
    /// Per-request choices that override the client's.
    pub options: RequestOptions,
    /// The 1-based attempt number (set by the retry layer).
    pub attempt: Option<u32>,
    /// The timeout of this attempt (set by the retry layer).
    pub attempt_timeout: Option<Duration>,
    /// When the whole call must be over (set by the retry layer; the rate-limit layer does not
    /// wait past it).
    pub deadline: Option<Deadline>,
}

/// A call's deadline: the instant it must be over by, and the length it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// When the call must be over.
    pub at: tokio::time::Instant,
    /// How long the call was given from its start.
    pub length: Duration,
}

impl Deadline {
    /// How long the call has run, measured from `now`.
    pub fn elapsed(&self, now: tokio::time::Instant) -> Duration {
        self.length
            .saturating_sub(self.at.saturating_duration_since(now))
    }
}

impl RequestContext {
    /// A context for a request built from `route` with `options`.
    pub fn new(route: &'static Route, options: RequestOptions) -> Self {
        Self {
            endpoint: Some(route),
            options,
            attempt: None,
            attempt_timeout: None,
            deadline: None,
        }
    }
}

/// The context of a request (the defaults when it has none).
pub(crate) fn of<B>(request: &http::Request<B>) -> RequestContext {
    request
        .extensions()
        .get::<RequestContext>()
        .copied()
        .unwrap_or_default()
}

/// The route of a request, when it was built from one.
pub(crate) fn endpoint<B>(request: &http::Request<B>) -> Option<&'static Route> {
    request
        .extensions()
        .get::<RequestContext>()
        .and_then(|context| context.endpoint)
}

/// The attempt number of a request (1 when unknown).
pub(crate) fn attempt<B>(request: &http::Request<B>) -> u32 {
    request
        .extensions()
        .get::<RequestContext>()
        .and_then(|context| context.attempt)
        .unwrap_or(1)
}

/// The timeout the retry layer chose for this attempt, if any.
pub(crate) fn attempt_timeout<B>(request: &http::Request<B>) -> Option<Duration> {
    request
        .extensions()
        .get::<RequestContext>()
        .and_then(|context| context.attempt_timeout)
}

/// The instant a request's call must be over by, when the retry layer set one.
pub(crate) fn deadline<B>(request: &http::Request<B>) -> Option<Deadline> {
    request
        .extensions()
        .get::<RequestContext>()
        .and_then(|context| context.deadline)
}

/// The context of a request to fill in, added (with no route) when it has none.
fn context_mut<B>(request: &mut http::Request<B>) -> &mut RequestContext {
    request
        .extensions_mut()
        .get_or_insert_with(RequestContext::default)
}

/// Set the instant a request's call must be over by.
pub(crate) fn set_deadline<B>(request: &mut http::Request<B>, deadline: Deadline) {
    context_mut(request).deadline = Some(deadline);
}

/// Mark a request as attempt `attempt` with timeout `timeout`.
pub(crate) fn set_attempt<B>(request: &mut http::Request<B>, attempt: u32, timeout: Duration) {
    let context = context_mut(request);
    context.attempt = Some(attempt);
    context.attempt_timeout = Some(timeout);
}

/// What it takes to send a request again: method, URI, version, headers, body and its
/// [`RequestContext`]. The request itself goes to the first attempt, and only a later
/// attempt builds a copy, which carries this crate's extension only.
///
/// Boxed: a layer's future keeps one for a retry that rarely comes, and every layer outside
/// moves that future when it wraps it, so one small allocation here saves copying about 400
/// bytes several times per call.
pub(crate) struct Snapshot(Box<Saved>);

/// The parts a [`Snapshot`] keeps.
struct Saved {
    method: http::Method,
    uri: http::Uri,
    version: http::Version,
    headers: http::HeaderMap,
    body: bytes::Bytes,
    context: Option<RequestContext>,
}

impl Snapshot {
    /// A snapshot of `request`.
    pub(crate) fn of(request: &http::Request<bytes::Bytes>) -> Self {
        let context = request.extensions().get::<RequestContext>().copied();
        Self(Box::new(Saved {
            method: request.method().clone(),
            uri: request.uri().clone(),
            version: request.version(),
            headers: request.headers().clone(),
            body: request.body().clone(),
            context,
        }))
    }

    /// The request's URI.
    pub(crate) fn uri(&self) -> &http::Uri {
        &self.0.uri
    }

    /// The request again.
    pub(crate) fn request(&self) -> http::Request<bytes::Bytes> {
        let saved = &*self.0;
        let mut out = http::Request::new(saved.body.clone());
        *out.method_mut() = saved.method.clone();
        *out.uri_mut() = saved.uri.clone();
        *out.version_mut() = saved.version;
        *out.headers_mut() = saved.headers.clone();
        if let Some(context) = saved.context {
            out.extensions_mut().insert(context);
        }
        out
    }
}

/// The endpoint id of a request, for errors and spans.
pub(crate) fn endpoint_id<B>(request: &http::Request<B>) -> Option<&'static str> {
    endpoint(request).map(|route| route.id)
}

/// Remove this crate's extension from a request about to leave the stack; when nothing else
/// is left, free the map here, on the thread that allocated it, rather than in the connection
/// task (often another thread, where glibc's free must lock this thread's arena).
pub(crate) fn strip(extensions: &mut http::Extensions) {
    if extensions.is_empty() {
        return;
    }
    extensions.remove::<RequestContext>();
    if extensions.is_empty() {
        *extensions = http::Extensions::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_removes_only_this_crates_extensions() {
        let route = Route::by_id("Stats_GetMatchCount").expect("route");
        let mut ours = http::Extensions::new();
        ours.insert(RequestContext::new(route, RequestOptions::default()));
        strip(&mut ours);
        assert!(ours.is_empty());

        // A caller's own extension (for hyper, say) goes on with the request.
        #[derive(Clone, Debug, PartialEq)]
        struct Theirs(&'static str);
        let mut mixed = http::Extensions::new();
        mixed.insert(RequestContext::new(route, RequestOptions::default()));
        mixed.insert(Theirs("kept"));
        strip(&mut mixed);
        assert_eq!(mixed.len(), 1);
        assert_eq!(mixed.get::<Theirs>(), Some(&Theirs("kept")));
    }
}
