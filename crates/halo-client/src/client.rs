//! [`Client`]: the cheap-to-clone handle over one type-erased tower stack, and its typed
//! builder.
//!
//! A call does not clone the stack: the client keeps one copy of it per thread that sends
//! (`thread_local`'s `ThreadLocal`, made on that thread's first call, freed with the client),
//! asks that copy for readiness and calls it at once, and falls back to a clone awaiting
//! readiness only when the copy is not ready (a custom transport that makes callers wait).
//! This is kept because the overhead figure needs it: a clone and its drop write each of the
//! stack's shared reference counts from every core on every call. Measured on 2026-12-05
//! (client overhead against a bare hyper-util client, typed call, same machine and load):
//! 0.957 with the copies, 0.863 without them, past the 0.02 a simplification may cost.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use thread_local::ThreadLocal;
use tokio::time::Instant;
use tower::ServiceBuilder;
use tower::ServiceExt;
use tower::util::{BoxCloneSyncService, Either};
use tower_service::Service;
use tracing::Instrument;
use typed_builder::TypedBuilder;

use crate::context::Attempt;
use crate::layers::{
    AuthLayer, AuthService, BodyLayer, BodyService, BoxFuture, HeadersLayer, HeadersService,
    RateLimit, RateLimitLayer, RateLimitService, RateLimiter, RetryBudget, RetryLayer,
    RetryService, TimeoutLayer, TimeoutService, TraceLayer, TraceService, WaitHook,
};
use crate::request::ApiRequest;
use crate::response::ApiResponse;
use crate::routes::{BaseUrl, PolicyOverride, Route};
use crate::token::SharedTokenSource;
use crate::transport::{Innermost, Transport, TransportConfig};
use crate::{Error, ErrorKind};

/// The whole stack as one service.
pub type Stack = BoxCloneSyncService<Request<Bytes>, Response<Bytes>, Error>;

/// Everything a [`Client`] is built from; use [`Client::builder`].
#[derive(TypedBuilder)]
#[builder(
    build_method(vis = "pub", into = Result<Client, Error>),
    builder_method(vis = "pub(crate)"),
    builder_type(vis = "pub", name = ClientBuilder, doc = "Builds a [`Client`]; every setting has a default.")
)]
pub struct ClientConfig {
    /// Where hosts are reached (production by default; `BaseUrl::with_root` for the testkit).
    #[builder(
        default,
        setter(into, doc = "Where hosts are reached (default: production HTTPS).")
    )]
    base_url: BaseUrl,
    /// The client-side rate limit (default 5 requests per second).
    #[builder(
        default,
        setter(
            doc = "The rate limit: `RateLimit::per_second(n)`, `RateLimit::Off`, `RateLimit::adaptive()`."
        )
    )]
    rate_limit: RateLimit,
    /// A limiter to share with other clients (overrides `rate_limit`).
    #[builder(
        default,
        setter(
            strip_option,
            doc = "Share an existing limiter (overrides `rate_limit`)."
        )
    )]
    limiter: Option<RateLimiter>,
    /// Changes to every endpoint's catalog retry policy.
    #[builder(default, setter(doc = "Change every endpoint's catalog retry policy."))]
    retry: PolicyOverride,
    /// The retry budget shared by the clones.
    #[builder(
        default,
        setter(doc = "The retry budget (default: 500 tokens, 5 per retry).")
    )]
    retry_budget: RetryBudget,
    /// The longest `Retry-After` waited for.
    #[builder(default = RetryLayer::DEFAULT_MAX_RETRY_AFTER, setter(doc = "The longest `Retry-After` honoured (default 60 s); longer ones are returned as errors."))]
    max_retry_after: Duration,
    /// How long a call may take, waits and retries included.
    #[builder(default = RetryLayer::DEFAULT_DEADLINE, setter(doc = "How long a call may take, waits for `Retry-After` and the rate limit and every retry included (default 300 s); past it the call fails with `ErrorKind::DeadlineExceeded`. Requests may set their own."))]
    deadline: Duration,
    /// Told about each wait.
    #[builder(
        default,
        setter(
            strip_option,
            doc = "A function told about each wait (a server's `Retry-After`, the rate limit, a retry's delay) before the call sleeps: `WaitHook::new(|wait| ..)`. Waits are also tracing events of the target `halo_client::wait`."
        )
    )]
    on_wait: Option<WaitHook>,
    /// Attempt timeout of requests without a route.
    #[builder(default = Duration::from_secs(10), setter(doc = "Attempt timeout of requests without a route (routes use their policy's)."))]
    default_timeout: Duration,
    /// The User-Agent.
    #[builder(
        default,
        setter(
            strip_option,
            into,
            doc = "The User-Agent (default `halo-client/<version>`)."
        )
    )]
    user_agent: Option<String>,
    /// The response size cap.
    #[builder(default = BodyLayer::DEFAULT_MAX_BYTES, setter(doc = "The largest response body accepted, decoded (default 64 MiB)."))]
    max_response_bytes: usize,
    /// Where tokens come from.
    #[builder(
        default,
        setter(
            strip_option,
            into,
            doc = "Where tokens come from: a halo-auth `TokenProvider`, `StaticTokens`, or any `TokenSource`."
        )
    )]
    tokens: Option<SharedTokenSource>,
    /// The innermost service.
    #[builder(
        default,
        setter(
            strip_option,
            doc = "Replace the hyper transport with any service (a fake, a proxy)."
        )
    )]
    transport: Option<Transport>,
    /// How the hyper transport connects.
    #[builder(
        default,
        setter(doc = "Connect timeout and pool settings of the hyper transport.")
    )]
    transport_config: TransportConfig,
    /// The default `Accept-Language`.
    #[builder(
        default,
        setter(
            strip_option,
            into,
            doc = "A default `Accept-Language` for every request."
        )
    )]
    accept_language: Option<String>,
}

impl From<ClientConfig> for Result<Client, Error> {
    fn from(config: ClientConfig) -> Self {
        Client::from_config(config)
    }
}

/// The Halo client. `Clone + Send + Sync`; clones are cheap and share the connection pool,
/// the rate limiter, the retry budget and the token source.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// The stack's concrete type: `execute` calls it without boxing it (and its future) again;
/// [`Client::stack`] boxes it for users.
type Layered = RetryService<RateLimitService<TimeoutService<Either<AuthService<Tail>, Tail>>>>;
type Tail = HeadersService<BodyService<TraceService<Innermost>>>;

struct Inner {
    stack: Layered,
    /// A copy of `stack` for each thread that sends requests, made on its first request and
    /// freed with the client. A call runs on its thread's copy instead of a clone of the
    /// stack: a clone and its drop write each of the stack's shared reference counts (four),
    /// from every core at once, and those contended writes cost more than all the layers' own
    /// work (see `Client::start`).
    per_thread: ThreadLocal<RefCell<Layered>>,
    base_url: BaseUrl,
    limiter: RateLimiter,
    budget: RetryBudget,
    accept_language: Option<String>,
    /// Gamertags resolved to XUIDs ([`Client::resolve`]).
    players: crate::resolve::PlayerCache,
    /// Whether the token source can authorize Xbox Live requests.
    xbox_live: bool,
}

const _: () = {
    const fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}
    assert_clone_send_sync::<Client>();
    assert_clone_send_sync::<ApiRequest>();
    const fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Error>();
};

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("limiter", &self.inner.limiter)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientConfig::builder()
    }

    fn from_config(config: ClientConfig) -> Result<Self, Error> {
        let transport = match config.transport {
            Some(transport) => Innermost::Custom(transport),
            None => Innermost::hyper(config.transport_config)?,
        };
        let limiter = config
            .limiter
            .unwrap_or_else(|| RateLimiter::new(config.rate_limit));
        let headers = config
            .user_agent
            .as_deref()
            .map_or_else(HeadersLayer::default, HeadersLayer::new);
        let mut retry = RetryLayer::with(
            config.retry,
            config.retry_budget.clone(),
            config.max_retry_after,
        )
        .with_deadline(config.deadline);
        let mut rate_limit = RateLimitLayer::new(limiter.clone());
        if let Some(hook) = config.on_wait {
            retry = retry.with_wait_hook(hook.clone());
            rate_limit = rate_limit.with_wait_hook(hook);
        }
        let xbox_live = config
            .tokens
            .as_ref()
            .is_some_and(|tokens| tokens.0.has_xbox_live());
        let stack = ServiceBuilder::new()
            .layer(retry)
            .layer(rate_limit)
            .layer(TimeoutLayer::new(config.default_timeout))
            .option_layer(config.tokens.map(AuthLayer::new))
            .layer(headers)
            .layer(BodyLayer::new(config.max_response_bytes))
            .layer(TraceLayer)
            .service(transport);
        Ok(Self {
            inner: Arc::new(Inner {
                stack,
                per_thread: ThreadLocal::new(),
                base_url: config.base_url,
                limiter,
                budget: config.retry_budget,
                accept_language: config.accept_language,
                players: crate::resolve::PlayerCache::default(),
                xbox_live,
            }),
        })
    }

    /// The base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// The shared rate limiter (to watch its rate, pause it, or share it with another client).
    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Whether the token source can authorize Xbox Live requests.
    pub fn has_xbox_live(&self) -> bool {
        self.inner.xbox_live
    }

    /// The gamertags this client resolved.
    pub(crate) fn players(&self) -> &crate::resolve::PlayerCache {
        &self.inner.players
    }

    /// The shared retry budget.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.budget
    }

    /// The whole stack as a `tower::Service`, to compose further.
    pub fn stack(&self) -> Stack {
        BoxCloneSyncService::new(self.inner.stack.clone())
    }

    /// A request for `route`, to fill in and execute (`.await` or `.send()`).
    pub fn request(&self, route: &'static Route) -> crate::call::Call<serde_json::Value> {
        crate::call::Call::new(self.clone(), ApiRequest::new(route))
    }

    /// A request for the endpoint `id` (any id of the route table); an unknown id fails at
    /// execution.
    pub fn endpoint(&self, id: &str) -> Result<crate::call::Call<serde_json::Value>, Error> {
        Route::by_id(id)
            .map(|route| self.request(route))
            .ok_or_else(|| Error::build(format!("unknown endpoint `{id}`")))
    }

    /// The stack's future for `request`, started on this thread's copy of the stack when that
    /// copy is ready at once (always, unless a custom transport makes it wait), else on a
    /// clone that waits for readiness. Boxed, so that the call's future stays small to move.
    fn start(&self, request: Request<Bytes>) -> BoxFuture<Result<Response<Bytes>, Error>> {
        let copy = self
            .inner
            .per_thread
            .get_or(|| RefCell::new(self.inner.stack.clone()));
        // Busy only if a transport sends through this same client from inside its own call.
        if let Ok(mut stack) = copy.try_borrow_mut() {
            // Readiness is asked and the call made at once, as `tower::Service` requires; a
            // copy that is not ready keeps no waker worth waking (this call goes on elsewhere).
            match stack.poll_ready(&mut Context::from_waker(Waker::noop())) {
                Poll::Ready(Ok(())) => return Box::pin(stack.call(request)),
                Poll::Ready(Err(error)) => return Box::pin(std::future::ready(Err(error))),
                Poll::Pending => {}
            }
        }
        Box::pin(self.inner.stack.clone().oneshot(request))
    }

    /// Send a request through the stack: one `halo.call` span (endpoint, attempts, status,
    /// duration) around the attempts.
    ///
    /// The request is prepared when this is called; the returned future owns everything it
    /// needs (it does not borrow the client) and holds the stack's own future behind one box,
    /// so that it and every future awaiting it stay small and cheap to move.
    pub fn execute(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<ApiResponse, Error>> + Send + 'static + use<> {
        let route = request.route();
        let mut request = request;
        if let Some(language) = &self.inner.accept_language {
            if !request
                .headers()
                .contains_key(http::header::ACCEPT_LANGUAGE)
            {
                request = request.accept_language(language);
            }
        }
        let attempts = request
            .into_http(&self.inner.base_url)
            .map(|http_request| self.start(http_request));
        let span = tracing::info_span!(
            "halo.call",
            endpoint = route.id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // With nobody listening, no clock reads and no records.
        let recorder = (!span.is_disabled()).then(|| (span.clone(), Instant::now()));
        async move {
            let result = attempts?.await;
            let span = match recorder {
                Some((span, started)) => {
                    span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
                    span
                }
                None => tracing::Span::none(),
            };
            match result {
                Ok(response) => {
                    let attempts = response.extensions().get::<Attempt>().map_or(1, |a| a.0);
                    span.record("attempts", attempts);
                    span.record("status", response.status().as_u16());
                    let (parts, body) = response.into_parts();
                    Ok(ApiResponse {
                        endpoint: route.id,
                        status: parts.status,
                        headers: parts.headers,
                        body,
                        attempts,
                    })
                }
                Err(error) => {
                    if let ErrorKind::RetriesExhausted { attempts, .. } = error.kind() {
                        span.record("attempts", *attempts);
                    }
                    if let Some(status) = error.status() {
                        span.record("status", status.as_u16());
                    }
                    tracing::debug!(error = %error, "call failed");
                    Err(error.with_endpoint(route.id))
                }
            }
        }
        .instrument(span)
    }
}
