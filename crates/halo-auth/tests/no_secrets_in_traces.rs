//! A full login, refresh, forced refresh, XBL header and a few failures at TRACE level: no
//! token, code or secret appears in the captured trace output or in any error message.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use halo_auth::{MemoryStore, StoredTokens, TokenProvider, XBOX_LIVE_RELYING_PARTY};
use halo_testkit::TestServer;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs the server on its own thread and runtime, so its own logging (if any) is not captured
/// and cannot be mistaken for ours.
fn start_server() -> (String, std::sync::mpsc::Sender<()>) {
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let server = TestServer::builder()
                .spartan_token_lifetime(Duration::from_secs(2))
                .build()
                .start()
                .await
                .unwrap();
            url_tx.send(server.base_url()).unwrap();
            tokio::task::spawn_blocking(move || stop_rx.recv())
                .await
                .unwrap()
                .ok();
            drop(server);
        });
    });
    (url_rx.recv().unwrap(), stop_tx)
}

#[test]
fn no_secret_in_trace_output() {
    let (root, stop) = start_server();
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Current-thread runtime: everything it runs logs into the subscriber set above.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (secrets, errors) = rt.block_on(async {
        let store = MemoryStore::new();
        let provider = TokenProvider::new(common::config(&root).with_store(store.clone())).unwrap();
        let followed = common::login(&provider).await;
        let code = followed
            .split("code=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .to_owned();
        let first_refresh = store.snapshot().unwrap().refresh_token().unwrap().clone();
        let first = provider.halo_tokens().await.unwrap();
        let header = provider.xbl_header(XBOX_LIVE_RELYING_PARTY).await.unwrap();
        let forced = provider.force_refresh().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1600)).await;
        let renewed = provider.halo_tokens().await.unwrap();

        let mut secrets = vec![
            code,
            halo_testkit::DEFAULT_CLIENT_SECRET.to_owned(),
            first_refresh.expose().to_owned(),
            header.expose().to_owned(),
        ];
        for t in [&first, &forced, &renewed] {
            secrets.push(t.spartan.expose().to_owned());
            secrets.push(t.clearance.as_ref().unwrap().expose().to_owned());
        }
        let stored = store.snapshot().unwrap();
        secrets.push(stored.refresh_token().unwrap().expose().to_owned());
        for rp in [XBOX_LIVE_RELYING_PARTY, halo_auth::HALO_RELYING_PARTY] {
            secrets.push(stored.xsts_token(rp).unwrap().token.expose().to_owned());
        }
        // The OAuth access and user tokens are only in the store's serialized form.
        let json: serde_json::Value = serde_json::from_slice(&stored.to_json()).unwrap();
        secrets.push(json["access"]["token"].as_str().unwrap().to_owned());
        secrets.push(json["user"]["token"].as_str().unwrap().to_owned());

        // Failures: a revoked refresh token and a wrong client secret.
        let mut errors = Vec::new();
        let revoked =
            TokenProvider::new(common::config(&root).with_store(MemoryStore::with_tokens(
                StoredTokens::from_refresh_token("M.R3_revoked-refresh-token"),
            )))
            .unwrap();
        let err = revoked.halo_tokens().await.unwrap_err();
        errors.push(format!("{err} {err:?}"));
        secrets.push("M.R3_revoked-refresh-token".to_owned());
        let wrong = common::config(&root);
        let wrong = halo_auth::AuthConfig::new(
            halo_auth::OAuthConfig::new(halo_testkit::DEFAULT_CLIENT_ID, "http://localhost:0/")
                .with_client_secret("wrong-client-secret-value"),
        )
        .with_endpoints(wrong.endpoints().clone())
        .with_store(MemoryStore::with_tokens(StoredTokens::from_refresh_token(
            stored.refresh_token().unwrap().clone(),
        )));
        let err = TokenProvider::new(wrong)
            .unwrap()
            .halo_tokens()
            .await
            .unwrap_err();
        errors.push(format!("{err} {err:?}"));
        secrets.push("wrong-client-secret-value".to_owned());
        (secrets, errors)
    });
    stop.send(()).unwrap();

    let output = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("signed in"), "no trace captured:\n{output}");
    assert!(output.contains("TRACE"), "TRACE level not captured");
    assert!(secrets.len() >= 16);
    for secret in &secrets {
        assert!(
            secret.len() >= 8,
            "secret too short to search for: {secret:?}"
        );
        assert!(
            !output.contains(secret.as_str()),
            "a secret leaked into the traces"
        );
        for error in &errors {
            assert!(
                !error.contains(secret.as_str()),
                "a secret leaked into an error"
            );
        }
    }
}
