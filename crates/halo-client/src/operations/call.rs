//! [`OperationCall`]: an operation bound to a client, answering its typed output.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use super::Operation;
use crate::request::ApiRequest;
use crate::routes::{BaseUrl, PolicyOverride, Route};
use crate::{Client, Error};

/// An operation bound to a client; `.await` it (or [`send`](Self::send) it).
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct OperationCall<O> {
    client: Client,
    request: ApiRequest,
    operation: PhantomData<fn() -> O>,
}

impl<O> Clone for OperationCall<O> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            request: self.request.clone(),
            operation: PhantomData,
        }
    }
}

impl<O> std::fmt::Debug for OperationCall<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationCall")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl<O: Operation> OperationCall<O> {
    pub(crate) fn new(client: Client, request: ApiRequest) -> Self {
        Self {
            client,
            request,
            operation: PhantomData,
        }
    }

    /// The request value.
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }

    /// The route.
    pub fn route(&self) -> &'static Route {
        O::ROUTE
    }

    /// The URL the call goes to (a build error if a parameter is invalid).
    pub fn url(&self) -> Result<String, Error> {
        self.request.url(self.client.base_url())
    }

    /// The URL under another base.
    pub fn url_under(&self, base: &BaseUrl) -> Result<String, Error> {
        self.request.url(base)
    }

    /// Change the request (any [`ApiRequest`] setter: headers, timeout, idempotence).
    pub fn map_request(mut self, change: impl FnOnce(ApiRequest) -> ApiRequest) -> Self {
        self.request = change(self.request);
        self
    }

    /// Ask for localized text.
    pub fn accept_language(self, language: &str) -> Self {
        self.map_request(|r| r.accept_language(language))
    }

    /// Change this request's retry policy.
    pub fn retry(self, retry: PolicyOverride) -> Self {
        self.map_request(|r| r.retry(retry))
    }

    /// Execute and decode (prepared when called, as [`Client::execute`]).
    pub fn send(self) -> impl Future<Output = Result<O::Output, Error>> + Send + 'static {
        let response = self.client.execute(self.request);
        async move { O::decode(response.await?) }
    }
}

impl<O: Operation> IntoFuture for OperationCall<O> {
    type Output = Result<O::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<O::Output, Error>> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
