//! The retry layer: each endpoint's own catalog policy, `Retry-After` honoured but bounded,
//! only idempotent requests retried after they may have reached the server, and a retry budget
//! shared by every clone so an outage does not multiply traffic.
//!
//! Deciding whether to retry ([`decide`]) is separate from how long to wait
//! ([`RetryPolicy::delay_for`], `Retry-After`).
//!
//! A 429 with `Retry-After` is not a failure of the request but the server's schedule: the
//! call waits as asked (up to `max_retry_after` per wait) and sends again without spending one
//! of the policy's retries or the budget. What bounds those waits is the call's deadline
//! (default [`RetryLayer::DEFAULT_DEADLINE`]): a wait that would end after it fails the call at
//! once with [`ErrorKind::DeadlineExceeded`]. Every wait is reported (see
//! [`wait`](super::wait)).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use tower::ServiceExt;
use tower_layer::Layer;
use tower_service::Service;

use tokio::time::Instant;

use super::jitter;
use super::phased::{Next, PhasedFuture};
use super::wait::{self, Wait, WaitHook, WaitReason};
use crate::context::{self, Attempt, Snapshot};
use crate::routes::{PolicyOverride, RetryPolicy, is_idempotent};
use crate::{Error, ErrorKind};

/// A token bucket of retries shared by every clone of a client (after smithy-rs's standard
/// strategy): a retry costs [`RetryBudget::RETRY_COST`] (a retry after a timeout
/// [`RetryBudget::TIMEOUT_COST`]), a first-attempt success refunds one token. When the bucket
/// is empty, failures are returned instead of retried.
#[derive(Clone, Debug)]
pub struct RetryBudget {
    state: Arc<BudgetState>,
}

/// Lock-free: every first-attempt success refunds, so this is touched on every request; a
/// full bucket (the usual case) is only read, never written.
#[derive(Debug)]
struct BudgetState {
    tokens: AtomicU32,
    capacity: u32,
}

impl RetryBudget {
    /// Tokens a retry costs.
    pub const RETRY_COST: u32 = 5;
    /// Tokens a retry after a timeout costs.
    pub const TIMEOUT_COST: u32 = 10;
    /// The default capacity (100 plain retries in a row).
    pub const DEFAULT_CAPACITY: u32 = 500;

    /// A full budget of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            state: Arc::new(BudgetState {
                tokens: AtomicU32::new(capacity),
                capacity,
            }),
        }
    }

    /// A budget that never runs out.
    pub fn unlimited() -> Self {
        Self::new(u32::MAX)
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.state.tokens.load(Ordering::Relaxed)
    }

    fn try_withdraw(&self, cost: u32) -> bool {
        if self.state.capacity == u32::MAX {
            return true;
        }
        self.state
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                tokens.checked_sub(cost)
            })
            .is_ok()
    }

    fn refund(&self, amount: u32) {
        let capacity = self.state.capacity;
        // `Err`: already full, nothing written.
        let _ = self
            .state
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                (tokens < capacity).then(|| tokens.saturating_add(amount).min(capacity))
            });
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

/// Configuration of the retry layer.
#[derive(Clone, Debug)]
struct RetryConfig {
    client_override: PolicyOverride,
    default_policy: RetryPolicy,
    max_retry_after: Duration,
    budget: RetryBudget,
    deadline: Duration,
    on_wait: Option<WaitHook>,
}

/// Retries failed attempts by the endpoint's policy. See the module docs.
#[derive(Clone, Debug)]
pub struct RetryLayer {
    config: Arc<RetryConfig>,
}

impl RetryLayer {
    /// The longest `Retry-After` honoured by default: a longer one is returned as an error.
    pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
    /// How long a call may take by default, waits and retries included.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(300);
    /// Retries after connection-level failures (refused, DNS, connect timeout, attempt
    /// timeout), whatever the policy allows: a dead host fails within the first attempt's
    /// timeout plus this many retries, not the policy's full count.
    pub const MAX_CONNECTION_RETRIES: u32 = 2;

    /// A retry layer with the catalog policies, the default budget and no overrides.
    pub fn new() -> Self {
        Self::with(
            PolicyOverride::default(),
            RetryBudget::default(),
            Self::DEFAULT_MAX_RETRY_AFTER,
        )
    }

    /// A retry layer applying `client_override` over every endpoint's policy, drawing from
    /// `budget`, and honouring `Retry-After` up to `max_retry_after`.
    pub fn with(
        client_override: PolicyOverride,
        budget: RetryBudget,
        max_retry_after: Duration,
    ) -> Self {
        Self {
            config: Arc::new(RetryConfig {
                client_override,
                default_policy: crate::routes::POLICY_LINEARRETRY,
                max_retry_after,
                budget,
                deadline: Self::DEFAULT_DEADLINE,
                on_wait: None,
            }),
        }
    }

    /// The same layer with every call bounded by `deadline` (requests may set their own).
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        Arc::make_mut(&mut self.config).deadline = deadline;
        self
    }

    /// The same layer telling `hook` about each wait before a retry.
    #[must_use]
    pub fn with_wait_hook(mut self, hook: WaitHook) -> Self {
        Arc::make_mut(&mut self.config).on_wait = Some(hook);
        self
    }

    /// The shared budget.
    pub fn budget(&self) -> &RetryBudget {
        &self.config.budget
    }
}

impl Default for RetryLayer {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone> Layer<S> for RetryLayer {
    type Service = RetryService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RetryService {
            spare: Arc::new(Spare {
                config: Arc::clone(&self.config),
                inner: inner.clone(),
            }),
            inner,
        }
    }
}

/// The service of [`RetryLayer`].
#[derive(Clone, Debug)]
pub struct RetryService<S> {
    inner: S,
    spare: Arc<Spare<S>>,
}

/// The configuration and a spare inner service for retries, shared by every clone: a call
/// takes one reference count for its retries, not a clone of the inner service (one count per
/// layer inside), and retries clone the spare only when they happen.
#[derive(Debug)]
struct Spare<S> {
    config: Arc<RetryConfig>,
    inner: S,
}

/// What to do after an attempt.
#[derive(Debug, PartialEq)]
pub(crate) enum Decision {
    /// Return the result.
    Done,
    /// Retry, after the server's delay when it gave one.
    Retry {
        retry_after: Option<Duration>,
        timed_out: bool,
    },
    /// The server asked to come back later (429 with `Retry-After`): wait, then send again
    /// without spending a retry.
    Wait { after: Duration },
}

/// Whether a failed attempt is worth another: 429 always (the server did not process it),
/// 404 when the policy says so, and for idempotent requests connection errors, timeouts,
/// unreadable bodies, 408 and 5xx.
pub(crate) fn decide(error: &Error, idempotent: bool, retry_if_not_found: bool) -> Decision {
    let retry = |retry_after, timed_out| Decision::Retry {
        retry_after,
        timed_out,
    };
    match error.kind() {
        ErrorKind::Status {
            status,
            retry_after,
            ..
        } => {
            if *status == StatusCode::TOO_MANY_REQUESTS {
                match retry_after {
                    Some(after) => Decision::Wait { after: *after },
                    None => retry(None, false),
                }
            } else if *status == StatusCode::NOT_FOUND && retry_if_not_found {
                retry(None, false)
            } else if idempotent
                && (status.is_server_error() || *status == StatusCode::REQUEST_TIMEOUT)
            {
                retry(*retry_after, false)
            } else {
                Decision::Done
            }
        }
        ErrorKind::Timeout { .. } if idempotent => retry(None, true),
        // Nothing was sent before a connection existed, so any request may try again.
        ErrorKind::Connect { reason, .. }
            if reason.is_retryable() && (idempotent || reason.before_connection()) =>
        {
            retry(None, false)
        }
        ErrorKind::Body { .. } if idempotent && error.is_retryable() => retry(None, false),
        _ => Decision::Done,
    }
}

impl<S> Service<Request<Bytes>> for RetryService<S>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Bytes>;
    type Error = Error;
    type Future = RetryFuture<S>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let context = context::of(&request);
        let base = context
            .endpoint
            .map_or(self.spare.config.default_policy, |route| *route.retry);
        let plan = Plan {
            policy: self
                .spare
                .config
                .client_override
                .then(&context.options.retry)
                .apply(&base),
            idempotent: context
                .options
                .idempotent
                .unwrap_or_else(|| is_idempotent(request.method())),
            route: context.endpoint,
            started: Instant::now(),
            deadline: context
                .options
                .deadline
                .unwrap_or(self.spare.config.deadline),
        };
        // The request goes to the first attempt, on the service made ready for this call;
        // later attempts are built from the snapshot and go to a clone.
        let mut request = request;
        context::set_deadline(
            &mut request,
            context::Deadline {
                at: plan.started + plan.deadline,
                length: plan.deadline,
            },
        );
        let snapshot = Snapshot::of(&request);
        let mut first = request;
        context::set_attempt(&mut first, 1, plan.policy.timeout);
        let attempt = self.inner.call(first);
        // The common case (the first attempt succeeds, or fails for good) stays in this
        // unboxed future; retries run in their own boxed future.
        let later = Later {
            spare: Arc::clone(&self.spare),
            snapshot,
            plan,
        };
        PhasedFuture::first(attempt, later, after_first::<S>)
    }
}

/// What a retry needs after a failed first attempt.
pub struct Later<S> {
    spare: Arc<Spare<S>>,
    snapshot: Snapshot,
    plan: Plan,
}

/// The future of [`RetryService`]: the first attempt unboxed, retries in a boxed future.
pub type RetryFuture<S> = PhasedFuture<<S as Service<Request<Bytes>>>::Future, Later<S>>;

/// After the first attempt: a success refunds the budget; a failure goes on to the retries.
fn after_first<S>(later: Later<S>, answer: Result<Response<Bytes>, Error>) -> Next
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let Later {
        spare,
        snapshot,
        plan,
    } = later;
    match answer {
        Ok(response) => {
            spare.config.budget.refund(1);
            Next::Done(Ok(response))
        }
        Err(error) => {
            let inner = spare.inner.clone();
            let config = Arc::clone(&spare.config);
            Next::Later(Box::pin(retry(inner, config, snapshot, plan, error)))
        }
    }
}

/// What the retry layer decided about a request before its first attempt.
struct Plan {
    policy: RetryPolicy,
    idempotent: bool,
    route: Option<&'static crate::routes::Route>,
    /// When the call started.
    started: Instant,
    /// How long the call may take.
    deadline: Duration,
}

/// After a failed first attempt: wait for the server where it asked (not counted), retry
/// while the policy, the budget and the error allow, and never past the call's deadline.
async fn retry<S>(
    mut inner: S,
    config: Arc<RetryConfig>,
    snapshot: Snapshot,
    plan: Plan,
    mut error: Error,
) -> Result<Response<Bytes>, Error>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error>,
{
    let Plan {
        policy,
        idempotent,
        route,
        started,
        deadline,
    } = plan;
    let endpoint = route.map(|route| route.id);
    // Attempts sent, and retries of the policy spent (waits for `Retry-After` are not), of
    // which after connection-level failures.
    let mut attempt: u32 = 1;
    let mut retries: u32 = 0;
    let mut connection_retries: u32 = 0;
    loop {
        error.set_host(snapshot.uri());
        let (wait, reason) = match decide(&error, idempotent, policy.retry_if_not_found) {
            Decision::Done => return Err(with_endpoint(error, endpoint)),
            Decision::Wait { after } => {
                if after > config.max_retry_after {
                    let limited = Error::new(ErrorKind::RateLimited {
                        retry_after: Some(after),
                    })
                    .with_source(error);
                    return Err(with_endpoint(limited, endpoint));
                }
                (after, WaitReason::RetryAfter)
            }
            Decision::Retry {
                retry_after,
                timed_out,
            } => {
                if retries >= policy.max_retries {
                    return Err(exhausted(error, attempt, started, endpoint));
                }
                if connection_level(&error) {
                    if connection_retries >= RetryLayer::MAX_CONNECTION_RETRIES {
                        return Err(exhausted(error, attempt, started, endpoint));
                    }
                    connection_retries += 1;
                }
                if let Some(after) = retry_after.filter(|after| *after > config.max_retry_after) {
                    let limited = Error::new(ErrorKind::RateLimited {
                        retry_after: Some(after),
                    })
                    .with_source(error);
                    return Err(with_endpoint(limited, endpoint));
                }
                let cost = if timed_out {
                    RetryBudget::TIMEOUT_COST
                } else {
                    RetryBudget::RETRY_COST
                };
                if !config.budget.try_withdraw(cost) {
                    tracing::debug!(attempt, "retry budget exhausted");
                    return Err(exhausted(error, attempt, started, endpoint));
                }
                retries += 1;
                match retry_after {
                    Some(after) => (after, WaitReason::RetryAfter),
                    None => (
                        policy.delay_for(retries, jitter::sample()),
                        WaitReason::Backoff,
                    ),
                }
            }
        };
        let elapsed = started.elapsed();
        if elapsed + wait > deadline {
            let late = Error::new(ErrorKind::DeadlineExceeded {
                deadline,
                elapsed,
                wait: Some(wait),
            })
            .with_source(error);
            return Err(with_endpoint(late, endpoint));
        }
        tracing::debug!(attempt, ?wait, error = %error, "retrying");
        let uri = snapshot.uri();
        wait::report(config.on_wait.as_ref(), &Wait::of(route, uri, wait, reason));
        tokio::time::sleep(wait).await;
        attempt += 1;
        let mut this = snapshot.request();
        context::set_attempt(&mut this, attempt, policy.timeout);
        let result = match inner.ready().await {
            Ok(ready) => ready.call(this).await,
            Err(error) => Err(error),
        };
        match result {
            Ok(mut response) => {
                response.extensions_mut().insert(Attempt(attempt));
                return Ok(response);
            }
            Err(again) => error = again,
        }
    }
}

/// Whether an attempt failed with no server answering: a connection that could not be set up,
/// or no answer in time.
fn connection_level(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::Timeout { .. } => true,
        ErrorKind::Connect { reason, .. } => reason.before_connection(),
        _ => false,
    }
}

fn with_endpoint(error: Error, endpoint: Option<&'static str>) -> Error {
    match endpoint {
        Some(id) => error.with_endpoint(id),
        None => error,
    }
}

/// The error of the last attempt, wrapped in [`ErrorKind::RetriesExhausted`] when more than
/// one attempt was made.
fn exhausted(
    error: Error,
    attempts: u32,
    started: Instant,
    endpoint: Option<&'static str>,
) -> Error {
    let error = if attempts > 1 {
        Error::new(ErrorKind::RetriesExhausted {
            attempts,
            elapsed: started.elapsed(),
        })
        .with_source(error)
    } else {
        error
    };
    with_endpoint(error, endpoint)
}
