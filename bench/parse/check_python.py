#!/usr/bin/env python3
"""Compare codemap's Python extraction with Python's own ast module.

usage: bench/parse/check_python.py [ROOT]   (default: Django, via bench/corpus.sh)

For every .py file under ROOT that Python itself can parse, counts
  - definitions: ast FunctionDef, AsyncFunctionDef and ClassDef nodes
    against codemap's function, method and class definitions;
  - calls: ast Call nodes whose callee is a name or an attribute
    (f(), a.b.f()) against codemap's call references;
  - imports: the names of ast Import and ImportFrom nodes against
    codemap's import facts,
and prints the totals and the files where they differ.  It runs the core
through build/test_core (make build/test_core), the same code as the
extension.
"""
import ast
import os
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tool = os.path.join(top, "build", "test_core")
root = sys.argv[1] if len(sys.argv) > 1 else subprocess.run(
    [os.path.join(top, "bench", "corpus.sh"), "django"],
    check=True, capture_output=True, text=True).stdout.split("\n")[-2]

totals = {"definitions": [0, 0], "calls": [0, 0], "imports": [0, 0]}
differing = []
files = 0
for dirpath, _, names in os.walk(root):
    for name in sorted(names):
        if not name.endswith(".py"):
            continue
        path = os.path.join(dirpath, name)
        try:
            tree = ast.parse(open(path, "rb").read())
        except (SyntaxError, ValueError):
            continue
        nodes = list(ast.walk(tree))
        want = {
            "definitions": sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for n in nodes),
            "calls": sum(isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)) for n in nodes),
            "imports": sum(len(n.names) for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))),
        }
        out = subprocess.run([tool, "dump", "python", path], capture_output=True, text=True).stdout
        rows = [[c.strip() for c in line.split("|")] for line in out.split("\n") if "|" in line]
        got = {
            "definitions": sum(r[0] == "definition" and r[1] in ("function", "method", "class") for r in rows),
            "calls": sum(r[0] == "reference" and r[1] == "call" for r in rows),
            "imports": sum(r[0] == "import" for r in rows),
        }
        files += 1
        for k in totals:
            totals[k][0] += want[k]
            totals[k][1] += got[k]
        if want != got:
            differing.append((os.path.relpath(path, root), want, got))

print(f"{files} files under {root}")
print(f"{'':12} {'python ast':>10} {'codemap':>10}")
for k, (w, g) in totals.items():
    print(f"{k:12} {w:10d} {g:10d}")
print(f"files that differ: {len(differing)}")
for path, want, got in differing[:20]:
    print(f"  {path}: ast {want}, codemap {got}")
sys.exit(1 if differing else 0)
