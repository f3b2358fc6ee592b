//! Request extensions through which the layers of the stack talk to each other.
//!
//! Every layer works on plain `http::Request<Bytes>` / `http::Response<Bytes>`; what a layer
//! needs to know about the endpoint travels in the request's extensions (one
//! [`RequestContext`] for requests this crate builds), so users can reuse the layers with their
//! own requests (a request without a route gets the layers' defaults).

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
    /// How long the whole call (waits, attempts and retries) may take; `None`: the client's
    /// deadline.
    pub deadline: Option<Duration>,
}

/// The 1-based attempt number, set by the retry layer on each attempt of a request without a
/// [`RequestContext`], and on a response that took more than one attempt (none: one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt(pub u32);

/// The timeout of this attempt, set by the retry layer from the effective policy and read by
/// the timeout layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptTimeout(pub Duration);

/// Everything the layers tell each other about one request, in one extension: copying a
/// request for an attempt then costs one extension, not four.
/// [`ApiRequest::to_http`](crate::ApiRequest::to_http) sets it and the retry layer fills in
/// each attempt. Requests built
/// by hand may carry [`Endpoint`], [`RequestOptions`], [`Attempt`] and [`AttemptTimeout`]
/// instead: the layers read those when a request has no `RequestContext` (and the retry layer
/// then sets `Attempt` and `AttemptTimeout` on each attempt, as before).
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

/// The context of a request: its [`RequestContext`], else one read from the separate
/// extensions.
pub(crate) fn of<B>(request: &http::Request<B>) -> RequestContext {
    let extensions = request.extensions();
    match extensions.get::<RequestContext>() {
        Some(context) => *context,
        None => RequestContext {
            endpoint: extensions.get::<Endpoint>().map(|endpoint| endpoint.0),
            options: extensions
                .get::<RequestOptions>()
                .copied()
                .unwrap_or_default(),
            attempt: extensions.get::<Attempt>().map(|attempt| attempt.0),
            attempt_timeout: extensions.get::<AttemptTimeout>().map(|timeout| timeout.0),
            deadline: None,
        },
    }
}

/// The route of a request: its [`RequestContext`]'s, else its [`Endpoint`].
pub(crate) fn endpoint<B>(request: &http::Request<B>) -> Option<&'static Route> {
    let extensions = request.extensions();
    match extensions.get::<RequestContext>() {
        Some(context) => context.endpoint,
        None => extensions.get::<Endpoint>().map(|endpoint| endpoint.0),
    }
}

/// The attempt number of a request (1 when unknown).
pub(crate) fn attempt<B>(request: &http::Request<B>) -> u32 {
    let extensions = request.extensions();
    extensions
        .get::<RequestContext>()
        .and_then(|context| context.attempt)
        .or_else(|| extensions.get::<Attempt>().map(|attempt| attempt.0))
        .unwrap_or(1)
}

/// The timeout the retry layer chose for this attempt, if any.
pub(crate) fn attempt_timeout<B>(request: &http::Request<B>) -> Option<Duration> {
    let extensions = request.extensions();
    extensions
        .get::<RequestContext>()
        .and_then(|context| context.attempt_timeout)
        .or_else(|| extensions.get::<AttemptTimeout>().map(|timeout| timeout.0))
}

/// The instant a request's call must be over by, when the retry layer set one.
pub(crate) fn deadline<B>(request: &http::Request<B>) -> Option<Deadline> {
    request
        .extensions()
        .get::<RequestContext>()
        .and_then(|context| context.deadline)
}

/// Set the instant a request's call must be over by (requests with a [`RequestContext`] only:
/// others are bounded by the retry layer alone).
pub(crate) fn set_deadline<B>(request: &mut http::Request<B>, deadline: Deadline) {
    if let Some(context) = request.extensions_mut().get_mut::<RequestContext>() {
        context.deadline = Some(deadline);
    }
}

/// Mark a request as attempt `attempt` with timeout `timeout`: in its [`RequestContext`], else
/// as [`Attempt`] and [`AttemptTimeout`].
pub(crate) fn set_attempt<B>(request: &mut http::Request<B>, attempt: u32, timeout: Duration) {
    let extensions = request.extensions_mut();
    match extensions.get_mut::<RequestContext>() {
        Some(context) => {
            context.attempt = Some(attempt);
            context.attempt_timeout = Some(timeout);
        }
        None => {
            extensions.insert(Attempt(attempt));
            extensions.insert(AttemptTimeout(timeout));
        }
    }
}

/// What it takes to send a request again: method, URI, version, headers, body and the
/// extensions this crate uses. The request itself goes to the first attempt, and only a later
/// attempt builds a copy, which carries this crate's extensions only.
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
    /// The separate extensions of a request built by hand (boxed: rare, and it would double
    /// the size of every snapshot).
    legacy: Option<Box<Legacy>>,
}

/// The separate extensions of a request without a [`RequestContext`].
struct Legacy {
    endpoint: Option<Endpoint>,
    options: Option<RequestOptions>,
    attempt: Option<Attempt>,
    attempt_timeout: Option<AttemptTimeout>,
}

impl Snapshot {
    /// A snapshot of `request`.
    pub(crate) fn of(request: &http::Request<bytes::Bytes>) -> Self {
        let extensions = request.extensions();
        let context = extensions.get::<RequestContext>().copied();
        let legacy = context.is_none().then(|| {
            Box::new(Legacy {
                endpoint: extensions.get::<Endpoint>().copied(),
                options: extensions.get::<RequestOptions>().copied(),
                attempt: extensions.get::<Attempt>().copied(),
                attempt_timeout: extensions.get::<AttemptTimeout>().copied(),
            })
        });
        Self(Box::new(Saved {
            method: request.method().clone(),
            uri: request.uri().clone(),
            version: request.version(),
            headers: request.headers().clone(),
            body: request.body().clone(),
            context,
            legacy,
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
        let target = out.extensions_mut();
        if let Some(value) = saved.context {
            target.insert(value);
        }
        if let Some(legacy) = &saved.legacy {
            if let Some(value) = legacy.endpoint {
                target.insert(value);
            }
            if let Some(value) = legacy.options {
                target.insert(value);
            }
            if let Some(value) = legacy.attempt {
                target.insert(value);
            }
            if let Some(value) = legacy.attempt_timeout {
                target.insert(value);
            }
        }
        out
    }
}

/// The endpoint id of a request, for errors and spans.
pub(crate) fn endpoint_id<B>(request: &http::Request<B>) -> Option<&'static str> {
    endpoint(request).map(|route| route.id)
}

/// Remove this crate's extensions from a request about to leave the stack; when nothing else
/// is left, free the map here, on the thread that allocated it, rather than in the connection
/// task (often another thread, where glibc's free must lock this thread's arena).
pub(crate) fn strip(extensions: &mut http::Extensions) {
    if extensions.is_empty() {
        return;
    }
    extensions.remove::<RequestContext>();
    extensions.remove::<Endpoint>();
    extensions.remove::<RequestOptions>();
    extensions.remove::<Attempt>();
    extensions.remove::<AttemptTimeout>();
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
        ours.insert(Attempt(2));
        ours.insert(AttemptTimeout(Duration::from_secs(3)));
        strip(&mut ours);
        assert!(ours.is_empty());

        // A caller's own extension (for hyper, say) goes on with the request.
        #[derive(Clone, Debug, PartialEq)]
        struct Theirs(&'static str);
        let mut mixed = http::Extensions::new();
        mixed.insert(Endpoint(route));
        mixed.insert(Theirs("kept"));
        strip(&mut mixed);
        assert_eq!(mixed.len(), 1);
        assert_eq!(mixed.get::<Theirs>(), Some(&Theirs("kept")));
        assert!(mixed.get::<Endpoint>().is_none());
    }
}
