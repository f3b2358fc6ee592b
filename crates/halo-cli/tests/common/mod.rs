//! Runs the built `halo` binary with no credentials configured (offline).
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The captured payloads.
pub fn captures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../halo-models/captures")
}

/// The match id of the slayer capture.
pub fn slayer_match_id() -> String {
    let path = captures().join("responses/Stats_GetMatchStats/slayer.json");
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    value["MatchId"].as_str().unwrap().to_owned()
}

/// `halo` with no credentials in the environment and an empty configuration directory.
pub fn halo_command(args: &[&str]) -> Command {
    let config = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("halo-cli-no-config");
    let mut command = Command::new(env!("CARGO_BIN_EXE_halo"));
    command
        .args(args)
        .env_remove("HALO_SPARTAN_TOKEN")
        .env_remove("HALO_CLEARANCE")
        .env_remove("HALO_BASE_URL")
        .env_remove("HALO_CLIENT_ID")
        .env_remove("HALO_CLIENT_SECRET")
        .env_remove("HALO_TESTKIT_FAULTS")
        .env("XDG_CONFIG_HOME", &config)
        .env("HOME", &config);
    command
}

/// `halo` offline with the fault plan `plan` (written to a file named `name`).
pub fn halo_faults(name: &str, plan: &str, args: &[&str]) -> Output {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.faults.json"));
    std::fs::write(&path, plan).unwrap();
    let mut args = args.to_vec();
    args.push("--offline");
    halo_command(&args)
        .env("HALO_TESTKIT_FAULTS", &path)
        .output()
        .unwrap()
}

/// Runs `halo` offline.
pub fn halo(args: &[&str]) -> Output {
    halo_command(args).output().unwrap()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs `halo` offline, expects success, returns standard output.
pub fn ok(args: &[&str]) -> String {
    let out = halo(args);
    assert!(
        out.status.success(),
        "halo {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// Compares `actual` with a golden file (`UPDATE_GOLDEN=1` rewrites it).
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        actual,
        expected,
        "output differs from {} (UPDATE_GOLDEN=1 rewrites it)",
        path.display()
    );
}

/// A halo-testkit server of the world whose players each have `history` matches, on a runtime
/// of its own (the `halo` processes under test are other processes; the test thread blocks on
/// them). Keep the runtime alive as long as the server.
pub fn world_server(history: u64) -> (tokio::runtime::Runtime, halo_testkit::TestServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(async {
        halo_testkit::TestServer::builder()
            .players(halo_testkit::World::default_players(history))
            .faults_from_env(false)
            .record_limit(0)
            .build()
            .start()
            .await
            .unwrap()
    });
    (runtime, server)
}
