//! Fixed headers (User-Agent, Accept, Accept-Encoding, and a route's own `Host`) and
//! sensitive-header marking, so that tokens never reach a log even when a user sets them by
//! hand.

use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, COOKIE, HOST, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Request};
use tower_layer::Layer;
use tower_service::Service;

use crate::context;

/// The Spartan token header.
pub const SPARTAN_HEADER: HeaderName = HeaderName::from_static("x-343-authorization-spartan");
/// The clearance header.
pub const CLEARANCE_HEADER: HeaderName = HeaderName::from_static("343-clearance");

/// Headers whose values are secrets.
const SENSITIVE: [HeaderName; 4] = [SPARTAN_HEADER, CLEARANCE_HEADER, AUTHORIZATION, COOKIE];

/// Sets User-Agent, `Accept: application/json` and `Accept-Encoding: gzip, deflate` where the
/// request has none, and marks secret headers sensitive.
///
/// It also sets `Host`, last, on a request to its route's own host (production): the generated
/// route holds that value, so it is the value and the place hyper-util would give it, without
/// formatting and allocating it for every request. Other requests (under a test root, through
/// a proxy) are left to hyper-util.
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
        let mut defaults = HeaderMap::with_capacity(4);
        defaults.insert(USER_AGENT, self.user_agent.clone());
        defaults.insert(ACCEPT, HeaderValue::from_static("application/json"));
        defaults.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate"));
        HeadersService { inner, defaults }
    }
}

/// The service of [`HeadersLayer`].
#[derive(Clone, Debug)]
pub struct HeadersService<S> {
    inner: S,
    /// User-Agent, Accept and Accept-Encoding, in that order: a request without headers (the
    /// usual case) gets a copy of this map, which costs less than hashing in each header.
    defaults: HeaderMap,
}

/// The `Host` of a request to its route's own host (see [`HeadersLayer`]).
fn route_host(request: &Request<Bytes>) -> Option<HeaderValue> {
    let authority = request.uri().authority()?.as_str();
    // A route's host is a checked, generated constant without a port.
    let route = context::endpoint(request)?;
    (route.host == authority).then(|| HeaderValue::from_static(route.host))
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
        let host = route_host(&request);
        let headers = request.headers_mut();
        if headers.is_empty() {
            headers.clone_from(&self.defaults);
        } else {
            // One pass over the few headers set so far, not a lookup per secret name.
            for (name, value) in headers.iter_mut() {
                if SENSITIVE.contains(name) {
                    value.set_sensitive(true);
                }
            }
            for (name, value) in &self.defaults {
                headers.entry(name).or_insert_with(|| value.clone());
            }
        }
        if let Some(host) = host {
            headers.entry(HOST).or_insert(host);
        }
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{RequestContext, RequestOptions};
    use crate::routes::Route;
    use tower::ServiceExt;

    /// The headers `layer` sends for `request`, in order.
    async fn sent(layer: HeadersLayer, request: Request<Bytes>) -> Vec<(String, String)> {
        let echo = tower::service_fn(|request: Request<Bytes>| async move {
            Ok::<_, std::convert::Infallible>(
                request
                    .headers()
                    .iter()
                    .map(|(name, value)| {
                        let value = value.to_str().unwrap_or("?").to_owned();
                        (name.as_str().to_owned(), value)
                    })
                    .collect::<Vec<_>>(),
            )
        });
        match layer.layer(echo).oneshot(request).await {
            Ok(headers) => headers,
            Err(never) => match never {},
        }
    }

    fn get(url: &str) -> Request<Bytes> {
        let mut request = Request::new(Bytes::new());
        *request.uri_mut() = url.parse().unwrap_or_default();
        request
    }

    fn host_of(headers: &[(String, String)]) -> Option<&str> {
        headers
            .iter()
            .find(|(name, _)| name == "host")
            .map(|(_, value)| value.as_str())
    }

    #[tokio::test]
    async fn defaults_come_in_order_with_or_without_a_callers_headers() {
        let defaults = [
            ("user-agent", "agent/1"),
            ("accept", "application/json"),
            ("accept-encoding", "gzip, deflate"),
        ];
        let expected: Vec<(String, String)> = defaults
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        // No header yet: the defaults, in order.
        let headers = sent(
            HeadersLayer::new("agent/1"),
            get("https://elsewhere.example/x"),
        )
        .await;
        assert_eq!(headers, expected);
        // A caller's headers stay first and win; the missing defaults follow in order; a
        // secret is marked sensitive.
        let mut request = get("https://elsewhere.example/x");
        request
            .headers_mut()
            .insert(ACCEPT, HeaderValue::from_static("text/plain"));
        request
            .headers_mut()
            .insert(SPARTAN_HEADER, HeaderValue::from_static("v4=secret"));
        let sensitive = tower::service_fn(|request: Request<Bytes>| async move {
            Ok::<_, std::convert::Infallible>(
                request
                    .headers()
                    .iter()
                    .map(|(name, value)| (name.as_str().to_owned(), value.is_sensitive()))
                    .collect::<Vec<_>>(),
            )
        });
        let marks = match HeadersLayer::new("agent/1")
            .layer(sensitive)
            .oneshot(request)
            .await
        {
            Ok(marks) => marks,
            Err(never) => match never {},
        };
        let names: Vec<(&str, bool)> = marks.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        assert_eq!(
            names,
            [
                ("accept", false),
                ("x-343-authorization-spartan", true),
                ("user-agent", false),
                ("accept-encoding", false),
            ]
        );
    }

    #[tokio::test]
    async fn production_requests_send_their_routes_host() {
        let route = Route::by_id("Stats_GetMatchCount").expect("route");
        let mut request =
            get("https://halostats.svc.halowaypoint.com/hi/players/xuid(1)/matches/count");
        request
            .extensions_mut()
            .insert(RequestContext::new(route, RequestOptions::default()));
        let headers = sent(HeadersLayer::default(), request).await;
        assert_eq!(host_of(&headers), Some("halostats.svc.halowaypoint.com"));
    }

    #[tokio::test]
    async fn other_hosts_are_left_to_hyper_and_a_callers_host_is_kept() {
        // No route: hyper-util sets it as usual.
        let headers = sent(HeadersLayer::default(), get("https://elsewhere.example/x")).await;
        assert_eq!(host_of(&headers), None);
        // A route's request under a test root: hyper-util too.
        let route = Route::by_id("Stats_GetMatchCount").expect("route");
        let mut request = get(
            "http://127.0.0.1:8080/halostats.svc.halowaypoint.com/hi/players/xuid(1)/matches/count",
        );
        request
            .extensions_mut()
            .insert(RequestContext::new(route, RequestOptions::default()));
        let headers = sent(HeadersLayer::default(), request).await;
        assert_eq!(host_of(&headers), None);
        // A caller's own Host is never replaced.
        let mut request =
            get("https://halostats.svc.halowaypoint.com/hi/players/xuid(1)/matches/count");
        request
            .headers_mut()
            .insert(HOST, HeaderValue::from_static("virtual.example"));
        request
            .extensions_mut()
            .insert(RequestContext::new(route, RequestOptions::default()));
        let headers = sent(HeadersLayer::default(), request).await;
        assert_eq!(host_of(&headers), Some("virtual.example"));
    }
}
