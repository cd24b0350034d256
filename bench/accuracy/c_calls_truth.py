#!/usr/bin/env python3
"""Call edges of a C tree as gcc's call graph has them.

    c_calls_truth.py ROOT JUDGED_OUT FILE.ci... > EDGES

Reads the VCG call graphs gcc writes with -fcallgraph-info (one per
translation unit, compiled at -O0 so that nothing is inlined away) and
writes one edge per caller and callee that both have a definition in the
tree: "path::caller<TAB>path::callee", each path the repo-relative file
holding the definition (a static inline function of a header is the
header's).  Calls to functions defined nowhere in the tree (the C library)
are left out.  JUDGED_OUT gets every function defined in the tree, as
"path::name": the callers whose calls count.
"""
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"\\]+)\\n([^"]+)"( shape : ellipse)? \}')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')


def main():
    root = os.path.realpath(sys.argv[1])
    graphs = sys.argv[3:]
    defined = {}            # title (static: "tu:name") -> "path::name"
    globals_ = {}           # name -> "path::name", for titles without a tu
    edges = []
    for ci in graphs:
        with open(ci, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for title, name, loc, ellipse in NODE.findall(text):
            if ellipse:
                continue    # declared here, defined elsewhere (or nowhere)
            path = os.path.normpath(loc.rsplit(":", 2)[0])
            if os.path.isabs(path):
                path = os.path.relpath(path, root)
            if path.startswith(".."):
                continue
            key = f"{path}::{name}"
            defined[title] = key
            if ":" not in title:
                globals_[name] = key
        edges += EDGE.findall(text)
    out = set()
    for src, dst in edges:
        caller = defined.get(src) or globals_.get(src)
        callee = defined.get(dst) or globals_.get(dst)
        if caller and callee:
            out.add((caller, callee))
    for caller, callee in sorted(out):
        sys.stdout.write(f"{caller}\t{callee}\n")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        for key in sorted(set(defined.values())):
            f.write(key + "\n")


if __name__ == "__main__":
    main()
