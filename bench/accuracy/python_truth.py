#!/usr/bin/env python3
"""Import edges of a Python tree as Python itself finds them.

    python_truth.py ROOT [SOURCE_ROOT...] < FILES > EDGES

FILES lists repo-relative .py paths, one a line (the files codemap stored).
Each is read with Python's own parser (ast); each import statement is
resolved with Python's own path finder (importlib.machinery.PathFinder),
searching ROOT and then each SOURCE_ROOT (repo-relative) as sys.path
entries, and nothing else: the standard library and installed packages are
outside the repository, so what only they provide is external.

An edge is written as "importer<TAB>target" where the target is the
repo-relative file of the module the statement names (a package's
__init__.py), or its directory followed by "/" for a namespace package:

    import a.b          a.b
    from a import m     a.m when a has a submodule m, else a
    from a import *     a
    from . import m     likewise, relative to the importer's package

No module is executed, so an attribute that a package's __init__ defines
under the name of one of its submodules still counts as the submodule.
"""
import ast
import importlib.machinery
import os
import sys


def spec_target(spec, root):
    """The repo-relative file (or "dir/") of a found module, or None."""
    if spec is None:
        return None
    if spec.origin and spec.origin not in ("namespace", "built-in", "frozen"):
        path = os.path.relpath(spec.origin, root)
    elif spec.submodule_search_locations:
        locs = list(spec.submodule_search_locations)
        path = os.path.relpath(locs[0], root) + "/"
    else:
        return None
    if path.startswith(".."):
        return None
    return path


class Finder:
    """Module name -> spec, the way the import system walks packages."""

    def __init__(self, root, paths):
        self.root = root
        self.paths = paths
        self.cache = {}

    def find(self, name):
        if name in self.cache:
            return self.cache[name]
        parent, _, _ = name.rpartition(".")
        if parent:
            pspec = self.find(parent)
            if pspec is None or not pspec.submodule_search_locations:
                spec = None
            else:
                spec = importlib.machinery.PathFinder.find_spec(
                    name, list(pspec.submodule_search_locations))
        else:
            spec = importlib.machinery.PathFinder.find_spec(name, self.paths)
        self.cache[name] = spec
        return spec


def package_of(path):
    """The dotted package an importer at repo-relative path belongs to."""
    parts = path[:-3].split("/")
    return parts[:-1]       # __init__.py and x.py alike: their directory


def main():
    root = os.path.realpath(sys.argv[1])
    paths = [root] + [os.path.join(root, r) for r in sys.argv[2:]]
    finder = Finder(root, paths)
    out = sys.stdout
    for line in sys.stdin:
        rel = line.rstrip("\n")
        if not rel.endswith(".py"):
            continue
        try:
            with open(os.path.join(root, rel), "rb") as f:
                tree = ast.parse(f.read(), rel)
        except (SyntaxError, ValueError, OSError):
            continue
        package = package_of(rel)
        # a file under a source root is imported relative to that root
        for r in sys.argv[2:]:
            prefix = r.rstrip("/") + "/"
            if rel.startswith(prefix):
                package = package_of(rel[len(prefix):])
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target = spec_target(finder.find(alias.name), root)
                    if target and target != rel:
                        out.write(f"{rel}\t{target}\n")
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    # Python: "attempted relative import beyond top-level
                    # package" (or with no known parent package)
                    if node.level > len(package):
                        continue
                    base = package[:len(package) - (node.level - 1)]
                    parts = base + (node.module.split(".") if node.module else [])
                    if not parts:
                        continue
                    module = ".".join(parts)
                else:
                    module = node.module
                mspec = finder.find(module)
                if mspec is None:
                    continue
                for alias in node.names:
                    spec = None
                    if alias.name != "*":
                        spec = finder.find(module + "." + alias.name)
                    target = spec_target(spec or mspec, root)
                    if target and target != rel:
                        out.write(f"{rel}\t{target}\n")


if __name__ == "__main__":
    main()
