#!/usr/bin/env python3
"""Precision and recall of codemap's import edges against a real tool's.

    compare.py NAME TRUTH OURS MISSES [--judged FILE] [--stored FILE] [--shown N]

TRUTH holds "importer<TAB>target" lines from the language's own tool; OURS
holds "importer<TAB>target<TAB>line<TAB>written" lines from codemap's
edges.  Both are sets of (importer, target) pairs: an import written twice
counts once.  A target ending in "/" is a directory (a package).

--judged FILE   only importers listed in FILE count: the files both sides
                judged (a tool may leave out test data, codemap generated
                files)
--stored FILE   the tool's edges to a target codemap did not store (a
                file of no supported language, a skipped one) are left
                out and counted: codemap cannot link to what it does not
                hold.  Directories of stored files count as stored.

Prints one table row (corpus, tool edges, codemap edges, both, precision,
recall, tool edges left out) and the first N (default 10) misses of each
side; writes every miss to MISSES.
"""
import argparse
import os


def read(path, ncols):
    rows = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                continue
            key = (cols[0], cols[1])
            if key not in rows:
                rows[key] = cols[2:ncols]
    return rows


def lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return {line.rstrip("\n") for line in f}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("truth")
    ap.add_argument("ours")
    ap.add_argument("misses")
    ap.add_argument("--judged")
    ap.add_argument("--stored")
    ap.add_argument("--shown", type=int, default=10)
    a = ap.parse_args()

    truth = read(a.truth, 2)
    ours = read(a.ours, 4)
    if a.judged:
        judged = lines(a.judged)
        truth = {k: v for k, v in truth.items() if k[0] in judged}
        ours = {k: v for k, v in ours.items() if k[0] in judged}
    left_out = 0
    if a.stored:
        stored = lines(a.stored)
        for path in list(stored):
            d = os.path.dirname(path)
            while d and d + "/" not in stored:
                stored.add(d + "/")
                d = os.path.dirname(d)
        kept = {k: v for k, v in truth.items() if k[1] in stored}
        left_out = len(truth) - len(kept)
        truth = kept

    both = set(truth) & set(ours)
    missed = sorted(set(truth) - both)       # the tool has it, codemap not
    wrong = sorted(set(ours) - both)         # codemap has it, the tool not
    precision = len(both) / len(ours) if ours else 1.0
    recall = len(both) / len(truth) if truth else 1.0
    print(f"{a.name:<10} {len(truth):>8} {len(ours):>8} {len(both):>8} "
          f"{precision:>9.4f} {recall:>7.4f} {left_out:>9}")
    with open(a.misses, "w", encoding="utf-8") as f:
        for src, dst in missed:
            f.write(f"missed\t{src}\t{dst}\n")
        for src, dst in wrong:
            line, written = (ours[(src, dst)] + ["", ""])[:2]
            f.write(f"wrong\t{src}\t{dst}\t{line}\t{written}\n")
    for label, rows in (("not found by codemap", missed),
                        ("found by codemap only", wrong)):
        if rows:
            print(f"    {label}: {len(rows)}" +
                  (f" (first {a.shown})" if len(rows) > a.shown else ""))
            for src, dst in rows[:a.shown]:
                extra = ""
                if (src, dst) in ours:
                    line, written = (ours[(src, dst)] + ["", ""])[:2]
                    extra = f"  (line {line}: {written})"
                print(f"        {src} -> {dst}{extra}")


if __name__ == "__main__":
    main()
