#!/usr/bin/env python3
"""Measure `wcomp embed` + `wcomp new` on wit-component's own test cases.

The cases are not part of this repository: they ship with the wit-component
crate that cargo keeps in its registry (tests/components/<case>/), so this
script finds them there (or takes --cases DIR) and only reports. Each case
directory is one WIT package with one world per core module (`module`,
`adapt-NAME`); the module and adapters are text. For every case that is not a
`component link` case (those have lib-*.wat instead of module.wat) it:
  1. converts each .wat with native `wasm-tools parse` (the input, not what
     is measured), embeds its world with `wcomp embed DIR -w STEM`;
  2. builds with `wcomp new module.wasm --adapt NAME=adapter.wasm ...`, with
     the options the case's `;;!` header asks for;
  3. an `error-*` case must be refused; any other must build, pass
     `wasm-tools validate --features all`, and `wasm-tools component wit` of
     the result must equal the case's component.wit.print.
Exit status is 0 unless --strict and something disagreed; --list prints each
case's verdict.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile


def run(cmd, timeout=60):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def find_cases():
    home = os.path.expanduser("~/.cargo/registry/src")
    found = sorted(glob.glob(os.path.join(home, "*", "wit-component-*", "tests", "components")))
    # Highest version last: the one wasm-tools 1.262 ships is wanted.
    return found[-1] if found else None


def header_options(path):
    """The `;;! key = value` lines at the top of a .wat file."""
    opts = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(";;!"):
                k, _, v = line[3:].partition("=")
                opts[k.strip()] = v.strip()
            elif line and not line.startswith(";;"):
                break
    return opts


def module_name(path, prefix):
    """An adapter's import-module name: a `;; module name: X` line or the stem."""
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(";; module name: "):
                return line[len(";; module name: "):]
            if line and not line.startswith(";;"):
                break
    return os.path.basename(path)[:-4][len(prefix):]


def normalize(text):
    return text.replace("\r\n", "\n").strip()


FULL = False  # --full: whole messages, not their first lines


def measure(case, wcomp, tmp):
    """Returns (verdict, detail): verdict in agree / embed / build / refuse /
    invalid / wit."""
    name = os.path.basename(case)
    expect_error = name.startswith("error-")
    opts = {}
    for w in glob.glob(os.path.join(case, "*.wat")):
        if os.path.basename(w) != "component.wat":
            opts.update(header_options(w))
    built = {}
    for w in sorted(glob.glob(os.path.join(case, "*.wat"))):
        stem = os.path.basename(w)[:-4]
        if stem == "component":
            continue
        raw = os.path.join(tmp, stem + ".raw.wasm")
        rc, _, err = run(["wasm-tools", "parse", w, "-o", raw])
        if rc != 0:
            return "embed", "wasm-tools parse: " + err.strip()
        out = os.path.join(tmp, stem + ".wasm")
        rc, _, err = run([wcomp, "embed", case, raw, "-w", stem, "-o", out])
        if rc != 0:
            return "embed", err.strip().splitlines()[0] if err.strip() else "exit %d" % rc
        built[stem] = out
    cmd = [wcomp, "new", built["module"], "-o", os.path.join(tmp, "c.wasm")]
    for stem, path in sorted(built.items()):
        if stem.startswith("adapt-"):
            src = os.path.join(case, stem + ".wat")
            cmd += ["--adapt", "%s=%s" % (module_name(src, "adapt-"), path)]
    if opts.get("realloc-via-memory-grow") == "true":
        cmd.append("--realloc-via-memory-grow")
    if opts.get("return-call-ref") == "true":
        cmd.append("--return-call-ref")
    rc, _, err = run(cmd)
    first = (err.strip() if FULL else err.strip().splitlines()[0]) if err.strip() else ""
    if expect_error:
        return ("agree", first) if rc == 1 else ("refuse", "built (exit %d)" % rc)
    if rc != 0:
        return "build", first or "exit %d" % rc
    comp = os.path.join(tmp, "c.wasm")
    rc, _, err = run(["wasm-tools", "validate", "--features", "all", comp])
    if rc != 0:
        return "invalid", err.strip().splitlines()[0] if err.strip() else ""
    rc, out, err = run(["wasm-tools", "component", "wit", comp])
    if rc != 0:
        return "wit", "wasm-tools component wit: " + err.strip()
    with open(os.path.join(case, "component.wit.print")) as f:
        want = f.read()
    # The case prints the root package only; wasm-tools also prints the
    # packages it depends on, as `package x:y { ... }` blocks after it.
    out = re.split(r"(?m)^package [^\n]*\{$", out)[0]
    if normalize(out) != normalize(want):
        return "wit", first_difference(normalize(want), normalize(out))
    return "agree", ""


def first_difference(want, got):
    a, b = want.splitlines(), got.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: expected %r, got %r" % (i + 1, x, y)
    return "expected %d lines, got %d" % (len(a), len(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", required=True)
    ap.add_argument("--cases", help="wit-component's tests/components folder")
    ap.add_argument("--list", action="store_true", help="print every case's verdict")
    ap.add_argument("--only", help="a regular expression on case names")
    ap.add_argument("--full", action="store_true", help="print whole error messages")
    ap.add_argument("--strict", action="store_true", help="exit 1 on any disagreement")
    args = ap.parse_args()
    global FULL
    FULL = args.full
    root = args.cases or find_cases()
    if not root or not os.path.isdir(root):
        print("wit-component's test cases not found (cargo registry); give --cases DIR")
        return 2
    cases = sorted(d for d in glob.glob(os.path.join(root, "*"))
                   if os.path.isfile(os.path.join(d, "module.wat")))
    if args.only:
        cases = [c for c in cases if re.search(args.only, os.path.basename(c))]
    tally = {}
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                verdict, detail = measure(case, args.wcomp, tmp)
            except subprocess.TimeoutExpired:
                verdict, detail = "build", "timeout"
        tally[verdict] = tally.get(verdict, 0) + 1
        if args.list or verdict != "agree":
            print("%-8s %s %s" % (verdict, os.path.basename(case), detail))
    must_fail = sum(1 for c in cases if os.path.basename(c).startswith("error-"))
    print("%d cases from %s (%d must build, %d must fail): %s" % (
        len(cases), root, len(cases) - must_fail, must_fail,
        ", ".join("%s %d" % kv for kv in sorted(tally.items()))))
    return 1 if args.strict and tally.get("agree", 0) != len(cases) else 0


if __name__ == "__main__":
    sys.exit(main())
