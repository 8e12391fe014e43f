#!/usr/bin/env bash
# bench/monorepo.sh — relman on a monorepo: 100,000 commits, 20 packages, 400 tags.
#
# Usage: bench/monorepo.sh [COMMITS] [RUNS]   (defaults: 100000 commits, 9 runs)
# Builds the history with bench/gen-monorepo.py under /tmp (kept between runs), builds
# relman in release mode, checks that `relman next` proposes the versions the generator
# expects, then times, in the same run (median wall time and peak memory, output to a pipe):
#   - `relman changelog --all --package p07` against `git log --format=%H%x00%B%x00 -- packages/p07`
#   - `relman next` (every package) against `git log --name-only --format=%H OLDEST..HEAD`,
#     OLDEST being the oldest of the packages' latest tags.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commits=${1:-100000}
runs=${2:-9}
repo=/tmp/relman-bench-monorepo-$commits

if [[ ! -f $repo/.git/gen-monorepo.expected || ! -f $repo/.git/packed-refs ]]; then
  echo "building a $commits-commit monorepo in $repo (once)…" >&2
  rm -rf "$repo"
  python3 "$here/bench/gen-monorepo.py" -n "$commits" "$repo" >&2
fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
relman=${CARGO_TARGET_DIR:-$here/target}/release/relman

if ! diff <("$relman" -C "$repo" next 2>/dev/null) "$repo/.git/gen-monorepo.expected" >/dev/null; then
  echo "MISMATCH: relman next does not propose the expected versions" >&2
  exit 1
fi
echo "relman next proposes the expected version for each of $(wc -l < "$repo/.git/gen-monorepo.expected") packages"

# The oldest of the packages' latest tags: where the floor of `next` starts.
oldest=$("$relman" -C "$repo" next --format json 2>/dev/null | python3 -c '
import json, subprocess, sys
tags = [p["latest_tag"] for p in json.load(sys.stdin)["packages"] if p["latest_tag"]]
times = {t: int(subprocess.run(["git", "-C", sys.argv[1], "log", "-1", "--format=%ct", t], capture_output=True, text=True).stdout) for t in tags}
print(min(times, key=times.get))' "$repo")

python3 - "$repo" "$relman" "$runs" "$oldest" <<'PY'
import os, statistics, subprocess, sys, time
repo, relman, runs, oldest = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def measure(cmd):
    times, peak = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for _chunk in iter(lambda: p.stdout.read(1 << 16), b""):
            pass
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024

pairs = [
    ("changelog --all --package p07",
     ["git", "log", "--format=%H%x00%B%x00", "--", "packages/p07"],
     [relman, "changelog", "--all", "--package", "p07"]),
    (f"next (all packages; floor from {oldest})",
     ["git", "log", "--name-only", "--format=%H", f"{oldest}..HEAD"],
     [relman, "next"]),
]
for name, floor_cmd, cmd in pairs:
    f, fm = measure(floor_cmd)
    r, rm = measure(cmd)
    print(f"{name}:")
    print(f"  floor  {f*1000:8.1f} ms {fm:7.1f} MB   {' '.join(floor_cmd[:3])} …")
    print(f"  relman {r*1000:8.1f} ms {rm:7.1f} MB   ratio {r/f:4.2f}x time, {rm/fm:4.2f}x memory")
PY
