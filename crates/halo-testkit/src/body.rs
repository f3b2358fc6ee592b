//! The response body type: a whole body, or one that fails part-way (for fault injection).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// A response body: some bytes, optionally followed by an I/O error that makes hyper abort the
/// connection (a truncated body or a reset after the headers).
#[derive(Debug, Default)]
pub(crate) struct ResponseBody {
    data: Option<Bytes>,
    announced_len: u64,
    fail_after_data: bool,
    /// Pause before failing, so hyper flushes what was sent and the peer reads it.
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

/// How long a broken body waits after its data before breaking the connection.
const BREAK_PAUSE: std::time::Duration = std::time::Duration::from_millis(30);

impl ResponseBody {
    /// A complete body.
    pub(crate) fn full(data: impl Into<Bytes>) -> Self {
        let data: Bytes = data.into();
        Self {
            announced_len: data.len() as u64,
            data: Some(data),
            fail_after_data: false,
            pause: None,
        }
    }

    /// An empty body.
    pub(crate) fn empty() -> Self {
        Self::full(Bytes::new())
    }

    /// A body that announces `announced_len` bytes, sends `data`, then breaks the connection.
    pub(crate) fn broken(data: Bytes, announced_len: u64) -> Self {
        Self {
            data: Some(data),
            announced_len,
            fail_after_data: true,
            pause: None,
        }
    }

    /// The bytes this body will send.
    pub(crate) fn bytes(&self) -> Bytes {
        self.data.clone().unwrap_or_default()
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            if !data.is_empty() {
                return Poll::Ready(Some(Ok(Frame::data(data))));
            }
        }
        if self.fail_after_data {
            let pause = self
                .pause
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(BREAK_PAUSE)));
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.fail_after_data = false;
            return Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "halo-testkit fault: connection broken mid-body",
            ))));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.data.as_ref().is_none_or(Bytes::is_empty) && !self.fail_after_data
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.announced_len)
    }
}
