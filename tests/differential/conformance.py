#!/usr/bin/env python3
"""Verdict agreement with native wasm-tools on a conformance corpus.

Usage: conformance.py WCOMP CORPUS_DIR [--features F] [--allowlist FILE] [--jobs N]

Every .wasm file under CORPUS_DIR (the wast2json-style corpora of
../shared/conformance) is validated by `wcomp validate` and by native
`wasm-tools validate`, with the same `-f` features (none: both tools'
defaults). A file is in agreement when both accept it or both refuse it.
Disagreements are printed unless a line of the allowlist (`GLOB reason`,
GLOB matched against the path relative to CORPUS_DIR; a reason starting
with `[features=F]` limits the line to runs with `--features F`) covers them; an
allowlist line that matches no disagreement is reported as stale. Exit 1 on
any unlisted disagreement or stale line.

The corpus is not part of this repository (it lives beside it), so this is
a measuring tool run by hand and quoted in issue notes, not a ctest.
"""
import argparse
import fnmatch
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def verdict(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    if p.returncode < 0:
        return "crash", p.stderr.decode(errors="replace")
    return ("valid" if p.returncode == 0 else "invalid"), p.stderr.decode(errors="replace").strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wcomp")
    ap.add_argument("corpus")
    ap.add_argument("--features", default=None)
    ap.add_argument("--allowlist", default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    files = []
    for d, dirs, fs in os.walk(a.corpus):
        dirs.sort()
        files += [os.path.join(d, f) for f in sorted(fs) if f.endswith(".wasm")]
    feat = ["-f", a.features] if a.features else []
    allow = []
    if a.allowlist:
        for line in open(a.allowlist, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                glob, _, reason = line.partition(" ")
                # `[features=F]` first in the reason: the entry applies only
                # to runs with `--features F`.
                if reason.startswith("[features="):
                    cond, _, reason = reason.partition("] ")
                    if cond[len("[features="):] != (a.features or ""):
                        continue
                allow.append([glob, reason, 0])

    def judge(path):
        ours = verdict([a.wcomp, "validate", *feat, path])
        theirs = verdict(["wasm-tools", "validate", *feat, path])
        return path, ours, theirs

    agree = allowed = 0
    bad = []
    with ThreadPoolExecutor(a.jobs) as ex:
        for path, ours, theirs in ex.map(judge, files):
            rel = os.path.relpath(path, a.corpus)
            if ours[0] in ("crash", "timeout"):
                bad.append(f"{rel}: wcomp {ours[0]}: {ours[1][:200]}")
                continue
            if ours[0] == theirs[0]:
                agree += 1
                continue
            hit = next((e for e in allow if fnmatch.fnmatch(rel, e[0])), None)
            if hit:
                hit[2] += 1
                allowed += 1
                continue
            bad.append(f"{rel}: wcomp {ours[0]} ({ours[1][:160]}), wasm-tools {theirs[0]} ({theirs[1][:160]})")
    for line in bad:
        print("DISAGREE " + line)
    rels = [os.path.relpath(f, a.corpus) for f in files]
    # An entry for another corpus (no file matches it here) is not stale.
    stale = [e for e in allow if e[2] == 0 and any(fnmatch.fnmatch(r, e[0]) for r in rels)]
    for e in stale:
        print(f"STALE allowlist entry {e[0]}")
    print(f"{len(files)} files: {agree} agree, {allowed} allowlisted, {len(bad)} disagree")
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main())
