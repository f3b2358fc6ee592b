//! `halo auth login | status | logout` against `halo mock serve`: the test plays the browser
//! (opens the authorization URL, follows the redirect to the loopback listener).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use common::{halo_command, stderr, stdout};

/// Kills a child process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `halo mock serve`, and its base URL.
fn mock_server() -> (Killed, String) {
    let mut child = halo_command(&["mock", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    (Killed(child), url.trim().to_owned())
}

/// `halo` with its own configuration directory, pointed at the mock server.
fn halo_at(config: &Path, url: &str, args: &[&str]) -> Command {
    let mut command = halo_command(args);
    command
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .env("HALO_BASE_URL", url)
        .env("HALO_CLIENT_SECRET", halo_testkit::DEFAULT_CLIENT_SECRET);
    command
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap()
}

/// A plain HTTP/1.1 GET of an `http://127.0.0.1:PORT/...` URL: the status and `Location`.
fn get(url: &str) -> (u16, Option<String>) {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let location = response
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        });
    (status, location)
}

fn fresh_config(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn login_status_use_and_logout() {
    let (_server, url) = mock_server();
    let config = fresh_config("halo-cli-auth-login");

    let mut login = halo_at(
        &config,
        &url,
        &[
            "auth",
            "login",
            "--client-id",
            halo_testkit::DEFAULT_CLIENT_ID,
            "--redirect-uri",
            "http://127.0.0.1:0/callback",
            "--timeout",
            "30",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut lines = BufReader::new(login.stderr.take().unwrap()).lines();
    let authorize = lines
        .by_ref()
        .map(Result::unwrap)
        .find(|l| l.starts_with("http://"))
        .unwrap();
    assert!(
        authorize.contains("/login.live.com/oauth20_authorize.srf?"),
        "{authorize}"
    );
    // The browser: the service redirects to the loopback listener with a code.
    let (status, location) = get(&authorize);
    assert_eq!(status, 302);
    let redirect = location.unwrap();
    assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
    assert!(redirect.contains("code="), "{redirect}");
    assert_eq!(get(&redirect).0, 200);
    let out = login.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "Signed in as aCurtis X89 (xuid 2535445291321133).\n"
    );
    let halo_dir = config.join("halo");
    assert!(halo_dir.join("tokens.json").exists());
    assert!(halo_dir.join("login.json").exists());

    let out = run(&mut halo_at(&config, &url, &["auth", "status", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["credentials"], "login");
    assert_eq!(status["gamertag"], "aCurtis X89");
    assert_eq!(status["xuid"], 2_535_445_291_321_133_u64);
    assert!(status["expires_in_seconds"].as_u64().unwrap() > 0);

    // Commands now use the stored login: no credentials notice on standard error (warnings
    // of parts the test server cannot name may be there).
    let out = run(&mut halo_at(&config, &url, &["player", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).lines().all(|l| l.starts_with("warning: ")),
        "{}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["offline"], false);
    assert_eq!(report["service_record"]["matches_completed"], 2664);

    let out = run(&mut halo_at(&config, &url, &["auth", "logout"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!halo_dir.join("tokens.json").exists());
    assert!(!halo_dir.join("login.json").exists());
    let out = run(&mut halo_at(&config, &url, &["auth", "status"]));
    assert_eq!(
        stdout(&out),
        format!("Not signed in: commands use the test server's default token against {url}.\n")
    );
}

#[test]
fn login_needs_a_client_id() {
    let config = fresh_config("halo-cli-auth-no-client");
    let out = run(halo_command(&["auth", "login"])
        .env("XDG_CONFIG_HOME", &config)
        .env("HOME", &config));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: no Azure client id: pass --client-id or set HALO_CLIENT_ID"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_refused_client_secret_is_a_clear_error() {
    let (_server, url) = mock_server();
    let config = fresh_config("halo-cli-auth-bad-secret");
    let mut login = halo_at(
        &config,
        &url,
        &[
            "auth",
            "login",
            "--client-id",
            halo_testkit::DEFAULT_CLIENT_ID,
            "--redirect-uri",
            "http://127.0.0.1:0/callback",
        ],
    )
    .env("HALO_CLIENT_SECRET", "wrong-secret")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut err = BufReader::new(login.stderr.take().unwrap());
    let mut line = String::new();
    let authorize = loop {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0);
        if line.starts_with("http://") {
            break line.trim().to_owned();
        }
    };
    let (_, location) = get(&authorize);
    get(&location.unwrap());
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    let out = login.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(rest.contains("error: sign-in failed:"), "{rest}");
    assert!(!rest.contains("wrong-secret"), "{rest}");
    assert!(!config.join("halo/login.json").exists());
}
