#!/usr/bin/env python3
"""Include edges of a C or C++ tree as gcc's include search finds them.

    c_truth.py ROOT MIRROR [-I DIR]... < FILES > EDGES

FILES lists repo-relative C and C++ files, one a line.  Each file's
#include lines with a quoted or angle-bracket name, outside comments, are
read with regular expressions (not with codemap's parser) and handed to gcc
in a probe file
placed in the includer's directory, with "-nostdinc" and the -I
directories given (repo-relative, in order): gcc's own search then says
which file each name opens, and "-H" prints it.

gcc searches by path alone, so it runs in MIRROR: a copy of ROOT's
directory tree in which every file is empty.  Nothing a header includes is
followed (it includes nothing), no include guard hides a second
directive, and a probe costs one gcc start.  A name gcc does not find is
external ("-M -MG" lets it go on) and gives no edge.

An edge is written as "includer<TAB>included" with repo-relative paths.
"""
import os
import re
import shutil
import subprocess
import sys
from multiprocessing import Pool

DIRECTIVE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*(<[^>\n]+>|"[^"\n]+")', re.M)
# comments go (keeping their newlines), string and character literals stay
TOKENS = re.compile(rb'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def strip_comments(text):
    def keep(m):
        t = m.group(0)
        if t.startswith(b"/"):
            return b" " + b"\n" * t.count(b"\n")
        return t
    return TOKENS.sub(keep, text)
CPP_SUFFIXES = (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".C")


def mirror_tree(root, mirror):
    """MIRROR: ROOT's directories, symbolic links and empty files."""
    if os.path.isdir(mirror):
        shutil.rmtree(mirror)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        target = os.path.join(mirror, rel)
        os.makedirs(target, exist_ok=True)
        for name in dirnames + filenames:
            src = os.path.join(dirpath, name)
            dst = os.path.join(target, name)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            elif name in filenames:
                open(dst, "wb").close()


def probe(args):
    root, mirror, flags, rel = args
    try:
        with open(os.path.join(root, rel), "rb") as f:
            names = DIRECTIVE.findall(strip_comments(f.read()))
    except OSError:
        return []
    if not names:
        return []
    directory = os.path.dirname(rel)
    probe_rel = os.path.join(directory, ".codemap-probe-%d.c" % os.getpid())
    with open(os.path.join(mirror, probe_rel), "wb") as f:
        for name in names:
            f.write(b"#include " + name + b"\n")
    lang = "c++" if rel.endswith(CPP_SUFFIXES) else "c"
    run = subprocess.run(
        ["gcc", "-x", lang, "-nostdinc", "-w", "-M", "-MG", "-MF", os.devnull,
         "-H"] + flags + [probe_rel],
        cwd=mirror, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.unlink(os.path.join(mirror, probe_rel))
    edges = set()
    for line in run.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith(". "):
            target = os.path.normpath(line[2:])
            if not target.startswith("..") and target != rel:
                edges.add((rel, target))
    return sorted(edges)


def main():
    root = os.path.realpath(sys.argv[1])
    mirror = os.path.realpath(sys.argv[2])
    flags = []
    args = sys.argv[3:]
    while args:
        if args[0] == "-I" and len(args) > 1:
            flags += ["-I", args[1]]
            args = args[2:]
        else:
            sys.exit("c_truth: unexpected argument " + args[0])
    mirror_tree(root, mirror)
    files = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    with Pool(os.cpu_count() or 2) as pool:
        for edges in pool.imap(probe, [(root, mirror, flags, f) for f in files],
                               chunksize=64):
            for src, dst in edges:
                sys.stdout.write(f"{src}\t{dst}\n")
    shutil.rmtree(mirror)


if __name__ == "__main__":
    main()
