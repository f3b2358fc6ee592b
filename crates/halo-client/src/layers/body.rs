//! The body layer: collects the response body with a size cap, decodes gzip and deflate, and
//! turns a non-success status into [`ErrorKind::Status`] with the body and `Retry-After`.

use std::future::Future;
use std::io::Read;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use http::response::Parts;
use http::{Request, Response};
use http_body::Body;
use tower_layer::Layer;
use tower_service::Service;

use super::parse_retry_after;
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
    type Future = BodyFuture<S::Future, B>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        BodyFuture {
            phase: Phase::Head {
                future: self.inner.call(request),
            },
            max: self.max_bytes,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`BodyService`]: the response, then its body collected (unboxed).
    pub struct BodyFuture<F, B> {
        #[pin]
        phase: Phase<F, B>,
        max: usize,
    }
}

pin_project_lite::pin_project! {
    #[project = PhaseProj]
    enum Phase<F, B> {
        Head {
            #[pin]
            future: F,
        },
        Body {
            #[pin]
            body: B,
            parts: Option<Parts>,
            collected: Collected,
        },
        Done,
    }
}

impl<F, B> Future for BodyFuture<F, B>
where
    F: Future<Output = Result<Response<B>, Error>>,
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<Bytes>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let max = *this.max;
        let mut phase = this.phase;
        loop {
            match phase.as_mut().project() {
                PhaseProj::Head { future } => {
                    let response = match std::task::ready!(future.poll(cx)) {
                        Ok(response) => response,
                        Err(error) => {
                            phase.set(Phase::Done);
                            return Poll::Ready(Err(error));
                        }
                    };
                    let (parts, body) = response.into_parts();
                    let declared = parts
                        .headers
                        .get(CONTENT_LENGTH)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| value.parse::<u64>().ok());
                    if declared.is_some_and(|length| length > max as u64) {
                        phase.set(Phase::Done);
                        return Poll::Ready(Err(too_large(max)));
                    }
                    phase.set(Phase::Body {
                        body,
                        parts: Some(parts),
                        collected: Collected::default(),
                    });
                }
                PhaseProj::Body {
                    mut body,
                    parts,
                    collected,
                } => {
                    let outcome = loop {
                        match std::task::ready!(body.as_mut().poll_frame(cx)) {
                            Some(Ok(frame)) => {
                                if let Ok(data) = frame.into_data() {
                                    if let Err(error) = collected.push(data, max) {
                                        break Err(error);
                                    }
                                }
                            }
                            Some(Err(error)) => {
                                break Err(Error::body_error("the response body was cut short")
                                    .with_source(error.into()));
                            }
                            None => {
                                break match parts.take() {
                                    Some(parts) => finish(parts, collected.take(), max),
                                    None => {
                                        Err(Error::body_error("the response was already taken"))
                                    }
                                };
                            }
                        }
                    };
                    phase.set(Phase::Done);
                    return Poll::Ready(outcome);
                }
                PhaseProj::Done => {
                    return Poll::Ready(Err(Error::body_error("the response was already taken")));
                }
            }
        }
    }
}

fn too_large(max: usize) -> Error {
    Error::body_error(format!("{BODY_TOO_LARGE} {max} bytes"))
}

/// The body so far, at most `max` bytes. A body in one chunk (the usual case) is kept as that
/// chunk, without a copy or a list of chunks.
#[derive(Default)]
struct Collected {
    first: Option<Bytes>,
    joined: Option<BytesMut>,
    total: usize,
}

impl Collected {
    fn push(&mut self, data: Bytes, max: usize) -> Result<(), Error> {
        self.total = self.total.saturating_add(data.len());
        if self.total > max {
            return Err(too_large(max));
        }
        if let Some(joined) = self.joined.as_mut() {
            joined.extend_from_slice(&data);
        } else if let Some(head) = self.first.take() {
            let mut both = BytesMut::with_capacity(head.len() + data.len());
            both.extend_from_slice(&head);
            both.extend_from_slice(&data);
            self.joined = Some(both);
        } else {
            self.first = Some(data);
        }
        Ok(())
    }

    fn take(&mut self) -> Bytes {
        match self.joined.take() {
            Some(joined) => joined.freeze(),
            None => self.first.take().unwrap_or_default(),
        }
    }
}

/// The response once its body is in: decoded, or an [`ErrorKind::Status`] error.
fn finish(mut parts: Parts, raw: Bytes, max: usize) -> Result<Response<Bytes>, Error> {
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
