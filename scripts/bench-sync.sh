#!/usr/bin/env bash
# `halo sync` at scale, offline: the embedded halo-testkit plays a player with N matches
# (rate limit off), the release binary syncs them all into a new SQLite file, and GNU time
# reports the wall time and the peak RSS (server and client are one process, so the figure
# includes the server). Run at two history lengths, the memory must stay flat.
# Knobs (environment): MATCHES (default 10000), SMALL (default 2500), CONCURRENCY (default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
MATCHES="${MATCHES:-10000}"
SMALL="${SMALL:-2500}"
CONCURRENCY="${CONCURRENCY:-8}"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
cargo build --release --quiet -p halo-cli
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
run() {
  local n="$1" db="$dir/sync-$1.sqlite"
  HALO_OFFLINE_HISTORY="$n" /usr/bin/time -f "%e %M" -o "$dir/time-$n" \
    target/release/halo --offline sync "aCurtis X89" --db "$db" --concurrency "$CONCURRENCY" \
    >"$dir/out-$n" 2>"$dir/err-$n"
  read -r secs kb <"$dir/time-$n"
  local size
  size=$(du -k "$db" | cut -f1)
  printf '%6d matches: %6.1f s, %5.1f matches/s, peak RSS %5.1f MB, database %5.1f MB\n' \
    "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" \
    "$(echo "$size / 1024" | bc -l)"
  grep -E "new, .* already stored" "$dir/out-$n" | sed 's/^/        /'
}
run "$SMALL"
run "$MATCHES"
