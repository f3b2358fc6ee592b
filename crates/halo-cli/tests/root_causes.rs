//! The last line names the root cause: refused, DNS, TLS, an unsupported scheme, each with the
//! host; and a server's error body reaches the terminal escaped, on one line.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Output;

use common::{halo_command, halo_faults, stderr, stdout};

/// `halo player` against `root` with the test server's default token.
fn player_at(root: &str) -> Output {
    halo_command(&["player", "aCurtis X89"])
        .env("HALO_BASE_URL", root)
        .output()
        .unwrap()
}

/// The last line of standard error.
fn last_line(out: &Output) -> String {
    stderr(out).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn every_connection_failure_kind_is_named_with_its_host() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let cases = [
        (
            format!("http://127.0.0.1:{port}"),
            format!("cannot connect to 127.0.0.1:{port}: connection refused"),
        ),
        (
            "http://halo-cli-test.invalid".to_owned(),
            "cannot connect to halo-cli-test.invalid: DNS lookup failed".to_owned(),
        ),
        (
            "ftp://127.0.0.1:1".to_owned(),
            "cannot connect to ftp://127.0.0.1:1: unsupported URL scheme".to_owned(),
        ),
    ];
    for (root, expected) in cases {
        let out = player_at(&root);
        assert_eq!(out.status.code(), Some(1), "{root}: {}", stderr(&out));
        assert_eq!(stdout(&out), "");
        let last = last_line(&out);
        assert!(last.starts_with("error: "), "{root}: {last}");
        assert!(last.contains(&expected), "{root}: {last}");
        assert!(!last.contains("halo auth login"), "{root}: {last}");
    }
}

#[test]
fn https_to_a_plain_http_server_is_a_tls_failure() {
    let mut server = halo_command(&["mock", "serve"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut url,
    )
    .unwrap();
    let root = url.trim().replacen("http://", "https://", 1);
    let out = player_at(&root);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let last = last_line(&out);
    let authority = root.trim_start_matches("https://");
    assert!(
        last.contains(&format!(
            "cannot connect to {authority}: TLS handshake failed"
        )),
        "{last}"
    );
}

#[test]
fn a_server_body_with_escape_sequences_is_printed_escaped() {
    let plan = r#"{"rules":[{"endpoint":"Profile_GetUser","action":{"kind":"status","status":400,
        "body":"a\nb\u001b[31mX"}}]}"#;
    // A XUID, so that the player's Halo profile is the first request (a gamertag is resolved
    // by Xbox Live first).
    let out = halo_faults("escaped-body", plan, &["player", "2535445291321133"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(
        err.contains("server answered 400 Bad Request: a\\nb\\u{1b}[31mX"),
        "{err:?}"
    );
}
