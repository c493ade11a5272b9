// Runs a component under node with jco's transpiler and the Preview 2 shim,
// configured the way `jco run` does not: environment variables, preopened
// directories and arguments are set explicitly (stdin is node's own).
//   node run.mjs COMPONENT.wasm [--env K=V]... [--dir GUEST=HOST]...
//                [--invoke EXPORT | --eval JS] [-- ARGS...]
// A command's `wasi:cli/run` result decides the exit status (an `err`, like
// a guest's non-zero exit, surfaces as 1). With --invoke, the exported
// function is called with ARGS (each parsed as JSON, else taken as a string)
// and its result printed as JSON; with --eval, the body of a function of
// `root` (the component's exports) runs and its result is printed as JSON;
// a component with none of these is only
// instantiated (a reactor's _initialize runs) and its exports are listed.
import { rmSync } from "node:fs";
import { readFile, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";
import { pathToFileURL } from "node:url";
import { transpile } from "@bytecodealliance/jco";
import * as cli from "@bytecodealliance/preview2-shim/cli";
import * as clocks from "@bytecodealliance/preview2-shim/clocks";
import * as filesystem from "@bytecodealliance/preview2-shim/filesystem";
import * as http from "@bytecodealliance/preview2-shim/http";
import * as io from "@bytecodealliance/preview2-shim/io";
import * as random from "@bytecodealliance/preview2-shim/random";
import * as sockets from "@bytecodealliance/preview2-shim/sockets";

const argv = process.argv.slice(2);
const component = argv.shift();
const env = {};
const dirs = {};
let args = [];
let invoke = null;
let evalBody = null;
while (argv.length) {
  const a = argv.shift();
  if (a === "--") { args = argv.splice(0); break; }
  const v = argv.shift();
  if (v === undefined) throw new Error(`${a} needs a value`);
  const eq = v.indexOf("=");
  if ((a === "--env" || a === "--dir") && eq < 1) throw new Error(`${a} takes NAME=VALUE, not ${v}`);
  if (a === "--env") env[v.slice(0, eq)] = v.slice(eq + 1);
  else if (a === "--dir") dirs[v.slice(0, eq)] = v.slice(eq + 1);
  else if (a === "--invoke") invoke = v;
  else if (a === "--eval") evalBody = v;
  else throw new Error(`unknown option ${a}`);
}
cli._setEnv(env);
cli._setArgs([basename(component), ...args]);
cli._setCwd("/");
filesystem._setPreopens(dirs);

const shims = { cli, clocks, filesystem, http, io, random, sockets };
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const { files, imports } = await transpile(await readFile(component), {
  name: "component",
  instantiation: { tag: "async" },
});
const dir = await mkdtemp(join(tmpdir(), "wcomp-run-"));
// A program that calls exit() ends the process through the shim's
// process.exit, skipping the `finally` below: remove the folder then too.
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
try {
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith(".wasm") || name === "component.js") await writeFile(join(dir, name), bytes);
  }
  const { instantiate } = await import(pathToFileURL(join(dir, "component.js")));
  const importObject = {};
  for (const spec of imports) {
    const m = /^wasi:([a-z0-9-]+)\/([a-z0-9-]+)(@.*)?$/.exec(spec);
    const impl = m && shims[m[1]]?.[camel(m[2])];
    if (!impl) throw new Error(`no shim for import ${spec}`);
    importObject[spec] = impl;
  }
  const root = await instantiate(
    async (path) => WebAssembly.compile(await readFile(join(dir, path))),
    importObject,
  );
  const run = Object.entries(root).find(([k]) => /^wasi:cli\/run@/.test(k));
  if (evalBody !== null) {
    console.log(JSON.stringify(new Function("root", evalBody)(root)));
  } else if (invoke !== null) {
    const f = root[invoke] ?? root[camel(invoke)];
    if (typeof f !== "function") throw new Error(`no exported function ${invoke}`);
    const parse = (a) => { try { return JSON.parse(a); } catch { return a; } };
    console.log(JSON.stringify(f(...args.map(parse))));
  } else if (!run) {
    console.log(`instantiated; exports: ${Object.keys(root).sort().join(", ") || "none"}`);
  } else {
    try {
      run[1].run();
    } catch (e) {
      process.exitCode = 1;
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
