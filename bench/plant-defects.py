#!/usr/bin/env python3
"""Recall on a real docs tree: plant one defect of each kind (broken link, broken anchor,
`$1`-glued version, mojibake, bad fence closer, unknown commit, missing path) at the end of N
sampled Markdown pages of a scratch clone of SRC (in /tmp/plant/NAME), lint it, and count
which planted defects relman reports, at their line, by their rule and text. The sample is
seeded by NAME, so a rerun plants the same pages.

Usage: bench/plant-defects.py RELMAN SRC NAME N
  e.g. bench/plant-defects.py target/release/relman /path/to/vitest vitest 8"""
import json, os, random, subprocess, sys
relman, src, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
dst = f"/tmp/plant/{name}"
subprocess.run(["rm", "-rf", dst], check=True)
subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", src, dst], check=True)
subprocess.run(["git", "-C", dst, "checkout", "-q", "HEAD", "--", "."], capture_output=True)
subprocess.run(["git", "-C", dst, "reset", "-q"], capture_output=True)
before = json.loads(subprocess.run([relman, "lint", "--format", "json"], cwd=dst, capture_output=True, text=True).stdout or "[]")
linted = sorted({d["path"] for d in before})
# NUL-separated: names with spaces or non-ASCII characters (which git quotes) stay whole.
pages = [p for p in subprocess.run(["git", "ls-files", "-z", "*.md"], cwd=dst, capture_output=True, text=True).stdout.split("\0") if p
         if not any(part in ("node_modules", "test", "tests", "fixtures", "__tests__") for part in p.split("/"))]
random.seed(name)
sample = random.sample(pages, min(n, len(pages)))
kinds = {
    "broken-link": "See [the planted page](planted-missing-page-x7.md).",
    "broken-anchor": "See [the planted anchor](#planted-missing-anchor-x7).",
    "placeholder": "Release notes for $11.17.2 are out.",
    "mojibake": "Status: âœ… planted.",
    "fence": "```sh\nls planted\n```text\n",
    "unknown-commit": "Commit: 0badc0ffee17 landed it.",
    "missing-path": "Run `{dir}planted-missing-x7.txt` first.",
}
rule = {"broken-anchor": "broken-link"}
planted = {}
for page in sample:
    path = os.path.join(dst, page)
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if not text.endswith("\n"):
        text += "\n"
    # Close a fence left open at the end, so that the planted lines are prose.
    line = text.count("\n") + 2
    lines = []
    for kind, body in kinds.items():
        d = os.path.dirname(page)
        body = body.replace("{dir}", d + "/" if d else "")
        planted[(page, kind)] = line
        lines.append(body)
        line += body.count("\n") + 2
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n" + "\n\n".join(lines) + "\n")
after = json.loads(subprocess.run([relman, "lint", "--format", "json"], cwd=dst, capture_output=True, text=True).stdout or "[]")
found = {k: 0 for k in kinds}
missed = []
for (page, kind), line in planted.items():
    want = rule.get(kind, kind)
    token = {"broken-link": "planted-missing-page", "broken-anchor": "planted-missing-anchor",
             "unknown-commit": "0badc0ffee17", "missing-path": "planted-missing-x7"}.get(kind, "")
    hit = any(d["path"] == page and d["rule"] == want and abs(d["line"] - line) <= (3 if kind == "fence" else 1)
              and token in d["message"] for d in after)
    if hit:
        found[kind] += 1
    else:
        missed.append((page, kind))
total = len(sample)
print(name, " ".join(f"{k}={found[k]}/{total}" for k in kinds), f"all={sum(found.values())}/{total*len(kinds)}")
for page, kind in missed[:6]:
    print("   missed", kind, page)
