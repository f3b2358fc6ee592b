//! The small HTTP layer under the chain: a [`Transport`] trait (so tests can fake it) and its
//! hyper implementation (hyper-util's legacy client, TLS through hyper-rustls with `ring` when
//! the `rustls` feature is on; plain `http://` is always allowed, for loopback test servers).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use http::{Method, Request};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::error::{Error, ErrorKind, Step};

/// The largest response body accepted (auth answers are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// The `User-Agent` sent with every request.
const AGENT: &str = concat!("halo-auth/", env!("CARGO_PKG_VERSION"));

/// A request as the chain builds it.
#[derive(Debug)]
pub(crate) struct HttpRequest {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// Extra headers; values of sensitive ones are marked so.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
}

impl HttpRequest {
    pub(crate) fn get(url: String) -> Self {
        Self {
            method: Method::GET,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn post_json(url: String, body: &serde_json::Value) -> Self {
        Self {
            method: Method::POST,
            url,
            headers: Vec::new(),
            body: Some(("application/json", body.to_string().into_bytes())),
        }
    }

    pub(crate) fn post_form(url: String, body: String) -> Self {
        Self {
            method: Method::POST,
            url,
            headers: Vec::new(),
            body: Some(("application/x-www-form-urlencoded", body.into_bytes())),
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str, sensitive: bool) -> Self {
        if let Ok(mut value) = HeaderValue::from_str(value) {
            value.set_sensitive(sensitive);
            self.headers.push((HeaderName::from_static(name), value));
        }
        self
    }

    /// The URL without its query, safe to log.
    pub(crate) fn loggable_url(&self) -> &str {
        self.url.split('?').next().unwrap_or_default()
    }
}

/// A response: the status and the whole body.
#[derive(Debug, Clone)]
pub(crate) struct HttpResponse {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// Why a request got no response.
#[derive(Debug)]
pub(crate) enum TransportError {
    Connect(Box<dyn std::error::Error + Send + Sync>),
    Timeout,
    BadUrl,
    NoTls,
    TooLarge,
}

impl TransportError {
    pub(crate) fn into_error(self, step: Step) -> Error {
        match self {
            Self::Connect(source) => Error::with_source(ErrorKind::Connect { step }, source),
            Self::Timeout => Error::new(ErrorKind::Timeout { step }),
            Self::BadUrl => Error::new(ErrorKind::InvalidConfig {
                reason: "an endpoint URL is not a valid absolute URL",
            }),
            Self::NoTls => Error::new(ErrorKind::InvalidConfig {
                reason: "an https endpoint needs the `rustls` feature of halo-auth",
            }),
            Self::TooLarge => Error::new(ErrorKind::Decode {
                step,
                line: 0,
                column: 0,
            }),
        }
    }
}

/// Boxed future of a transport call.
pub(crate) type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one request and collects the response.
pub(crate) trait Transport: Send + Sync + 'static {
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}

#[cfg(feature = "rustls")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls"))]
type Connector = HttpConnector;

/// The real transport.
#[derive(Clone)]
pub(crate) struct HyperTransport {
    client: Client<Connector, Full<Bytes>>,
    timeout: Duration,
}

impl HyperTransport {
    pub(crate) fn new(timeout: Duration) -> Result<Self, Error> {
        let connector = Self::connector()?;
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self { client, timeout })
    }

    #[cfg(feature = "rustls")]
    fn connector() -> Result<Connector, Error> {
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| {
                Error::with_source(
                    ErrorKind::InvalidConfig {
                        reason: "the TLS configuration could not be built",
                    },
                    e,
                )
            })?;
        Ok(builder.https_or_http().enable_http1().build())
    }

    #[cfg(not(feature = "rustls"))]
    fn connector() -> Result<Connector, Error> {
        Ok(HttpConnector::new())
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let uri: http::Uri = request.url.parse().map_err(|_| TransportError::BadUrl)?;
            if uri.scheme_str() == Some("https") && cfg!(not(feature = "rustls")) {
                return Err(TransportError::NoTls);
            }
            let mut builder = Request::builder()
                .method(request.method)
                .uri(uri)
                .header(ACCEPT, "application/json")
                .header(USER_AGENT, AGENT);
            if let Some((content_type, _)) = &request.body {
                builder = builder.header(CONTENT_TYPE, *content_type);
            }
            for (name, value) in request.headers {
                builder = builder.header(name, value);
            }
            let body = request
                .body
                .map(|(_, b)| Bytes::from(b))
                .unwrap_or_default();
            let req = builder
                .body(Full::new(body))
                .map_err(|_| TransportError::BadUrl)?;
            let exchange = async {
                let response = self
                    .client
                    .request(req)
                    .await
                    .map_err(|e| TransportError::Connect(Box::new(e)))?;
                let status = response.status().as_u16();
                let body = Limited::new(response.into_body(), MAX_BODY)
                    .collect()
                    .await
                    .map_err(|e| {
                        if e.is::<http_body_util::LengthLimitError>() {
                            TransportError::TooLarge
                        } else {
                            TransportError::Connect(e)
                        }
                    })?
                    .to_bytes();
                Ok(HttpResponse { status, body })
            };
            tokio::time::timeout(self.timeout, exchange)
                .await
                .map_err(|_| TransportError::Timeout)?
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_headers_are_marked() {
        let req = HttpRequest::get("http://h/p?q=1".into())
            .header("x-343-authorization-spartan", "tok", true)
            .header("x-xbl-contract-version", "1", false);
        assert!(req.headers[0].1.is_sensitive());
        assert!(!req.headers[1].1.is_sensitive());
        assert_eq!(req.loggable_url(), "http://h/p");
        assert!(!format!("{:?}", req.headers[0].1).contains("tok"));
    }

    #[tokio::test]
    async fn oversized_bodies_are_refused_and_the_agent_is_sent() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut head = vec![0u8; 4096];
            let n = s.read(&mut head).await.unwrap();
            let head = String::from_utf8_lossy(&head[..n]).to_lowercase();
            let size = MAX_BODY + 1;
            let answer = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n");
            s.write_all(answer.as_bytes()).await.unwrap();
            let _ = s.write_all(&vec![b'a'; size]).await;
            head
        });
        let transport = HyperTransport::new(Duration::from_secs(5)).unwrap();
        let err = transport
            .send(HttpRequest::get(format!("http://127.0.0.1:{port}/x")))
            .await
            .unwrap_err();
        assert!(matches!(err, TransportError::TooLarge), "{err:?}");
        let head = server.await.unwrap();
        assert!(head.contains("user-agent: halo-auth/"), "{head}");
    }

    #[tokio::test]
    async fn bad_urls_and_tls_availability() {
        let transport = HyperTransport::new(Duration::from_secs(1)).unwrap();
        let err = transport
            .send(HttpRequest::get("not a url".into()))
            .await
            .unwrap_err();
        assert!(matches!(err, TransportError::BadUrl));
        if cfg!(not(feature = "rustls")) {
            let err = transport
                .send(HttpRequest::get("https://127.0.0.1:9/".into()))
                .await
                .unwrap_err();
            assert!(matches!(err, TransportError::NoTls));
            assert!(matches!(
                err.into_error(Step::Refresh).kind(),
                ErrorKind::InvalidConfig { .. }
            ));
        }
    }
}
