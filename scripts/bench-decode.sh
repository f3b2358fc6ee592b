#!/usr/bin/env bash
# Decode throughput, side by side in one run: SPNKr (pydantic v2, the reference Python client)
# versus halo-models (typed: `halo_models::decode`, which runs `decode_json`, the function
# every typed halo-client call decodes with), serde_json::Value and serde::de::IgnoredAny, and a
# typed halo-client call end to end over a transport that answers with the preloaded body (no
# network: request building, the tower stack and the decode), on the same 14 captured payloads
# (/work/shared/bench/spnkr_decode.py's list). Prints per-file MB/s, the overall MB/s (total
# bytes / total time, as the reference script computes it) and the ratios.
#
# Usage: scripts/bench-decode.sh [SECONDS_PER_CASE]   (default 1)
# Env:   SPNKR_VENV (default $HOME/spnkr-venv; created with `pip install spnkr==0.10.2` if missing)
#        SPNKR_SCRIPT (default /work/shared/bench/spnkr_decode.py)
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-1}"
venv="${SPNKR_VENV:-$HOME/spnkr-venv}"
script="${SPNKR_SCRIPT:-/work/shared/bench/spnkr_decode.py}"
captures="crates/halo-models/captures"

if ! "$venv/bin/python" -c "import spnkr" 2>/dev/null; then
  echo "installing spnkr==0.10.2 into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "spnkr==0.10.2"
fi

# Build first so compiling never overlaps a measurement.
cargo build --release --quiet -p halo-models --example decode_figures
cargo build --release --quiet -p halo-client --example decode_call_figures

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Each decoder runs in a process of its own, as SPNKr does: one decoder's garbage (the heap
# that decoding into serde_json::Value leaves fragmented) never slows another's measurement.
for decoder in typed value ignored_any; do
  echo "measuring halo-models ($decoder), ${seconds}s per file ..." >&2
  cargo run --release --quiet -p halo-models --example decode_figures -- "$captures" --seconds "$seconds" --json --only "$decoder" >"$tmp/rust-$decoder.json"
done
echo "measuring a typed halo-client call over a preloaded transport, ${seconds}s per file ..." >&2
cargo run --release --quiet -p halo-client --example decode_call_figures -- "$captures" --seconds "$seconds" --json >"$tmp/rust-client.json"
echo "measuring SPNKr, ${seconds}s per file ..." >&2
"$venv/bin/python" "$script" "$captures" --seconds "$seconds" --json >"$tmp/spnkr.json"

python3 - "$tmp" "$tmp/spnkr.json" <<'PY'
import json, sys
# Merge the three single-decoder runs: each fills its own column.
parts = {d: json.load(open(f"{sys.argv[1]}/rust-{d}.json")) for d in ("typed", "value", "ignored_any")}
rust = parts["typed"]
for d, part in parts.items():
    rust["overall"][d] = part["overall"][d]
    for row, other in zip(rust["rows"], part["rows"]):
        row[f"{d}_mb_per_s"] = other[f"{d}_mb_per_s"]
client = json.load(open(f"{sys.argv[1]}/rust-client.json"))
for row, other in zip(rust["rows"], client["rows"]):
    row["client_mb_per_s"] = other["client_mb_per_s"]
spnkr = json.load(open(sys.argv[2]))
by_file = {r["file"]: r for r in spnkr["rows"]}
print(f"{'file':46} {'bytes':>8} {'SPNKr':>8} {'typed':>8} {'call':>8} {'Value':>8} {'Ignored':>8} {'typed/SPNKr':>11} {'typed/Value':>11} {'call/SPNKr':>10}")
for r in rust["rows"]:
    s = by_file[r["file"]]["mb_per_s"]
    t, c, v, i = r["typed_mb_per_s"], r["client_mb_per_s"], r["value_mb_per_s"], r["ignored_any_mb_per_s"]
    print(f"{r['file']:46} {r['bytes']:>8} {s:>8.1f} {t:>8.1f} {c:>8.1f} {v:>8.1f} {i:>8.1f} {t / s:>10.2f}x {t / v:>10.2f}x {c / s:>9.2f}x")
o = rust["overall"]
c = client["overall"]["client"]
s = spnkr["overall_mb_per_s"]
print()
print(f"overall MB/s: SPNKr {s:.1f} | typed {o['typed']:.1f} | typed call {c:.1f} | serde_json::Value {o['value']:.1f} | IgnoredAny {o['ignored_any']:.1f}")
print(f"ratios: typed/SPNKr {o['typed'] / s:.2f}x (target >= 4) | typed/Value {o['typed'] / o['value']:.2f}x (target >= 2) | typed call/SPNKr {c / s:.2f}x | typed call/typed {c / o['typed']:.2f}")
PY
