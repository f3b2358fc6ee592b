#!/usr/bin/env bash
# Times SPNKr's highlight-events reader and halo-film's on the same film chunks, in one run,
# and prints per-chunk milliseconds for both and the ratio.
#
# Usage: scripts/bench-film.sh [FILMS_DIR]
#   FILMS_DIR     defaults to crates/halo-models/captures/films
#   SPNKR_VENV    virtualenv holding spnkr 0.10.2 (default $HOME/spnkr-venv; created if missing)
#   SPNKR_BENCH   SPNKr's timing script (default ../shared/bench/spnkr_film.py)
# SPNKr's figure is one call per chunk; ours is the median of repeated calls (see
# crates/halo-film/examples/film_figures.rs).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
films="$(cd "${1:-$root/crates/halo-models/captures/films}" && pwd)"
venv="${SPNKR_VENV:-$HOME/spnkr-venv}"
spnkr_bench="${SPNKR_BENCH:-$root/../shared/bench/spnkr_film.py}"

if ! "$venv/bin/python" -c "import spnkr" 2>/dev/null; then
  echo "creating $venv with spnkr 0.10.2..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "spnkr==0.10.2"
fi

cd "$root"
cargo build --quiet --release -p halo-film --example film_figures
spnkr_json="$("$venv/bin/python" "$spnkr_bench" "$films" --json)"
ours_json="$(cargo run --quiet --release -p halo-film --example film_figures -- "$films" --json)"

SPNKR_JSON="$spnkr_json" OURS_JSON="$ours_json" python3 - <<'PY'
import json, os, statistics
spnkr = {r["file"]: r for r in json.loads(os.environ["SPNKR_JSON"])}
ours = {r["file"]: r for r in json.loads(os.environ["OURS_JSON"])}
print(f"{'chunk':52s} {'events':>6s} {'SPNKr ms':>10s} {'halo-film ms':>13s} {'ratio':>8s}")
ratios = []
for name in sorted(spnkr):
    s, o = spnkr[name], ours.get(name)
    if o is None:
        print(f"{name:52s} missing from halo-film's figures")
        continue
    same = "" if s["events"] == o["events"] else f" (halo-film: {o['events']})"
    ratio = s["ms"] / o["ms"] if o["ms"] > 0 else float("inf")
    ratios.append(ratio)
    print(f"{name:52s} {s['events']:6d} {s['ms']:10.1f} {o['ms']:13.3f} {ratio:7.0f}x{same}")
if ratios:
    print(f"ratio: min {min(ratios):.0f}x, median {statistics.median(ratios):.0f}x, max {max(ratios):.0f}x")
PY
