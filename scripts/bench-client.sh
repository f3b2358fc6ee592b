#!/usr/bin/env bash
# halo-client figures against halo-testkit on loopback:
#   1. overhead: full stack (rate limit off) vs a bare hyper-util client, same concurrency;
#   2. useful throughput under a server rate limit R with the adaptive limiter.
# Knobs (environment): OVERHEAD_SECS ROUNDS CONCURRENCY RATE BURST LIMITED_SECS WORKERS
# (see crates/halo-client/benches/client_figures.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p halo-client --bench client_figures "$@"
