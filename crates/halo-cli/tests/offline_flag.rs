//! `--offline` applies to the commands that call the service and is refused, as bad usage
//! (exit status 2) with one clear line, by those that never do; `HALO_OFFLINE=1` is not.
#![allow(clippy::unwrap_used)]

mod common;

use common::{halo, halo_command, stderr, stdout};

#[test]
fn refused_by_a_command_that_never_calls_the_service() {
    let out = halo(&["--offline", "completion", "bash"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains(
            "`--offline` means nothing to `halo completion`, which never calls the Halo service"
        ),
        "{}",
        stderr(&out)
    );
    let out = halo(&["film", "decode", "missing.zlib", "--offline"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`halo film decode`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_environment_variable_is_not_refused() {
    let out = halo_command(&["completion", "bash"])
        .env("HALO_OFFLINE", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("_halo()"));
}

#[test]
fn applies_before_and_after_a_command_that_calls_the_service() {
    for args in [
        &["--offline", "player", "aCurtis X89", "--json"][..],
        &["player", "aCurtis X89", "--json", "--offline"],
    ] {
        let out = halo(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["offline"], true);
        assert_eq!(json["player"]["gamertag"], "aCurtis X89", "{json}");
        assert_eq!(json["matches"]["matchmade"], 2664);
    }
}
