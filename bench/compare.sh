#!/usr/bin/env bash
# bench/compare.sh — two relman binaries side by side: did a change make relman slower?
#
# Usage: bench/compare.sh OLD NEW [RUNS]   (default 15 runs)
# Runs `next`, `changelog --all` on the 100,000-commit history from
# ../shared/bench/gen-history.sh and `lint --format json` on the 10,000-file tree from
# ../shared/bench/gen-docs.sh (both built under /tmp once), as a plain folder and as a git
# repository, alternating OLD and NEW run by run
# so that both meet the same machine state, and prints the median wall time of each and the
# ratio NEW/OLD. It also checks that both binaries print the same bytes for each command.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: bench/compare.sh OLD NEW [RUNS]}
new=${2:?usage: bench/compare.sh OLD NEW [RUNS]}
runs=${3:-15}
history=/tmp/relman-bench-history-100000
docs=/tmp/relman-bench-docs-10000

if [[ ! -f $history/.git/gen-history.expected ]]; then
  echo "building a 100000-commit history in $history (once)…" >&2
  bash "$here/../shared/bench/gen-history.sh" -n 100000 -f "$history" >&2
fi
if [[ ! -f $docs/.gen-docs/summary.txt ]]; then
  echo "building a 10000-file docs tree in $docs (once)…" >&2
  bash "$here/../shared/bench/gen-docs.sh" -m 10000 -f "$docs" >&2
fi

if [[ ! -d $docs-git/.git ]]; then
  echo "copying it into a git repository, $docs-git (once)…" >&2
  rm -rf "$docs-git" && cp -r "$docs" "$docs-git"
  git -C "$docs-git" init -q && git -C "$docs-git" add -A &&
    git -C "$docs-git" -c user.name=bench -c user.email=bench@example.com commit -qm "docs: corpus"
fi

python3 - "$old" "$new" "$runs" "$history" "$docs" <<'PY'
import statistics, subprocess, sys, time
old, new, runs, history, docs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
cases = [
    ("next (100k commits)", history, ["next"]),
    ("changelog --all (100k commits)", history, ["changelog", "--all"]),
    ("lint (10k files)", docs, ["lint", "--format", "json"]),
    ("lint (10k files, git tree)", docs + "-git", ["lint", "--format", "json"]),
]
worst = 0.0
for name, cwd, args in cases:
    outputs = {}
    for binary in (old, new):
        p = subprocess.run([binary] + args, cwd=cwd, capture_output=True)
        outputs[binary] = (p.returncode, p.stdout)
    same = "same output" if outputs[old] == outputs[new] else "OUTPUT DIFFERS"
    times = {old: [], new: []}
    for _ in range(runs):
        for binary in (old, new):
            t = time.perf_counter()
            subprocess.run([binary] + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[binary].append(time.perf_counter() - t)
    a, b = statistics.median(times[old]), statistics.median(times[new])
    worst = max(worst, b / a)
    print(f"{name:32} old {a*1000:8.1f} ms   new {b*1000:8.1f} ms   new/old {b/a:5.3f}   {same}")
print(f"worst ratio new/old: {worst:.3f}")
PY
