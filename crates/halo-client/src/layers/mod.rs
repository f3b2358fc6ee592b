//! The tower layers of the request stack, outermost first: [`RetryLayer`],
//! [`RateLimitLayer`], [`TimeoutLayer`], [`AuthLayer`], [`HeadersLayer`], [`BodyLayer`],
//! [`TraceLayer`]. Each works on `http::Request<Bytes>` and reads what it needs about the
//! endpoint from the request's extensions (see [`crate::context`]), so users can reuse them or
//! reorder them around their own services.

mod auth;
mod body;
mod headers;
mod jitter;
mod phased;
mod rate_limit;
mod retry;
mod retry_after;
mod timeout;
mod trace;
pub mod wait;

pub use auth::{AuthFuture, AuthLayer, AuthService};
pub use body::{BodyFuture, BodyLayer, BodyService};
pub use headers::{HeadersLayer, HeadersService};
pub use phased::PhasedFuture;
pub use rate_limit::{RateLimit, RateLimitFuture, RateLimitLayer, RateLimitService, RateLimiter};
pub use retry::{RetryBudget, RetryFuture, RetryLayer, RetryService};
pub use retry_after::parse_retry_after;
pub use timeout::{TimeoutFuture, TimeoutLayer, TimeoutService};
pub use trace::{TraceLayer, TraceService};
pub use wait::{Wait, WaitHook, WaitReason};

use std::future::Future;
use std::pin::Pin;

/// The boxed future every layer's service returns.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
