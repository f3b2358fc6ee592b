//! The rate-limit layer: one [`RateLimiter`] shared by every clone of a client (a cheap
//! `Clone` handle over shared state, never locked across `.await`).
//!
//! - Fixed: requests are spaced `1/rate` apart (GCRA, with an optional burst). A turn taken
//!   late by less than one interval (a timer tick, a busy runtime) keeps the schedule, so the
//!   rate is the rate sent; a later one (idle time) starts the schedule again.
//! - Off: no spacing, but a server's 429 + `Retry-After` still pauses everyone.
//! - Adaptive: starts at an initial rate and doubles it every half second the limiter is the
//!   bottleneck (slow start); on a 429 it cuts the rate (to 90%, and to 98% of what the server
//!   accepted since the last change), then creeps up 2% a second while the limiter is the
//!   bottleneck, never past 98% of the lowest rate refused (or, when lower, accepted between
//!   two refusals: a server with a burst refuses only once the burst is spent) in the last two
//!   minutes. Idle stretches are not measured. So it converges to just under the server's
//!   limit with no tuning, and stays there without further refusals.
//!
//! Every mode pauses every clone when a response is a 429 with `Retry-After`.
//!
//! A request waits for its turn no later than its call's deadline (set by the retry layer):
//! a turn that comes after it fails the call at once with
//! [`ErrorKind::DeadlineExceeded`](crate::ErrorKind::DeadlineExceeded). Waits are reported
//! as [`Wait`]s.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use tokio::time::Instant;
use tower_layer::Layer;
use tower_service::Service;

use super::BoxFuture;
use super::wait::{self, Wait, WaitHook, WaitReason};
use crate::context::{self, Deadline};
use crate::routes::Route;
use crate::{Error, ErrorKind};

/// How fast a client may send.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum RateLimit {
    /// No client-side limit (429 + `Retry-After` still pauses every clone).
    Off,
    /// At most `per_second` requests per second, with bursts of up to `burst` requests.
    Fixed {
        /// Requests per second (fractions allowed; not a positive number: no limit).
        per_second: f64,
        /// How many requests may go at once after an idle period (at least 1).
        burst: u32,
    },
    /// Find the server's rate and stay just under it, starting at `initial_per_second`.
    Adaptive {
        /// The first rate tried.
        initial_per_second: f64,
    },
}

impl RateLimit {
    /// The default: 5 requests per second, as SPNKr.
    pub const DEFAULT: RateLimit = RateLimit::Fixed {
        per_second: 5.0,
        burst: 1,
    };

    /// A fixed rate without bursts.
    pub fn per_second(per_second: f64) -> Self {
        Self::Fixed {
            per_second,
            burst: 1,
        }
    }

    /// The adaptive mode, starting at 5 requests per second.
    pub fn adaptive() -> Self {
        Self::Adaptive {
            initial_per_second: 5.0,
        }
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The shared limiter; clones share one state.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    state: Arc<Shared>,
    /// Whether the mode is adaptive (fixed at construction): only then do successes matter.
    adaptive: bool,
    /// Whether the mode is off (fixed at construction).
    unlimited: bool,
}

/// The state every clone shares, behind one `Arc`.
#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    /// Whether a pause may be running: with the mode off and no pause, a request goes without
    /// taking the lock. Set under the lock by [`RateLimiter::pause`], cleared under the lock
    /// when a pause is seen to be over.
    maybe_paused: AtomicBool,
}

#[derive(Debug)]
struct State {
    interval: Option<Duration>,
    burst: u32,
    /// The theoretical arrival time of the next request (GCRA).
    tat: Instant,
    paused_until: Option<Instant>,
    adaptive: Option<Adaptive>,
}

/// The adaptive mode's measurements. Time is cut into epochs: an epoch starts when the rate
/// changes, a pause ends or demand resumes after idle time; the rate grows only after an epoch
/// of a whole step in which the limiter was the bottleneck.
#[derive(Debug)]
struct Adaptive {
    rate: f64,
    slow_start: bool,
    epoch_start: Instant,
    /// The rate of the last epoch that ended without a refusal.
    last_good: f64,
    /// The start of the window over which the server's accepted rate is measured: the last
    /// refusal (its pause included, during which a token-bucket server refills), moved past any
    /// idle stretch since, and the successes since.
    last_refusal: Option<Instant>,
    successes_since_refusal: u64,
    /// When the last success arrived, or the last refusal's pause ended, if later: a gap after
    /// it is idle time (no demand), which says nothing about the server's rate.
    last_activity: Instant,
    /// The lowest rate refused recently, and when.
    ceiling: Option<(f64, Instant)>,
    /// Whether a request waited for the limiter in this epoch (demand exceeds rate).
    saturated: bool,
}

/// How long a slow-start epoch lasts before the rate doubles.
const SLOW_START_STEP: Duration = Duration::from_millis(500);
/// How long a steady epoch lasts before the rate creeps up.
const STEADY_STEP: Duration = Duration::from_secs(1);
/// The shortest epoch whose measured rate is trusted.
const MIN_MEASURE: Duration = Duration::from_millis(250);
/// Fraction of the refused or measured rate the adaptive mode settles at.
const MARGIN: f64 = 0.98;
/// Multiplicative decrease on a refusal.
const DECREASE: f64 = 0.9;
/// Additive increase per steady epoch, as a fraction of the rate.
const INCREASE: f64 = 0.02;
/// The shortest gap between successes taken as idle time (at least four intervals).
const IDLE_GAP: Duration = Duration::from_secs(1);
/// How long a refusal caps the adaptive rate.
const CEILING_MEMORY: Duration = Duration::from_secs(120);
const MIN_RATE: f64 = 0.1;
const MAX_RATE: f64 = 100_000.0;

fn interval_of(rate: f64) -> Option<Duration> {
    (rate.is_finite() && rate > 0.0)
        .then(|| Duration::from_secs_f64(1.0 / rate.clamp(MIN_RATE, MAX_RATE)))
}

impl RateLimiter {
    /// A limiter in `mode`.
    pub fn new(mode: RateLimit) -> Self {
        let now = Instant::now();
        let (interval, burst, adaptive) = match mode {
            RateLimit::Off => (None, 1, None),
            RateLimit::Fixed { per_second, burst } => (interval_of(per_second), burst.max(1), None),
            RateLimit::Adaptive { initial_per_second } => {
                let rate = if initial_per_second.is_finite() && initial_per_second > 0.0 {
                    initial_per_second.clamp(MIN_RATE, MAX_RATE)
                } else {
                    5.0
                };
                let adaptive = Adaptive {
                    rate,
                    slow_start: true,
                    epoch_start: now,
                    last_good: rate,
                    last_refusal: None,
                    successes_since_refusal: 0,
                    last_activity: now,
                    ceiling: None,
                    saturated: false,
                };
                (interval_of(rate), 1, Some(adaptive))
            }
        };
        Self {
            adaptive: adaptive.is_some(),
            unlimited: matches!(mode, RateLimit::Off),
            state: Arc::new(Shared {
                maybe_paused: AtomicBool::new(false),
                state: Mutex::new(State {
                    interval,
                    burst,
                    tat: now,
                    paused_until: None,
                    adaptive,
                }),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The current rate in requests per second (`None`: unlimited).
    pub fn rate(&self) -> Option<f64> {
        self.lock()
            .interval
            .map(|interval| 1.0 / interval.as_secs_f64())
    }

    /// When the current pause ends, if every clone is paused.
    pub fn paused_until(&self) -> Option<Instant> {
        self.lock()
            .paused_until
            .filter(|until| *until > Instant::now())
    }

    /// Pause every clone for `duration` (extends, never shortens, a running pause).
    pub fn pause(&self, duration: Duration) {
        let now = Instant::now();
        let until = now + duration;
        let mut state = self.lock();
        if state.paused_until.is_none_or(|current| current < until) {
            state.paused_until = Some(until);
            state.tat = state.tat.max(until);
            self.state.maybe_paused.store(true, Ordering::Release);
        }
    }

    /// Wait for this request's turn. Waiters re-check when they wake, so a rate change or a
    /// pause applies at once to everyone waiting (no slot is reserved ahead of time).
    pub async fn acquire(&self) {
        while let Some(at) = self.try_acquire() {
            tokio::time::sleep_until(at).await;
        }
    }

    /// Take this request's turn if it has come (`None`), else say when to check again.
    fn try_acquire(&self) -> Option<Instant> {
        if self.unlimited && !self.state.maybe_paused.load(Ordering::Acquire) {
            return None;
        }
        let mut state = self.lock();
        let now = Instant::now();
        let mut wake = None;
        if let Some(until) = state.paused_until {
            if until > now {
                wake = Some(until);
            } else {
                state.paused_until = None;
                self.state.maybe_paused.store(false, Ordering::Release);
            }
        }
        if wake.is_none() {
            if let Some(interval) = state.interval {
                let tolerance = interval * state.burst.saturating_sub(1);
                let earliest = state.tat.checked_sub(tolerance).unwrap_or(state.tat);
                if earliest > now {
                    wake = Some(earliest);
                } else {
                    // A waiter wakes a little after its turn (timer ticks, scheduling): keep
                    // the schedule rather than start it again from now, or every turn loses
                    // that lateness and the limiter sends slower than its rate (18.1 req/s at
                    // a rate of 18.95). A later turn is an idle stretch: start again from now.
                    let late = now.saturating_duration_since(state.tat);
                    state.tat = if late < interval {
                        state.tat + interval
                    } else {
                        now + interval
                    };
                }
            }
        }
        if wake.is_some() {
            if let Some(adaptive) = state.adaptive.as_mut() {
                adaptive.saturated = true;
            }
        }
        wake
    }

    /// Record an answer the server gave: success, or a refusal (429) with its `Retry-After`.
    pub fn record(&self, refused: bool, retry_after: Option<Duration>) {
        if !refused && !self.adaptive {
            return;
        }
        if refused {
            if let Some(after) = retry_after {
                self.pause(after);
            }
        }
        let mut state = self.lock();
        let now = Instant::now();
        let resume = state.paused_until.map_or(now, |until| until.max(now));
        let Some(adaptive) = state.adaptive.as_mut() else {
            return;
        };
        let new_rate = if refused {
            adaptive.on_refusal(now, resume)
        } else {
            adaptive.on_success(now)
        };
        if let Some(rate) = new_rate {
            state.interval = interval_of(rate);
        }
    }
}

impl Adaptive {
    /// On a 429: decrease, never above what the server accepted in this epoch.
    fn on_refusal(&mut self, now: Instant, resume: Instant) -> Option<f64> {
        if now < self.epoch_start {
            // A refusal of requests sent before the current pause: already accounted for.
            return None;
        }
        let mut rate = self.rate * DECREASE;
        // What the server accepted since the last refusal, pause included: a token-bucket
        // server refills during the pause, so this is its sustained rate.
        let mut refused_at = self.rate;
        if let Some(last) = self.last_refusal {
            let elapsed = now.duration_since(last);
            if elapsed >= MIN_MEASURE {
                // The server refused with less than one token left, so it refilled up to one
                // request more than it accepted: count it, or a short window (1.4 s, 27
                // successes) reads 4% under the server's rate and the limiter settles there.
                // Overshooting instead earns a refusal that measures over a longer window.
                let accepted = (self.successes_since_refusal + 1) as f64 / elapsed.as_secs_f64();
                rate = rate.min(accepted * MARGIN);
                // A server with a burst refuses only once the burst is spent, above its
                // sustained rate: the rate it accepted is the better ceiling.
                refused_at = refused_at.min(accepted);
            }
        }
        self.last_refusal = Some(now);
        self.successes_since_refusal = 0;
        self.last_activity = self.last_activity.max(resume);
        if self.slow_start {
            rate = rate.max(self.last_good);
            self.slow_start = false;
        }
        // The lowest rate refused recently is this one: a remembered ceiling caps the rate
        // (see `on_success`), so no refusal comes above it. (At the floor, `MIN_RATE`, the
        // rate may stand above a ceiling measured under it, and a refusal there may find a
        // higher one; either ceiling keeps the rate at the floor, which it cannot leave
        // before the ceiling is forgotten.)
        self.ceiling = Some((refused_at, now));
        self.rate = rate.clamp(MIN_RATE, MAX_RATE);
        self.start_epoch(resume);
        Some(self.rate)
    }

    /// On a success: grow after a whole epoch in which the limiter was the bottleneck.
    fn on_success(&mut self, now: Instant) -> Option<f64> {
        let idle = IDLE_GAP.max(Duration::from_secs_f64(4.0 / self.rate));
        let was_idle = now.checked_duration_since(self.last_activity) > Some(idle);
        self.last_activity = self.last_activity.max(now);
        if was_idle {
            // Nobody sent for a while (or a pause outlasted the server's refill): measure
            // the server from here, and do not credit the epoch that spans the gap.
            self.last_refusal = self.last_refusal.map(|_| now);
            self.successes_since_refusal = 1;
            self.start_epoch(now);
            return None;
        }
        if now < self.epoch_start {
            // Answered during a refusal's pause: sent, and accepted, before the refusal, so
            // not part of what the server accepted since (counting it reads a server with a
            // slow answer as faster than it is).
            return None;
        }
        self.successes_since_refusal += 1;
        let step = if self.slow_start {
            SLOW_START_STEP
        } else {
            STEADY_STEP
        };
        if now.duration_since(self.epoch_start) < step {
            return None;
        }
        if !self.saturated {
            self.start_epoch(now);
            return None;
        }
        self.last_good = self.rate;
        let mut rate = if self.slow_start {
            self.rate * 2.0
        } else {
            self.rate * (1.0 + INCREASE)
        };
        if let Some((ceiling, at)) = self.ceiling {
            if now.duration_since(at) < CEILING_MEMORY {
                rate = rate.min(ceiling * MARGIN).max(self.rate);
            } else {
                self.ceiling = None;
            }
        }
        self.rate = rate.clamp(MIN_RATE, MAX_RATE);
        self.start_epoch(now);
        Some(self.rate)
    }

    fn start_epoch(&mut self, at: Instant) {
        self.epoch_start = at;
        self.saturated = false;
    }
}

/// Sends every request through a shared [`RateLimiter`].
#[derive(Clone, Debug)]
pub struct RateLimitLayer {
    limiter: RateLimiter,
    on_wait: Option<WaitHook>,
}

impl RateLimitLayer {
    /// A layer over `limiter` (clone the limiter to share it between stacks).
    pub fn new(limiter: RateLimiter) -> Self {
        Self {
            limiter,
            on_wait: None,
        }
    }

    /// The same layer telling `hook` about each wait for a turn.
    #[must_use]
    pub fn with_wait_hook(mut self, hook: WaitHook) -> Self {
        self.on_wait = Some(hook);
        self
    }
}

impl<S> Layer<S> for RateLimitLayer {
    type Service = RateLimitService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RateLimitService {
            inner,
            limiter: self.limiter.clone(),
            on_wait: self.on_wait.clone(),
        }
    }
}

/// The service of [`RateLimitLayer`].
#[derive(Clone, Debug)]
pub struct RateLimitService<S> {
    inner: S,
    limiter: RateLimiter,
    on_wait: Option<WaitHook>,
}

impl<S> Service<Request<Bytes>> for RateLimitService<S>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Bytes>;
    type Error = Error;
    type Future = RateLimitFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let limiter = self.limiter.clone();
        if limiter.try_acquire().is_none() {
            // Our turn already: call the service made ready for this call, no clone and no
            // box needed.
            let future = self.inner.call(request);
            return RateLimitFuture {
                state: Phase::Sending { future, limiter },
            };
        }
        // Wait for our turn with the service made ready for this call; keep a clone.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let on_wait = self.on_wait.clone();
        RateLimitFuture {
            state: Phase::Waiting {
                future: Box::pin(async move {
                    wait_turn(&limiter, &request, on_wait.as_ref()).await?;
                    let result = inner.call(request).await;
                    record(&limiter, &result);
                    result
                }),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`RateLimitService`]: unboxed when the request may go at once (the usual
    /// case), boxed when it waits for its turn.
    pub struct RateLimitFuture<F> {
        #[pin]
        state: Phase<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = PhaseProj]
    enum Phase<F> {
        Sending {
            #[pin]
            future: F,
            limiter: RateLimiter,
        },
        Waiting {
            future: BoxFuture<Result<Response<Bytes>, Error>>,
        },
    }
}

impl<F> Future for RateLimitFuture<F>
where
    F: Future<Output = Result<Response<Bytes>, Error>>,
{
    type Output = Result<Response<Bytes>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            PhaseProj::Sending { future, limiter } => {
                let result = std::task::ready!(future.poll(cx));
                record(limiter, &result);
                Poll::Ready(result)
            }
            PhaseProj::Waiting { future } => future.as_mut().poll(cx),
        }
    }
}

/// Wait for this request's turn, reporting the wait, and never past its call's deadline.
async fn wait_turn(
    limiter: &RateLimiter,
    request: &Request<Bytes>,
    on_wait: Option<&WaitHook>,
) -> Result<(), Error> {
    let deadline = context::deadline(request);
    let route = context::endpoint(request);
    // The end of the last wait reported: a waiter that wakes and must wait again is reported
    // again only when its turn moved later by a long wait.
    let mut reported: Option<Instant> = None;
    while let Some(at) = limiter.try_acquire() {
        let now = Instant::now();
        if let Some(deadline) = deadline.filter(|deadline| at > deadline.at) {
            return Err(late(deadline, now, at, route));
        }
        if reported.is_none_or(|until| at > until + Wait::LONG) {
            let reason = if limiter.paused_until().is_some() {
                WaitReason::RetryAfter
            } else {
                WaitReason::RateLimit
            };
            wait::report(on_wait, &Wait::of(route, request.uri(), at - now, reason));
            reported = Some(at);
        }
        tokio::time::sleep_until(at).await;
    }
    Ok(())
}

/// The error of a turn that would come after the call's deadline.
fn late(deadline: Deadline, now: Instant, at: Instant, route: Option<&'static Route>) -> Error {
    let error = Error::new(ErrorKind::DeadlineExceeded {
        deadline: deadline.length,
        elapsed: deadline.elapsed(now),
        wait: Some(at - now),
    });
    match route {
        Some(route) => error.with_endpoint(route.id),
        None => error,
    }
}

fn record(limiter: &RateLimiter, result: &Result<Response<Bytes>, Error>) {
    match result {
        Ok(_) => limiter.record(false, None),
        Err(error) if error.status() == Some(StatusCode::TOO_MANY_REQUESTS) => {
            limiter.record(true, error.retry_after());
        }
        Err(_) => {}
    }
}
