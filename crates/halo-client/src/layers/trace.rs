//! The tracing layer: one span per attempt (`halo.attempt`: endpoint id, attempt, method,
//! host, then status and duration). Headers are never recorded, so tokens cannot leak; the
//! URL path is recorded without its query.

use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::future::Either;
use http::{Request, Response};
use tokio::time::Instant;
use tower_layer::Layer;
use tower_service::Service;
use tracing::Instrument;

use super::BoxFuture;
use crate::Error;
use crate::context::{self, endpoint_id};

/// Wraps each attempt in a `halo.attempt` span.
#[derive(Clone, Copy, Debug, Default)]
pub struct TraceLayer;

impl<S> Layer<S> for TraceLayer {
    type Service = TraceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TraceService { inner }
    }
}

/// The service of [`TraceLayer`].
#[derive(Clone, Debug)]
pub struct TraceService<S> {
    inner: S,
}

impl<S, B> Service<Request<Bytes>> for TraceService<S>
where
    S: Service<Request<Bytes>, Response = Response<B>, Error = Error> + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<B>;
    type Error = Error;
    /// The inner future itself when no subscriber listens (no allocation), else a boxed,
    /// instrumented one.
    type Future = Either<S::Future, BoxFuture<Result<Response<B>, Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        // Fields are evaluated only when the span is enabled.
        let span = tracing::debug_span!(
            "halo.attempt",
            endpoint = endpoint_id(&request).unwrap_or("-"),
            attempt = context::attempt(&request),
            method = %request.method(),
            path = request.uri().path(),
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        if span.is_disabled() {
            // Nobody listens: no clock reads, no records.
            return Either::Left(self.inner.call(request));
        }
        let started = Instant::now();
        let future = {
            let _entered = span.enter();
            self.inner.call(request)
        };
        let recorder = span.clone();
        Either::Right(Box::pin(
            async move {
                let result = future.await;
                let span = recorder;
                span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
                match &result {
                    Ok(response) => {
                        span.record("status", response.status().as_u16());
                    }
                    Err(error) => {
                        if let Some(status) = error.status() {
                            span.record("status", status.as_u16());
                        }
                        span.record("error", tracing::field::display(error));
                    }
                }
                result
            }
            .instrument(span),
        ))
    }
}
