#!/usr/bin/env bash
# bench/changelog.sh — `relman changelog --all` against git-cliff, cocogitto (`cog changelog`),
# convco (`convco changelog`) and the floor `git log --format='%H%x00%B%x00'` (reading every
# commit is the least any tool must do), on histories made by ../shared/bench/gen-history.sh,
# all in the same run, output through a pipe. Prints median wall time, peak RSS and the
# ratio to the floor.
#
# Usage: bench/changelog.sh [COMMITS…] [-r RUNS] [-t COMMITS] [-p REPO[:PACKAGE:PATH]]
#   (default: 10000 100000 1000000, and a 20000-commit tag topology; 3 runs)
#   -t COMMITS  the size of the history made by bench/gen-topology.py (a tag every 2–3
#               commits, release branches with backports and their own tags, some merged
#               back); 0 for none. Its section count is checked against the one expected.
#   -p REPO also runs the comparison on an existing repository (a real project's clone:
#      vitejs/vite, renovatebot/renovate), from a checkout; with :PACKAGE:PATH, relman
#      runs with --package PACKAGE and a second floor reads only PATH's commits.
# Peers are installed under /tmp/relman-bench-tools when missing: git-cliff from npm,
# cocogitto and convco 0.6.4 with `cargo install` (convco needs cmake from Debian).
# A peer that cannot be installed is skipped and said so. PEERS="convco cog" runs only those
# peers (git-cliff takes minutes on 100,000 commits, and on a history with thousands of tags).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=3 sizes=() extra=() topology=20000
while [[ $# -gt 0 ]]; do
  case $1 in
  -r) runs=$2; shift 2 ;;
  -t) topology=$2; shift 2 ;;
  -p) extra+=("$2"); shift 2 ;;
  *) sizes+=("$1"); shift ;;
  esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000)
gen=${GEN_HISTORY:-$here/../shared/bench/gen-history.sh}
tools=/tmp/relman-bench-tools
mkdir -p "$tools/bin"

if [[ ! -x $tools/node_modules/.bin/git-cliff ]]; then
  (cd "$tools" && npm -s install git-cliff >/dev/null 2>&1) || echo "git-cliff unavailable" >&2
fi
if [[ ! -x $tools/bin/cog ]]; then
  cargo install -q --root "$tools" cocogitto >/dev/null 2>&1 || echo "cocogitto unavailable" >&2
fi
if [[ ! -x $tools/bin/convco ]]; then
  command -v cmake >/dev/null || apt-get install -y -qq cmake >/dev/null 2>&1
  cargo install -q --root "$tools" convco --version 0.6.4 >/dev/null 2>&1 || echo "convco unavailable" >&2
fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml" || exit 1
export PATH="$tools/bin:$tools/node_modules/.bin:$PATH"
export RELMAN=${CARGO_TARGET_DIR:-$here/target}/release/relman

repos=()
for n in "${sizes[@]}"; do
  repo=/tmp/relman-bench-history-$n
  if [[ ! -f $repo/.git/gen-history.expected ]]; then
    echo "building a $n-commit history in $repo (once)…" >&2
    bash "$gen" -n "$n" -f "$repo" >&2 || exit 1
  fi
  repos+=("$repo")
done
if [[ $topology -gt 0 ]]; then
  repo=/tmp/relman-bench-topology-$topology
  if [[ ! -f $repo/.git/gen-topology.expected ]]; then
    rm -rf "$repo"
    python3 "$here/bench/gen-topology.py" -n "$topology" "$repo" >&2 || exit 1
  fi
  repos+=("$repo")
fi
repos+=("${extra[@]}")

python3 - "$runs" "${repos[@]}" <<'PY'
import os, shutil, statistics, subprocess, sys, time
runs, repos = int(sys.argv[1]), sys.argv[2:]
relman = os.environ["RELMAN"]

# Peak memory through GNU time when there is one: a child forked from this Python process
# starts with its high-water mark (a large output read earlier would count for every
# later command), a child of /usr/bin/time with its own.
gnu_time = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None

def measure(cmd, cwd, n):
    times, peak = [], 0
    for _ in range(n):
        t = time.perf_counter()
        wrapped = [gnu_time, "-f", "%M", "-o", "/tmp/relman-bench-rss", *cmd] if gnu_time else cmd
        p = subprocess.Popen(wrapped, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for _chunk in iter(lambda: p.stdout.read(1 << 16), b""):
            pass
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t)
        if gnu_time:
            rss = int(open("/tmp/relman-bench-rss").read().split()[-1])
        else:
            rss = usage.ru_maxrss
        peak = max(peak, rss)
    return statistics.median(times), peak / 1024

for spec in repos:
    repo, _, package = spec.partition(":")
    package, _, path = package.partition(":")
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    tags = len(subprocess.run(["git", "tag"], cwd=repo, capture_output=True, text=True).stdout.split())
    print(f"\n{spec} ({commits} commits, {tags} tags)")
    relman_cmd = [relman, "changelog", "--all", "--date", "2026-01-01"]
    if package:
        relman_cmd += ["--package", package]
    sections = subprocess.run(relman_cmd, cwd=repo, capture_output=True, text=True).stdout.count("\n## ")
    expected = os.path.join(repo, ".git", "gen-topology.expected")
    if os.path.exists(expected):
        want = open(expected).read().split()[0]
        print(f"  sections: {sections} ({want} expected)")
    else:
        print(f"  sections: {sections}")
    cmds = [
        ("floor: git log --format=%H%x00%B%x00", ["git", "log", "--format=%H%x00%B%x00"]),
    ]
    if path:
        cmds.append((f"floor: git log … -- {path}", ["git", "log", "--format=%H%x00%B%x00", "--", path]))
    cmds += [
        ("relman changelog --all" + (f" -p {package}" if package else ""), relman_cmd),
        ("convco changelog", ["convco", "changelog"]),
        ("cog changelog", ["cog", "changelog"]),
        ("git-cliff", ["git-cliff"]),
    ]
    floor = None
    peers = os.environ.get("PEERS")
    for name, cmd in cmds:
        if peers is not None and not name.startswith(("floor", "relman")) and cmd[0] not in peers.split():
            print(f"  {name:40} skipped (not in PEERS)")
            continue
        if shutil.which(cmd[0]) is None and not os.path.isabs(cmd[0]):
            print(f"  {name:40} skipped (not installed)")
            continue
        # cocogitto and git-cliff grow quadratically: once per history, and not at all
        # past 200,000 commits (hours).
        slow = name in ("cog changelog", "git-cliff")
        if slow and int(commits or 0) > 200_000:
            print(f"  {name:40} skipped (quadratic: hours at this size)")
            continue
        n = 1 if slow else runs
        t, rss = measure(cmd, repo, n)
        floor = floor or t
        print(f"  {name:40} {t*1000:9.0f} ms {rss:7.0f} MB {t/floor:7.1f}x floor")
PY
