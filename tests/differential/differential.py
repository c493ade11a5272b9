#!/usr/bin/env python3
"""Differential check of wcomp against native wasm-tools (the oracle).

  differential.py --wcomp WCOMP --fixtures DIR [--cases N] [--seed S]
                  [--allowlist FILE] [--only PART]

Parts (all by default; --only picks one):
  fixtures  every binary fixture and every WAT fixture wasm-tools can encode:
            the same valid/invalid verdict from `wcomp validate` and
            `wasm-tools validate`; wcomp's re-encoding (`print` -> `parse`) of
            a valid one is valid for wasm-tools; `wcomp wit` of a valid
            component prints what `wasm-tools component wit` prints; and
            `metadata show --json`, `objdump`, `print -p`, `print
            --skeleton` and `print --name-unnamed` print what wasm-tools
            prints;
            `unbundle` takes out the same modules; `addr2line` finds the same
            lines for every code address of a binary with DWARF.
  goldens   every golden fixture's RUN line, with each binary wcomp writes
            there (-o: parse, embed, new, adapt, compose, wit --wasm) checked
            by `wasm-tools validate`.
  wit       every WIT fixture: the same verdict, and `wcomp wit --json`
            byte-identical to `wasm-tools component wit --json` (with every
            feature); one that resolves: `wcomp wit --wasm` writes a package
            that wasm-tools validates and prints as `wcomp wit` does.
  smith     N modules from `wasm-tools smith` (fixed seeds, every feature
            both sides have): valid for wcomp, `wcomp print` equals
            `wasm-tools print`, and wcomp's print -> parse gives the same bytes.
  mutate    N mutants (`wasm-tools mutate`, fixed seeds) of the smith modules
            and the fixtures: the same verdict from both.
  witsmith  N packages from `wasm-tools wit-smith`: `wcomp wit` of the binary
            equals `wasm-tools component wit`, and so does `--json` (of the
            binary, and of the printed text); wcomp re-encodes that text
            (`wit --wasm`) into a package wasm-tools prints the same way.

A disagreement fails the run unless the allowlist explains it: one line
each, `PART NAME-GLOB REGEX reason`, matching the case's name (globs, comma-separated) and
the disagreement's text (a regular expression without spaces; `\s` for
one), with a reason that cites the specification passage wasm-tools
contradicts or the open issue wcomp's side is tracked in. An allowlist line
that no longer matches anything fails the run too, so the list cannot go
stale. The last line is `differential: N passed, N failed`.
"""
import argparse
import fnmatch
import re
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WASM_TOOLS = "wasm-tools"
# Features smith turns on: those wcomp implements and wasm-tools validates by
# default or with `-f all` (both sides get `all`).
SMITH_FLAGS = [
    "--bulk-memory-enabled=true", "--reference-types-enabled=true", "--simd-enabled=true",
    "--relaxed-simd-enabled=true", "--multi-value-enabled=true", "--saturating-float-to-int-enabled=true",
    "--sign-extension-ops-enabled=true", "--tail-call-enabled=true", "--exceptions-enabled=true",
    "--gc-enabled=true", "--memory64-enabled=true", "--threads-enabled=true",
    "--extended-const-enabled=true", "--wide-arithmetic-enabled=true",
    "--shared-everything-threads-enabled=true",
    "--generate-custom-sections=true",
    "--compact-imports-enabled=true",
    "--max-funcs=20", "--max-instructions=200",
]


def run(cmd, stdin=None, timeout=60):
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


# The print options compared on generated modules, one set per module in
# turn (each module is printed once more per option set of its turn).
PRINT_VARIANTS = [(("-p",),), (("--skeleton",),), (("--indent", "3"), ("-p", "--skeleton")),
                  (("--name-unnamed",), ("-p", "--indent", "3"))]


class Check:
    def __init__(self, args):
        self.wcomp = args.wcomp
        self.passed = 0
        self.allowed = 0  # disagreements the allowlist explains
        self.failures = []
        self.allow = {}
        self.used = set()
        if args.allowlist and os.path.exists(args.allowlist):
            for line in open(args.allowlist, encoding="utf-8"):
                line = line.strip()
                if line and not line.startswith("#"):
                    part, name, pattern = line.split()[:3]
                    self.allow[(part, name, pattern)] = line
        self.tmp = Path(tempfile.mkdtemp(prefix="wcomp-diff-"))
        self.whole = {True: 0, False: 0}  # whole `component wit` texts equal / not

    def agree(self, part, name, ok, detail=""):
        if ok:
            self.passed += 1
        elif (key := next((k for k in self.allow if k[0] == part
                           and any(fnmatch.fnmatchcase(name, g) for g in k[1].split(","))
                           and re.search(k[2], detail)), None)):
            self.used.add(key)
            self.allowed += 1
        else:
            self.failures.append(f"{part} {name}: {detail}")

    def wcomp_run(self, *args, stdin=None):
        return run([self.wcomp, *args], stdin=stdin)

    def verdicts(self, part, name, path):
        """Same verdict; a valid binary re-encodes validly; a component's WIT agrees."""
        w, _, werr = self.wcomp_run("validate", "-f", "all", str(path))
        t, _, terr = run([WASM_TOOLS, "validate", "--features", "all", str(path)])
        self.agree(part, name, (w == 0) == (t == 0),
                   f"wcomp {'accepts' if w == 0 else 'refuses'} ({werr.decode(errors='replace').strip()[:200]}),"
                   f" wasm-tools {'accepts' if t == 0 else 'refuses'} ({terr.decode(errors='replace').strip()[:200]})")
        if w != 0 or t != 0:
            return
        out = self.tmp / "reenc.wasm"
        _, text, _ = self.wcomp_run("print", str(path))
        p, _, perr = self.wcomp_run("parse", "-", "-o", str(out), stdin=text)
        ok = p == 0 and run([WASM_TOOLS, "validate", "--features", "all", str(out)])[0] == 0
        self.agree(part, name + ":reencode", ok, f"print -> parse is not valid for wasm-tools {perr[:200]!r}")
        if path.read_bytes()[4:8] == b"\x0d\x00\x01\x00":
            self.wit_agrees(part, name + ":wit", path)

    def wit_agrees(self, part, name, path):
        t, twit, terr = run([WASM_TOOLS, "component", "wit", str(path)])
        w, wwit, werr = self.wcomp_run("wit", str(path))
        if t != 0 and w != 0:
            self.passed += 1
            return
        # The whole text is counted (self.whole); the root package decides.
        self.whole[twit == wwit] += 1
        twit, wwit = root_package(twit), root_package(wwit)
        self.agree(part, name, t == 0 and w == 0 and twit == wwit,
                   f"wasm-tools component wit {'fails' if t else 'differs'}: "
                   f"{(terr if t else werr).decode(errors='replace').strip()[:300]}"
                   + ("" if t else diff_hint(twit, wwit)))

    # ---- parts ------------------------------------------------------------
    def fixtures(self, root):
        for path in sorted(root.rglob("*.wasm")):
            self.verdicts("fixtures", str(path.relative_to(root)), path)
            self.metadata_agrees(str(path.relative_to(root)), path)
            self.unbundle_agrees(str(path.relative_to(root)), path)
            self.addr2line_agrees(str(path.relative_to(root)), path)
            self.rewrites_agree(str(path.relative_to(root)), path)
        for path in sorted(root.rglob("*.wat")):
            out = self.tmp / "fixture.wasm"
            if run([WASM_TOOLS, "parse", str(path), "-o", str(out)])[0] != 0:
                continue  # a text fixture of a CLI test, not one module
            ours = self.tmp / "fixture-wcomp.wasm"
            p, _, perr = self.wcomp_run("parse", str(path), "-o", str(ours))
            self.agree("fixtures", f"{path.relative_to(root)}:parse",
                       p == 0 and ours.read_bytes() == out.read_bytes(),
                       f"wcomp parse {'differs from' if p == 0 else 'fails where'} wasm-tools parse"
                       f" {perr.decode(errors='replace').strip()[:200]}")
            self.verdicts("fixtures", str(path.relative_to(root)), out)
            self.metadata_agrees(str(path.relative_to(root)), out)
            self.unbundle_agrees(str(path.relative_to(root)), out)
            self.rewrites_agree(str(path.relative_to(root)), out)
        for path in sorted(root.rglob("*.wast")):
            self.json_from_wast_agrees(str(path.relative_to(root)), path)

    def exit_statuses(self, t, w, terr, werr):
        """(True, "") when both tools refused (counted as agreement); else
        (False, why) with why empty when both succeeded."""
        if t != 0 and w != 0:
            self.passed += 1
            return True, ""
        if t != 0 or w != 0:
            err = (terr if t else werr).decode(errors="replace").strip()[:200]
            return False, f"wasm-tools exit {t}, wcomp exit {w} ({err})"
        return False, ""

    def rewrites_agree(self, name, path):
        """`strip` (default, --all, -d REGEX) and `demangle`: both refuse the
        input, or both write the same bytes."""
        for args in (("strip",), ("strip", "--all"), ("strip", "-d", "^(name|producers)$"),
                     ("demangle",)):
            outs = {k: self.tmp / f"rewrite-{k}.wasm" for k in ("w", "t")}
            for o in outs.values():
                o.unlink(missing_ok=True)
            t, _, terr = run([WASM_TOOLS, *args, str(path), "-o", str(outs["t"])])
            w, _, werr = self.wcomp_run(*args, str(path), "-o", str(outs["w"]))
            both_refuse, why = self.exit_statuses(t, w, terr, werr)
            if both_refuse:
                continue
            if not why and outs["t"].read_bytes() != outs["w"].read_bytes():
                why = "the outputs differ"
            self.agree("fixtures", f"{name}:{' '.join(args)}", not why, why)

    def json_from_wast_agrees(self, name, path):
        """`json-from-wast`: both refuse the script, or the JSON and every
        module file they write are byte-identical."""
        dirs = {k: self.tmp / f"jfw-{k}" for k in ("w", "t")}
        for d in dirs.values():
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir()
        t, _, terr = run([WASM_TOOLS, "json-from-wast", str(path), "-o", str(dirs["t"] / "out.json"),
                          "--wasm-dir", str(dirs["t"])])
        w, _, werr = self.wcomp_run("json-from-wast", str(path), "-o", str(dirs["w"] / "out.json"),
                                    "--wasm-dir", str(dirs["w"]))
        both_refuse, why = self.exit_statuses(t, w, terr, werr)
        if both_refuse:
            return
        if not why:
            names = {k: sorted(p.name for p in d.iterdir()) for k, d in dirs.items()}
            if names["t"] != names["w"]:
                why = f"files differ: wasm-tools {names['t'][:8]}, wcomp {names['w'][:8]}"
            else:
                for n in names["t"]:
                    a, b = (dirs["t"] / n).read_bytes(), (dirs["w"] / n).read_bytes()
                    if a != b:
                        why = f"{n} differs" + (diff_hint(a, b) if n.endswith(".json") else "")
                        break
        self.agree("fixtures", f"{name}:json-from-wast", not why, why)

    def metadata_agrees(self, name, path):
        """`metadata show --json` and `objdump` byte-identical, or both refuse."""
        for what, ours, theirs in (("metadata", ("metadata", "show", "--json"),
                                    ("metadata", "show", "--json")),
                                   ("objdump", ("objdump",), ("objdump",)),
                                   ("print -p", ("print", "-p"), ("print", "-p")),
                                   ("print --skeleton", ("print", "--skeleton"),
                                    ("print", "--skeleton")),
                                   ("print --name-unnamed", ("print", "--name-unnamed"),
                                    ("print", "--name-unnamed"))):
            t, tj, terr = run([WASM_TOOLS, *theirs, str(path)])
            w, wj, werr = self.wcomp_run(*ours, str(path))
            if t != 0 and w != 0:
                self.passed += 1
                continue
            self.agree("fixtures", f"{name}:{what}", t == 0 and w == 0 and tj == wj,
                       f"{' '.join(ours)}: wasm-tools exit {t}, wcomp exit {w}"
                       + (diff_hint(tj, wj) if t == 0 and w == 0 else
                          f" ({(terr if t else werr).decode(errors='replace').strip()[:200]})"))

    def unbundle_agrees(self, name, path):
        """`unbundle --threshold 0` of a component: both refuse, or both take
        out the same modules byte for byte, wcomp's component validates, and
        the two print alike after the module types and imports they put in
        front (wcomp's module types declare their own types, wasm-tools'
        alias shared ones, so only that prelude differs)."""
        if path.read_bytes()[4:8] != b"\x0d\x00\x01\x00":
            return
        dirs = {k: self.tmp / f"unbundle-{k}" for k in ("w", "t")}
        for d in dirs.values():
            shutil.rmtree(d, ignore_errors=True)
        outs = {k: self.tmp / f"unbundled-{k}.wasm" for k in dirs}
        t, _, terr = run([WASM_TOOLS, "component", "unbundle", "--threshold", "0", "--module-dir",
                          str(dirs["t"]), str(path), "-o", str(outs["t"])])
        w, _, werr = self.wcomp_run("unbundle", "--threshold", "0", "--module-dir", str(dirs["w"]),
                                    str(path), "-o", str(outs["w"]))
        both_refuse, why = self.exit_statuses(t, w, terr, werr)
        if both_refuse:
            return
        if not why:
            files = {k: sorted(p.name for p in d.glob("*")) if d.exists() else [] for k, d in dirs.items()}
            if files["w"] != files["t"]:
                why = f"modules taken out: wasm-tools {files['t']}, wcomp {files['w']}"
            elif any((dirs["w"] / f).read_bytes() != (dirs["t"] / f).read_bytes() for f in files["w"]):
                why = "the modules taken out differ"
            elif run([WASM_TOOLS, "validate", "--features", "all", str(outs["w"])])[0] != 0:
                why = "wasm-tools refuses wcomp's unbundled component"
            else:
                def body(p):
                    lines = run([WASM_TOOLS, "print", str(p)])[1].decode(errors="replace").splitlines()
                    last = max((i for i, l in enumerate(lines) if '(import "unbundled-module' in l), default=0)
                    return "\n".join(lines[last + 1:]).encode()
                tb, wb = body(outs["t"]), body(outs["w"])
                if tb != wb:
                    why = "the unbundled components differ" + diff_hint(tb, wb)
        self.agree("fixtures", f"{name}:unbundle", not why, why)

    def addr2line_agrees(self, name, path):
        """`addr2line` of every address of every code section (nested
        modules too) of a binary with DWARF: the same lines as wasm-tools."""
        if b".debug_line" not in path.read_bytes():
            return
        _, dump, _ = run([WASM_TOOLS, "objdump", str(path)])
        addrs = []
        for m in re.finditer(rb"^\s*code\s*\|\s*(0x[0-9a-f]+) -\s*(0x[0-9a-f]+)", dump, re.M):
            addrs += [hex(a) for a in range(int(m[1], 16), int(m[2], 16) + 1)]
        t, tout, _ = run([WASM_TOOLS, "addr2line", str(path), *addrs])
        w, wout, werr = self.wcomp_run("addr2line", str(path), *addrs)
        self.agree("fixtures", f"{name}:addr2line", t == w == 0 and tout == wout,
                   f"addr2line over {len(addrs)} addresses: wasm-tools exit {t}, wcomp exit {w}"
                   + (diff_hint(tout, wout) if t == w == 0 else werr.decode(errors="replace")[:200]))

    def goldens(self, root):
        """Every golden fixture's RUN line again, wcomp replaced by a wrapper
        that has wasm-tools validate each binary wcomp writes with -o."""
        wrapper = Path(__file__).resolve().parent / "wcomp-oracle"
        log = self.tmp / "oracle.log"
        for path in sorted(p for ext in ("*.wat", "*.wast", "*.wit", "*.wac") for p in root.rglob(ext)):
            with open(path, encoding="utf-8", errors="replace") as f:
                first = f.readline()
            if not first.startswith((";; RUN: ", "// RUN: ")):
                continue
            cmd = first[8:].strip().replace("wcomp ", f"{wrapper} ").replace("%", path.name)
            log.unlink(missing_ok=True)
            env = dict(os.environ, WCOMP_REAL=self.wcomp, WCOMP_ORACLE_LOG=str(log))
            subprocess.run(["sh", "-c", cmd], cwd=path.parent, env=env, capture_output=True,
                           timeout=120)
            if not log.exists():
                continue
            for n, line in enumerate(log.read_text(encoding="utf-8", errors="replace").splitlines()):
                verdict, args, *msg = line.split("|")
                self.agree("goldens", f"{path.relative_to(root)}:{n}", verdict == "ok",
                           f"wasm-tools refuses what `wcomp {args}` wrote: {' '.join(msg)[:300]}")

    def json_agrees(self, part, name, path, cwd=None, features=()):
        """`--json` byte-identical, or both refuse the input."""
        t, tj, terr = run([WASM_TOOLS, "component", "wit", "--json", *features, str(path)])
        w, wj, werr = self.wcomp_run("wit", "--json", *features, str(path))
        if t != 0 and w != 0:
            self.passed += 1
            return
        detail = (f"wasm-tools {'refuses' if t else 'accepts'}"
                  f" ({terr.decode(errors='replace').strip()[:200]}), wcomp {'refuses' if w else 'accepts'}"
                  f" ({werr.decode(errors='replace').strip()[:200]})") if (t != 0) != (w != 0) else \
            "--json differs" + diff_hint(tj, wj)
        self.agree(part, name, t == 0 and w == 0 and tj == wj, detail)

    def wit(self, root):
        for path in sorted(root.rglob("*.wit")):
            self.json_agrees("wit", str(path.relative_to(root)) + ":json", path,
                             features=("--all-features",))
            if "fail" in path.parts:
                continue
            out = self.tmp / "pkg.wasm"
            if self.wcomp_run("wit", "--wasm", str(path), "-o", str(out))[0] != 0:
                continue
            name = str(path.relative_to(root))
            t, _, terr = run([WASM_TOOLS, "validate", "--features", "all", str(out)])
            self.agree("wit", name, t == 0, f"wasm-tools refuses wcomp's package: {terr[:300]!r}")
            if t == 0:
                _, ours, _ = self.wcomp_run("wit", str(path))
                _, theirs, _ = run([WASM_TOOLS, "component", "wit", str(out)])
                self.agree("wit", name + ":print", ours.rstrip(b"\n") == theirs.rstrip(b"\n"),
                           "wasm-tools prints wcomp's package differently" + diff_hint(theirs, ours))

    def smith(self, n, seed):
        rng = random.Random(seed)
        made = []
        for i in range(n):
            data = rng.randbytes(rng.choice([64, 256, 1024, 4096]))
            out = self.tmp / f"smith{i}.wasm"
            if run([WASM_TOOLS, "smith", *SMITH_FLAGS, "-o", str(out)], stdin=data)[0] != 0:
                continue
            made.append(out)
            name = f"seed{seed}-{i}"
            w, _, werr = self.wcomp_run("validate", "-f", "all", str(out))
            self.agree("smith", name, w == 0, f"wcomp refuses: {werr.decode(errors='replace').strip()[:300]}")
            if w != 0:
                continue
            _, ours, _ = self.wcomp_run("print", str(out))
            _, theirs, _ = run([WASM_TOOLS, "print", str(out)])
            self.agree("smith", name + ":print", ours.rstrip(b"\n") == theirs.rstrip(b"\n"),
                       "wcomp print differs from wasm-tools print" + diff_hint(theirs, ours))
            for opts in PRINT_VARIANTS[i % len(PRINT_VARIANTS)]:
                _, o2, _ = self.wcomp_run("print", *opts, str(out))
                _, t2, _ = run([WASM_TOOLS, "print", *opts, str(out)])
                self.agree("smith", f"{name}:print {' '.join(opts)}", o2.rstrip(b"\n") == t2.rstrip(b"\n"),
                           f"wcomp print {' '.join(opts)} differs from wasm-tools'" + diff_hint(t2, o2))
            # print -> parse, each tool on its own text: the same bytes (empty
            # sections and the like that smith writes are dropped by both).
            back, theirs_back = self.tmp / "back.wasm", self.tmp / "theirs-back.wasm"
            p, _, perr = self.wcomp_run("parse", "-", "-o", str(back), stdin=ours)
            run([WASM_TOOLS, "parse", "-", "-o", str(theirs_back)], stdin=theirs)
            self.agree("smith", name + ":roundtrip",
                       p == 0 and theirs_back.exists() and back.read_bytes() == theirs_back.read_bytes(),
                       f"wcomp's print -> parse differs from wasm-tools' {perr[:200]!r}")
        return made

    def mutate(self, inputs, n, seed):
        rng = random.Random(seed)
        inputs = [p for p in inputs if p.exists()]
        for i in range(n if inputs else 0):
            src = inputs[i % len(inputs)]
            s = rng.randrange(1 << 32)
            out = self.tmp / "mutant.wasm"
            if run([WASM_TOOLS, "mutate", "-s", str(s), str(src), "-o", str(out)])[0] != 0:
                continue
            name = f"{src.name}-s{s}"
            w, _, werr = self.wcomp_run("validate", "-f", "all", str(out))
            t, _, terr = run([WASM_TOOLS, "validate", "--features", "all", str(out)])
            self.agree("mutate", name, (w == 0) == (t == 0),
                       f"wcomp {'accepts' if w == 0 else 'refuses: ' + werr.decode(errors='replace').strip()[:200]};"
                       f" wasm-tools {'accepts' if t == 0 else 'refuses: ' + terr.decode(errors='replace').strip()[:200]}")

    def witsmith(self, n, seed):
        rng = random.Random(seed)
        for i in range(n):
            data = rng.randbytes(rng.choice([128, 512, 2048]))
            out = self.tmp / "witsmith.wasm"
            if run([WASM_TOOLS, "wit-smith", "-o", str(out)], stdin=data)[0] != 0:
                continue
            name = f"seed{seed}-{i}"
            self.json_agrees("witsmith", name + ":json", out)
            _, printed, _ = run([WASM_TOOLS, "component", "wit", str(out)])
            text = self.tmp / "witsmith-text.wit"
            text.write_bytes(printed)
            self.json_agrees("witsmith", name + ":textjson", text)
            before = len(self.failures) + self.allowed
            self.wit_agrees("witsmith", name, out)
            if len(self.failures) + self.allowed != before:
                continue  # re-encoding text wcomp does not print alike proves nothing more
            _, text, _ = run([WASM_TOOLS, "component", "wit", str(out)])
            wit = self.tmp / "witsmith.wit"
            wit.write_bytes(text)
            # Every feature: the binary keeps gated items, so the text does.
            if run([WASM_TOOLS, "component", "wit", "--all-features", "--wasm", str(wit), "-o",
                    str(self.tmp / "witsmith-theirs.wasm")])[0] != 0:
                continue  # wasm-tools cannot read its own text back: nothing to compare
            back = self.tmp / "witsmith-back.wasm"
            w, _, werr = self.wcomp_run("wit", "--all-features", "--wasm", str(wit), "-o", str(back))
            ok = w == 0 and run([WASM_TOOLS, "validate", str(back)])[0] == 0
            hint = ""
            if ok:
                _, again, _ = run([WASM_TOOLS, "component", "wit", str(back)])
                ok = root_package(again) == root_package(text)
                if not ok:
                    hint = diff_hint(root_package(text), root_package(again))
            self.agree("witsmith", name + ":reencode", ok,
                       f"wcomp's re-encoding does not print back the same {werr[:200]!r}{hint}")


    NEW_FLAVORS = [["--dummy"], ["--dummy-names", "legacy"],
                   ["--dummy-names", "legacy", "--async-callback"],
                   ["--dummy-names", "legacy", "--async-stackful"]]

    def new(self, root, n, seed):
        """`component new` of the dummy modules wasm-tools makes for each
        world (the fixtures' WIT files and wit-smith's packages) in each
        naming and ABI: wcomp's `embed` makes the same module (custom
        sections aside), both tools agree on building it, and what wcomp
        builds validates and prints the same WIT."""
        sources = [(str(p.relative_to(root)), p) for ext in ("*.wit", "*.wit.txt")
                   for p in sorted(root.rglob(ext)) if "fail" not in p.parts]
        rng = random.Random(seed)
        for i in range(n):
            pkg = self.tmp / "new-smith.wasm"
            if run([WASM_TOOLS, "wit-smith", "-o", str(pkg)],
                   stdin=rng.randbytes(rng.choice([128, 512, 2048])))[0] != 0:
                continue
            text = self.tmp / f"new-smith{i}.wit"
            if run([WASM_TOOLS, "component", "wit", str(pkg), "-o", str(text)])[0] == 0:
                sources.append((f"seed{seed}-{i}", text))
        core, ours, theirs = (self.tmp / f for f in ("new-core.wasm", "new-ours.wasm", "new-theirs.wasm"))
        for name, path in sources:
            for flavor in self.NEW_FLAVORS:
                # A file with no world, or several, has no dummy module.
                if run([WASM_TOOLS, "component", "embed", str(path), *flavor, "-o", str(core)])[0]:
                    continue
                label = f"{name}:{' '.join(flavor)}"
                # wcomp's dummy module: the same bytes but for custom sections.
                mine = self.tmp / "new-mine.wasm"
                e, _, eerr = self.wcomp_run("embed", str(path), *flavor, "-o", str(mine))
                same = False
                if e == 0:
                    a, b = self.tmp / "new-mine-s.wasm", self.tmp / "new-core-s.wasm"
                    run([WASM_TOOLS, "strip", "--all", str(mine), "-o", str(a)])
                    run([WASM_TOOLS, "strip", "--all", str(core), "-o", str(b)])
                    same = a.exists() and b.exists() and a.read_bytes() == b.read_bytes()
                self.agree("new", label + ":embed", same,
                           f"wcomp embed fails: {eerr[:200]!r}" if e else
                           "wcomp's dummy module differs from wasm-tools' (custom sections aside)")
                t, _, terr = run([WASM_TOOLS, "component", "new", str(core), "-o", str(theirs)])
                w, _, werr = self.wcomp_run("new", str(core), "-o", str(ours))
                if t or w:
                    self.agree("new", label, bool(t) == bool(w),
                               f"wasm-tools {'fails' if t else 'builds'}, wcomp "
                               f"{'fails' if w else 'builds'}: "
                               f"{(werr if w else terr).decode(errors='replace').strip()[:300]}")
                    continue
                v, _, verr = run([WASM_TOOLS, "validate", "--features", "all", str(ours)])
                _, a, _ = run([WASM_TOOLS, "component", "wit", str(ours)])
                _, b, _ = run([WASM_TOOLS, "component", "wit", str(theirs)])
                self.agree("new", label, v == 0 and root_package(a) == root_package(b),
                           f"wasm-tools refuses wcomp's component: {verr[:200]!r}" if v else
                           "the WIT of wcomp's component differs" + diff_hint(root_package(b), root_package(a)))


def root_package(text):
    """The root package of printed WIT: up to the first `package x {` block
    (the dependencies wasm-tools prints after it are not yet printed alike:
    issue 28), without trailing blank lines."""
    lines = text.decode(errors="replace").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("package ") and line.endswith(" {"):
            lines = lines[:i]
            while lines and lines[-1].startswith("///"):
                lines.pop()
            break
    return "\n".join(lines).rstrip("\n").encode()


def diff_hint(theirs, ours):
    a, b = theirs.decode(errors="replace").splitlines(), ours.decode(errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"\n      line {i + 1}: wasm-tools `{x.strip()}`\n               wcomp `{y.strip()}`"
    return f"\n      ({len(a)} lines vs {len(b)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", required=True)
    ap.add_argument("--fixtures", required=True, type=Path)
    ap.add_argument("--cases", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--allowlist")
    ap.add_argument("--only")
    args = ap.parse_args()
    c = Check(args)
    parts = [args.only] if args.only else ["fixtures", "goldens", "wit", "smith", "mutate", "witsmith",
                                           "new"]
    made = []
    for part in parts:
        before = (c.passed, len(c.failures), c.allowed)
        if part == "fixtures":
            c.fixtures(args.fixtures)
        elif part == "goldens":
            c.goldens(args.fixtures)
        elif part == "wit":
            c.wit(args.fixtures)
        elif part == "smith":
            made = c.smith(args.cases, args.seed)
        elif part == "mutate":
            made = made or c.smith(max(args.cases // 5, 1), args.seed)
            c.mutate(made + sorted(args.fixtures.rglob("*.wasm")), args.cases, args.seed)
        elif part == "witsmith":
            c.witsmith(args.cases, args.seed)
        elif part == "new":
            c.new(args.fixtures, max(args.cases // 5, 1), args.seed)
        print(f"{part}: {c.passed - before[0]} agree, {c.allowed - before[2]} allowlisted,"
              f" {len(c.failures) - before[1]} disagree", flush=True)
    for f in c.failures:
        print(f"DISAGREE {f}")
    stale = sorted(set(c.allow) - c.used) if not args.only else []
    for key in stale:
        print(f"STALE allowlist entry (no longer disagrees): {c.allow[key]}")
    failed = len(c.failures) + len(stale)
    print(f"whole `component wit` texts (dependencies included): {c.whole[True]} equal, "
          f"{c.whole[False]} differ")
    print(f"agreements: {c.passed}; allowlisted disagreements: {c.allowed}")
    print(f"differential: {c.passed + c.allowed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
