#!/usr/bin/env python3
"""bench/gen-topology.py — a deterministic history with a real project's tag topology.

Usage: bench/gen-topology.py [-n COMMITS] [-s SEED] DIR

A git repository (built with git fast-import) whose main branch is released every 2 or 3
commits (`vX.Y.0`, a major release every 60), as busy projects release. At a release a
release branch `release-X.Y` may start (3 in 20): later, while main goes on, fixes are
backported to it (new commits with the same subject) and released as `vX.Y.Z` patch tags
of their own, tagged after newer main releases exist. One release branch in three is merged back into main after its last backport. Commit
dates grow with every commit, whatever its branch.

Every tag names a distinct commit, so `relman changelog --all` must print one section per
tag plus `[Unreleased]`: that count is written to DIR/.git/gen-topology.expected, with the
number of tags on release branches.
"""

import argparse
import os
import random
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20_000)
    ap.add_argument("-s", type=int, default=11)
    ap.add_argument("dir")
    args = ap.parse_args()
    rng = random.Random(args.s)
    if os.path.exists(args.dir) and os.listdir(args.dir):
        print(f"{args.dir} exists and is not empty", file=sys.stderr)
        return 1
    os.makedirs(args.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.dir], check=True)
    out = []
    mark = 0
    when = 1_500_000_000
    tags = 0
    side_tags = 0
    scopes = ["api", "cli", "core", "docs", "parser", "ui"]

    def commit(branch: str, parents: list, message: str, path: str) -> int:
        nonlocal mark, when
        mark += 1
        when += rng.randint(60, 3600)
        data = f"{mark}\n".encode()
        lines = [
            f"commit refs/heads/{branch}",
            f"mark :{mark}",
            f"author Dev <dev@example.com> {when} +0000",
            f"committer Dev <dev@example.com> {when} +0000",
            f"data {len(message.encode())}",
            message,
        ]
        if parents:
            lines.append(f"from :{parents[0]}")
            lines.extend(f"merge :{p}" for p in parents[1:])
        lines.append(f"M 100644 inline {path}")
        lines.append(f"data {len(data)}")
        out.append("\n".join(lines) + "\n" + data.decode() + "\n")
        return mark

    def tag(name: str, at: int) -> None:
        nonlocal tags
        tags += 1
        out.append(f"reset refs/tags/{name}\nfrom :{at}\n")

    def change() -> str:
        kind = rng.choices(["feat", "fix", "docs", "chore", "refactor"], [3, 5, 1, 1, 1])[0]
        scope = rng.choice(scopes)
        return f"{kind}({scope}): change {mark + 1}"

    version = [1, 0, 0]
    head = commit("main", [], "feat: first commit", "README")
    tag("v1.0.0", head)
    releases = 0
    # Release branches: name -> [version, tip mark, backports left, merge back].
    branches: dict = {}
    fixes: list = []  # recent main fixes that may be backported
    since = 0
    target = rng.randint(2, 3)
    while mark < args.n:
        message = change()
        head = commit("main", [head], message, f"src/{mark % 97}.txt")
        if message.startswith("fix"):
            fixes.append(message)
        since += 1
        # Now and then, a backport to an open release branch, released at once.
        if branches and rng.random() < 0.25:
            name = rng.choice(sorted(branches))
            state = branches[name]
            subject = fixes[-1] if fixes else f"fix(core): backport {mark + 1}"
            state[1] = commit(name, [state[1]], f"{subject} (backport)", f"src/{mark % 97}.txt")
            state[0][2] += 1
            tag("v" + ".".join(map(str, state[0])), state[1])
            side_tags += 1
            state[2] -= 1
            if state[2] == 0:
                if state[3]:
                    head = commit(
                        "main", [head, state[1]], f"Merge branch '{name}'", f"merge/{name}"
                    )
                del branches[name]
        if since >= target:
            releases += 1
            if releases % 60 == 0:
                version = [version[0] + 1, 0, 0]
            else:
                version = [version[0], version[1] + 1, 0]
            tag("v" + ".".join(map(str, version)), head)
            if rng.random() < 0.15:
                name = f"release-{version[0]}.{version[1]}"
                branches[name] = [list(version), head, rng.randint(1, 4), rng.random() < 1 / 3]
            since = 0
            target = rng.randint(2, 3)
    head = commit("main", [head], "fix(core): after the last release", "src/last.txt")
    stream = "".join(out).encode()
    subprocess.run(["git", "-C", args.dir, "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", args.dir, "checkout", "-q", "-f", "main"], check=True)
    subprocess.run(["git", "-C", args.dir, "pack-refs", "--all"], check=True)
    subprocess.run(["git", "-C", args.dir, "gc", "-q", "--aggressive"], check=True)
    with open(os.path.join(args.dir, ".git", "gen-topology.expected"), "w") as f:
        f.write(f"sections={tags + 1} tags={tags} on_release_branches={side_tags}\n")
    print(f"commits={mark} tags={tags} on_release_branches={side_tags} sections={tags + 1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
