#!/usr/bin/env python3
"""The graph of relman's top-level modules (who names `crate::X`), its cycles, and state
that outlives a call: no `thread_local!`, and no `static` that holds a lock, a cell, a map
or a lazily set value other than a compiled regex or a constant table.

Usage: scripts/module-graph.py [--dot]   exits 1 on a cycle or on process-wide state.
A module is a file `src/X.rs` or a folder `src/X/`; `lib.rs` and `main.rs` are the top and
may name everything. Test code (`#[cfg(test)] mod tests`) is not counted.
"""
import os, re, sys

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
modules = {}
for entry in sorted(os.listdir(src)):
    path = os.path.join(src, entry)
    if entry.endswith(".rs") and entry not in ("lib.rs", "main.rs"):
        modules[entry[:-3]] = [path]
    elif os.path.isdir(path):
        modules[entry] = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(".rs")]

edges = {m: set() for m in modules}
use_re = re.compile(r"crate::(\w+)")
group_re = re.compile(r"use crate::\{([^;]*)\}", re.S)
for m, files in modules.items():
    for f in files:
        text = open(f, encoding="utf-8").read()
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests\b", text)[0]
        names = set(use_re.findall(text))
        for group in group_re.findall(text):
            names.update(re.findall(r"(?:^|[,{\s])(\w+)(?:::|\s*[,}]|$)", group))
        for n in names:
            if n in modules and n != m:
                edges[m].add(n)

if "--dot" in sys.argv:
    print("digraph relman {")
    for m in sorted(edges):
        for n in sorted(edges[m]):
            print(f'  "{m}" -> "{n}";')
    print("}")

# Strongly connected components (Tarjan).
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1:
            sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in index:
        strong(v)
for comp in sccs:
    inner = [f"{a} -> {b}" for a in comp for b in sorted(edges[a]) if b in comp]
    print("cycle: " + ", ".join(comp) + "\n  " + "\n  ".join(inner))
if not sccs:
    print(f"{len(modules)} modules, {sum(len(e) for e in edges.values())} edges, no cycle")

# Process-wide state: a cache kept in a static is keyed by nothing the caller controls.
state = []
static_re = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?static\s+(?:mut\s+)?(\w+)\s*:\s*([^=]+)=", re.M)
for files in modules.values():
    for f in files:
        text = open(f, encoding="utf-8").read(); text = re.split(r"#\[cfg\(test\)\]\s*mod tests\b", text)[0]
        if "thread_local!" in text and not f.endswith(os.path.join("render", "budget.rs")):
            # render/budget.rs is the one exception: the budget of one render, made and
            # dropped by the dedicated thread that renders it (tera's functions cannot be
            # handed per-render state), never shared or kept between renders.
            state.append(f"{f}: thread_local!")
        for name, ty in static_re.findall(text):
            if f.endswith(os.path.join("render", "budget.rs")) and name == "SANDBOX":
                continue
            if f.endswith(os.path.join("render", "mod.rs")) and name == "PARSING":
                # Holds nothing: it serialises parses because pest's step limit is a
                # setting of the whole process.
                continue
            if re.search(r"\b(Mutex|RwLock|RefCell|Cell|OnceLock|OnceCell|HashMap|BTreeMap|Atomic\w+|static mut)\b", ty):
                state.append(f"{f}: static {name}: {ty.strip()}")
            elif "LazyLock" in ty and "Regex" not in ty:
                state.append(f"{f}: static {name}: {ty.strip()} (a lazily built value other than a regex)")
for line in state:
    print("process-wide state: " + line)
if not state:
    print("no process-wide state")
sys.exit(1 if sccs or state else 0)
