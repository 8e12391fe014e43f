#!/usr/bin/env bash
# Makes, or moves on to this checkout's version, relman's pre-commit hooks repository: the
# hooks of .pre-commit-hooks.yaml with `language: python`, and pre-commit/pyproject.toml.in
# as its pyproject.toml, which depends on the relman wheel of the same version. pre-commit
# installs it with `pip install .`, which installs that prebuilt wheel: no Rust build.
# The ids are the same as those of relman's own repository (`language: rust`).
#
#   scripts/pre-commit-mirror.sh DEST
#
# DEST is a new folder, or a hooks repository this script made before. It commits there
# ("Mirror: relman X.Y.Z") and tags vX.Y.Z, X.Y.Z being Cargo.toml's version, so that
# `rev: vX.Y.Z` names it. Push DEST where your pre-commit can clone it. pip must find the
# wheel relman==X.Y.Z when the hooks install (a package index, or PIP_FIND_LINKS).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: scripts/pre-commit-mirror.sh DEST}

# [package] version of Cargo.toml, the only place that holds it.
version=$(awk '/^\[/ { p = ($0 == "[package]") } p && /^version *=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }' "$root/Cargo.toml")
if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  echo "pre-commit-mirror: no [package] version in $root/Cargo.toml" >&2
  exit 2
fi
tag="v$version"

mkdir -p "$dest"
if [ ! -e "$dest/.git" ]; then
  if [ -n "$(ls -A "$dest")" ]; then
    echo "pre-commit-mirror: $dest is neither empty nor a git repository" >&2
    exit 2
  fi
  git -C "$dest" init -q
fi
if git -C "$dest" rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "pre-commit-mirror: $dest already has $tag" >&2
  exit 2
fi

hooks=$(grep -c '^  language: rust$' "$root/.pre-commit-hooks.yaml")
{
  echo "# Made by relman's scripts/pre-commit-mirror.sh from its .pre-commit-hooks.yaml."
  sed 's/^  language: rust$/  language: python/' "$root/.pre-commit-hooks.yaml"
} >"$dest/.pre-commit-hooks.yaml"
if [ "$hooks" -eq 0 ] || [ "$(grep -c '^  language: python$' "$dest/.pre-commit-hooks.yaml")" -ne "$hooks" ] \
  || [ "$(grep -c '^- id:' "$dest/.pre-commit-hooks.yaml")" -ne "$hooks" ]; then
  echo "pre-commit-mirror: every hook of .pre-commit-hooks.yaml must say '  language: rust'" >&2
  exit 2
fi
sed "s/@VERSION@/$version/g" "$root/pre-commit/pyproject.toml.in" >"$dest/pyproject.toml"

git -C "$dest" add .pre-commit-hooks.yaml pyproject.toml
git -C "$dest" commit -q --no-verify --allow-empty -m "Mirror: relman $version"
git -C "$dest" tag "$tag"
echo "$dest: relman $version, tagged $tag ($(git -C "$dest" rev-parse HEAD))"
