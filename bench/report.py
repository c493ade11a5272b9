#!/usr/bin/env python3
"""Prints one benchmark table: wcomp's in-process figures (Google Benchmark
JSON) next to whole-process timings of wcomp and WABT on the same file.

Usage: report.py FILE WCOMP_BENCH_JSON
"""
import json
import os
import subprocess
import sys
import time


def best(cmd, runs):
    """The fastest of `runs` whole-process runs, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    path, results = sys.argv[1], sys.argv[2]
    mb = os.path.getsize(path) / 1e6
    rows = []
    for b in json.load(open(results))["benchmarks"]:
        name = b["name"].split("/min_time")[0].replace("/real_time", "")
        rows.append(("wcomp %s (in-process)" % name, b["real_time"] / 1e3))
    wcomp = "./build/cli/wcomp"
    commands = [
        ("wcomp validate -j1 (process)", [wcomp, "validate", "-j1", path], 5),
        ("wcomp validate, all cores (process)", [wcomp, "validate", path], 5),
        ("wcomp dump (process)", [wcomp, "dump", path], 5),
        ("wasm-validate --enable-all (WABT)", ["wasm-validate", "--enable-all", path], 3),
        ("wasm-objdump -d (WABT)", ["wasm-objdump", "-d", path], 2),
        ("wasm2wat --enable-all (WABT)", ["wasm2wat", "--enable-all", path], 2),
    ]
    for name, cmd, runs in commands:
        try:
            rows.append((name, best(cmd, runs)))
        except (OSError, subprocess.CalledProcessError) as e:
            rows.append((name + " [failed: %s]" % e.__class__.__name__, float("nan")))
    wabt = dict(rows).get("wasm-validate --enable-all (WABT)", float("nan"))
    print("input: %s (%.2f MB)" % (path, mb))
    print("%-48s %10s %10s %14s" % ("what", "ms", "MB/s", "WABT validate/x"))
    for name, secs in rows:
        print("%-48s %10.1f %10.1f %13.1fx" % (name, secs * 1e3, mb / secs, wabt / secs))


if __name__ == "__main__":
    main()
