//! A static Spartan token without a clearance: the service (here a halo-testkit world, which
//! like the service wants the clearance for skill results and other clearance-aware routes)
//! answers 403, and `halo sync` says what to do about it after its summary; with the
//! clearance set, the same sync stores every match and says nothing of it. A `halo crawl`
//! worker without the clearance warns before it starts.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{halo_command, stderr, stdout, world_server};
use halo_testkit::TestServer;

/// aCurtis X89.
const SEED: &str = "2535445291321133";

/// `halo sync SEED` of a 6-match history against `server` with the test server's Spartan
/// token, and the clearance when `clearance`.
fn sync(server: &TestServer, clearance: bool, name: &str) -> Output {
    let db = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("clearance-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let mut command = halo_command(&["sync", SEED, "--db", &db.to_string_lossy()]);
    command
        .env("HALO_BASE_URL", server.base_url())
        .env("HALO_SPARTAN_TOKEN", halo_testkit::DEFAULT_SPARTAN_TOKEN);
    if clearance {
        command.env("HALO_CLEARANCE", halo_testkit::DEFAULT_CLEARANCE_ID);
    }
    let out = command.output().unwrap();
    let _ = std::fs::remove_file(&db);
    out
}

#[test]
fn a_sync_refused_for_want_of_clearance_says_to_set_it() {
    let (_runtime, server) = world_server(6);

    let without = sync(&server, false, "without");
    assert!(without.status.success(), "{}", stderr(&without));
    let text = stdout(&without);
    // The 5 matchmade matches fail at their skill result (the custom game has none).
    assert!(
        text.contains(
            "1 new, 0 already stored, 5 failed\n  5 x skill: Skill_GetMatchResult: \
                       server answered 403 Forbidden\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "The service answered 403 Forbidden: HALO_CLEARANCE is not set: set it beside \
             HALO_SPARTAN_TOKEN (skill results and other services want the clearance), or sign \
             in with `halo auth login`, which fetches it; then sync again (what failed is tried \
             again).\n"
        ),
        "{text}"
    );

    // A crawl worker says it up front, before it connects to its database (none listens
    // here: the worker then stops with that error).
    let crawl = |clearance: bool| {
        let mut command = halo_command(&[
            "crawl",
            "--db",
            "postgres://halo@127.0.0.1:1/none",
            "--seed",
            SEED,
            "--account",
            "test",
        ]);
        command
            .env("HALO_BASE_URL", server.base_url())
            .env("HALO_SPARTAN_TOKEN", halo_testkit::DEFAULT_SPARTAN_TOKEN);
        if clearance {
            command.env("HALO_CLEARANCE", halo_testkit::DEFAULT_CLEARANCE_ID);
        }
        command.output().unwrap()
    };
    let worker = crawl(false);
    assert!(!worker.status.success());
    assert!(
        stderr(&worker).starts_with(
            "warning: HALO_CLEARANCE is not set: the skill service answers 403 Forbidden \
             without it, so matchmade matches will fail"
        ),
        "{}",
        stderr(&worker)
    );
    assert!(!stderr(&crawl(true)).contains("HALO_CLEARANCE"));

    let with = sync(&server, true, "with");
    assert!(with.status.success(), "{}", stderr(&with));
    let text = stdout(&with);
    assert!(text.contains("6 new, 0 already stored, 0 failed"), "{text}");
    assert!(!text.contains("403"), "{text}");
}
