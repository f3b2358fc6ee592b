//! No work lost to a 429: a refusal with `Retry-After` is waited out without spending the
//! endpoint's retry, long waits are shown on standard error, and a whole history comes
//! through a periodic 429. Offline against the embedded test server with fault plans.
#![allow(clippy::unwrap_used)]

mod common;

use common::{halo_faults, stderr};

/// Three history requests in a row answer 429 with `Retry-After: 0`, then one comes through,
/// and so on (two rules counting the same requests). The endpoint's policy has one retry, so
/// before the waits were free every such run failed.
const HISTORY_429_PERIODIC: &str = r#"{"rules":[
    {"endpoint":"Stats_GetMatchHistory","every":2,"action":{"kind":"status","status":429,"retry_after":0}},
    {"endpoint":"Stats_GetMatchHistory","every":2,"action":{"kind":"status","status":429,"retry_after":0}}]}"#;

/// The first history request answers 429 with `Retry-After: 3`.
const HISTORY_429_WAIT_3: &str = r#"{"rules":[
    {"endpoint":"Stats_GetMatchHistory","first":1,"action":{"kind":"status","status":429,"retry_after":3}}]}"#;

#[test]
fn a_whole_history_comes_through_a_periodic_429() {
    let out = halo_faults(
        "history-429-periodic",
        HISTORY_429_PERIODIC,
        &["--json", "history", "--count", "2669"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let matches = report["matches"].as_array().unwrap();
    // The whole history: 2,664 matchmade matches and 5 custom games.
    assert_eq!(matches.len(), 2669);
    // The history itself is whole (name lookups are another matter, not under test here).
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    assert!(errors.iter().all(|e| e["part"] != "history"), "{errors:?}");
    assert!(!stderr(&out).contains("match history"), "{}", stderr(&out));
    // Zero-second waits are not worth a line.
    assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
}

#[test]
fn a_long_wait_is_shown_once_on_standard_error() {
    let out = halo_faults(
        "history-429-wait",
        HISTORY_429_WAIT_3,
        &["--json", "history", "--count", "5"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["matches"].as_array().unwrap().len(), 5);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("waiting")).collect();
    assert_eq!(
        lines,
        ["waiting 3 s for halostats.svc.halowaypoint.com (rate limited)"],
        "{err}"
    );
}
