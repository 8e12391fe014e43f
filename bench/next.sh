#!/usr/bin/env bash
# bench/next.sh — `relman next` against `git describe --tags --abbrev=0` on a long history.
#
# Usage: bench/next.sh [COMMITS] [RUNS]   (defaults: 100000 commits, 20 runs)
# Builds the history with ../shared/bench/gen-history.sh under /tmp (kept between runs),
# builds relman in release mode, times both commands in the same run (median of RUNS
# wall-clock runs each, output to /dev/null) and prints the ratio. It also checks that
# relman proposes the version the generator expects.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commits=${1:-100000}
runs=${2:-20}
gen=${GEN_HISTORY:-$here/../shared/bench/gen-history.sh}
repo=/tmp/relman-bench-history-$commits

if [[ ! -f $repo/.git/gen-history.expected ]]; then
  echo "building a $commits-commit history in $repo (once)…" >&2
  bash "$gen" -n "$commits" -f "$repo" >&2
fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
relman=${CARGO_TARGET_DIR:-$here/target}/release/relman

expected=$(sed -n 's/^expected_next=v//p' "$repo/.git/gen-history.expected")
got=$("$relman" -C "$repo" next 2>/dev/null)
echo "expected next version: $expected; relman next: $got"
[[ $got == "$expected" ]] || { echo "MISMATCH" >&2; exit 1; }

python3 - "$repo" "$relman" "$runs" <<'PY'
import subprocess, sys, time, statistics
repo, relman, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def median(cmd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
git = median(["git", "describe", "--tags", "--abbrev=0"])
rel = median([relman, "next"])
print(f"git describe --tags --abbrev=0: {git*1000:8.2f} ms")
print(f"relman next:                    {rel*1000:8.2f} ms")
print(f"ratio relman/git describe:      {rel/git:8.2f}x  (target < 3x)")
PY
