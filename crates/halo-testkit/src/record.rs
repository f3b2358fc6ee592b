//! The log of every request the server saw, with tokens redacted.

/// Headers whose values are secrets and are recorded as `<redacted>`.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-343-authorization-spartan",
    "cookie",
    "proxy-authorization",
];

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// The service host the request addressed, e.g. `halostats.svc.halowaypoint.com`.
    pub host: String,
    /// The path on that host, e.g. `/hi/matches/{id}/stats`.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// Headers in arrival order, names lower-case, secret values replaced by `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The endpoint id the request was routed to, if any.
    pub endpoint: Option<String>,
}

impl RecordedRequest {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn from_parts(
        method: &http::Method,
        host: &str,
        path: &str,
        query: Option<&str>,
        headers: &http::HeaderMap,
    ) -> Self {
        let headers = headers
            .iter()
            .map(|(name, value)| {
                let name = name.as_str().to_ascii_lowercase();
                let value = if SECRET_HEADERS.contains(&name.as_str()) {
                    "<redacted>".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name, value)
            })
            .collect();
        Self {
            method: method.as_str().to_owned(),
            host: host.to_owned(),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            headers,
            endpoint: None,
        }
    }
}
