#!/usr/bin/env python3
"""Counts that issue 31 asks to report: how much of the public API carries a
`///` comment, which functions run past 120 lines, and how many comparisons
against raw hex bytes remain where named kinds exist.

    python3 tests/tools/code_metrics.py [--root DIR] [--list]

The parse is textual (comments and strings blanked, braces counted), which is
enough for this code base's layout: one declaration per line or statement,
clang-format style braces. A header is public unless its first line says
"(internal)" — the same test cmake/install.cmake uses to leave it out.
"""
import argparse
import os
import re
import sys

LIBS = ["binary", "validate", "text", "wit", "adapt", "compose"]


def blank(src):
    """Comments and string/char literals replaced by spaces (newlines kept),
    so braces and parentheses inside them do not count."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', src[i:])
            end = src.find(")" + (m.group(1) if m else "") + '"', i)
            j = n if end < 0 else end + len(m.group(1) if m else "") + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and src[i - 1].isalnum():  # digit separator 1'000
                out.append(c)
                i += 1
                continue
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else c)
            i = j
        else:
            out.append(c)
            i += 1
    # Preprocessor lines are not declarations.
    return re.sub(r"(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*",
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), "".join(out))


def is_internal(path):
    with open(path, encoding="utf-8") as f:
        return "(internal)" in f.readline()


def headers(root, public_only=True):
    for lib in LIBS:
        d = os.path.join(root, lib)
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if name.endswith(".h") and (not public_only or not is_internal(p)):
                yield p


def sources(root):
    for lib in LIBS + ["cli"]:
        d = os.path.join(root, lib)
        for name in sorted(os.listdir(d)):
            if name.endswith(".cpp") or name.endswith(".h"):
                yield os.path.join(d, name)


DECL_TYPE = re.compile(r"^\s*(?:template\s*<[^>]*>\s*)?(struct|class|enum(?:\s+class)?|union)\s+(\w+)[^;]*$")
DECL_USING = re.compile(r"^\s*using\s+(\w+)\s*=")
FUNC = re.compile(r"^\s*(?:template\s*<.*>\s*)?(?:(?:static|inline|constexpr|virtual|explicit|friend|"
                  r"\[\[nodiscard\]\])\s+)*[\w:<>,\s\*&~]*?\b(~?\w+|operator\S+)\s*\(")
SKIP_WORDS = {"if", "for", "while", "switch", "return", "sizeof", "static_assert", "decltype",
              "namespace", "alignas", "case"}


def documented_decls(path):
    """(name, line, documented) for each type and function a header declares
    at namespace scope or in the public part of a class (private and
    protected members are the class's own business)."""
    raw = open(path, encoding="utf-8").read()
    text = blank(raw)
    raw_lines = raw.split("\n")
    lines = text.split("\n")
    out = []
    # Scope stack of [kind, public?]: kind 'ns', 'class' or 'body' (function
    # body, enum, initializer).
    stack = []
    pending = ""  # text since the last ; { } or access label
    pending_line = None
    for ln, line in enumerate(lines):
        for ch in line:
            if ch in "{};" or (ch == ":" and re.fullmatch(r"\s*(public|private|protected)\s*", pending)
                               and stack and stack[-1][0] == "class"):
                stmt = pending.strip()
                visible = all(k in ("ns", "class") and pub for k, pub in stack)
                if ch == ":":
                    stack[-1][1] = stmt == "public"
                elif ch == "{":
                    m = DECL_TYPE.match(stmt)
                    if re.match(r"^(inline\s+)?namespace\b", stmt) or stmt.startswith('extern "C'):
                        stack.append(["ns", True])
                    elif m and "(" not in stmt.split("{")[0].split(":")[0]:
                        if visible:
                            out.append((m.group(2), pending_line))
                        if m.group(1).startswith("enum"):
                            stack.append(["body", False])
                        else:
                            stack.append(["class", m.group(1) != "class"])
                    else:
                        if visible:
                            note_func(stmt, pending_line, out)
                        stack.append(["body", False])
                elif ch == "}":
                    if stack:
                        stack.pop()
                else:  # ;
                    if visible and stmt:
                        m = DECL_USING.match(stmt)
                        if m:
                            out.append((m.group(1), pending_line))
                        else:
                            note_func(stmt, pending_line, out)
                pending = ""
                pending_line = None
            else:
                if pending_line is None and not ch.isspace():
                    pending_line = ln
                pending += ch
        pending += "\n"
    return [(name, first + 1, has_doc(raw_lines, first)) for name, first in out]


def note_func(stmt, line, out):
    s = re.sub(r"\s+", " ", stmt)
    if s.startswith(("public", "private", "protected")):
        s = s.split(":", 1)[-1].strip()
    if "(" not in s or s.startswith(("using ", "typedef ", "friend ", "#")):
        return
    # `= default`/`= delete` special members and plain data with initializers
    # are not API to describe.
    if re.search(r"=\s*(default|delete)\s*$", s):
        return
    head = s.split("(")[0]
    if "=" in head:
        return  # a variable initialized by a call
    m = FUNC.match(s)
    if not m:
        return
    name = m.group(1)
    if name in SKIP_WORDS:
        return
    out.append((name, line))


def has_doc(raw_lines, first):
    """True when a `///` comment sits on the lines above (template lines and
    attributes may come between) or ends the declaration's first line."""
    if "///" in raw_lines[first]:
        return True
    j = first - 1
    while j >= 0 and raw_lines[j].strip().startswith("template"):
        j -= 1
    return j >= 0 and raw_lines[j].strip().startswith("///")


FUNC_DEF = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(override)?\s*(->\s*[\w:<>,\s\*&]+)?\s*$")


def long_functions(path, limit):
    """(qualified-ish name, first line, length) of each function body longer
    than `limit` lines; lambdas count as part of their function."""
    text = blank(open(path, encoding="utf-8").read())
    lines = text.split("\n")
    out = []
    stack = []  # (kind, name, start)
    pending = ""
    for ln, line in enumerate(lines):
        for ch in line:
            if ch == "{":
                stmt = re.sub(r"\s+", " ", pending).strip()
                stmt = re.sub(r"^(public|private|protected):", "", stmt).strip()
                in_scope = all(k in ("ns", "class") for k, _, _ in stack)
                if re.match(r"^(inline )?namespace\b", stmt) or stmt.startswith('extern "C'):
                    stack.append(("ns", "", ln))
                elif in_scope and DECL_TYPE.match(stmt) and not re.search(r"\)\s*$", stmt):
                    stack.append(("class", "", ln))
                elif in_scope and "(" in stmt and not stmt.startswith(("=", "return")):
                    sig = stmt.split(" : ")[0] if ") : " in stmt else stmt
                    m = re.search(r"([\w:~]+|operator\S+)\s*\(", sig)
                    stack.append(("func", m.group(1) if m else "?", ln))
                else:
                    stack.append(("body", "", ln))
                pending = ""
            elif ch == "}":
                if stack:
                    kind, name, start = stack.pop()
                    if kind == "func" and ln - start + 1 > limit:
                        out.append((name, start + 1, ln - start + 1))
                pending = ""
            elif ch == ";":
                pending = ""
            else:
                pending += ch
        pending += " "
    return out


HEX_LIT = re.compile(r"\b0x[0-9a-fA-F]+\b")
HEX_CMP = re.compile(r"(?:[!=]=\s*0x[0-9a-fA-F]+\b|\b0x[0-9a-fA-F]+\s*[!=]=)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--list", action="store_true", help="name each undocumented item and long function")
    ap.add_argument("--limit", type=int, default=120)
    a = ap.parse_args()
    root = os.path.abspath(a.root)

    total = documented = 0
    per_file = []
    for h in headers(root):
        decls = documented_decls(h)
        d = sum(1 for _, _, ok in decls if ok)
        total += len(decls)
        documented += d
        per_file.append((os.path.relpath(h, root), d, len(decls), decls))
    pub = list(headers(root))
    allh = list(headers(root, public_only=False))
    print(f"headers: {len(allh)} ({len(pub)} public, {len(allh) - len(pub)} internal)")
    pct = 100.0 * documented / total if total else 100.0
    print(f"public API documented with ///: {documented}/{total} ({pct:.1f}%)")
    for rel, d, t, decls in per_file:
        if d < t:
            print(f"  {rel}: {d}/{t}")
            if a.list:
                for name, line, ok in decls:
                    if not ok:
                        print(f"    {rel}:{line}: {name}")

    longs = []
    for s in sources(root):
        for name, line, length in long_functions(s, a.limit):
            longs.append((length, os.path.relpath(s, root), line, name))
    longs.sort(reverse=True)
    print(f"functions over {a.limit} lines: {len(longs)}")
    for length, rel, line, name in longs:
        print(f"  {length:4d} {rel}:{line} {name}")

    def count(pattern, select):
        total, files = 0, []
        for src in sources(root):
            rel = os.path.relpath(src, root)
            if not select(rel):
                continue
            n = len(pattern.findall(blank(open(src, encoding="utf-8").read())))
            if n:
                files.append((n, rel))
                total += n
        return total, sorted(files, reverse=True)

    hex_total, hex_files = count(
        HEX_CMP, lambda rel: rel.startswith(("validate/", "compose/")) or rel == "wit/decode.cpp")
    print(f"raw-hex comparisons in validate/, compose/, wit/decode.cpp: {hex_total}")
    if a.list:
        for n, rel in hex_files:
            print(f"  {n:4d} {rel}")
    # adapt/ writes modules and components: bytes it spells as hex literals
    # instead of naming them (opcodes, section ids, kinds, canon ops).
    lit_total, lit_files = count(HEX_LIT, lambda rel: rel.startswith("adapt/"))
    print(f"hex byte literals in adapt/: {lit_total}")
    if a.list:
        for n, rel in lit_files:
            print(f"  {n:4d} {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
