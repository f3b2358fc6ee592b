//! The per-attempt timeout layer: the attempt's timeout (set by the retry layer from the
//! endpoint's policy, in the [`RequestContext`](crate::context::RequestContext)), else the
//! layer's default. Covers the
//! whole attempt, body included when the body layer is inside it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::context;
use crate::{Error, ErrorKind};

/// Fails an attempt that takes too long with [`ErrorKind::Timeout`].
#[derive(Clone, Copy, Debug)]
pub struct TimeoutLayer {
    default: Duration,
}

impl TimeoutLayer {
    /// A layer whose timeout, for requests whose context sets none, is `default`.
    pub fn new(default: Duration) -> Self {
        Self { default }
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = TimeoutService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TimeoutService {
            inner,
            default: self.default,
        }
    }
}

/// The service of [`TimeoutLayer`].
#[derive(Clone, Debug)]
pub struct TimeoutService<S> {
    inner: S,
    default: Duration,
}

impl<S, B> Service<Request<Bytes>> for TimeoutService<S>
where
    S: Service<Request<Bytes>, Response = Response<B>, Error = Error> + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<B>;
    type Error = Error;
    type Future = TimeoutFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let after = context::attempt_timeout(&request).unwrap_or(self.default);
        TimeoutFuture {
            inner: tokio::time::timeout(after, self.inner.call(request)),
            after,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`TimeoutService`]: the inner future under a deadline, unboxed.
    pub struct TimeoutFuture<F> {
        #[pin]
        inner: tokio::time::Timeout<F>,
        after: Duration,
    }
}

impl<F, T> Future for TimeoutFuture<F>
where
    F: Future<Output = Result<T, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.inner.poll(cx) {
            Poll::Ready(Ok(result)) => Poll::Ready(result),
            Poll::Ready(Err(_)) => {
                Poll::Ready(Err(Error::new(ErrorKind::Timeout {
                    after: *this.after,
                    // Named by the retry layer, which keeps the request's URI.
                    host: String::new(),
                })))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
