#![doc = include_str!("../README.md")]

pub mod call;
mod client;
pub mod context;
mod error;
pub mod layers;
mod player;
pub mod request;
pub mod response;
pub mod routes;
pub mod token;
pub mod transport;

pub use call::{BytesCall, Call};
pub use client::{Client, ClientBuilder, ClientConfig, Stack};
pub use error::{BoxError, Error, ErrorKind};
pub use layers::{RateLimit, RateLimiter, RetryBudget};
pub use player::{InvalidPlayer, PlayerRef};
pub use request::ApiRequest;
pub use response::ApiResponse;
pub use routes::{BaseUrl, PolicyOverride, RetryPolicy, Route};
pub use token::{SharedTokenSource, StaticTokens, TokenSource, Tokens};
