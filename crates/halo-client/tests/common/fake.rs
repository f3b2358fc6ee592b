//! An in-process fake transport for paused-clock tests: a scripted handler, a log of what it
//! saw (with tokio's virtual time).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use halo_client::transport::{ResponseBody, Transport};
use halo_client::{ConnectReason, Error};
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tokio::time::Instant;
use tower::util::BoxCloneSyncService;

/// What the fake answers.
pub struct Answer {
    pub status: StatusCode,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
    pub delay: Duration,
    /// Fail with this connection error instead of answering.
    pub fail: Option<ConnectReason>,
}

impl Answer {
    pub fn ok(body: &str) -> Self {
        Self::status(200, body)
    }

    pub fn status(status: u16, body: &str) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap(),
            headers: Vec::new(),
            body: Bytes::from(body.to_owned()),
            delay: Duration::ZERO,
            fail: None,
        }
    }

    pub fn reset() -> Self {
        Self::fail(ConnectReason::Reset)
    }

    /// No answer: the connection failed for `reason`.
    pub fn fail(reason: ConnectReason) -> Self {
        Self {
            fail: Some(reason),
            ..Self::status(200, "")
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request the fake saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub at: Instant,
    pub method: http::Method,
    pub path: String,
    pub headers: HeaderMap,
}

type Handler = dyn Fn(&Request<Bytes>, usize) -> Answer + Send + Sync;

/// The fake transport and its log.
#[derive(Clone)]
pub struct Fake {
    log: Arc<Mutex<Vec<Seen>>>,
    handler: Arc<Handler>,
}

impl Fake {
    /// A fake answering with `handler(request, index of this request)`.
    pub fn new(handler: impl Fn(&Request<Bytes>, usize) -> Answer + Send + Sync + 'static) -> Self {
        Self {
            log: Arc::new(Mutex::new(Vec::new())),
            handler: Arc::new(handler),
        }
    }

    /// A fake answering the scripted answers in order, then 200 `{}`.
    pub fn script(answers: Vec<Answer>) -> Self {
        let answers = Mutex::new(answers.into_iter());
        Self::new(move |_, _| {
            answers
                .lock()
                .unwrap()
                .next()
                .unwrap_or_else(|| Answer::ok("{}"))
        })
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// How many handles on this fake are alive: this one, plus one per transport (and per
    /// copy of a stack holding one) not yet dropped.
    pub fn handles(&self) -> usize {
        Arc::strong_count(&self.log)
    }

    pub fn transport(&self) -> Transport {
        let this = self.clone();
        BoxCloneSyncService::new(tower::service_fn(move |request: Request<Bytes>| {
            let this = this.clone();
            async move {
                let index = {
                    let mut log = this.log.lock().unwrap();
                    log.push(Seen {
                        at: Instant::now(),
                        method: request.method().clone(),
                        path: request.uri().path().to_owned(),
                        headers: request.headers().clone(),
                    });
                    log.len() - 1
                };
                let answer = (this.handler)(&request, index);
                if !answer.delay.is_zero() {
                    tokio::time::sleep(answer.delay).await;
                }
                if let Some(reason) = answer.fail {
                    return Err(Error::connect(reason));
                }
                let mut response = Response::builder().status(answer.status);
                for (name, value) in &answer.headers {
                    response = response.header(*name, value.as_str());
                }
                let body: ResponseBody = Full::new(answer.body)
                    .map_err(|never| match never {})
                    .boxed_unsync();
                Ok::<_, Error>(response.body(body).unwrap())
            }
        }))
    }
}

/// A client over a fake: every host under `http://fake`, then the given builder settings.
#[macro_export]
macro_rules! fake_client {
    ($fake:expr $(, $name:ident = $value:expr)* $(,)?) => {
        halo_client::Client::builder()
            .base_url(halo_client::BaseUrl::with_root("http://fake"))
            .transport($fake.transport())
            $(.$name($value))*
            .build()
            .unwrap()
    };
}

/// A fake server allowing `rate` requests per second (token bucket, burst `rate`), with
/// `Retry-After: 1` on refusal.
pub fn limited_server(rate: f64) -> Fake {
    let bucket = Mutex::new((rate, Instant::now()));
    Fake::new(move |_, _| {
        let mut state = bucket.lock().unwrap();
        let now = Instant::now();
        let refill = (now - state.1).as_secs_f64() * rate;
        state.0 = (state.0 + refill).min(rate);
        state.1 = now;
        if state.0 >= 1.0 {
            state.0 -= 1.0;
            Answer::ok("{}").delay(Duration::from_millis(20))
        } else {
            Answer::status(429, "").header("retry-after", "1")
        }
    })
}
