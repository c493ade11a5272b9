#!/usr/bin/env python3
"""`wcomp compose DOC.wac` against `wac compose DOC.wac` on the WAC fixtures.

Every fixtures/compose/wac/**/*.wac is composed by both tools from a copy of
the fixtures' dependency folder (wac 0.10 reads `.wasm` packages and WIT
folders, not `.wat`: the copies are parsed by wasm-tools). They agree when
both refuse the document, or both compose it into components that native
wasm-tools validates and whose WIT (`wasm-tools component wit`) has the
same lines (the order of imports may differ: wac groups them by kind).
Differences listed in wac-allowlist.txt (`NAME  reason`) are counted apart;
any other difference, or a listed case that agrees now, fails.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=120,
                       env=dict(os.environ, RUST_BACKTRACE="0"))
    return p.returncode, p.stdout, p.stderr


def wit_lines(wasm_tools, path):
    code, out, err = run([wasm_tools, "component", "wit", str(path)])
    if code != 0:
        return None, err.decode(errors="replace").strip()[:300]
    return sorted(line.strip() for line in out.decode().splitlines() if line.strip()), ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", required=True)
    ap.add_argument("--wac", default="wac")
    ap.add_argument("--wasm-tools", default="wasm-tools")
    ap.add_argument("--fixtures", type=Path, required=True, help="fixtures/compose/wac")
    ap.add_argument("--allowlist", type=Path)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()

    allowed = {}
    if args.allowlist and args.allowlist.exists():
        for line in args.allowlist.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, why = line.partition(" ")
                allowed[name] = why.strip()

    tmp = Path(tempfile.mkdtemp(prefix="wac-cases-"))
    try:
        work = tmp / "wac"
        shutil.copytree(args.fixtures, work)
        for wat in sorted((work / "deps").rglob("*.wat")):
            code, _, err = run([args.wasm_tools, "parse", str(wat), "-o", str(wat.with_suffix(".wasm"))])
            if code != 0:
                sys.exit(f"wasm-tools cannot parse {wat}: {err.decode(errors='replace')}")
            wat.unlink()
        agree = listed = 0
        failures = []
        for doc in sorted(work.rglob("*.wac")):
            name = str(doc.relative_to(work))
            deps = str(work / "deps")
            w, _, werr = run([args.wac, "compose", doc.name, "--deps-dir", deps, "-o", str(tmp / "wac.wasm")],
                             cwd=doc.parent)
            c, _, cerr = run([args.wcomp, "compose", doc.name, "--deps-dir", deps, "-o", str(tmp / "wcomp.wasm")],
                             cwd=doc.parent)
            why = ""
            if w != 0 and c != 0:
                ok = True
            elif (w == 0) != (c == 0):
                ok = False
                refused = werr if w else cerr
                why = (f"{'wac' if w else 'wcomp'} refuses: "
                       f"{refused.decode(errors='replace').strip().splitlines()[-1:] if refused else ''}")
            else:
                ok = True
                for tool in ("wac", "wcomp"):
                    vc, _, verr = run([args.wasm_tools, "validate", str(tmp / f"{tool}.wasm")])
                    if vc != 0:
                        ok, why = False, f"wasm-tools refuses {tool}'s output: {verr.decode(errors='replace').strip()[:200]}"
                if ok:
                    wl, werr2 = wit_lines(args.wasm_tools, tmp / "wac.wasm")
                    cl, cerr2 = wit_lines(args.wasm_tools, tmp / "wcomp.wasm")
                    if wl != cl:
                        ok = False
                        why = (f"WIT differs: wac {werr2 or len(wl)} / wcomp {cerr2 or len(cl)} lines; "
                               f"only wac: {sorted(set(wl or []) - set(cl or []))[:4]}; "
                               f"only wcomp: {sorted(set(cl or []) - set(wl or []))[:4]}")
            verdict = "agree" if ok else "differ"
            if name in allowed:
                if ok:
                    failures.append(f"{name}: allowlisted but agrees now")
                else:
                    listed += 1
                    verdict = "allowlisted"
            elif ok:
                agree += 1
            else:
                failures.append(f"{name}: {why}")
            if args.list:
                print(f"{verdict:12} {name}  {why}")
        total = agree + listed + len(failures)
        print(f"wac_cases: {agree} of {total} documents agree with wac, {listed} allowlisted, "
              f"{len(failures)} disagree")
        for f in failures:
            print("  " + f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
