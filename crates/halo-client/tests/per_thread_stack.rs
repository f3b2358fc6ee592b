//! A client runs each call on its thread's copy of the tower stack (no clone of the stack per
//! call). These tests pin what that must not change: each client keeps its own transport, a
//! transport that is not ready at once is still waited for (and never called unready), and
//! the copies are freed with the client.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use common::fake::{Answer, Fake};
use halo_client::transport::{ResponseBody, Transport};
use halo_client::{ErrorKind, RateLimit, Route};
use http::{Request, Response};
use tower::util::BoxCloneSyncService;
use tower_service::Service;

fn match_count(client: &halo_client::Client) -> halo_client::Call<serde_json::Value> {
    client
        .request(Route::by_id("Stats_GetMatchCount").unwrap())
        .path_param("player", "xuid(2535405290989773)")
}

/// A client over `transport` (a wrapped fake), rate limit off.
fn client_over(
    transport: impl Service<
        Request<Bytes>,
        Response = Response<ResponseBody>,
        Error = halo_client::Error,
        Future = <Transport as Service<Request<Bytes>>>::Future,
    > + Clone
    + Send
    + Sync
    + 'static,
) -> halo_client::Client {
    halo_client::Client::builder()
        .base_url(halo_client::BaseUrl::with_root("http://fake"))
        .transport(BoxCloneSyncService::new(transport))
        .rate_limit(RateLimit::Off)
        .build()
        .unwrap()
}

#[tokio::test]
async fn clients_on_one_thread_keep_their_own_transports() {
    let first = Fake::new(|_, _| Answer::ok(r#"{"MatchmadeMatchesPlayedCount":731}"#));
    let second = Fake::new(|_, _| Answer::ok(r#"{"MatchmadeMatchesPlayedCount":25}"#));
    let a = fake_client!(first, rate_limit = RateLimit::Off);
    let b = fake_client!(second, rate_limit = RateLimit::Off);
    for _ in 0..3 {
        let from_a = match_count(&a).send().await.unwrap();
        let from_b = match_count(&b).send().await.unwrap();
        assert_eq!(from_a["MatchmadeMatchesPlayedCount"], 731);
        assert_eq!(from_b["MatchmadeMatchesPlayedCount"], 25);
    }
    assert_eq!(first.count(), 3);
    assert_eq!(second.count(), 3);
}

/// A transport counting how often it is cloned (once per copy of the stack made).
struct CountingClones {
    inner: Transport,
    clones: Arc<AtomicUsize>,
}

impl Clone for CountingClones {
    fn clone(&self) -> Self {
        self.clones.fetch_add(1, Ordering::SeqCst);
        Self {
            inner: self.inner.clone(),
            clones: Arc::clone(&self.clones),
        }
    }
}

impl Service<Request<Bytes>> for CountingClones {
    type Response = Response<ResponseBody>;
    type Error = halo_client::Error;
    type Future = <Transport as Service<Request<Bytes>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        self.inner.call(request)
    }
}

#[tokio::test]
async fn calls_on_one_thread_do_not_copy_the_stack() {
    let fake = Fake::new(|_, _| Answer::ok(r#"{"MatchmadeMatchesPlayedCount":731}"#));
    let clones = Arc::new(AtomicUsize::new(0));
    let transport = CountingClones {
        inner: fake.transport(),
        clones: Arc::clone(&clones),
    };
    let client = client_over(transport);
    // The first call makes this thread's copy of the stack; the next ones reuse it.
    match_count(&client).send().await.unwrap();
    let after_first = clones.load(Ordering::SeqCst);
    for _ in 0..10 {
        let count = match_count(&client).send().await.unwrap();
        assert_eq!(count["MatchmadeMatchesPlayedCount"], 731);
    }
    assert_eq!(clones.load(Ordering::SeqCst), after_first);
    assert_eq!(fake.count(), 11);
}

/// A transport each of whose copies is not ready on its first `poll_ready`, and that refuses a
/// call it has not just declared itself ready for (as `tower::Service` allows).
#[derive(Debug)]
struct ReadyOnSecondPoll {
    inner: Transport,
    polled: bool,
    ready: bool,
}

impl Clone for ReadyOnSecondPoll {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            polled: false,
            ready: false,
        }
    }
}

impl Service<Request<Bytes>> for ReadyOnSecondPoll {
    type Response = Response<ResponseBody>;
    type Error = halo_client::Error;
    type Future = <Transport as Service<Request<Bytes>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if !self.polled {
            self.polled = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let ready = self.inner.poll_ready(cx);
        self.ready = matches!(ready, Poll::Ready(Ok(())));
        ready
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        if !std::mem::take(&mut self.ready) {
            return Box::pin(async {
                Err(halo_client::Error::build("called before it was ready"))
            });
        }
        self.inner.call(request)
    }
}

#[tokio::test]
async fn a_transport_not_ready_at_once_is_waited_for() {
    let fake = Fake::new(|_, _| Answer::ok(r#"{"MatchmadeMatchesPlayedCount":731}"#));
    let transport = ReadyOnSecondPoll {
        inner: fake.transport(),
        polled: false,
        ready: false,
    };
    let client = client_over(transport);
    // The first call finds this thread's copy not ready and waits on a clone; the second finds
    // the copy ready.
    for _ in 0..2 {
        let count = match_count(&client).send().await.unwrap();
        assert_eq!(count["MatchmadeMatchesPlayedCount"], 731);
    }
    assert_eq!(fake.count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_client_frees_every_threads_copy_of_the_stack() {
    let fake = Fake::new(|_, _| Answer::ok(r#"{"MatchmadeMatchesPlayedCount":731}"#));
    let client = fake_client!(fake, rate_limit = RateLimit::Off);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            match_count(&client)
                .send()
                .await
                .map(|count| count["MatchmadeMatchesPlayedCount"].clone())
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 731);
    }
    assert_eq!(fake.count(), 16);
    assert!(fake.handles() > 1, "the client holds the transport");
    drop(client);
    assert_eq!(fake.handles(), 1, "only the test's own handle is left");
    // A failing transport is reported as before, through the copy.
    let refusing = Fake::new(|_, _| Answer::reset());
    let client = fake_client!(refusing, rate_limit = RateLimit::Off);
    let error = match_count(&client).send().await.unwrap_err();
    assert!(
        matches!(error.last_attempt().kind(), ErrorKind::Connect { .. }),
        "{error}"
    );
}
