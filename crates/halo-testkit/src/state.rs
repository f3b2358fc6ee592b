//! The state every connection of one server shares.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::auth_state::AuthState;
use crate::config::TestConfig;
use crate::counters::Counters;
use crate::faults::FaultState;
use crate::lock::lock;
use crate::ratelimit::Limiter;
use crate::record::RecordedRequest;
use crate::world::World;

/// Shared server state (behind an `Arc`).
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: TestConfig,
    pub(crate) world: Arc<World>,
    pub(crate) counters: Counters,
    pub(crate) auth: Mutex<AuthState>,
    records: Mutex<VecDeque<RecordedRequest>>,
    pub(crate) faults: Mutex<FaultState>,
    pub(crate) limiter: Mutex<Limiter>,
    seq: AtomicU64,
}

impl State {
    pub(crate) fn new(config: TestConfig) -> Self {
        let auth = AuthState::new(&config);
        let world = Arc::new(World::of(&config));
        Self {
            config,
            world,
            counters: Counters::default(),
            auth: Mutex::new(auth),
            records: Mutex::new(VecDeque::new()),
            faults: Mutex::new(FaultState::default()),
            limiter: Mutex::new(Limiter::default()),
            seq: AtomicU64::new(1),
        }
    }

    /// Records a request, dropping the oldest beyond the configured limit.
    pub(crate) fn record(&self, request: RecordedRequest) {
        let limit = self.config.record_limit;
        if limit == 0 {
            return;
        }
        let mut records = lock(&self.records);
        while records.len() >= limit {
            records.pop_front();
        }
        records.push_back(request);
    }

    /// The recorded requests, oldest first.
    pub(crate) fn recorded(&self) -> Vec<RecordedRequest> {
        lock(&self.records).iter().cloned().collect()
    }

    /// Forgets the recorded requests.
    pub(crate) fn clear_records(&self) {
        lock(&self.records).clear();
    }

    /// A fresh number for token and code generation.
    pub(crate) fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }
}
