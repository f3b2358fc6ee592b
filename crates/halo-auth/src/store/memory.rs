//! [`MemoryStore`]: tokens kept in process memory only.

use std::sync::{Arc, Mutex, PoisonError};

use super::{StoredTokens, TokenStore};
use crate::error::Error;

/// A store in memory; clones share the same contents, so a test (or a program that runs several
/// providers) can hand one clone to a provider and inspect another.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Option<StoredTokens>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store seeded with `tokens` (for example [`StoredTokens::from_refresh_token`]).
    pub fn with_tokens(tokens: StoredTokens) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Some(tokens))),
        }
    }

    /// What the store holds now.
    pub fn snapshot(&self) -> Option<StoredTokens> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> Result<Option<StoredTokens>, Error> {
        Ok(self.snapshot())
    }

    fn save(&self, tokens: &StoredTokens) -> Result<(), Error> {
        *self.inner.lock().unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
        Ok(())
    }

    fn clear(&self) -> Result<(), Error> {
        *self.inner.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Ok(())
    }
}
