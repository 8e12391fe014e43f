#!/usr/bin/env bash
# bench/changed.sh — `relman lint --changed-since` against the full lint, on the
# 10,000-file tree of ../shared/bench/gen-docs.sh made a git repository (one commit).
# Three changes, each measured on its own (median wall time of RUNS runs):
#   - one page edited (a heading renamed): what a pull request usually is;
#   - one page deleted: every page linking to it must be linted;
#   - nothing changed: the cost of deciding alone.
# The target (issue 15): one file changed costs at most 10% of the full lint.
#
# Usage: bench/changed.sh [FILES] [RUNS]   (defaults: 10000 files, 5 runs)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-10000}
runs=${2:-5}
gen=${GEN_DOCS:-$here/../shared/bench/gen-docs.sh}
tree=/tmp/relman-bench-changed-$files

if [[ ! -d $tree/.git ]]; then
  echo "building a $files-file docs tree in $tree (once)…" >&2
  bash "$gen" -m "$files" -f "$tree" >&2
  git -C "$tree" init -q -b main
  git -C "$tree" add -A
  git -C "$tree" -c user.name=bench -c user.email=bench@example.com commit -q -m "docs: the tree"
fi
git -C "$tree" reset -q --hard
git -C "$tree" clean -qfd
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
relman=${CARGO_TARGET_DIR:-$here/target}/release/relman

python3 - "$tree" "$runs" "$relman" <<'PY'
import os, re, statistics, subprocess, sys, time
tree, runs, relman = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def measure(args):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([relman, *args], cwd=tree, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times), p

def git(*args):
    subprocess.run(["git", *args], cwd=tree, check=True, capture_output=True)

# The page most linked to: its changes reach the most other files.
pages = subprocess.run(["git", "ls-files", "*.md"], cwd=tree, capture_output=True, text=True).stdout.split()
counts = {}
for page in pages:
    text = open(os.path.join(tree, page), encoding="utf-8", errors="replace").read()
    for dest in re.findall(r"\]\(([^)#\s]+)", text):
        target = os.path.normpath(os.path.join(os.path.dirname(page), dest))
        counts[target] = counts.get(target, 0) + 1
linked = max((p for p in pages if p in counts), key=lambda p: counts[p])
print(f"tree: {tree}, {len(pages)} Markdown files; the page changed: {linked} ({counts[linked]} links into it)")

full, p = measure(["lint", "--format", "json"])
print(f"{'full lint':44} {full*1000:8.0f} ms")

def case(name):
    t, p = measure(["lint", "--changed-since", "HEAD", "--format", "json"])
    why = next((l for l in p.stderr.splitlines() if l.startswith("--changed-since")), "")
    print(f"{name:44} {t*1000:8.0f} ms {t / full * 100:6.1f}% of the full lint  [{why.split(': ', 1)[-1]}]")

case("nothing changed")
path = os.path.join(tree, linked)
text = open(path, encoding="utf-8").read()
renamed = re.sub(r"(?m)^(## .*)$", r"\1 renamed", text, count=1)
open(path, "w", encoding="utf-8").write(renamed)
case("one page edited (a heading renamed)")
git("checkout", "--", linked)
os.remove(path)
case("one page deleted")
git("checkout", "--", linked)
PY
