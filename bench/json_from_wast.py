#!/usr/bin/env python3
"""`wcomp json-from-wast` against `wasm-tools json-from-wast` on every .wast
script found under the given folders: per script, both refuse it, or the
JSON and every module file they write are byte-identical.

The scripts are other projects' test suites, read where cargo unpacked them
(the wasm-tools 1.262.0 crate's tests/cli, the wasmtime-cli crate's spec and
misc test suites), so this is a measurement for the notes, not a test; the
`differential` test compares the repository's own .wast fixtures.
  bench/json_from_wast.py [--wcomp WCOMP] [--list] [DIR...]
"""
import argparse
import glob
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path


def default_dirs():
    home = Path.home() / ".cargo/registry/src"
    pats = ["*/wasm-tools-1.262.0/tests/cli", "*/wasmtime-cli-*/tests/spec_testsuite",
            "*/wasmtime-cli-*/tests/misc_testsuite"]
    return [p for pat in pats for p in sorted(glob.glob(str(home / pat)))]


def convert(cmd, script, out):
    out.mkdir()
    p = subprocess.run([*cmd, "json-from-wast", str(script), "-o", str(out / "out.json"),
                        "--wasm-dir", str(out)], capture_output=True, timeout=120)
    return p.returncode


def compare(wcomp, script, tmp):
    a, b = tmp / "wcomp", tmp / "wasm-tools"
    for d in (a, b):
        shutil.rmtree(d, ignore_errors=True)
    ra, rb = convert([wcomp], script, a), convert(["wasm-tools"], script, b)
    if ra and rb:
        return "both refuse", ""
    if ra or rb:
        return "status differs", f"wcomp exit {ra}, wasm-tools exit {rb}"
    names = sorted(p.name for p in b.iterdir())
    if names != sorted(p.name for p in a.iterdir()):
        return "files differ", "different file lists"
    bad = [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()]
    if not bad:
        return "identical", ""
    return ("json differs" if "out.json" in bad else "module bytes differ"), " ".join(bad[:5])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", default=str(Path(__file__).resolve().parent.parent / "build/cli/wcomp"))
    ap.add_argument("--list", action="store_true", help="name every script that disagrees")
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    dirs = args.dirs or default_dirs()
    if not dirs or not shutil.which("wasm-tools"):
        raise SystemExit("needs wasm-tools on PATH and .wast folders (cargo fetch the crates)")
    counts = Counter()
    with tempfile.TemporaryDirectory() as t:
        for d in dirs:
            for script in sorted(Path(d).rglob("*.wast")):
                verdict, why = compare(args.wcomp, script, Path(t))
                counts[verdict] += 1
                if args.list and verdict not in ("identical", "both refuse"):
                    print(f"{verdict}: {script} {why}")
    total = sum(counts.values())
    agree = counts["identical"] + counts["both refuse"]
    print(f"{agree} of {total} scripts agree ({counts['identical']} identical, "
          f"{counts['both refuse']} refused by both); " +
          ", ".join(f"{k} {v}" for k, v in sorted(counts.items())
                    if k not in ("identical", "both refuse")))


if __name__ == "__main__":
    main()
