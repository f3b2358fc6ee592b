#![doc = include_str!("../README.md")]

#[cfg(feature = "auth")]
mod auth_provider;
pub mod call;
mod client;
mod connect_reason;
pub mod context;
pub mod endpoints;
mod error;
pub mod layers;
pub mod operations;
mod player;
pub mod request;
mod resolve;
pub mod response;
pub mod routes;
pub mod token;
pub mod transport;

pub use call::{BytesCall, Call};
pub use client::{Client, ClientBuilder, ClientConfig, Stack};
pub use error::{BoxError, ConnectReason, Error, ErrorKind};
pub use layers::{RateLimit, RateLimiter, RetryBudget};
pub use operations::{CustomizationView, Operation, Paged, SearchAssetKind, SearchSort, SortOrder};
pub use player::{InvalidPlayer, PlayerRef};
pub use request::ApiRequest;
pub use response::ApiResponse;
pub use routes::{BaseUrl, PolicyOverride, RetryPolicy, Route};
pub use token::{SharedTokenSource, StaticTokens, TokenSource, Tokens, XboxLiveAuth};
