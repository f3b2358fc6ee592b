//! The innermost service: hyper-util's pooled legacy client (HTTP/1.1 and HTTP/2), over
//! hyper-rustls with the ring provider when the `rustls` feature is on, plain HTTP otherwise.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body::{Body, Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::client::legacy::{Client as HyperClient, ResponseFuture};
use hyper_util::rt::TokioExecutor;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_service::Service;

use crate::error::BoxError;
use crate::layers::BoxFuture;
use crate::{ConnectReason, Error, ErrorKind};

/// The body of a transport response: any `http_body::Body` of `Bytes`, boxed.
pub type ResponseBody = UnsyncBoxBody<Bytes, BoxError>;

/// A transport: the service the layers wrap. Any `tower::Service` with these types can replace
/// the hyper one (an in-process fake, a proxy, a recorder).
pub type Transport = BoxCloneSyncService<Request<Bytes>, Response<ResponseBody>, Error>;

/// How the hyper transport connects.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct TransportConfig {
    /// TCP connect timeout.
    pub connect_timeout: Duration,
    /// How long an idle pooled connection is kept.
    pub pool_idle_timeout: Duration,
    /// Idle connections kept per host.
    pub pool_max_idle_per_host: usize,
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            pool_idle_timeout: Duration::from_secs(90),
            pool_max_idle_per_host: 32,
        }
    }
}

/// The hyper transport: HTTPS (and HTTP) with rustls when the `rustls` feature is on, plain
/// HTTP only otherwise.
pub fn hyper_transport(config: TransportConfig) -> Result<Transport, Error> {
    Ok(BoxCloneSyncService::new(
        Innermost::hyper(config)?.map_response(boxed_body),
    ))
}

/// The shared hyper client: the connector type erased behind one `Arc`.
fn hyper_client(config: TransportConfig) -> Result<Arc<dyn SendRequest>, Error> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(config.connect_timeout));
    http.set_nodelay(true);
    http.enforce_http(false);
    #[cfg(feature = "rustls")]
    {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|error| Error::build("cannot set up TLS").with_source(error))?
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        Ok(Arc::new(pooled(config).build(connector)))
    }
    #[cfg(not(feature = "rustls"))]
    {
        Ok(Arc::new(pooled(config).build(http)))
    }
}

fn pooled(config: TransportConfig) -> hyper_util::client::legacy::Builder {
    let mut builder = HyperClient::builder(TokioExecutor::new());
    builder
        .pool_idle_timeout(config.pool_idle_timeout)
        .pool_max_idle_per_host(config.pool_max_idle_per_host)
        .pool_timer(hyper_util::rt::TokioTimer::new());
    builder
}

/// A transport over any hyper-util client (your own connector, proxy or TLS set-up).
pub fn from_hyper<C>(client: HyperClient<C, Full<Bytes>>) -> Transport
where
    C: Connect + Clone + Send + Sync + 'static,
{
    BoxCloneSyncService::new(Innermost::Hyper(Arc::new(client)).map_response(boxed_body))
}

/// A hyper-util client with its connector type erased.
pub(crate) trait SendRequest: Send + Sync + 'static {
    fn send(&self, request: Request<Bytes>) -> ResponseFuture;
}

impl<C> SendRequest for HyperClient<C, Full<Bytes>>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    fn send(&self, request: Request<Bytes>) -> ResponseFuture {
        self.request(request.map(Full::new))
    }
}

/// The innermost service of a client's stack. The layers clone their inner service on every
/// call, so the built-in hyper client is shared behind one `Arc` (a clone is one reference
/// count, not a box and the client's own handles); a user's [`Transport`] is kept as given.
/// Responses of the hyper client keep hyper's body and future types (no box per request).
#[derive(Clone)]
pub(crate) enum Innermost {
    /// The built-in (or [`from_hyper`]) hyper client.
    Hyper(Arc<dyn SendRequest>),
    /// A user's transport.
    Custom(Transport),
}

impl Innermost {
    /// The built-in hyper transport.
    pub(crate) fn hyper(config: TransportConfig) -> Result<Self, Error> {
        hyper_client(config).map(Self::Hyper)
    }
}

impl Service<Request<Bytes>> for Innermost {
    type Response = Response<InnermostBody>;
    type Error = Error;
    type Future = InnermostFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match self {
            Self::Hyper(_) => Poll::Ready(Ok(())),
            Self::Custom(transport) => transport.poll_ready(cx),
        }
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        match self {
            Self::Hyper(client) => {
                let scheme = request.uri().scheme_str();
                if scheme != Some("https") && scheme != Some("http") {
                    return InnermostFuture::Failed(Some(unsupported_scheme(request.uri())));
                }
                let mut request = request;
                crate::context::strip(request.extensions_mut());
                InnermostFuture::Hyper(client.send(request))
            }
            Self::Custom(transport) => InnermostFuture::Custom(transport.call(request)),
        }
    }
}

/// The error for a URL the hyper transport cannot speak (`ftp://...`), before any I/O.
fn unsupported_scheme(uri: &http::Uri) -> Error {
    Error::new(ErrorKind::Connect {
        reason: ConnectReason::UnsupportedScheme,
        host: format!(
            "{}://{}",
            uri.scheme_str().unwrap_or(""),
            uri.authority().map_or("", |a| a.as_str())
        ),
    })
}

/// The future of [`Innermost`].
pub(crate) enum InnermostFuture {
    Hyper(ResponseFuture),
    Custom(BoxFuture<Result<Response<ResponseBody>, Error>>),
    /// Refused before sending.
    Failed(Option<Error>),
}

impl Future for InnermostFuture {
    type Output = Result<Response<InnermostBody>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Self::Hyper(future) => Pin::new(future).poll(cx).map(|result| match result {
                Ok(response) => Ok(response.map(InnermostBody::Hyper)),
                Err(error) => {
                    let reason = crate::connect_reason::classify(&error, error.is_connect());
                    Err(Error::connect(reason).with_source(error))
                }
            }),
            Self::Failed(error) => Poll::Ready(Err(error
                .take()
                .unwrap_or_else(|| Error::connect(ConnectReason::Other)))),
            Self::Custom(future) => future
                .as_mut()
                .poll(cx)
                .map(|result| result.map(|response| response.map(InnermostBody::Custom))),
        }
    }
}

/// The body of an [`Innermost`] response: hyper's own, or a user transport's.
pub(crate) enum InnermostBody {
    Hyper(Incoming),
    Custom(ResponseBody),
}

impl Body for InnermostBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            Self::Hyper(body) => Pin::new(body)
                .poll_frame(cx)
                .map(|frame| frame.map(|frame| frame.map_err(BoxError::from))),
            Self::Custom(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Hyper(body) => body.is_end_stream(),
            Self::Custom(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Hyper(body) => body.size_hint(),
            Self::Custom(body) => body.size_hint(),
        }
    }
}

/// A response of [`Innermost`] as a [`Transport`]'s.
fn boxed_body(response: Response<InnermostBody>) -> Response<ResponseBody> {
    response.map(|body| match body {
        InnermostBody::Custom(body) => body,
        hyper => hyper.boxed_unsync(),
    })
}
