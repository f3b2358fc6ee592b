//! The body layer: collects the response body with a size cap, decodes gzip and deflate, and
//! turns a non-success status into [`ErrorKind::Status`] with the body and `Retry-After`.

use std::io::Read;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use http::{Request, Response};
use http_body::Body;
use http_body_util::BodyExt;
use tower_layer::Layer;
use tower_service::Service;

use super::{BoxFuture, parse_retry_after};
use crate::error::{BODY_TOO_LARGE, BoxError};
use crate::{Error, ErrorKind};

/// Collects bodies into `Bytes`; see the module docs.
#[derive(Clone, Copy, Debug)]
pub struct BodyLayer {
    max_bytes: usize,
}

impl BodyLayer {
    /// The default cap: 64 MiB (decoded).
    pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

    /// A layer refusing bodies larger than `max_bytes` (on the wire and once decoded).
    pub fn new(max_bytes: usize) -> Self {
        Self { max_bytes }
    }
}

impl Default for BodyLayer {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_BYTES)
    }
}

impl<S> Layer<S> for BodyLayer {
    type Service = BodyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        BodyService {
            inner,
            max_bytes: self.max_bytes,
        }
    }
}

/// The service of [`BodyLayer`].
#[derive(Clone, Debug)]
pub struct BodyService<S> {
    inner: S,
    max_bytes: usize,
}

impl<S, B> Service<Request<Bytes>> for BodyService<S>
where
    S: Service<Request<Bytes>, Response = Response<B>, Error = Error> + Send + 'static,
    S::Future: Send + 'static,
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<Bytes>;
    type Error = Error;
    type Future = BoxFuture<Result<Response<Bytes>, Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let future = self.inner.call(request);
        let max = self.max_bytes;
        Box::pin(async move {
            let response = future.await?;
            let (mut parts, body) = response.into_parts();
            let too_large = || Error::body_error(format!("{BODY_TOO_LARGE} {max} bytes"));
            let declared = parts
                .headers
                .get(CONTENT_LENGTH)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse::<u64>().ok());
            if declared.is_some_and(|length| length > max as u64) {
                return Err(too_large());
            }
            let raw = collect(body, max).await?;
            let bytes = if parts.headers.contains_key(CONTENT_ENCODING) {
                let bytes = decode(&parts.headers, raw, max)?;
                parts.headers.remove(CONTENT_ENCODING);
                parts.headers.remove(CONTENT_LENGTH);
                bytes
            } else {
                raw
            };
            if !parts.status.is_success() {
                let retry_after = parse_retry_after(&parts.headers);
                return Err(Error::new(ErrorKind::Status {
                    status: parts.status,
                    body: bytes,
                    retry_after,
                }));
            }
            Ok(Response::from_parts(parts, bytes))
        })
    }
}

/// Collect a body of at most `max` bytes. A body in one chunk (the usual case) is returned as
/// that chunk, without a copy or a list of chunks.
async fn collect<B>(body: B, max: usize) -> Result<Bytes, Error>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let mut body = std::pin::pin!(body);
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut total: usize = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            Error::body_error("the response body was cut short").with_source(error.into())
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len());
        if total > max {
            return Err(Error::body_error(format!("{BODY_TOO_LARGE} {max} bytes")));
        }
        if let Some(joined) = joined.as_mut() {
            joined.extend_from_slice(&data);
        } else if let Some(head) = first.take() {
            let mut both = BytesMut::with_capacity(head.len() + data.len());
            both.extend_from_slice(&head);
            both.extend_from_slice(&data);
            joined = Some(both);
        } else {
            first = Some(data);
        }
    }
    Ok(match joined {
        Some(joined) => joined.freeze(),
        None => first.unwrap_or_default(),
    })
}

/// Decode `raw` by its `Content-Encoding` (gzip, deflate as zlib or raw, identity).
fn decode(headers: &http::HeaderMap, raw: Bytes, max: usize) -> Result<Bytes, Error> {
    let encoding = headers
        .get(CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match encoding.as_str() {
        "" | "identity" => Ok(raw),
        "gzip" | "x-gzip" => read_capped(flate2::read::MultiGzDecoder::new(&raw[..]), max, "gzip"),
        "deflate" => {
            // RFC 9110's deflate is zlib-wrapped; some servers send raw deflate.
            read_capped(flate2::read::ZlibDecoder::new(&raw[..]), max, "deflate").or_else(|_| {
                read_capped(flate2::read::DeflateDecoder::new(&raw[..]), max, "deflate")
            })
        }
        other => Err(Error::body_error(format!(
            "unsupported content encoding `{other}`"
        ))),
    }
}

fn read_capped(reader: impl Read, max: usize, what: &str) -> Result<Bytes, Error> {
    let mut out = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|error| Error::body_error(format!("invalid {what} body")).with_source(error))?;
    if out.len() > max {
        return Err(Error::body_error(format!("{BODY_TOO_LARGE} {max} bytes")));
    }
    Ok(Bytes::from(out))
}
