#!/usr/bin/env bash
# Proves that relman ships as a Python wheel holding its binary, and that pre-commit's
# `language: python` hooks install it in seconds, with no Rust build:
#   1. maturin (from PyPI) in a throwaway venv builds the sdist (pyproject.toml), then the
#      release wheel from the unpacked sdist, so the sdist is shown to be complete;
#   2. the wheel, installed into a fresh venv, gives `relman --version` = Cargo.toml's
#      version, and `relman lint` / `relman check-commit` exit 1 on a planted error and 0
#      on clean input, in a tiny git repository;
#   3. a hooks repository made by scripts/pre-commit-mirror.sh, named in a
#      .pre-commit-config.yaml by its path and `rev: vX.Y.Z` (as the README shows), is
#      installed by pre-commit from the built wheel (PIP_FIND_LINKS) with no cargo on PATH
#      and pip refusing to build relman from source; it prints how long that took, checks
#      that the hook runs the wheel's binary, and runs both hooks (exit 1, then 0);
#   4. with RUST_HOOK=1, it also times the `language: rust` hooks of this repository
#      (pinned to HEAD's commit sha), which compile relman: the figure to compare with.
#
# Run from a checkout, with python3 (venv), git, the Rust toolchain, flock and access to
# PyPI (maturin, pre-commit, setuptools):
#   scripts/wheel.sh                  # the wheel built in $CARGO_TARGET_DIR (default: target/)
#   COLD=1 RUST_HOOK=1 scripts/wheel.sh   # every build from scratch, in a fresh sub-folder
# Each build holds the lock /tmp/cargo.lock (flock), so that builds run one at a time; the
# times printed leave out the wait for it. Everything else happens in a temporary folder,
# removed on exit. CI does not run it: it needs PyPI and a release build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
lock_file=/tmp/cargo.lock
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/relman-wheel.XXXXXX")
cold_targets=()
cleanup() {
  rm -rf "$work" "${cold_targets[@]}"
}
trap cleanup EXIT
# The throwaway repositories' commits need an author; the user's git identity is not asked for.
export GIT_AUTHOR_NAME=wheel.sh GIT_AUTHOR_EMAIL=wheel.sh@localhost
export GIT_COMMITTER_NAME=wheel.sh GIT_COMMITTER_EMAIL=wheel.sh@localhost

now() { date +%s.%N; }
# Builds run one at a time: take the lock (fd 9) before the clock starts.
lock() {
  exec 9>"$lock_file"
  flock 9
}
unlock() { exec 9>&-; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "wheel.sh: FAILED: $*" >&2
  exit 1
}
# expect CODE COMMAND…: runs it and fails unless it exits with CODE.
expect() {
  local want=$1 rc=0
  shift
  "$@" || rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc, expected $want: $*"
  echo "-> exit $rc, as expected"
}

version=$(awk '/^\[/ { p = ($0 == "[package]") } p && /^version *=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }' "$root/Cargo.toml")
[ -n "$version" ] || fail "no [package] version in Cargo.toml"

step "maturin into a throwaway venv"
"$python" -m venv "$work/build"
"$work/build/bin/pip" install -q "maturin>=1.5,<2"
"$work/build/bin/maturin" --version

step "sdist, from the files git tracks (as they are in the work tree)"
# maturin sdist takes every file that is not ignored, untracked ones too: a copy of the
# tracked files keeps a stray file of the work tree out.
mkdir "$work/tree"
git -C "$root" ls-files -z | tar -C "$root" --null -T - -cf - | tar -C "$work/tree" -xf -
(cd "$work/tree" && "$work/build/bin/maturin" sdist -o "$work/sdist")
sdist=$work/sdist/relman-$version.tar.gz
tar tzf "$sdist" | sed 's|^[^/]*/||' | grep -v '/$' >"$work/sdist.list"
awk -F/ '{ print (NF > 1 ? $1 "/" : $1) }' "$work/sdist.list" | sort | uniq -c
for needed in Cargo.toml Cargo.lock pyproject.toml README.md src/main.rs templates/changelog.md.tera; do
  grep -qx "$needed" "$work/sdist.list" || fail "the sdist lacks $needed"
done
# Only what the build reads: the tests, fixtures and benchmarks stay out.
extra=$(grep -vxE 'Cargo\.toml|Cargo\.lock|pyproject\.toml|README\.md|PKG-INFO|(src|templates)/.*' "$work/sdist.list" || true)
[ -z "$extra" ] || fail "the sdist holds more than the build needs: $extra"

wheel_target=$CARGO_TARGET_DIR
how="in $wheel_target"
if [ "${COLD:-0}" = 1 ]; then
  wheel_target=$CARGO_TARGET_DIR/wheel-cold
  cold_targets+=("$wheel_target")
  rm -rf "$wheel_target"
  how="from scratch"
fi
step "release wheel from the unpacked sdist ($how)"
mkdir "$work/unpacked"
tar xzf "$sdist" -C "$work/unpacked"
lock
t0=$(now)
(cd "$work/unpacked/relman-$version" && CARGO_TARGET_DIR=$wheel_target \
  "$work/build/bin/maturin" build --release --locked -o "$work/wheels")
build_s=$(since "$t0")
unlock
wheel=$(echo "$work/wheels/relman-$version-"*.whl)
[ -f "$wheel" ] || fail "no wheel in $work/wheels"
wheel_kb=$(($(wc -c <"$wheel") / 1024))
echo "$(basename "$wheel"): $wheel_kb KiB, built in $build_s s"

step "the wheel in a fresh venv"
"$python" -m venv "$work/run"
"$work/run/bin/pip" install -q --no-index --no-deps "$wheel"
relman=$work/run/bin/relman
got=$("$relman" --version)
echo "$got"
[ "$got" = "relman $version" ] || fail "relman --version says '$got', Cargo.toml $version"

step "relman lint and check-commit in a tiny repository"
docs=$work/docs
git init -q "$docs"
printf '# Clean\n\nSee [the guide](guide.md) and [the next part](#clean).\n' >"$docs/clean.md"
printf '# Guide\n\nNothing to see.\n' >"$docs/guide.md"
# The planted error: a link to a file that does not exist.
printf '# Bad\n\nSee [the setup](docs/setup.md).\n' >"$docs/bad.md"
printf 'feat(lint): check the links\n' >"$docs/good.msg"
printf 'Added some stuff\n' >"$docs/bad.msg"
git -C "$docs" add -A
expect 1 "$relman" -C "$docs" --color never lint bad.md
expect 0 "$relman" -C "$docs" --color never lint clean.md guide.md
expect 1 "$relman" -C "$docs" check-commit bad.msg
expect 0 "$relman" -C "$docs" check-commit good.msg

step "pre-commit: the language: python hooks repository"
"$python" -m venv "$work/pc"
"$work/pc/bin/pip" install -q pre-commit
"$work/pc/bin/pre-commit" --version
"$root/scripts/pre-commit-mirror.sh" "$work/relman-pre-commit"
project=$work/project
git init -q "$project"
cat >"$project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $work/relman-pre-commit
    rev: v$version
    hooks:
      - id: relman-lint
      - id: relman-check-commit
EOF
cp "$docs"/*.md "$docs"/*.msg "$project/"
git -C "$project" add -A
# Nothing to build with: no cargo or rustc on PATH, and pip may take relman only as a
# wheel. Every cache starts empty, so the time includes the downloads (setuptools).
hook_path=$work/pc/bin:/usr/local/bin:/usr/bin:/bin
if PATH=$hook_path command -v cargo >/dev/null || PATH=$hook_path command -v rustc >/dev/null; then
  fail "cargo or rustc is on $hook_path: the proof needs a PATH without them"
fi
hook_env=(
  env PATH="$hook_path"
  PRE_COMMIT_HOME="$work/pre-commit-home"
  PIP_CACHE_DIR="$work/pip-cache"
  VIRTUALENV_OVERRIDE_APP_DATA="$work/virtualenv-data"
  PIP_FIND_LINKS="$work/wheels"
  PIP_ONLY_BINARY=relman
)
t0=$(now)
(cd "$project" && "${hook_env[@]}" pre-commit install-hooks)
hook_s=$(since "$t0")
echo "hook environment installed in $hook_s s"
hook_relman=$(echo "$work/pre-commit-home"/repo*/py_env-*/bin/relman)
[ -x "$hook_relman" ] || fail "no relman in the hook environment"
cmp -s "$hook_relman" "$relman" || fail "the hook's relman is not the wheel's binary"
echo "the hook's relman is the wheel's binary: $(sha256sum <"$hook_relman" | cut -c1-16)…"
cd "$project"
expect 1 "${hook_env[@]}" pre-commit run relman-lint --color never --files bad.md
expect 0 "${hook_env[@]}" pre-commit run relman-lint --color never --files clean.md guide.md
expect 1 "${hook_env[@]}" pre-commit run relman-check-commit --color never \
  --hook-stage commit-msg --commit-msg-filename bad.msg
expect 0 "${hook_env[@]}" pre-commit run relman-check-commit --color never \
  --hook-stage commit-msg --commit-msg-filename good.msg
cd "$root"

rust_line="(RUST_HOOK=1 also times the language: rust hooks)"
if [ "${RUST_HOOK:-0}" = 1 ]; then
  step "pre-commit: the language: rust hooks of this repository (cargo install, cold)"
  sha=$(git -C "$root" rev-parse HEAD)
  rust_project=$work/rust-project
  git init -q "$rust_project"
  cat >"$rust_project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $root
    rev: $sha
    hooks:
      - id: relman-lint
EOF
  cp "$docs/bad.md" "$docs/clean.md" "$docs/guide.md" "$rust_project/"
  git -C "$rust_project" add -A
  rust_target=$CARGO_TARGET_DIR/pre-commit-rust-hook
  cold_targets+=("$rust_target")
  rm -rf "$rust_target"
  lock
  t0=$(now)
  (cd "$rust_project" && CARGO_TARGET_DIR="$rust_target" PRE_COMMIT_HOME="$work/pre-commit-home-rust" \
    "$work/pc/bin/pre-commit" install-hooks)
  rust_s=$(since "$t0")
  unlock
  (cd "$rust_project" && expect 1 env PRE_COMMIT_HOME="$work/pre-commit-home-rust" \
    "$work/pc/bin/pre-commit" run relman-lint --color never --files bad.md)
  rust_line="language: rust hooks (pinned to $sha): installed in $rust_s s (cargo install, cold)"
fi

step "summary"
cat <<EOF
relman $version: sdist $(wc -l <"$work/sdist.list") files, $(($(wc -c <"$sdist") / 1024)) KiB
wheel $(basename "$wheel"): $wheel_kb KiB, built in $build_s s (release, from the sdist, $how)
fresh venv: relman --version and lint/check-commit exit 1 on the planted errors, 0 on clean input
language: python hooks (hooks repository at v$version): installed in $hook_s s, no cargo on PATH,
  cold caches; the hook runs the wheel's binary; both hooks exit 1, then 0
$rust_line
EOF
