#!/usr/bin/env bash
# Runs the shell steps of action.yml (scripts/action.sh) outside GitHub, as a runner would
# on a pull request: GITHUB_ACTION_PATH, GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP and
# GITHUB_EVENT_NAME set, the step env of action.yml (INPUT_*, BASE_SHA, HEAD_SHA), and
# GITHUB_PATH read back into PATH between steps. Checks the annotations, the exit statuses
# and the step summary. tests/action.rs runs it with the binary under test.
#
# Usage: RELMAN_BIN=target/debug/relman scripts/test-action.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${RELMAN_BIN:-$here/target/debug/relman}
[[ -x $bin ]] || { echo "no relman binary at $bin: build it, or set RELMAN_BIN" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { checks=$((checks + 1)); }

# Every step of action.yml runs scripts/action.sh with its step name.
for step in install lint check-commit; do
  grep -q "run: bash \"\$GITHUB_ACTION_PATH/scripts/action.sh\" $step\$" "$here/action.yml" ||
    fail "action.yml has no step running action.sh $step"
  check
done

# A pull request: the base has a guide and an old finding elsewhere; the pull request
# renames the guide's heading (breaking a link in README.md) with one bad commit message.
repo=$tmp/repo
mkdir -p "$repo"
cd "$repo"
g() { git -c user.name=ci -c user.email=ci@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main
printf '# Project\n\nSee [install](guide.md#install).\n' >README.md
printf '# Guide\n\n## Install\n\nRun it.\n' >guide.md
printf '# Old\n\nAn old finding: {{ leftover }}.\n' >old.md
g add -A && g commit -qm "docs: first pages"
base=$(git rev-parse HEAD)
printf '# Guide\n\n## Installation\n\nRun it.\n' >guide.md
g commit -qam "Update the guide"
printf '# Guide\n\n## Installation\n\nRun it, then check it.\n' >guide.md
g commit -qam "docs: say how to check it"
head=$(git rev-parse HEAD)

export GITHUB_ACTION_PATH=$here GITHUB_PATH=$tmp/github_path GITHUB_STEP_SUMMARY=$tmp/summary.md
export RUNNER_TEMP=$tmp/runner GITHUB_EVENT_NAME=pull_request GITHUB_WORKSPACE=$repo
mkdir -p "$RUNNER_TEMP"
: >"$GITHUB_PATH"
: >"$GITHUB_STEP_SUMMARY"
action() { bash "$here/scripts/action.sh" "$@"; }

# install: puts the binary's folder on GITHUB_PATH, which the runner adds to PATH; a
# binary given under another name is still `relman` for the next steps.
cp "$bin" "$tmp/relman-under-another-name"
out=$(RELMAN_BIN=$tmp/relman-under-another-name action install) || fail "install: $out"
[[ $out == relman\ * ]] || fail "install printed $out"
[[ -x $(head -n1 "$GITHUB_PATH")/relman ]] || fail "GITHUB_PATH does not hold relman's folder"
PATH="$(head -n1 "$GITHUB_PATH"):$PATH"
check

# lint, changed files only: README.md's link into the renamed heading fails; old.md is
# not the pull request's.
set +e
out=$(INPUT_CHANGED_ONLY=true BASE_SHA=$base action lint 2>&1)
status=$?
set -e
[[ $status == 1 ]] || fail "lint --changed-since exited $status: $out"
grep -q '^::error file=README.md,line=3,col=' <<<"$out" || fail "no annotation on README.md: $out"
! grep -q 'old.md' <<<"$out" || fail "old.md was linted: $out"
check

# lint, the whole tree: old.md's finding too.
set +e
out=$(INPUT_CHANGED_ONLY=false action lint 2>&1)
status=$?
set -e
[[ $status == 1 ]] || fail "lint exited $status: $out"
grep -q '^::error file=old.md,line=3,col=' <<<"$out" || fail "no annotation on old.md: $out"
check

# lint with a baseline holding today's findings: passes.
relman lint --write-baseline "$tmp/baseline.json" 2>/dev/null
out=$(INPUT_BASELINE=$tmp/baseline.json action lint 2>&1) || fail "lint with a baseline: $out"
check

# check-commit over the pull request: the bad message fails, named.
set +e
out=$(BASE_SHA=$base HEAD_SHA=$head action check-commit 2>&1)
status=$?
set -e
[[ $status == 1 ]] || fail "check-commit exited $status: $out"
grep -q '^::error title=conventional-commit::[0-9a-f]\{7\} "Update the guide": ' <<<"$out" ||
  fail "no annotation for the bad commit: $out"
[[ $(grep -c '^::error' <<<"$out") == 1 ]] || fail "one bad commit of two: $out"
check

# A shallow checkout without the base commit: a clear error, not git's.
set +e
out=$(BASE_SHA=0123456789abcdef0123456789abcdef01234567 HEAD_SHA=$head action check-commit 2>&1)
status=$?
set -e
[[ $status == 2 ]] || fail "a missing base exited $status: $out"
grep -q "^::error title=relman check-commit::.*fetch-depth: 0" <<<"$out" || fail "missing base: $out"
check

# Not a pull request: nothing to check, success.
out=$(GITHUB_EVENT_NAME=push action check-commit 2>&1) || fail "push: $out"
grep -q "not a pull request" <<<"$out" || fail "push: $out"
check

# The step summary: a table for each lint and check-commit run.
summary=$(cat "$GITHUB_STEP_SUMMARY")
[[ $(grep -c '^### relman lint$' <<<"$summary") == 3 ]] || fail "three lint summaries: $summary"
grep -q '^| error | `broken-link` | `README.md:3:' <<<"$summary" || fail "summary row: $summary"
grep -q '^### relman check-commit$' <<<"$summary" || fail "check-commit summary: $summary"
grep -q '2 commit message(s) checked: 1 not a Conventional Commit' <<<"$summary" || fail "$summary"
check

echo "action.yml steps: $checks checks passed"
