#!/usr/bin/env python3
"""wcomp on wasm-tools' own CLI tests: how many of their directives agree.

wasm-tools 1.262's `tests/cli/**` files start with `;; RUN: CMD` (must
succeed) and `;; FAIL: CMD` (must fail) lines, `%` for the file itself,
`%tmpdir` for a scratch folder and `|` between piped commands, with the
expected stdout in `FILE.EXT[.NAME].stdout`. Each directive whose commands
wcomp has (`component new` is `wcomp new`, ...) is run with wcomp in
wasm-tools' place, and counted:
  - status: wcomp succeeds where RUN says so and fails where FAIL does;
  - stdout: where a .stdout file exists and the run succeeded, wcomp's
    output is that file's (after the test suite's own normalisation).
The tests are read from the wasm-tools 1.262.0 crate's sources (the crate
ships them): `cargo fetch` in a scratch project with `wasm-tools =
"=1.262.0"` as its dependency puts them under ~/.cargo/registry/src.
A measurement, not a test: the figures go in the notes.
  bench/wasm_tools_cli.py [--wcomp WCOMP] [--tests DIR] [--list]
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# wasm-tools subcommands (first words) -> wcomp's, for those wcomp has.
COMMANDS = {
    ("validate",): ["validate"], ("print",): ["print"], ("parse",): ["parse"],
    ("dump",): ["dump"], ("objdump",): ["objdump"], ("strip",): ["strip"],
    ("demangle",): ["demangle"], ("addr2line",): ["addr2line"], ("wast",): ["wast"],
    ("metadata", "show"): ["metadata", "show"], ("metadata", "add"): ["metadata", "add"],
    ("component", "new"): ["new"], ("component", "wit"): ["wit"],
    ("component", "embed"): ["embed"], ("component", "unbundle"): ["unbundle"],
    ("component", "targets"): ["targets"], ("component", "semver-check"): ["semver-check"],
    ("json-from-wast",): ["json-from-wast"],
}


def directives(path):
    """(name, command, should_fail) of each RUN/FAIL line, continuations joined."""
    lines = [l for l in path.read_text(errors="replace").splitlines() if l]
    out, i = [], 0
    while i < len(lines):
        l = lines[i]
        i += 1
        body = l[3:] if l.startswith(("// ", ";; ")) else None
        if body is None:
            continue
        m = re.match(r"(RUN|FAIL)(\[([^\]]*)\])?:(.*)", body)
        if not m:
            continue
        cmd = m.group(4)
        while cmd.endswith("\\") and i < len(lines):
            cmd = cmd[:-1] + lines[i][3:]
            i += 1
        out.append((m.group(3) or "", cmd, m.group(1) == "FAIL"))
    return out


def translate(words):
    """wcomp's argv for one piped command (env prefix kept apart), or None."""
    env, k = {}, 0
    while k < len(words) and re.fullmatch(r"[A-Z0-9_]+=.*", words[k]):
        key, value = words[k].split("=", 1)
        env[key] = value
        k += 1
    words = words[k:]
    if words[:1] == ["wast"]:
        # `--assert default --snapshot DIR` only steer wasm-tools' own
        # snapshot files of what it printed; the verdicts are the same.
        kept, j = [], 0
        while j < len(words):
            if words[j] in ("--assert", "--snapshot") and j + 1 < len(words):
                j += 2
                continue
            # wcomp's runner compares messages only with --strict-messages.
            if words[j] != "--ignore-error-messages":
                kept.append(words[j])
            j += 1
        words = kept
    for n in (2, 1):
        if tuple(words[:n]) in COMMANDS:
            return env, COMMANDS[tuple(words[:n])] + words[n:]
    return env, None


def run_directive(wcomp, test, cmd, tmp, root):
    """(exit status of the last command, its stdout); None if wcomp lacks a
    command; "missing" if an input the directive names is not shipped (the
    spec testsuite is a git submodule of wasm-tools, not in the crate)."""
    stages = [s.split() for s in cmd.split("|")]
    for words in stages:
        for w in words:
            if w.startswith("tests/") and w.endswith(".wast") and not (root / w).exists():
                return "missing"
    stdin = b""
    status, out = 0, b""
    for words in stages:
        words = [w.replace("%tmpdir", tmp) for w in words]
        # `%` as the suite spells it, relative to the crate root (where the
        # commands run): outputs that name the input (json-from-wast's
        # source_filename) then read as expected.
        words = [os.path.relpath(test, root) if w == "%" else w for w in words]
        env, argv = translate(words)
        if argv is None:
            return None
        p = subprocess.run([wcomp, *argv], input=stdin, capture_output=True, timeout=120,
                           env=dict(os.environ, COLUMNS="80", **env), cwd=root)
        status, out = p.returncode, p.stdout
        stdin = out
    return status, out


def normalise(text, tmp):
    # As the suite's runner: the scratch folder named, `\` written `/`.
    text = text.replace(tmp, "%tmpdir").replace("\\", "/")
    return "\n".join(l.rstrip() for l in text.splitlines()).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcomp", default=str(Path(__file__).resolve().parents[1] / "build/cli/wcomp"))
    ap.add_argument("--tests", default=None)
    ap.add_argument("--list", action="store_true", help="print each disagreement")
    a = ap.parse_args()
    tests = a.tests or next(iter(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/wasm-tools-1.262.0/tests/cli"))), None)
    if not tests:
        sys.exit("bench/wasm_tools_cli.py: the wasm-tools 1.262.0 crate sources are missing "
                 "(cargo fetch a project depending on wasm-tools = \"=1.262.0\")")
    counts = Counter()
    by_command = Counter()
    for test in sorted(Path(tests).rglob("*")):
        if test.suffix not in (".wat", ".wit", ".wast") or not test.is_file():
            continue
        # One scratch folder per file, as the suite's runner has: a later
        # directive reads what an earlier one wrote there.
        with tempfile.TemporaryDirectory() as tmp:
            for name, cmd, should_fail in directives(test):
                try:
                    r = run_directive(a.wcomp, test, cmd, tmp, Path(tests).parents[1])
                except subprocess.TimeoutExpired:
                    r = (124, b"")
                if r is None:
                    counts["not in wcomp"] += 1
                    continue
                if r == "missing":
                    counts["input not shipped"] += 1
                    continue
                status, out = r
                counts["lines"] += 1
                first = [w for w in cmd.split("|")[-1].split()
                         if not re.fullmatch(r"[A-Z0-9_]+=.*", w)]
                key = " ".join(w for w in first[:2] if not w.startswith(("-", "%")))
                ok = (status == 0) != should_fail
                counts["status agrees"] += ok
                by_command[(key, ok)] += 1
                if not ok and a.list:
                    print(f"status {test.relative_to(tests)}{'[' + name + ']' if name else ''}: "
                          f"{'FAIL' if should_fail else 'RUN'} {cmd.strip()} -> wcomp exit {status}")
                ext = test.suffix[1:] + (f".{name}" if name else "")
                expected = test.with_name(test.name.rsplit(".", 1)[0] + f".{ext}.stdout")
                # (Help texts are wcomp's own.)
                if ok and status == 0 and expected.exists() and "help" not in test.name:
                    counts["with stdout"] += 1
                    same = normalise(out.decode(errors="replace"), tmp) == \
                        normalise(expected.read_text(errors="replace"), tmp)
                    counts["stdout agrees"] += same
                    if not same and a.list:
                        print(f"stdout {test.relative_to(tests)}{'[' + name + ']' if name else ''}: {cmd.strip()}")
    print(f"wasm-tools CLI directives wcomp has a command for: {counts['lines']} "
          f"(and {counts['not in wcomp']} it has not; {counts['input not shipped']} name "
          f"spec testsuite files the crate does not ship)")
    print(f"  exit status agrees: {counts['status agrees']} "
          f"({100 * counts['status agrees'] / max(1, counts['lines']):.0f}%)")
    print(f"  stdout as expected: {counts['stdout agrees']} of {counts['with stdout']} "
          f"successful runs with an expected stdout")
    for cmd in sorted({k for k, _ in by_command}):
        print(f"    {cmd:<24} {by_command[(cmd, True)]:>4} agree, {by_command[(cmd, False)]:>4} not")


if __name__ == "__main__":
    main()
