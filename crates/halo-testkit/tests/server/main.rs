//! The server's behaviour over real sockets: routes, paging, auth, rate limit, faults.
#![allow(clippy::unwrap_used)]

mod auth;
mod client;
mod faults;
mod history;
mod ratelimit;
mod robustness;
mod routes;
mod world;

use client::{Reply, Wire};
use halo_testkit::{DEFAULT_CLEARANCE_ID, DEFAULT_SPARTAN_TOKEN, TestServer};

/// Stats host.
pub const STATS: &str = "halostats.svc.halowaypoint.com";
/// Skill host.
pub const SKILL: &str = "skill.svc.halowaypoint.com";
/// Game CMS host.
pub const CMS: &str = "gamecms-hacs.svc.halowaypoint.com";
/// Id of the captured slayer match.
pub const SLAYER_ID: &str = "b4be1c44-5782-42b3-8cf8-0d76dd87230c";

/// `GET {root}/{host}{path}` with the static Spartan token and clearance.
pub async fn get(server: &TestServer, host: &str, path: &str) -> Wire {
    client::send(
        server.addr(),
        "GET",
        &format!("/{host}{path}"),
        &[
            ("x-343-authorization-spartan", DEFAULT_SPARTAN_TOKEN),
            ("343-clearance", DEFAULT_CLEARANCE_ID),
        ],
        b"",
    )
    .await
}

/// Like [`get`], expecting a response.
pub async fn get_ok(server: &TestServer, host: &str, path: &str) -> Reply {
    get(server, host, path).await.reply()
}
