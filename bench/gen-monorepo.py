#!/usr/bin/env python3
"""bench/gen-monorepo.py — a deterministic monorepo history for relman's benchmarks.

Usage: bench/gen-monorepo.py [-n COMMITS] [-p PACKAGES] [-s SEED] DIR

A git repository (built with git fast-import, so 100,000 commits take seconds) holding an npm
workspace of PACKAGES packages under packages/pNN, each with 40 source files and its own
package.json. Each commit changes one package (3% change two, 5% only shared files at the
root); messages are Conventional Commits (feat, fix, perf, chore, docs, test; 0.5% breaking).
Each package is released (tag `pNN@X.Y.Z`, its package.json bumped) about every 250 of its
own commits. The version a correct tool proposes next for each package is written to
DIR/.git/gen-monorepo.expected, one `NAME VERSION` line per package with releasable commits.
"""

import argparse
import os
import random
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("-p", type=int, default=20)
    ap.add_argument("-s", type=int, default=7)
    ap.add_argument("dir")
    args = ap.parse_args()
    rng = random.Random(args.s)
    if os.path.exists(args.dir) and os.listdir(args.dir):
        print(f"{args.dir} exists and is not empty", file=sys.stderr)
        return 1
    os.makedirs(args.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", args.dir], check=True)
    names = [f"p{i:02d}" for i in range(args.p)]
    versions = {n: [1, 0, 0] for n in names}
    pending = {n: 0 for n in names}  # highest bump since the last tag: 0 none, 1 patch, 2 minor, 3 major
    own = {n: 0 for n in names}
    out = []
    mark = 0
    when = 1_600_000_000

    def manifest(n: str) -> str:
        v = ".".join(map(str, versions[n]))
        return f'{{\n  "name": "{n}",\n  "version": "{v}"\n}}\n'

    def commit(message: str, files: dict) -> int:
        nonlocal mark, when
        mark += 1
        when += 60
        lines = [
            "commit refs/heads/main",
            f"mark :{mark}",
            f"author Bench <bench@example.com> {when} +0000",
            f"committer Bench <bench@example.com> {when} +0000",
            f"data {len(message.encode())}",
            message,
        ]
        if mark > 1:
            lines.append(f"from :{mark - 1}")
        for path, text in files.items():
            data = text.encode()
            lines.append(f"M 100644 inline {path}")
            lines.append(f"data {len(data)}")
            lines.append(text)
        out.append("\n".join(lines) + "\n")
        return mark

    # The initial commit: the workspace and every package.
    files = {
        "package.json": '{\n  "name": "bench-monorepo",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
        "package-lock.json": "{}\n",
    }
    for n in names:
        files[f"packages/{n}/package.json"] = manifest(n)
        for k in range(40):
            files[f"packages/{n}/src/f{k:02d}.js"] = f"// {n} {k}\n"
    commit("chore: start the workspace", files)
    for n in names:
        out.append(f"reset refs/tags/{n}@1.0.0\nfrom :{mark}\n")

    kinds = ["feat"] * 20 + ["fix"] * 40 + ["perf"] * 5 + ["chore"] * 20 + ["docs"] * 10 + ["test"] * 5
    bumps = {"feat": 2, "fix": 1, "perf": 1}
    for i in range(1, args.n):
        r = rng.random()
        kind = rng.choice(kinds)
        breaking = rng.random() < 0.005
        if r < 0.05:
            touched = []
            files = {"package-lock.json": f"{{\"v\": {i}}}\n"}
        else:
            touched = [rng.choice(names)]
            if r < 0.08:
                touched.append(rng.choice([n for n in names if n != touched[0]]))
            files = {
                f"packages/{n}/src/f{rng.randrange(40):02d}.js": f"// {n} change {i}\n"
                for n in touched
            }
        scope = f"({touched[0]})" if touched and rng.random() < 0.5 else ""
        bang = "!" if breaking else ""
        commit(f"{kind}{scope}{bang}: change number {i}", files)
        for n in touched:
            own[n] += 1
            level = 3 if breaking else bumps.get(kind, 0)
            pending[n] = max(pending[n], level)
        # Release a package about every 250 of its own commits.
        for n in touched:
            if own[n] % 250 == 0 and pending[n] > 0 and i < args.n - 1:
                v = versions[n]
                if pending[n] == 3:
                    v[:] = [v[0] + 1, 0, 0]
                elif pending[n] == 2:
                    v[:] = [v[0], v[1] + 1, 0]
                else:
                    v[2] += 1
                pending[n] = 0
                tag_at = commit(
                    f"chore(release): {n} {'.'.join(map(str, v))}",
                    {f"packages/{n}/package.json": manifest(n)},
                )
                out.append(f"reset refs/tags/{n}@{'.'.join(map(str, v))}\nfrom :{tag_at}\n")

    stream = "".join(out).encode()
    subprocess.run(["git", "-C", args.dir, "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", args.dir, "checkout", "-q", "main"], check=True)
    # Refs packed, as in a clone (fast-import leaves every tag a loose file).
    subprocess.run(["git", "-C", args.dir, "pack-refs", "--all"], check=True)
    expected = []
    for n in names:
        if pending[n]:
            v = list(versions[n])
            if pending[n] == 3:
                v = [v[0] + 1, 0, 0]
            elif pending[n] == 2:
                v = [v[0], v[1] + 1, 0]
            else:
                v[2] += 1
            expected.append(f"{n} {'.'.join(map(str, v))}")
    with open(os.path.join(args.dir, ".git", "gen-monorepo.expected"), "w") as f:
        f.write("\n".join(expected) + "\n")
    tags = subprocess.run(["git", "-C", args.dir, "tag"], capture_output=True, text=True).stdout.split()
    print(f"{args.dir}: {args.n} commits, {len(names)} packages, {len(tags)} tags")
    return 0


if __name__ == "__main__":
    sys.exit(main())
