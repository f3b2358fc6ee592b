//! Values fetched at most once per key, however many callers ask at the same time.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

/// A map from keys to values fetched once: the first caller of a key fetches, the others
/// (at the same time or later) wait for and share its answer. No lock is held across an
/// `.await`: the map's lock only hands out the key's cell.
pub(crate) struct Memo<K, V> {
    cells: Mutex<HashMap<K, Arc<OnceCell<V>>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            cells: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    /// The value of `key`, fetched by `fetch` if no caller did before.
    pub(crate) async fn get<F, Fut>(&self, key: K, fetch: F) -> V
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cells.entry(key).or_default())
        };
        cell.get_or_init(fetch).await.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn each_key_is_fetched_once_even_at_the_same_time() {
        let memo: Memo<u8, u32> = Memo::default();
        let calls = AtomicUsize::new(0);
        let fetch = |v: u32| {
            let calls = &calls;
            move || async move {
                calls.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                v
            }
        };
        let (a, b, c) = tokio::join!(
            memo.get(1, fetch(10)),
            memo.get(1, fetch(11)),
            memo.get(2, fetch(20)),
        );
        assert_eq!((a, b, c), (10, 10, 20));
        assert_eq!(memo.get(1, fetch(12)).await, 10);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
