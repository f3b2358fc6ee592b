//! [`Call`]: a request value bound to a client, executed with `.await` (`IntoFuture`) or
//! `.send()`, decoding the JSON answer into `T` (typed where halo-models has a type, else
//! `serde_json::Value`); [`BytesCall`] for endpoints that answer with bytes.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::request::ApiRequest;
use crate::response::ApiResponse;
use crate::routes::{BaseUrl, PolicyOverride, Route};
use crate::{Client, Error};

/// The future of an executed call.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// A request bound to a client, answering `T` decoded from JSON.
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<T> {
    client: Client,
    request: ApiRequest,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            request: self.request.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    /// Bind `request` to `client`.
    pub fn new(client: Client, request: ApiRequest) -> Self {
        Self {
            client,
            request,
            answer: PhantomData,
        }
    }

    /// The request value.
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }

    /// The route.
    pub fn route(&self) -> &'static Route {
        self.request.route()
    }

    /// The URL the call goes to (a build error if a parameter is missing or invalid).
    pub fn url(&self) -> Result<String, Error> {
        self.request.url(self.client.base_url())
    }

    /// The URL under another base (inspection without a client's configuration).
    pub fn url_under(&self, base: &BaseUrl) -> Result<String, Error> {
        self.request.url(base)
    }

    /// Change the request (any [`ApiRequest`] setter).
    pub fn map_request(mut self, change: impl FnOnce(ApiRequest) -> ApiRequest) -> Self {
        self.request = change(self.request);
        self
    }

    /// Set a path parameter.
    pub fn path_param(self, name: &str, value: impl Into<String>) -> Self {
        let name = name.to_owned();
        self.map_request(|r| r.path_param(name, value))
    }

    /// Add a query parameter.
    pub fn query(self, name: &str, value: impl Into<String>) -> Self {
        let name = name.to_owned();
        self.map_request(|r| r.query(name, value))
    }

    /// Ask for localized text.
    pub fn accept_language(self, language: &str) -> Self {
        self.map_request(|r| r.accept_language(language))
    }

    /// Change this request's retry policy.
    pub fn retry(self, retry: PolicyOverride) -> Self {
        self.map_request(|r| r.retry(retry))
    }

    /// Set how long the whole call may take, waits and retries included.
    pub fn deadline(self, deadline: std::time::Duration) -> Self {
        self.map_request(|r| r.deadline(deadline))
    }

    /// Declare the request idempotent (or not).
    pub fn idempotent(self, idempotent: bool) -> Self {
        self.map_request(|r| r.idempotent(idempotent))
    }

    /// Decode the answer as another type.
    pub fn decode_as<U>(self) -> Call<U> {
        Call::new(self.client, self.request)
    }

    /// Answer with the raw bytes instead.
    pub fn bytes(self) -> BytesCall {
        BytesCall {
            client: self.client,
            request: self.request,
        }
    }

    /// Execute and decode with halo-models' dispatcher: the typed model of this endpoint when
    /// halo-models has one (a decode error otherwise). Like [`Client::execute`], the request
    /// is prepared when this is called, and the future owns what it needs.
    pub fn any(
        self,
    ) -> impl Future<Output = Result<halo_models::AnyResponse, Error>> + Send + 'static {
        let response = self.client.execute(self.request);
        async move { any_of(response.await?) }
    }

    /// Execute and return the undecoded response (prepared when called, as
    /// [`Client::execute`]).
    pub fn send_raw(self) -> impl Future<Output = Result<ApiResponse, Error>> + Send + 'static {
        self.client.execute(self.request)
    }
}

/// A response decoded by halo-models' dispatcher.
fn any_of(response: ApiResponse) -> Result<halo_models::AnyResponse, Error> {
    halo_models::decode(response.endpoint(), response.body())
        .map_err(|error| crate::response::decode_error(response.endpoint(), response.body(), error))
}

impl<T: DeserializeOwned + Send + 'static> Call<T> {
    /// Execute and decode (prepared when called, as [`Client::execute`]).
    pub fn send(self) -> impl Future<Output = Result<T, Error>> + Send + 'static {
        let response = self.client.execute(self.request);
        async move { response.await?.json() }
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A request bound to a client, answering the body's bytes (images, film chunks).
#[derive(Clone, Debug)]
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct BytesCall {
    client: Client,
    request: ApiRequest,
}

impl BytesCall {
    /// The request value.
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }

    /// The URL the call goes to.
    pub fn url(&self) -> Result<String, Error> {
        self.request.url(self.client.base_url())
    }

    /// Execute (prepared when called, as [`Client::execute`]).
    pub fn send(self) -> impl Future<Output = Result<Bytes, Error>> + Send + 'static {
        let response = self.client.execute(self.request);
        async move { Ok(response.await?.into_body()) }
    }
}

impl IntoFuture for BytesCall {
    type Output = Result<Bytes, Error>;
    type IntoFuture = CallFuture<Bytes>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
