#!/usr/bin/env python3
"""Runs a component under Wasmtime (pip `wasmtime`), the second runtime beside
jco (tests/e2e/run.mjs), with the same options so that a test can run one
program under both and compare stdout, stderr, exit status and files:

  run.py COMPONENT.wasm [--env K=V]... [--dir GUEST=HOST]...
         [--invoke EXPORT] [-- ARGS...]

WASI Preview 2 comes from `Linker.add_wasip2()` and `add_wasi_http()`; stdin, stdout and stderr are
the process's own. A command's `wasi:cli/run` result decides the exit status
(an `err` is 1, a guest's exit(N) is N). With --invoke, the exported function
(a top-level name, or `interface#name`) is called with ARGS (each parsed as
JSON, else taken as a string) and its result printed as JSON. A component with
neither is only instantiated and its exports listed.
"""
import json
import os
import sys

import wasmtime
from wasmtime import component as cm


def usage(msg):
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    if not argv:
        usage("usage: run.py COMPONENT.wasm [--env K=V] [--dir G=H] [--invoke F] [-- ARGS]")
    opts = {"component": argv[0], "env": [], "dirs": [], "invoke": None, "args": []}
    rest = argv[1:]
    while rest:
        a = rest.pop(0)
        if a == "--":
            opts["args"] = rest
            break
        if not rest:
            usage(f"{a} needs a value")
        v = rest.pop(0)
        if a in ("--env", "--dir"):
            if v.find("=") < 1:
                usage(f"{a} takes NAME=VALUE, not {v}")
            k, val = v.split("=", 1)
            opts["env" if a == "--env" else "dirs"].append((k, val))
        elif a == "--invoke":
            opts["invoke"] = v
        else:
            usage(f"unknown option {a}")
    return opts


def to_json(v):
    """Plain JSON for what wasmtime-py hands back (records, variants)."""
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, cm.Variant):
        return {"tag": v.tag, "val": to_json(v.payload)}
    if isinstance(v, cm.Record):
        return {k: to_json(x) for k, x in vars(v).items()}
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    return v


def main():
    opts = parse_args(sys.argv[1:])
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = [os.path.basename(opts["component"])] + (opts["args"] if not opts["invoke"] else [])
    wasi.env = opts["env"]
    for guest, host in opts["dirs"]:
        wasi.preopen_dir(host, guest)
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    store.set_wasi_http()
    linker = cm.Linker(engine)
    linker.add_wasip2()
    # componentize-js components import wasi:http even when they make no request.
    linker.add_wasi_http()
    with open(opts["component"], "rb") as f:
        comp = cm.Component(engine, f.read())
    exports = comp.type.exports(engine)
    try:
        inst = linker.instantiate(store, comp)
        if opts["invoke"]:
            name = opts["invoke"]
            if "#" in name:
                iface, fname = name.split("#", 1)
                idx = inst.get_export_index(store, iface)
                fidx = idx and inst.get_export_index(store, fname, idx)
            else:
                fidx = inst.get_export_index(store, name)
            func = fidx and inst.get_func(store, fidx)
            if func is None:
                usage(f"no exported function {name}")

            def arg(a):
                try:
                    return json.loads(a)
                except ValueError:
                    return a

            result = func(store, *[arg(a) for a in opts["args"]])
            func.post_return(store)
            sys.stdout.flush()
            print(json.dumps(to_json(result)))
            return 0
        run_name = next((k for k in exports if k.startswith("wasi:cli/run@")), None)
        if run_name is None:
            print("instantiated; exports: " + (", ".join(sorted(exports)) or "none"))
            return 0
        idx = inst.get_export_index(store, run_name)
        run = inst.get_func(store, inst.get_export_index(store, "run", idx))
        try:
            run(store)
        except wasmtime.WasmtimeError as e:
            # `result<_, _>`'s err comes back as an error value.
            if isinstance(e, wasmtime.ExitTrap):
                return e.code
            raise
        return 0
    except wasmtime.ExitTrap as e:
        return e.code
    except (wasmtime.WasmtimeError, wasmtime.Trap) as e:
        print(f"run.py: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)
