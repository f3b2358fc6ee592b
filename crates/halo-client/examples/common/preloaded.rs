//! A transport (and a client over it) answering every request with one preloaded body, in one chunk (a reference
//! count, no copy): a typed call with everything but the network. Shared by the figures
//! programs and `tests/decode_path.rs` through `#[path]`.

use bytes::Bytes;
use halo_client::transport::{ResponseBody, Transport};
use halo_client::{BaseUrl, Client, RateLimit};
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use tower::util::BoxCloneSyncService;

/// A transport answering every request with status 200 and `body`.
pub fn preloaded(body: Bytes) -> Transport {
    BoxCloneSyncService::new(tower::service_fn(move |_request: Request<Bytes>| {
        let body: ResponseBody = Full::new(body.clone())
            .map_err(|never| match never {})
            .boxed_unsync();
        let response = Response::builder()
            .status(200)
            .body(body)
            .map_err(|e| halo_client::Error::build(format!("a preloaded response: {e}")));
        std::future::ready(response)
    }))
}

/// A client over [`preloaded`]`(body)`, without a rate limit (a figure must not wait).
pub fn client_answering(body: Bytes) -> Result<Client, halo_client::Error> {
    Client::builder()
        .base_url(BaseUrl::with_root("http://preloaded"))
        .transport(preloaded(body))
        .rate_limit(RateLimit::Off)
        .build()
}
