#!/usr/bin/env bash
# The shell steps of action.yml, one per argument: install, lint, check-commit. They read
# what GitHub Actions sets (GITHUB_ACTION_PATH, GITHUB_PATH, GITHUB_EVENT_NAME,
# RUNNER_TEMP, GITHUB_STEP_SUMMARY) and the step's env (INPUT_*, BASE_SHA, HEAD_SHA).
# scripts/test-action.sh runs them outside GitHub with those variables set.
set -euo pipefail
step=${1:?usage: action.sh install|lint|check-commit}

case $step in
  install)
    if [[ -n ${RELMAN_BIN:-} ]]; then
      # The binary given, under the name the next steps call (whatever its own name).
      bin_dir="$RUNNER_TEMP/relman/bin"
      mkdir -p "$bin_dir"
      ln -sf "$(cd "$(dirname "$RELMAN_BIN")" && pwd)/$(basename "$RELMAN_BIN")" "$bin_dir/relman"
    else
      root="$RUNNER_TEMP/relman"
      cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$root"
      bin_dir="$root/bin"
    fi
    echo "$bin_dir" >>"$GITHUB_PATH"
    "$bin_dir/relman" --version
    ;;
  lint)
    args=(lint --format github)
    if [[ ${INPUT_CHANGED_ONLY:-false} == true && -n ${BASE_SHA:-} ]]; then
      args+=(--changed-since "$BASE_SHA")
    fi
    if [[ -n ${INPUT_BASELINE:-} ]]; then
      args+=(--baseline "$INPUT_BASELINE")
    fi
    if [[ -n ${INPUT_PATHS:-} ]]; then
      read -ra paths <<<"$INPUT_PATHS"
      args+=("${paths[@]}")
    fi
    relman "${args[@]}"
    ;;
  check-commit)
    if [[ -z ${BASE_SHA:-} || -z ${HEAD_SHA:-} ]]; then
      echo "relman check-commit: not a pull request (${GITHUB_EVENT_NAME:-no event}), no commits to check"
      exit 0
    fi
    if ! git cat-file -e "$BASE_SHA^{commit}" 2>/dev/null; then
      echo "::error title=relman check-commit::the pull request's base commit $BASE_SHA is not in this clone: check out with actions/checkout's fetch-depth: 0"
      exit 2
    fi
    relman check-commit --range "$BASE_SHA..$HEAD_SHA" --format github
    ;;
  *)
    echo "action.sh: unknown step $step (install, lint or check-commit)" >&2
    exit 2
    ;;
esac
