//! The reliability soak, short: 32 callers for 8 s with a fixed seed through the whole client
//! against halo-testkit with a random fault plan and Spartan tokens living 3 s (what it checks:
//! `examples/soak/engine.rs`). The long form prints its counts: `cargo xtask soak --seconds N`.
#![allow(clippy::unwrap_used)]

#[path = "../examples/soak/engine.rs"]
#[allow(dead_code)]
mod engine;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_two_callers_through_faults_and_expiring_tokens() {
    let config = engine::SoakConfig::new(Duration::from_secs(8), 20);
    let report = engine::run(config).await.unwrap();
    println!("{report}");
    let failures = report.failures(&config);
    assert!(failures.is_empty(), "{}\n{report}", failures.join("\n"));
    // Every kind of fault showed up as some typed error or was retried into a success.
    assert!(report.calls > 200, "{report}");
    assert!(report.refreshes() >= 2, "{report}");
    assert!(
        report.errors.keys().any(|k| k.starts_with("decode")),
        "{report}"
    );
    // 429s with Retry-After were waited out (by every caller: a 429 pauses them all), and
    // 503s, resets, timeouts and truncations retried after the policy's delay.
    assert!(report.retry_after_waits >= 1, "{report}");
    assert!(report.backoff_waits >= 1, "{report}");
}
