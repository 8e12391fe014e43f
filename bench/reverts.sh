#!/usr/bin/env bash
# bench/reverts.sh — revert pairing on a long history.
#
# Usage: bench/reverts.sh [COMMITS] [RUNS]   (defaults: 100000 commits, 5 runs)
# Builds two linear histories of COMMITS commits under /tmp with `git fast-import` (kept
# between runs): "plain", where every commit is a `fix:`, and "reverts", where every second
# commit is a git revert (`Revert "…"` / `This reverts commit <id>.`) of a commit that is not
# in the history (released earlier), so that every revert looks for its target and finds
# none. Builds relman in release mode, checks that both give the expected next version,
# times `relman next` on each (median of RUNS wall-clock runs) and prints the ratio
# reverts/plain, which must stay below 2. CARGO overrides the cargo command used to build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
commits=${1:-100000}
runs=${2:-5}

make_history() { # DIR WITH_REVERTS
  local dir=$1 reverts=$2
  [[ -f $dir/.git/bench-done ]] && return
  rm -rf "$dir"
  git init -q -b main "$dir"
  python3 - "$commits" "$reverts" <<'PY' | git -C "$dir" fast-import --quiet
import hashlib, sys
n, reverts = int(sys.argv[1]), sys.argv[2] == "1"
out = sys.stdout.buffer
t0 = 1_704_067_200
for i in range(n):
    if reverts and i % 2 == 1:
        target = hashlib.sha1(f"released earlier {i}".encode()).hexdigest()
        msg = f'Revert "feat: old feature {i}"\n\nThis reverts commit {target}.\n'
    else:
        msg = f"fix: change {i}\n"
    data = msg.encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{i + 1}\n".encode())
    out.write(f"committer Bench <bench@example.com> {t0 + i} +0000\n".encode())
    out.write(f"data {len(data)}\n".encode() + data)
    if i > 0:
        out.write(f"from :{i}\n".encode())
    out.write(b"\n")
PY
  git -C "$dir" reset -q --hard main
  touch "$dir/.git/bench-done"
}

plain=/tmp/relman-bench-reverts-$commits-plain
reverts=/tmp/relman-bench-reverts-$commits-reverts
make_history "$plain" 0
make_history "$reverts" 1

${CARGO:-cargo} build --release --quiet --manifest-path "$here/Cargo.toml"
relman=${CARGO_TARGET_DIR:-$here/target}/release/relman

for repo in "$plain" "$reverts"; do
  got=$("$relman" -C "$repo" next 2>/dev/null)
  [[ $got == "0.0.1" ]] || { echo "$repo: relman next gave $got, expected 0.0.1" >&2; exit 1; }
done

python3 - "$plain" "$reverts" "$relman" "$runs" <<'PY'
import subprocess, sys, time, statistics
plain, reverts, relman, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def median(repo):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([relman, "next"], cwd=repo, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
p = median(plain)
r = median(reverts)
print(f"relman next, no reverts:            {p*1000:9.1f} ms")
print(f"relman next, half of them reverts:  {r*1000:9.1f} ms")
print(f"ratio reverts/plain:                {r/p:9.2f}x  (target < 2x)")
PY
