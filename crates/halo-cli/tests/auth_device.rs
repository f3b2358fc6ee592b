//! `halo auth login --device` end to end: the built binary against a halo-testkit server in
//! this test's process, which plays the user (reads the code, approves or declines) and the
//! sign-in service (`authorization_pending`, `slow_down`, `expired_token`).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::halo_command;
use halo_testkit::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, TestServer};
use tokio::time::{Instant, sleep};

/// How long any one step may take before the test gives up (the machine may be loaded).
const PATIENCE: Duration = Duration::from_secs(90);

/// Kills the child when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn fresh_config(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `halo` with its own configuration directory, pointed at the server.
fn halo_at(config: &Path, server: &TestServer, args: &[&str]) -> Command {
    let mut command = halo_command(args);
    command
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .env("HALO_BASE_URL", server.base_url())
        .env("HALO_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
    command
}

/// Starts `halo auth login --device`; its standard error, line by line.
fn device_login(config: &Path, server: &TestServer) -> (Killed, Receiver<String>) {
    let mut child = halo_at(
        config,
        server,
        &[
            "auth",
            "login",
            "--device",
            "--client-id",
            DEFAULT_CLIENT_ID,
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (Killed(child), rx)
}

/// Waits (serving the server meanwhile) until `done` holds.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        sleep(Duration::from_millis(20)).await;
    }
}

/// The next line of standard error.
async fn next_line(lines: &Receiver<String>) -> String {
    let mut line = None;
    wait_until("a line on standard error", || {
        line = lines.try_recv().ok();
        line.is_some()
    })
    .await;
    line.unwrap()
}

/// The user code the prompt shows, after checking the prompt.
async fn user_code(lines: &Receiver<String>) -> String {
    let prompt = next_line(lines).await;
    let rest = prompt
        .strip_prefix("On any device, open https://www.microsoft.com/link and enter the code ")
        .unwrap_or_else(|| panic!("{prompt}"));
    let (code, tail) = rest.split_once(' ').unwrap();
    assert_eq!(tail, "(valid 15 minutes).");
    assert_eq!(next_line(lines).await, "Waiting for the sign-in ...");
    code.to_owned()
}

/// Polls of the token endpoint so far.
fn token_polls(server: &TestServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.host == "login.live.com" && r.path == "/oauth20_token.srf")
        .count()
}

async fn exit_of(child: &mut Killed) -> ExitStatus {
    let mut status = None;
    wait_until("halo to exit", || {
        status = child.0.try_wait().unwrap();
        status.is_some()
    })
    .await;
    status.unwrap()
}

fn rest_of(lines: &Receiver<String>) -> String {
    lines.try_iter().collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn slow_down_is_waited_out_then_the_approved_login_is_stored() {
    let server = TestServer::start_without_env_faults().await.unwrap();
    let config = fresh_config("halo-cli-auth-device");
    let (mut child, lines) = device_login(&config, &server);
    let code = user_code(&lines).await;
    assert!(code.starts_with("TK"), "{code}");

    // The first poll comes one interval (1 s) after the start: authorization_pending.
    wait_until("the first poll", || token_polls(&server) >= 1).await;
    // The service asks it to slow down: the next poll is answered `slow_down`.
    assert!(server.slow_down_device_login(&code));
    let before = token_polls(&server);
    wait_until("the slowed-down poll", || token_polls(&server) > before).await;
    let slowed = Instant::now();
    // The user approves; the next poll comes no sooner than the interval plus 5 s.
    assert!(server.approve_device_login(&code));
    let after = token_polls(&server);
    wait_until("the poll after slow_down", || token_polls(&server) > after).await;
    let waited = slowed.elapsed();
    assert!(
        waited >= Duration::from_millis(5_500),
        "polled again {waited:?} after slow_down"
    );

    let status = exit_of(&mut child).await;
    assert!(status.success(), "{}", rest_of(&lines));
    let mut stdout = String::new();
    std::io::Read::read_to_string(child.0.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    assert_eq!(
        stdout,
        "Signed in as aCurtis X89 (xuid 2535445291321133).\n"
    );
    assert!(config.join("halo/tokens.json").exists());
    assert!(config.join("halo/login.json").exists());
    // The whole chain ran once: user token, XSTS (Halo and Xbox Live), Spartan token.
    let stats = server.stats();
    assert_eq!(stats.spartan_tokens, 1);
    assert!(
        stats.xsts_tokens >= 1 && stats.user_tokens == 1,
        "{stats:?}"
    );

    // The stored login is what commands use now.
    let out = halo_at(&config, &server, &["auth", "status", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["credentials"], "login");
    assert_eq!(status["gamertag"], "aCurtis X89");
    assert_eq!(status["xuid"], 2_535_445_291_321_133_u64);
}

#[tokio::test]
async fn a_declined_or_expired_code_fails_and_stores_nothing() {
    let server = TestServer::start_without_env_faults().await.unwrap();
    for (name, refuse) in [
        (
            "declined",
            TestServer::decline_device_login as fn(&TestServer, &str) -> bool,
        ),
        ("expired", TestServer::expire_device_login),
    ] {
        let config = fresh_config(&format!("halo-cli-auth-device-{name}"));
        let (mut child, lines) = device_login(&config, &server);
        let code = user_code(&lines).await;
        assert!(refuse(&server, &code));
        let status = exit_of(&mut child).await;
        assert_eq!(status.code(), Some(1), "{name}");
        let message = rest_of(&lines);
        assert!(message.starts_with("error: "), "{name}: {message}");
        assert!(message.contains(name), "{name}: {message}");
        assert!(!config.join("halo/tokens.json").exists(), "{name}");
        assert!(!config.join("halo/login.json").exists(), "{name}");
    }
}
