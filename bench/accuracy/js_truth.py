#!/usr/bin/env python3
"""Import edges of a JavaScript or TypeScript tree as dependency-cruiser
resolves them (webpack's enhanced-resolve: extensions, index files,
package.json and tsconfig paths).

    depcruise --output-type json ... | js_truth.py FILES_OUT > EDGES

Writes "importer<TAB>target" for every dependency resolved to a file of
the tree (not a core module, not unresolved, not under node_modules), and
every module dependency-cruiser read to FILES_OUT.
"""
import json
import sys


def main():
    data = json.load(sys.stdin)
    seen = set()
    out = sys.stdout
    for module in data.get("modules", []):
        src = module["source"]
        if module.get("coreModule") or module.get("couldNotResolve") or \
                "node_modules/" in src:
            continue
        seen.add(src)
        for dep in module.get("dependencies", []):
            target = dep.get("resolved", "")
            if dep.get("coreModule") or dep.get("couldNotResolve") or \
                    "node_modules/" in target or target == src:
                continue
            out.write(f"{src}\t{target}\n")
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        for path in sorted(seen):
            f.write(path + "\n")


if __name__ == "__main__":
    main()
