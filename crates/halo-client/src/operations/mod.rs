//! One typed operation per HTTPS route and method of the service, generated from both endpoint
//! catalogs and `endpoints-extra.json` by `cargo xtask codegen` (`generated/`, one module per
//! service), in the style of twilight-http's request structs and smithy-rs's operations.
//!
//! An operation is a plain value: its path parameters are its constructor's arguments, its query
//! parameters are setters, each typed (`MatchId`, `AssetId`, `Xuid`, [`PlayerRef`](crate::PlayerRef),
//! enums where the values are known). Its answer's type is fixed at compile time
//! ([`Operation::Output`]): the generated model of halo-models where the endpoint has captures,
//! the body's bytes for files and images, raw JSON otherwise. No string names an endpoint:
//!
//! ```no_run
//! # async fn demo(client: halo_client::Client) -> Result<(), halo_client::Error> {
//! use halo_client::operations::stats::GetMatchStats;
//! let id = "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5".parse().expect("a match id");
//! let stats: halo_models::MatchStats = client.call(GetMatchStats::new(id)).await?;
//! # Ok(()) }
//! ```
//!
//! The service-grouped builders of [`crate::endpoints`] are a thin ergonomic layer over these;
//! [`Client::endpoint`](crate::Client::endpoint) still finds a route by id for dynamic use.
//! Message-queue (AMQP) entries of the catalogs have no operation.

mod generated;
mod paging;
mod params;
mod support;

pub use generated::*;
pub use paging::Paged;
pub use params::{
    CustomizationView, Lifecycle, MatchType, ProfileUser, SearchAssetKind, SearchSort, SortOrder,
};
pub use support::RequestBody;

use crate::request::ApiRequest;
use crate::response::ApiResponse;
use crate::routes::Route;
use crate::{Call, Client, Error};

/// One endpoint and method with its parameters: turned into an [`ApiRequest`] and its answer
/// decoded into [`Operation::Output`].
pub trait Operation: Sized {
    /// What a successful call answers.
    type Output: Send + 'static;

    /// The route.
    const ROUTE: &'static Route;

    /// The request for these parameters (invalid values surface as a build error when sent).
    fn into_request(self) -> ApiRequest;

    /// Decode a success response.
    fn decode(response: ApiResponse) -> Result<Self::Output, Error>;
}

impl Client {
    /// Call an operation: `.await` the returned value (or change it first: language, retry,
    /// headers; or inspect its URL).
    pub fn call<O: Operation>(&self, operation: O) -> Call<O::Output> {
        Call::of(self.clone(), operation)
    }
}

#[cfg(test)]
mod tests;
