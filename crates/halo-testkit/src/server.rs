//! The server: binding, the accept loop, connections, shutdown, and the `TestServer` handle.

use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::config::{TestConfig, TestConfigBuilder};
use crate::counters::ServerStats;
use crate::error::Error;
use crate::faults::FaultPlan;
use crate::lock::lock;
use crate::record::RecordedRequest;
use crate::service;
use crate::state::State;
use crate::{FAULTS_ENV, ids};

/// A running test server on 127.0.0.1; it stops when dropped.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server with the default configuration on a free port.
    pub async fn start() -> Result<Self, Error> {
        TestConfig::default().start().await
    }

    /// Starts a server with the default configuration on a free port, without the fault plan
    /// `HALO_TESTKIT_FAULTS` may name (a test whose faults are only its own).
    pub async fn start_without_env_faults() -> Result<Self, Error> {
        Self::builder().faults_from_env(false).build().start().await
    }

    /// A configuration builder; finish with `.build().start().await`.
    pub fn builder() -> TestConfigBuilder {
        TestConfig::builder()
    }

    pub(crate) async fn start_with(config: TestConfig) -> Result<Self, Error> {
        let config = with_env_faults(config)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|e| Error::io("cannot bind 127.0.0.1", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("cannot read the bound address", e))?;
        let state = Arc::new(State::new(config));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state), async move {
            let _ = rx.await;
        }));
        Ok(Self {
            addr,
            state,
            shutdown: Some(tx),
            task,
        })
    }

    /// The root URL, `http://127.0.0.1:PORT`; host H is reached at `{root}/{H}`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of one service host, `http://127.0.0.1:PORT/{host}`.
    pub fn url_for_host(&self, host: &str) -> String {
        format!("{}/{}", self.base_url(), host.trim_matches('/'))
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration the server runs with (including rules loaded from `HALO_TESTKIT_FAULTS`).
    pub fn config(&self) -> &TestConfig {
        &self.state.config
    }

    /// The requests received so far, oldest first (at most `record_limit`, the newest kept).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.recorded()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.state.clear_records();
    }

    /// The offline world the server plays (players, histories, matches), for tests to ask what
    /// it holds.
    pub fn world(&self) -> &crate::World {
        &self.state.world
    }

    /// Counters per auth step and outcome.
    pub fn stats(&self) -> ServerStats {
        self.state.counters.snapshot()
    }

    /// Plays the user approving the device sign-in that shows `user_code`; false when no
    /// sign-in shows it.
    pub fn approve_device_login(&self, user_code: &str) -> bool {
        lock(&self.state.auth)
            .devices
            .set(user_code, crate::device_state::DeviceStatus::Approved)
    }

    /// Plays the user declining the device sign-in that shows `user_code`.
    pub fn decline_device_login(&self, user_code: &str) -> bool {
        lock(&self.state.auth)
            .devices
            .set(user_code, crate::device_state::DeviceStatus::Declined)
    }

    /// Makes the next poll of the sign-in that shows `user_code` answer `slow_down`.
    pub fn slow_down_device_login(&self, user_code: &str) -> bool {
        lock(&self.state.auth).devices.slow_down(user_code)
    }

    /// Makes the device code of the sign-in that shows `user_code` expire now.
    pub fn expire_device_login(&self, user_code: &str) -> bool {
        lock(&self.state.auth)
            .devices
            .set(user_code, crate::device_state::DeviceStatus::Expired)
    }

    /// Issues a fresh refresh token, as if the user had signed in (skips the browser step).
    pub fn mint_refresh_token(&self) -> String {
        let token = ids::token("refresh", self.state.next_seq());
        lock(&self.state.auth).add_refresh_token(token.clone());
        token
    }

    /// Issues a Spartan token valid for the configured lifetime (skips the whole auth chain).
    pub fn mint_spartan_token(&self) -> String {
        let token = ids::token("spartan", self.state.next_seq());
        let expires = tokio::time::Instant::now() + self.state.config.spartan_token_lifetime;
        lock(&self.state.auth).add_spartan_token(token.clone(), expires);
        token
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
    }
}

/// Runs a server on `listener` until `shutdown` resolves (for `halo mock serve` and the binary).
/// Fault rules from `HALO_TESTKIT_FAULTS` are added when `config.faults_from_env` is set.
pub async fn serve(
    config: TestConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let config = with_env_faults(config)?;
    accept_loop(listener, Arc::new(State::new(config)), shutdown).await;
    Ok(())
}

fn with_env_faults(mut config: TestConfig) -> Result<TestConfig, Error> {
    if config.faults_from_env {
        if let Some(path) = std::env::var_os(FAULTS_ENV).filter(|p| !p.is_empty()) {
            config.faults.extend(FaultPlan::from_file(path)?);
        }
    }
    Ok(config)
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, shutdown: impl Future<Output = ()>) {
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, Arc::clone(&state)));
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(5)).await,
            },
        }
        while connections.try_join_next().is_some() {}
    }
    connections.abort_all();
}

async fn connection(stream: TcpStream, state: Arc<State>) {
    let reset = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(ResettableStream {
        inner: stream,
        reset: Arc::clone(&reset),
    });
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        let reset = Arc::clone(&reset);
        async move {
            let outcome = service::handle(state, request).await;
            if outcome.reset {
                reset.store(true, Ordering::Relaxed);
            }
            outcome.response.ok_or_else(|| {
                io::Error::new(io::ErrorKind::ConnectionReset, "halo-testkit fault: reset")
            })
        }
    });
    // Malformed HTTP ends up here as an error; hyper answers or closes, and so do we.
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service)
        .await;
}

/// A TCP stream that sends RST instead of FIN when closed after a reset fault.
struct ResettableStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for ResettableStream {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
