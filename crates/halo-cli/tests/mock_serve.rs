//! `halo mock serve` runs the test server standalone; other `halo` processes reach it through
//! `HALO_BASE_URL`.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Stdio};

use common::{halo, halo_command, stderr, stdout};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn other_commands_reach_the_served_url() {
    let mut child = halo_command(&["mock", "serve", "--history", "40"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _server = Server(child);
    let url = first.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let out = halo_command(&["history", "-n", "50", "--json"])
        .env("HALO_BASE_URL", &url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().next().unwrap_or_default(),
        format!("no credentials configured; using the test server's default token against {url}")
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // A test server's captured data: offline, whatever serves it.
    assert_eq!(report["offline"], true);
    assert_eq!(report["player"]["gamertag"], "aCurtis X89");
    // The served history holds 40 matches, not the embedded default.
    assert_eq!(report["matches"].as_array().unwrap().len(), 40);

    // A static Spartan token the service refuses: one clear line, status 1.
    let out = halo_command(&["player"])
        .env("HALO_BASE_URL", &url)
        .env("HALO_SPARTAN_TOKEN", "not-a-valid-token")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let message = stderr(&out);
    assert!(
        message.starts_with("error: Profile_GetUser: authentication failed"),
        "{message}"
    );
    assert!(
        message.contains("set a fresh HALO_SPARTAN_TOKEN"),
        "{message}"
    );
    assert!(!message.contains("not-a-valid-token"), "{message}");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = halo(&["mock", "serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("error: cannot start the embedded test server"),
        "{}",
        stderr(&out)
    );
}
