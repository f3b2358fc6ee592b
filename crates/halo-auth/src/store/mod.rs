//! Token stores: where the refresh token and the unexpired tokens live between runs.

mod cipher;
mod file;
mod memory;
mod stored;

pub use cipher::StoreKey;
pub use file::FileStore;
pub use memory::MemoryStore;
pub use stored::StoredTokens;

use std::fmt;

use crate::error::Error;

/// Keeps [`StoredTokens`] between runs.
///
/// The provider loads once when it is built and saves after every change (a sign-in, a refresh,
/// a rotated refresh token). Calls are synchronous and small (one short file or map entry).
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored tokens, or `None` when nothing was stored yet.
    fn load(&self) -> Result<Option<StoredTokens>, Error>;
    /// Replaces the stored tokens.
    fn save(&self, tokens: &StoredTokens) -> Result<(), Error>;
    /// Forgets everything (sign-out).
    fn clear(&self) -> Result<(), Error>;
}
