#![doc = include_str!("../README.md")]

mod auth;
mod auth_state;
mod body;
mod captures;
mod clock;
mod config;
mod counters;
mod device;
mod device_state;
mod encoding;
mod error;
mod faults;
mod form;
mod generated;
mod glob;
mod halo;
mod ids;
mod incoming;
mod lock;
mod people;
pub mod postgres;
mod ratelimit;
mod record;
mod respond;
mod routes;
mod search;
mod server;
mod service;
mod state;
mod time;
mod world;
mod xbox;

pub use config::{
    DEFAULT_HISTORY_MATCHES, DEFAULT_RECORD_LIMIT, DEFAULT_SEED, DEFAULT_SYNTHETIC_PLAYERS,
    RateLimit, RedirectPolicy, TestConfig, TestConfigBuilder, TestUser, WorldPlayer,
};
pub use counters::ServerStats;
pub use error::{Error, ErrorKind};
pub use faults::{FaultAction, FaultPlan, FaultRule, FaultSelector, FaultTarget};
pub use record::RecordedRequest;
pub use server::{TestServer, serve};
pub use world::World;

/// OAuth client id the server accepts by default.
pub const DEFAULT_CLIENT_ID: &str = "00000000-4a5e-4c1d-9e57-7e57c0ffee01";
/// OAuth client secret the server accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "testkit-client-secret";
/// A redirect URI the default redirect policy accepts (any loopback URI is accepted).
pub const DEFAULT_REDIRECT_URI: &str = "http://localhost:8400/callback";
/// XUID of the default signed-in user (the player of the match captures).
pub const DEFAULT_XUID: u64 = 2_535_445_291_321_133;
/// Gamertag of the default signed-in user.
pub const DEFAULT_GAMERTAG: &str = "aCurtis X89";
/// A refresh token that is valid when the server starts (rotated away on first use when
/// refresh tokens rotate), so a test can skip the browser step.
pub const DEFAULT_REFRESH_TOKEN: &str = "testkit-refresh-token-0";
/// A Spartan token that is always valid (when `accept_static_tokens` is on), for static providers.
pub const DEFAULT_SPARTAN_TOKEN: &str = "testkit-static-spartan-token";
/// The static Xbox Live authorization accepted on the Xbox Live routes (with
/// `accept_static_tokens`), like [`DEFAULT_SPARTAN_TOKEN`] on the Halo routes.
pub const DEFAULT_XBOX_LIVE_AUTHORIZATION: &str = "XBL3.0 x=0;testkit-static-xsts-token";
/// The clearance (flight configuration id) the server issues and expects in `343-clearance`.
pub const DEFAULT_CLEARANCE_ID: &str = "46f08f2d-2804-4207-8634-fcf6570bec6e";
/// Default lifetime of a Spartan token (the real service issues about 4 hours).
pub const DEFAULT_SPARTAN_TOKEN_LIFETIME: std::time::Duration =
    std::time::Duration::from_secs(4 * 3600);
/// Default lifetime of an OAuth access token (`expires_in`).
pub const DEFAULT_ACCESS_TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(3600);
/// Default lifetime of Xbox user and XSTS tokens.
pub const DEFAULT_XBOX_TOKEN_LIFETIME: std::time::Duration =
    std::time::Duration::from_secs(16 * 3600);
/// The Halo relying party for XSTS, required for tokens given to `spartan-token`.
pub const HALO_RELYING_PARTY: &str = "https://prod.xsts.halowaypoint.com/";
/// The Xbox Live relying party for XSTS.
pub const XBOX_LIVE_RELYING_PARTY: &str = "http://xboxlive.com";
/// The XErr the XSTS endpoint answers for a user without an Xbox profile.
pub const XERR_NO_XBOX_PROFILE: u64 = 2_148_916_233;
/// The XErr the XSTS endpoint answers for a child account without consent.
pub const XERR_CHILD_ACCOUNT: u64 = 2_148_916_238;
/// Environment variable naming a fault-plan JSON file, read when a server starts.
pub const FAULTS_ENV: &str = "HALO_TESTKIT_FAULTS";

/// Compile-time check that the public handle and values can cross threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<TestServer>();
    send_sync::<TestConfig>();
    send_sync::<RecordedRequest>();
    send_sync::<ServerStats>();
    send_sync::<FaultPlan>();
    send_sync::<Error>();
    send_sync::<World>();
};
