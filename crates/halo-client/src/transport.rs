//! The innermost service: hyper-util's pooled legacy client (HTTP/1.1 and HTTP/2), over
//! hyper-rustls with the ring provider when the `rustls` feature is on, plain HTTP otherwise.

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::rt::TokioExecutor;
use tower::util::BoxCloneSyncService;
use tower_service::Service;

use crate::error::BoxError;
use crate::layers::BoxFuture;
use crate::{Error, ErrorKind};

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
    Ok(BoxCloneSyncService::new(Innermost::hyper(config)?))
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
    BoxCloneSyncService::new(Innermost::Hyper(Arc::new(client)))
}

/// A hyper-util client with its connector type erased.
pub(crate) trait SendRequest: Send + Sync + 'static {
    fn send(&self, request: Request<Bytes>) -> BoxFuture<Result<Response<ResponseBody>, Error>>;
}

impl<C> SendRequest for HyperClient<C, Full<Bytes>>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    fn send(&self, request: Request<Bytes>) -> BoxFuture<Result<Response<ResponseBody>, Error>> {
        let future = self.request(request.map(Full::new));
        Box::pin(async move {
            match future.await {
                Ok(response) => {
                    Ok(response.map(|body| body.map_err(BoxError::from).boxed_unsync()))
                }
                Err(error) => Err(Error::new(ErrorKind::Connect).with_source(error)),
            }
        })
    }
}

/// The innermost service of a client's stack. The layers clone their inner service on every
/// call, so the built-in hyper client is shared behind one `Arc` (a clone is one reference
/// count, not a box and the client's own handles); a user's [`Transport`] is kept as given.
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
    type Response = Response<ResponseBody>;
    type Error = Error;
    type Future = BoxFuture<Result<Response<ResponseBody>, Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match self {
            Self::Hyper(_) => Poll::Ready(Ok(())),
            Self::Custom(transport) => transport.poll_ready(cx),
        }
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        match self {
            Self::Hyper(client) => client.send(request),
            Self::Custom(transport) => transport.call(request),
        }
    }
}
