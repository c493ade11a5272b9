#!/usr/bin/env python3
"""Measure `wcomp wit --json` on wit-parser's own UI test cases.

The cases ship with the wit-parser crate (tests/ui/: a .wit or .wit.md file,
a .wat/.wasm package or a folder, each with the JSON wit-parser makes of it
in NAME.wit.json; tests/ui/parse-fail/: inputs that must be refused). This
script finds them in cargo's registry (or takes --cases DIR) and reports:
  - valid: `wcomp wit PATH --json --features active` must print exactly the
    expected JSON (wit-parser's Resolve, as `wasm-tools component wit
    --json` prints it); "json" counts those that differ only in the text,
    "model" those whose parsed JSON differs;
  - parse-fail: `wcomp wit PATH` must exit 1.
--strict exits 1 on any disagreement that --allowlist does not list with
that verdict (or a listed case that agrees now); --list prints each case's
verdict.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys


def run(cmd, timeout=60):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def find_cases():
    home = os.path.expanduser("~/.cargo/registry/src")
    found = sorted(glob.glob(os.path.join(home, "*", "wit-parser-0.262.0", "tests", "ui")))
    return found[-1] if found else None


def inputs(folder):
    """The test inputs of a folder: files of the test kinds and sub-folders."""
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name == "parse-fail":
            continue
        if os.path.isdir(path):
            out.append(path)
        elif os.path.splitext(name)[1] in (".md", ".wit", ".wat", ".wasm"):
            out.append(path)
    return out


def expected_path(path, ext):
    if path.endswith(".wit.md"):
        return path[:-len(".md")] + ".md." + ext
    base = os.path.splitext(path)[0] if not os.path.isdir(path) else path
    return base + ".wit." + ext


def first_difference(want, got):
    a, b = want.splitlines(), got.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: expected %r, got %r" % (i + 1, x.strip(), y.strip())
    return "expected %d lines, got %d" % (len(a), len(b))


def valid_case(wcomp, path):
    rc, out, err = run([wcomp, "wit", path, "--json", "--features", "active"])
    if rc != 0:
        return "refused", (err.strip().splitlines() or ["exit %d" % rc])[0]
    with open(expected_path(path, "json")) as f:
        want = f.read().strip()
    got = out.strip()
    if got == want:
        return "agree", ""
    try:
        same = json.loads(got) == json.loads(want)
    except ValueError:
        same = False
    return ("json" if same else "model"), first_difference(want, got)


def fail_case(wcomp, path):
    rc, _, err = run([wcomp, "wit", path, "--features", "active"])
    if rc == 1:
        return "agree", (err.strip().splitlines() or [""])[0]
    return "accepted", "exit %d" % rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", required=True)
    ap.add_argument("--cases", help="wit-parser's tests/ui folder")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--only", help="a regular expression on case names")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--allowlist",
                    help="a file of `NAME VERDICT reason` lines: known disagreements "
                         "(a listed case that agrees, or disagrees otherwise, fails --strict)")
    args = ap.parse_args()
    root = args.cases or find_cases()
    if not root or not os.path.isdir(root):
        print("wit-parser's UI tests not found (cargo registry); give --cases DIR")
        return 2
    cases = [("valid", p) for p in inputs(root)]
    cases += [("fail", p) for p in inputs(os.path.join(root, "parse-fail"))]
    if args.only:
        cases = [c for c in cases if re.search(args.only, os.path.basename(c[1]))]
    allowed = {}
    if args.allowlist:
        with open(args.allowlist) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, verdict = line.split()[:2]
                    allowed[name] = verdict
    tally = {}
    bad = []
    for kind, path in cases:
        name = ("parse-fail/" if kind == "fail" else "") + os.path.basename(path)
        try:
            verdict, detail = (valid_case if kind == "valid" else fail_case)(args.wcomp, path)
        except subprocess.TimeoutExpired:
            verdict, detail = "timeout", ""
        key = kind + " " + verdict
        tally[key] = tally.get(key, 0) + 1
        if name in allowed:
            if allowed.pop(name) != verdict:
                bad.append(name)
                print("STALE or changed allowlist entry: %s is now `%s`" % (name, verdict))
            continue
        if verdict != "agree":
            bad.append(name)
        if args.list or verdict != "agree":
            print("%-9s %s %s" % (verdict, name, detail[:300]))
    print("%d cases from %s: %s" % (len(cases), root,
                                     ", ".join("%s %d" % kv for kv in sorted(tally.items()))))
    for name in allowed:
        print("allowlist entry for a case that does not exist: %s" % name)
        bad.append(name)
    if bad:
        print("disagreements not allowlisted: %s" % " ".join(bad))
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
