#![doc = include_str!("../README.md")]

mod clock;
mod config;
mod device;
mod endpoints;
mod error;
mod halo;
mod http;
mod login;
mod oauth;
mod provider;
mod secret;
pub mod store;
mod time;
mod tokens;
mod wire;
mod xbox;

pub use config::AuthConfig;
pub use device::DeviceLogin;
pub use endpoints::{Endpoints, LOGIN_HOST, SETTINGS_HOST, USER_HOST, XSTS_HOST};
pub use error::{Error, ErrorKind, Step};
pub use halo::{ClearanceMode, DEFAULT_CLEARANCE_BUILD};
pub use login::{AuthorizationCode, PendingLogin};
pub use oauth::{DEFAULT_SCOPE, OAuthConfig};
pub use provider::{TokenProvider, XboxIdentity};
pub use secret::Secret;
pub use store::{FileStore, MemoryStore, StoreKey, StoredTokens, TokenStore};
pub use tokens::{HaloTokens, XstsToken};
pub use xbox::{HALO_RELYING_PARTY, XBOX_LIVE_RELYING_PARTY};

#[cfg(test)]
mod fake;
#[cfg(test)]
mod provider_tests;
