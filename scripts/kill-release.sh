#!/usr/bin/env bash
# Usage: scripts/kill-release.sh [RUNS]  (MAXD=seconds: the latest kill; RELMAN=binary)
# Kill `relman release` at random moments; after each kill, either the release is complete
# and consistent, or `relman release --abort` restores the repository byte for byte.
set -u
R=${RELMAN:-$(cd "$(dirname "$0")/.." && pwd)/target/debug/relman}
N=${1:-40}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
snap() { (cd "$1" && { find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum; sha1sum .git/index; cat .git/HEAD; git rev-parse HEAD; git tag -l --format='%(refname) %(objectname)'; ls .git/*.lock .git/refs/heads/*.lock 2>/dev/null; }) }
ok=0; done_=0; aborted=0; bad=0
for i in $(seq 1 "$N"); do
  d=$(mktemp -d); cd "$d"; git init -q -b main .; git config user.name T; git config user.email t@e
  printf '[package]\nname = "app"\nversion = "1.0.0"\n' > Cargo.toml
  printf '# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n' > CHANGELOG.md
  printf '[documents]\nnotes = "docs/releases/NOTES_{{version}}.md"\nplan = "docs/PLAN.md"\n' > release.toml
  git add -A; git commit -qm "feat: first"; git tag v1.0.0
  for k in 1 2 3; do echo $k > f$k; git add f$k; git commit -qm "feat: f$k"; done
  before=$(snap "$d")
  delay=$(python3 -c "import random, os; print(random.uniform(0.001, float(os.environ.get(\"MAXD\",\"0.08\"))))")
  timeout --foreground -s KILL "$delay" "$R" release --date 2024-06-01 >/dev/null 2>&1; code=$?
  if [ $code -eq 0 ]; then
    done_=$((done_+1))
    [ "$(git show v1.1.0:Cargo.toml | grep -c 1.1.0)" = 1 ] && [ -z "$(git status --porcelain)" ] || { echo "BAD complete $d"; bad=$((bad+1)); }
  else
    "$R" release --abort >/dev/null 2>/tmp/abort.err; a=$?
    after=$(snap "$d")
    if [ $a -eq 0 ] && grep -q "nothing to undo" /tmp/abort.err && git rev-parse -q --verify v1.1.0 >/dev/null; then
      # Killed after the release was complete: it stands, and must be consistent.
      done_=$((done_+1))
      [ "$(git show v1.1.0:Cargo.toml | grep -c 1.1.0)" = 1 ] || { echo "BAD complete $d"; bad=$((bad+1)); }
    elif [ $a -ne 0 ] || [ "$before" != "$after" ]; then
      # A kill after the release completed but before the journal was removed is undone too.
      echo "BAD abort (exit $a) delay $delay in $d"; cat /tmp/abort.err; diff <(echo "$before") <(echo "$after") | head; bad=$((bad+1))
    else aborted=$((aborted+1)); fi
  fi
  cd /; [ "$bad" -eq 0 ] && rm -rf "$d"
done
echo "runs $N: completed $done_, killed and restored $aborted, bad $bad"
