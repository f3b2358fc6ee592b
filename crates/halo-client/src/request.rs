//! [`ApiRequest`]: a request as a value (route, parameters, headers, body, options), built
//! and inspected without a network. Setters never fail: problems are kept and surface as a
//! build error when the request is executed.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::Error;
use crate::context::{RequestContext, RequestOptions};
use crate::routes::{BaseUrl, PolicyOverride, Route};

/// A request for one route.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    route: &'static Route,
    /// Path parameters; the crate's own endpoints name them with literals (no allocation).
    path: Vec<(Cow<'static, str>, String)>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Bytes>,
    options: RequestOptions,
    problems: Vec<String>,
}

impl ApiRequest {
    /// An empty request for `route`.
    pub fn new(route: &'static Route) -> Self {
        Self {
            route,
            path: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            options: RequestOptions::default(),
            problems: Vec::new(),
        }
    }

    /// The route.
    pub fn route(&self) -> &'static Route {
        self.route
    }

    /// Set a path parameter (`matchId`); setting it again replaces it.
    #[must_use]
    pub fn path_param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_path(Cow::Owned(name.into()), value.into())
    }

    /// [`ApiRequest::path_param`] with a literal name, kept without a copy.
    #[must_use]
    pub(crate) fn static_path_param(self, name: &'static str, value: String) -> Self {
        self.set_path(Cow::Borrowed(name), value)
    }

    fn set_path(mut self, name: Cow<'static, str>, value: String) -> Self {
        match self.path.iter_mut().find(|(known, _)| *known == name) {
            Some(slot) => slot.1 = value,
            None => self.path.push((name, value)),
        }
        self
    }

    /// Add a query parameter: a template placeholder name (`count`) fills its pair, any other
    /// name is appended. Adding a name twice repeats it (`players=..&players=..`).
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// [`ApiRequest::query`] with a literal name (the generated operations).
    #[must_use]
    pub(crate) fn static_query(self, name: &'static str, value: String) -> Self {
        self.query(name, value)
    }

    /// Replace every value of query parameter `name` by `value`.
    #[must_use]
    pub fn set_query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.retain(|(known, _)| known != name);
        self.query(name, value)
    }

    /// Set a header. An invalid name or value is reported when the request is executed.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.problems.push(format!("invalid header `{name}`")),
        }
        self
    }

    /// Ask for localized text (`Accept-Language: fr-FR`).
    #[must_use]
    pub fn accept_language(mut self, language: &str) -> Self {
        match HeaderValue::from_str(language) {
            Ok(value) => {
                self.headers.insert(ACCEPT_LANGUAGE, value);
            }
            Err(_) => self.problems.push(format!("invalid language `{language}`")),
        }
        self
    }

    /// A JSON body.
    #[must_use]
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Bytes::from(bytes));
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            Err(error) => self
                .problems
                .push(format!("cannot encode the JSON body: {error}")),
        }
        self
    }

    /// A raw body with its content type.
    #[must_use]
    pub fn body(mut self, body: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some(body.into());
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
            }
            Err(_) => self
                .problems
                .push(format!("invalid content type `{content_type}`")),
        }
        self
    }

    /// Change this request's retry policy (over the client's override).
    #[must_use]
    pub fn retry(mut self, retry: PolicyOverride) -> Self {
        self.options.retry = retry;
        self
    }

    /// Set the per-attempt timeout of this request.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.retry = self.options.retry.timeout(timeout);
        self
    }

    /// Set how long the whole call may take, waits for `Retry-After` and the rate limit, every
    /// attempt and retry included (over the client's deadline, default 300 s).
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// Declare whether the request may be retried after it may have reached the server (by
    /// default: GET, PUT and DELETE may).
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.options.idempotent = Some(idempotent);
        self
    }

    /// Record a validation problem (used by typed builders); execution fails with it.
    #[must_use]
    pub fn invalid(mut self, problem: impl Into<String>) -> Self {
        self.problems.push(problem.into());
        self
    }

    /// The problems found so far (empty: the request is valid as far as can be told offline).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The headers set on this request (tokens are added by the stack, not here).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, if any.
    pub fn body_bytes(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The per-request options.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }

    /// The URL this request goes to under `base`.
    pub fn url(&self, base: &BaseUrl) -> Result<String, Error> {
        if let Some(problem) = self.problems.first() {
            return Err(self.build_error(problem.clone()));
        }
        self.route
            .url_from(base, &self.path, &self.query)
            .map_err(|message| self.build_error(message))
    }

    /// The `http::Request` sent through the stack, with the route and options in its
    /// [`RequestContext`] extension.
    pub fn to_http(&self, base: &BaseUrl) -> Result<http::Request<Bytes>, Error> {
        let uri = self.uri(base)?;
        let mut request = http::Request::new(self.body.clone().unwrap_or_default());
        *request.method_mut() = self.route.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers.clone();
        request
            .extensions_mut()
            .insert(RequestContext::new(self.route, self.options));
        Ok(request)
    }

    /// [`ApiRequest::to_http`], moving the headers and body instead of copying them.
    pub(crate) fn into_http(self, base: &BaseUrl) -> Result<http::Request<Bytes>, Error> {
        let uri = self.uri(base)?;
        let mut request = http::Request::new(self.body.unwrap_or_default());
        *request.method_mut() = self.route.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        request
            .extensions_mut()
            .insert(RequestContext::new(self.route, self.options));
        Ok(request)
    }

    fn uri(&self, base: &BaseUrl) -> Result<http::Uri, Error> {
        let url = self.url(base)?;
        // By value: the URI keeps the string's buffer instead of copying it.
        http::Uri::try_from(url).map_err(|error| {
            let url = self.url(base).unwrap_or_default();
            self.build_error(format!("invalid URL {url}"))
                .with_source(error)
        })
    }

    fn build_error(&self, message: String) -> Error {
        Error::build(message).with_endpoint(self.route.id)
    }
}
