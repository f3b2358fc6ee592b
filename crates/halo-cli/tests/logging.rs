//! `RUST_LOG` and `-v` turn on tracing on standard error, tokens never in it; without either,
//! nothing but the command's own lines.
#![allow(clippy::unwrap_used)]

mod common;

use common::{halo_command, stderr, stdout};

#[test]
fn rust_log_traces_the_calls_without_the_tokens() {
    let out = halo_command(&["player", "--offline"])
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    // The client's spans, hyper's and the embedded server's events are there...
    assert!(err.contains("halo.attempt"), "{err}");
    assert!(err.contains("endpoint=\"Profile_GetUser\""), "{err}");
    assert!(err.contains("hyper"), "{err}");
    // ...and the tokens the client sent on every request are not.
    assert!(!err.contains(halo_testkit::DEFAULT_SPARTAN_TOKEN), "{err}");
    assert!(!err.contains(halo_testkit::DEFAULT_CLEARANCE_ID), "{err}");
    assert!(!stdout(&out).is_empty());
}

#[test]
fn verbose_is_quieter_than_trace_and_off_by_default() {
    let out = halo_command(&["-v", "player", "--offline"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    // One line per call, closed with its status.
    assert!(
        err.lines().any(
            |l| l.contains("INFO halo.call{endpoint=\"Profile_GetUser\"")
                && l.contains("status=200")
        ),
        "{err}"
    );
    assert!(!err.contains("TRACE"), "{err}");
    assert!(!err.contains(halo_testkit::DEFAULT_SPARTAN_TOKEN), "{err}");

    let out = halo_command(&["player", "--offline"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).lines().all(|l| l.starts_with("warning: ")),
        "{}",
        stderr(&out)
    );

    let out = halo_command(&["player", "--offline"])
        .env("RUST_LOG", "halo_client=nonsense")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("warning: RUST_LOG not understood"),
        "{}",
        stderr(&out)
    );
}
