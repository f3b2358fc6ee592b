//! [`Call`]: a request value bound to a client and the way its answer decodes into `T`,
//! executed with `.await` (`IntoFuture`) or `.send()`. Every call of the client is one: the
//! typed operations ([`Client::call`], whose answer decodes with [`Operation::decode`]), the
//! service-grouped builders and [`Client::request`] (JSON into `T`: typed where halo-models has
//! a type, else `serde_json::Value`), and [`BytesCall`] for endpoints that answer with bytes.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::operations::Operation;
use crate::request::ApiRequest;
use crate::response::ApiResponse;
use crate::routes::{BaseUrl, PolicyOverride, Route};
use crate::{Client, Error};

/// The future of an executed call.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// How a success response becomes a call's answer.
type Decode<T> = fn(ApiResponse) -> Result<T, Error>;

/// A request bound to a client, answering `T`.
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<T> {
    client: Client,
    request: ApiRequest,
    decode: Decode<T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            request: self.request.clone(),
            decode: self.decode,
        }
    }
}

/// The answer decoded from JSON with halo-models' fast reader.
fn json<T: DeserializeOwned>(response: ApiResponse) -> Result<T, Error> {
    response.json()
}

/// The answer's bytes as they came.
#[expect(
    clippy::unnecessary_wraps,
    reason = "every way of decoding has the one signature"
)]
fn body(response: ApiResponse) -> Result<Bytes, Error> {
    Ok(response.into_body())
}

impl<T: DeserializeOwned> Call<T> {
    /// Bind `request` to `client`, its answer decoded from JSON.
    pub fn new(client: Client, request: ApiRequest) -> Self {
        Self {
            client,
            request,
            decode: json::<T>,
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
    /// Bind `operation` to `client`, its answer decoded by the operation (what
    /// [`Client::call`] does).
    pub(crate) fn of<O: Operation<Output = T>>(client: Client, operation: O) -> Self {
        Self {
            client,
            request: operation.into_request(),
            decode: O::decode,
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

    /// Decode the answer from JSON as another type.
    pub fn decode_as<U: DeserializeOwned>(self) -> Call<U> {
        Call::new(self.client, self.request)
    }

    /// Answer with the raw bytes instead.
    pub fn bytes(self) -> BytesCall {
        Call {
            client: self.client,
            request: self.request,
            decode: body,
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

impl<T: Send + 'static> Call<T> {
    /// Execute and decode (prepared when called, as [`Client::execute`]).
    pub fn send(self) -> impl Future<Output = Result<T, Error>> + Send + 'static {
        let response = self.client.execute(self.request);
        let decode = self.decode;
        async move { decode(response.await?) }
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = CallFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A request bound to a client, answering the body's bytes (images, film chunks).
pub type BytesCall = Call<Bytes>;
