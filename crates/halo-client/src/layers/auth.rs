//! The auth layer: the Spartan token on every request whose authority takes it, the clearance
//! on clearance-aware endpoints, both from a [`TokenSource`]. On a 401 it refreshes once and
//! retries once; the refresh is single-flight, so 64 requests refused together cause one
//! refresh, not 64. Xbox Live routes get `Authorization: XBL3.0 x=<uhs>;<token>` from
//! [`TokenSource::xbox_live`](crate::TokenSource::xbox_live) instead (unless the request has
//! its own); a 401 there is returned as is.

use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use tower::ServiceExt;
use tower_layer::Layer;
use tower_service::Service;

use super::headers::{CLEARANCE_HEADER, SPARTAN_HEADER};
use super::phased::{Next, PhasedFuture};
use crate::context::{self, Snapshot};
use crate::routes::AuthMethod;
use crate::token::{SharedTokenSource, Tokens};
use crate::{Error, ErrorKind};

/// Adds tokens from a [`TokenSource`](crate::TokenSource); see the module docs.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    source: SharedTokenSource,
    /// Held while one caller refreshes; the others wait, then reuse its tokens.
    refresh_gate: tokio::sync::Mutex<()>,
}

impl AuthLayer {
    /// A layer taking tokens from `source`.
    pub fn new(source: impl Into<SharedTokenSource>) -> Self {
        Self {
            shared: Arc::new(Shared {
                source: source.into(),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        }
    }
}

impl<S: Clone> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService {
            spare: Arc::new(Spare {
                shared: Arc::clone(&self.shared),
                inner: inner.clone(),
            }),
            inner,
        }
    }
}

/// The token source and a spare inner service for the 401 path, shared by every clone: a
/// call takes one reference count, and the 401 path clones the spare only when it happens.
#[derive(Debug)]
struct Spare<S> {
    shared: Arc<Shared>,
    inner: S,
}

/// The service of [`AuthLayer`].
#[derive(Clone, Debug)]
pub struct AuthService<S> {
    inner: S,
    spare: Arc<Spare<S>>,
}

impl Shared {
    async fn current(&self) -> Result<Tokens, Error> {
        match self.source.0.cached() {
            Some(tokens) => Ok(tokens),
            None => self.source.0.tokens().await.map_err(as_auth),
        }
    }

    /// Tokens other than `rejected`: another caller's fresh tokens, or a refresh of our own.
    async fn replace(&self, rejected: &Tokens) -> Result<Tokens, Error> {
        let _gate = self.refresh_gate.lock().await;
        let current = self.current().await?;
        if current.spartan_header() != rejected.spartan_header() {
            return Ok(current);
        }
        tracing::debug!("Spartan token refused; refreshing");
        self.source.0.refresh(rejected).await.map_err(as_auth)
    }
}

fn as_auth(error: Error) -> Error {
    match error.kind() {
        ErrorKind::Auth { .. } => error,
        _ => Error::auth("the token source failed").with_source(error),
    }
}

/// Which headers a request needs: (Spartan token, clearance).
fn needs(request: &Request<Bytes>) -> (bool, bool) {
    match context::endpoint(request) {
        Some(route) => (route.auth.sends_spartan_token(), route.clearance_aware),
        None => (AuthMethod::SpartanToken.sends_spartan_token(), false),
    }
}

fn apply(request: &mut Request<Bytes>, tokens: &Tokens, clearance: bool) {
    let headers = request.headers_mut();
    headers.insert(SPARTAN_HEADER, tokens.spartan_header().clone());
    if clearance {
        if let Some(value) = tokens.clearance_header() {
            headers.insert(CLEARANCE_HEADER, value.clone());
        }
    }
}

impl<S> Service<Request<Bytes>> for AuthService<S>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Bytes>;
    type Error = Error;
    type Future = AuthFuture<S>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        if is_xbox_live(&request) {
            return self.call_xbox_live(request);
        }
        let (spartan, clearance) = needs(&request);
        if !spartan {
            return PhasedFuture::only(self.inner.call(request));
        }
        if let Some(tokens) = self.spare.shared.source.0.cached() {
            // Tokens at hand: the first attempt starts now, on the service made ready for
            // this call; the future stays small (see the retry layer), and a 401 goes on in
            // its own boxed future with a clone of the service.
            let snapshot = Snapshot::of(&request);
            let mut first = request;
            apply(&mut first, &tokens, clearance);
            let attempt = self.inner.call(first);
            let later = Later {
                spare: Arc::clone(&self.spare),
                snapshot,
                tokens,
                clearance,
            };
            return PhasedFuture::first(attempt, later, after_first::<S>);
        }
        // Tokens to wait for: keep the service made ready for this call, leave a clone.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let shared = Arc::clone(&self.spare.shared);
        let future = Box::pin(async move {
            let tokens = shared.current().await?;
            let snapshot = Snapshot::of(&request);
            let mut first = request;
            apply(&mut first, &tokens, clearance);
            match inner.call(first).await {
                Err(error) if error.status() == Some(StatusCode::UNAUTHORIZED) => {}
                other => return other,
            }
            Box::pin(after_refusal(inner, shared, snapshot, tokens, clearance)).await
        });
        PhasedFuture::boxed(future)
    }
}

/// Whether the request goes to an Xbox Live route without an `Authorization` of its own.
fn is_xbox_live(request: &Request<Bytes>) -> bool {
    context::endpoint(request).is_some_and(|route| route.auth == AuthMethod::XboxLive)
        && !request.headers().contains_key(http::header::AUTHORIZATION)
}

impl<S> AuthService<S>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    /// An Xbox Live request: the XBL3.0 authorization awaited from the source, then the call
    /// on the service made ready for it.
    fn call_xbox_live(&mut self, mut request: Request<Bytes>) -> AuthFuture<S> {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let shared = Arc::clone(&self.spare.shared);
        let future = Box::pin(async move {
            let auth = shared.source.0.xbox_live().await.map_err(as_auth)?;
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, auth.header().clone());
            inner.call(request).await
        });
        PhasedFuture::boxed(future)
    }
}

/// What the 401 path needs after a refused first attempt.
pub struct Later<S> {
    spare: Arc<Spare<S>>,
    snapshot: Snapshot,
    tokens: Tokens,
    clearance: bool,
}

/// The future of [`AuthService`]: the attempt unboxed when no token is needed or the tokens
/// are at hand (the usual case); boxed while waiting for tokens and after a 401.
pub type AuthFuture<S> = PhasedFuture<<S as Service<Request<Bytes>>>::Future, Later<S>>;

/// After the first attempt: a 401 goes on to a refresh and one more try.
fn after_first<S>(later: Later<S>, answer: Result<Response<Bytes>, Error>) -> Next
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    match answer {
        Err(error) if error.status() == Some(StatusCode::UNAUTHORIZED) => {
            let Later {
                spare,
                snapshot,
                tokens,
                clearance,
            } = later;
            let inner = spare.inner.clone();
            let shared = Arc::clone(&spare.shared);
            Next::Later(Box::pin(after_refusal(
                inner, shared, snapshot, tokens, clearance,
            )))
        }
        other => Next::Done(other),
    }
}

/// After a 401: fresh tokens (another caller's, or a refresh of our own), and one more try.
async fn after_refusal<S>(
    mut inner: S,
    shared: Arc<Shared>,
    snapshot: Snapshot,
    refused: Tokens,
    clearance: bool,
) -> Result<Response<Bytes>, Error>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error>,
{
    let fresh = shared.replace(&refused).await?;
    let mut second = snapshot.request();
    apply(&mut second, &fresh, clearance);
    match inner.ready().await?.call(second).await {
        Err(again) if again.status() == Some(StatusCode::UNAUTHORIZED) => Err(Error::auth(
            "the server refused the Spartan token again after a refresh",
        )
        .with_source(again)),
        other => other,
    }
}
