//===- cli/wit.cpp - `wcomp wit` ------------------------------------------===//
#include "cli/common.h"

#include "adapt/metadata.h"
#include "adapt/world_merge.h"
#include "binary/error.h"
#include "binary/io.h"
#include "binary/module.h"
#include "text/wat.h"
#include "wit/decode.h"
#include "wit/encode.h"
#include "wit/json.h"
#include "wit/loader.h"
#include "wit/printer.h"
#include "wit/resolver.h"
#include "wit/transform.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace wcomp::cli {

namespace {

/// The WIT a core module carries in its `component-type` sections, as
/// wasm-tools prints it: a `root:root` package whose world `root` holds
/// every embedded world's imports and exports, and the packages decoded.
llvm::Expected<wit::Loaded> embeddedWorlds(wit::Resolve &r, llvm::ArrayRef<uint8_t> bytes) {
  binary::ReadOptions ro;
  ro.decodeBodies = false;
  auto m = binary::readModule(bytes, 0, ro);
  if (!m)
    return m.takeError();
  std::vector<wit::WorldId> worlds;
  for (const binary::CustomSection &c : m->customs) {
    if (!adapt::isComponentTypeSection(c.name))
      continue;
    auto md = adapt::decodeWorldMetadata(r, c.name, c.data);
    if (!md)
      return md.takeError();
    // Each world must merge with those before it, as wasm-tools merges
    // them (a module embedded into twice, say).
    for (wit::WorldId before : worlds)
      if (llvm::Error e = adapt::checkWorldMerge(r, before, r, md->world))
        return e;
    worlds.push_back(md->world);
  }
  if (worlds.empty())
    return binary::makeError(binary::WasmError::NoOffset,
                             "a core module with no `component-type` section, so no WIT: embed "
                             "a world with `wcomp embed WIT MODULE`, or give a component");
  wit::Package root;
  root.ns = root.name = "root";
  r.packages.push_back(std::move(root));
  wit::PackageId rootId{uint32_t(r.packages.size() - 1)};
  wit::World merged;
  merged.name = "root";
  merged.package = rootId;
  // Items already taken, by key (interface id, or plain name): a set, so
  // that a world of many thousand imports merges in linear time.
  std::set<std::pair<uint32_t, std::string>> taken[2];
  auto add = [&](int side, auto &into, const auto &items) {
    for (const auto &item : items) {
      uint32_t iface = item.first.iface.valid() ? item.first.iface.index : ~0u;
      if (taken[side].insert({iface, item.first.name}).second)
        into.push_back(item);
    }
  };
  for (wit::WorldId w : worlds) {
    add(0, merged.imports, r[w].imports);
    add(1, merged.exports, r[w].exports);
  }
  r.addWorld(std::move(merged));
  wit::Loaded out;
  out.root = rootId;
  for (uint32_t i = 0; i + 1 < r.packages.size(); ++i)
    out.others.push_back(wit::PackageId{i});
  wit::orderByDependencies(r, out.others, r[rootId].worlds[0].second);
  return out;
}

} // namespace

bool looksLikeWat(llvm::StringRef src) {
  for (;;) {
    src = src.ltrim();
    if (!src.consume_front(";;"))
      break;
    size_t nl = src.find('\n');
    src = nl == llvm::StringRef::npos ? llvm::StringRef() : src.drop_front(nl + 1);
  }
  return src.starts_with("(");
}

std::optional<wit::Loaded> loadWitInput(wit::Resolve &r, wit::SourceMap &sm,
                                        const std::string &path,
                                        const wit::ResolveOptions &opts, int &exitCode,
                                        std::string *failure) {
  // `text` is a message, or a rendered diagnostic (`file:line:col: error:`
  // with the source line) when `rendered`.
  auto fail = [&](int code, const std::string &text,
                  bool rendered = false) -> std::optional<wit::Loaded> {
    if (rendered)
      diagnostic(text);
    else
      error(text);
    if (failure) {
      llvm::StringRef t = llvm::StringRef(text).rtrim('\n');
      t.consume_front("error: ");
      *failure = t.str();
    }
    exitCode = code;
    return std::nullopt;
  };
  // `.wat` packages in `deps/` are parsed by text/.
  wit::ResolveOptions withWat = opts;
  if (!withWat.parseWat)
    withWat.parseWat = [](llvm::StringRef file,
                          llvm::StringRef src) -> llvm::Expected<std::vector<uint8_t>> {
      auto bytes = text::parseWat(src);
      if (!bytes)
        return llvm::createStringError(
            llvm::StringRef(binary::renderTextError(file, src, bytes.takeError())).rtrim('\n'));
      return bytes;
    };
  // A binary is a component whose WIT is wanted, WebAssembly text (a `(`
  // first) is one too; anything else is WIT text.
  std::optional<std::string> stdinText;
  if (!llvm::sys::fs::is_directory(path)) {
    auto buf = binary::loadFile(path); // `-`: standard input, read once
    if (!buf)
      return fail(IoError, binary::errorText(buf.takeError()));
    if (path == "-")
      stdinText = (*buf)->getBuffer().str();
    llvm::ArrayRef<uint8_t> bytes = binary::bytesOf(**buf);
    std::vector<uint8_t> fromText;
    if (looksLikeWat((*buf)->getBuffer())) {
      auto parsed = text::parseWat((*buf)->getBuffer());
      if (!parsed)
        return fail(Invalid, binary::renderTextError(path, (*buf)->getBuffer(), parsed.takeError()),
                    true);
      fromText = std::move(*parsed);
      bytes = fromText;
    }
    if (bytes.size() >= 8 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' &&
        bytes[3] == 'm' && bytes[4] == 1 && bytes[5] == 0) {
      auto loaded = embeddedWorlds(r, bytes);
      if (!loaded)
        return fail(Invalid, path + ": " + binary::errorText(loaded.takeError()));
      return std::move(*loaded);
    }
    if (bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' &&
        bytes[3] == 'm') {
      validate::ValidateOptions vopts;
      vopts.features = validate::Features::all();
      auto info = validate::validateComponent(bytes, vopts);
      if (!info)
        return fail(Invalid, path + ": " + binary::errorText(info.takeError()));
      auto loaded = wit::decodeComponent(r, *info, bytes);
      if (!loaded)
        return fail(Invalid, sm.render(loaded.takeError()), true);
      if (!r[loaded->root].worlds.empty())
        wit::orderByDependencies(r, loaded->others, r[loaded->root].worlds[0].second);
      return std::move(*loaded);
    }
  }
  auto loaded = stdinText ? wit::loadWit(r, sm, "<stdin>", withWat, &*stdinText)
                         : wit::loadWit(r, sm, path, withWat);
  if (!loaded)
    return fail(Invalid, sm.render(loaded.takeError()), true);
  return std::move(*loaded);
}

void addWitFeatureOptions(CLI::App *cmd, wit::ResolveOptions &opts) {
  cmd->add_option_function<std::string>(
      "--features",
      [&opts](const std::string &list) {
        llvm::SmallVector<llvm::StringRef, 4> features;
        llvm::StringRef(list).split(features, ',', -1, false);
        for (llvm::StringRef f : features)
          opts.features.push_back(f.trim().str());
      },
      "Comma LIST of features whose @unstable items are kept (others are left out)");
  cmd->add_flag("--all-features", opts.allFeatures, "Keep every @unstable item");
}

namespace {

/// --importize[-world] and --exportize[-world], as wasm-tools applies them:
/// the world named (or, for a component, its root world) is rewritten.
template <class Opts>
bool transformWorlds(wit::Resolve &r, const wit::Loaded &loaded, const Opts &o, int &exitCode) {
  auto pick = [&](const std::string &name, bool forComponent,
                  const char *flag) -> std::optional<wit::WorldId> {
    // A component's WIT (root:component) or a module's embedded worlds
    // (root:root) has one world, the one the flag without -world means.
    bool isComponent = r[loaded.root].ns == "root" &&
                       (r[loaded.root].name == "component" || r[loaded.root].name == "root");
    if (forComponent && !isComponent) {
      error(std::string(flag) + " needs a component as input; for a WIT package use " + flag +
            "-world WORLD");
      exitCode = Invalid;
      return std::nullopt;
    }
    auto w = wit::selectWorld(r, loaded.root, forComponent ? "" : name);
    if (!w) {
      reportError("", w.takeError());
      exitCode = Invalid;
      return std::nullopt;
    }
    return *w;
  };
  auto done = [&](llvm::Error e) {
    if (!e)
      return true;
    reportError("", std::move(e));
    exitCode = Invalid;
    return false;
  };
  if (!o.mergeWorld.empty()) {
    auto w = pick(o.mergeWorld, false, "--merge-world-imports-based-on-semver");
    if (!w || !done(wit::mergeWorldImportsBySemver(r, *w)))
      return false;
  }
  if (o.importize || !o.importizeWorld.empty()) {
    auto w = pick(o.importizeWorld, o.importize, "--importize");
    if (!w || !done(wit::importize(r, *w, o.importizeName)))
      return false;
  }
  if (o.exportize || !o.exportizeWorld.empty()) {
    auto w = pick(o.exportizeWorld, o.exportize, "--exportize");
    if (!w)
      return false;
    std::function<bool(const wit::WorldKey &)> move;
    if (!o.exportizeImports.empty())
      // An interface is named as wasm-tools matches it (`log`), or in full
      // (`a:b/log`, which wasm-tools ignores).
      move = [&](const wit::WorldKey &k) {
        auto named = [&](const std::string &n) {
          return std::find(o.exportizeImports.begin(), o.exportizeImports.end(), n) !=
                 o.exportizeImports.end();
        };
        return k.iface.valid() ? named(r[k.iface].name) || named(r.interfaceName(k.iface))
                               : named(k.name);
      };
    if (!done(wit::exportize(r, *w, o.exportizeName, move)))
      return false;
  }
  if (!o.nominalWorld.empty()) {
    auto w = pick(o.nominalWorld, false, "--generate-nominal-type-ids");
    if (!w)
      return false;
    wit::generateNominalTypeIds(r, *w);
  }
  return true;
}

/// `--world`: keeps only that world of its package; a world of a
/// dependency makes that package the one printed. False (reported) when
/// there is no such world.
bool keepOnlyWorld(wit::Resolve &r, wit::Loaded &loaded, const std::string &world) {
  // The chosen world alone: printed, encoded or listed without the rest.
  auto w = wit::selectWorld(r, loaded.root, world);
  if (!w) {
    reportError("", w.takeError());
    return false;
  }
  wit::PackageId owner = r[*w].package;
  auto &worlds = r.packages[owner.index].worlds;
  worlds.erase(std::remove_if(worlds.begin(), worlds.end(),
                              [&](auto &e) { return e.second != *w; }),
               worlds.end());
  if (owner != loaded.root) {
    // A world of a dependency: that package is the one to print.
    auto &others = loaded.others;
    others.erase(std::remove(others.begin(), others.end(), owner), others.end());
    others.insert(others.begin(), loaded.root);
    loaded.root = owner;
  }
  return true;
}

/// `--wasm` / `--wat`: the package encoded as a component, written (or
/// printed) only if it validates. Returns the exit code.
int writeEncoded(const wit::Resolve &r, wit::PackageId root, const std::string &output, bool wat) {
  auto bytes = wit::encodePackage(r, root);
  if (!bytes) {
    reportError("", bytes.takeError());
    return Invalid;
  }
  // What wcomp writes, wcomp reads: a package it would refuse (types
  // nested more than 99 levels through named types) is not written.
  validate::ValidateOptions vopts;
  vopts.features = validate::Features::all();
  if (auto info = validate::validateComponent(*bytes, vopts); !info) {
    reportError("the package's encoding would not validate, so it is not written: ",
                info.takeError());
    return Invalid;
  }
  if (wat) {
    // `--wat` is the binary, printed.
    std::string text;
    llvm::raw_string_ostream os(text);
    if (llvm::Error e = text::printWasm(os, *bytes, {})) {
      reportError("", std::move(e));
      return Invalid;
    }
    return writeOutput(output, os.str());
  }
  return writeOutput(output,
                     llvm::StringRef(reinterpret_cast<const char *>(bytes->data()), bytes->size()));
}

/// `--out-dir`: a folder that `wcomp wit DIR` reads back, checked by
/// reading it back. Returns the exit code.
int writeOutDir(const wit::Resolve &r, const wit::Loaded &loaded, const std::string &outDir,
                const wit::PrintOptions &p) {
  // A folder that `wcomp wit DIR` reads back: the package, and deps/.
  // Files are named as wasm-tools names them: `name.wit`; where packages
  // share a name, `name@version.wit` (one namespace) or `ns:name.wit`,
  // and `ns:name@version.wit` where those are shared too. Package ids are
  // unique, so no two files collide.
  std::map<std::string, std::map<std::string, int>> byName; // name -> ns -> count
  std::vector<wit::PackageId> all(loaded.others);
  all.push_back(loaded.root);
  for (wit::PackageId d : all)
    byName[r[d].name][r[d].ns]++;
  auto file = [&](wit::PackageId id) {
    const wit::Package &pk = r[id];
    const auto &sameName = byName[pk.name];
    std::string ver = pk.version.empty() ? "" : "@" + pk.version;
    if (sameName.size() == 1)
      return (sameName.at(pk.ns) == 1 ? pk.name : pk.name + ver) + ".wit";
    return (sameName.at(pk.ns) == 1 ? pk.ns + ":" + pk.name : pk.ns + ":" + pk.name + ver) +
           ".wit";
  };
  llvm::SmallString<256> deps(outDir);
  llvm::sys::path::append(deps, "deps");
  if (std::error_code ec = llvm::sys::fs::create_directories(
          loaded.others.empty() ? llvm::StringRef(outDir) : llvm::StringRef(deps))) {
    error(outDir + ": " + ec.message());
    return IoError;
  }
  // In the order the packages were read (dependencies of WIT files
  // first), each announced on stdout as wasm-tools does.
  std::sort(all.begin(), all.end(),
            [](wit::PackageId a, wit::PackageId b) { return a.index < b.index; });
  for (wit::PackageId d : all) {
    llvm::SmallString<256> path(d == loaded.root ? outDir : std::string(deps));
    llvm::sys::path::append(path, file(d));
    llvm::outs() << "Writing: " << path << "\n";
    if (int code = writeOutput(std::string(path), wit::printWit(r, d, {}, p)); code != Ok)
      return code;
  }
  // The folder must read back as what was written: files left in it by
  // an earlier run could add or clash with packages.
  wit::Resolve back;
  wit::SourceMap backSm;
  auto again = wit::loadWit(back, backSm, outDir);
  if (!again) {
    diagnostic(backSm.render(again.takeError()));
    error(outDir + ": the folder written does not read back as WIT (files from an "
                   "earlier run in it?)");
    return Invalid;
  }
  if (again->others.size() != loaded.others.size()) {
    error(outDir + ": the folder written holds other packages besides the ones "
                   "written (files from an earlier run in it?)");
    return Invalid;
  }
  return Ok;
}

} // namespace

void registerWit(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string path = "-", output, outDir, world;
    bool noDocs = false, json = false, deps = false, noDeps = false, wasm = false, wat = false;
    bool importize = false, exportize = false;
    std::string importizeWorld, importizeName, exportizeWorld, exportizeName;
    std::vector<std::string> exportizeImports;
    std::string mergeWorld, nominalWorld;
    wit::ResolveOptions resolve;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "wit", "Check and print WIT: a .wit file, a folder of .wit files with deps/, or the WIT "
             "of a component");
  addDepfileOption(cmd);
  cmd->add_option("PATH", opts->path,
                  "A .wit file, a WIT folder or a component (.wasm) (default or -: standard input)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--no-docs", opts->noDocs, "Leave doc comments out");
  addWitFeatureOptions(cmd, opts->resolve);
  cmd->add_flag("--json", opts->json, "Print the resolved packages as JSON");
  cmd->add_flag("--wasm", opts->wasm, "Encode the package as a component (binary; use -o)");
  cmd->add_flag("-t,--wat", opts->wat, "Encode the package as a component and print it as text");
  cmd->add_flag("--deps", opts->deps,
                "Print every other package too (the default, as wasm-tools does; kept for "
                "scripts that pass it)");
  cmd->add_flag("--no-deps", opts->noDeps,
                "Print only the root package, not the dependencies and the interfaces a "
                "component uses as `package x { ... }` blocks")
      ->excludes("--deps");
  cmd->add_option("--world", opts->world,
                  "Keep only this world of the package (`w` or `ns:pkg/w@v`)");
  cmd->add_option("--out-dir", opts->outDir,
                  "Write the package to DIR/<name>.wit and each other package to DIR/deps/");
  cmd->add_flag("--importize", opts->importize,
                "For a component: print the world of one that imports it (its exports "
                "become imports)");
  cmd->add_option("--importize-world", opts->importizeWorld,
                  "WORLD of the package to rewrite as imports (its exports become imports)");
  cmd->add_option("--importize-out-world-name", opts->importizeName,
                  "NAME of the world --importize writes (default: WORLD-importized)");
  cmd->add_flag("--exportize", opts->exportize,
                "For a component: print the world of one that exports it (its imports "
                "become exports)");
  cmd->add_option("--exportize-world", opts->exportizeWorld,
                  "WORLD of the package to rewrite as exports (its imports become exports)");
  cmd->add_option("--exportize-out-world-name", opts->exportizeName,
                  "NAME of the world --exportize writes (default: WORLD-exportized)");
  cmd->add_option("--generate-nominal-type-ids", opts->nominalWorld,
                  "WORLD whose imported and exported interfaces get types of their own (for "
                  "--json: one type id per type a bindings generator makes)");
  cmd->add_option("--merge-world-imports-based-on-semver", opts->mergeWorld,
                  "WORLD whose imports of semver-compatible versions of an interface become one, "
                  "of the highest");
  cmd->add_option("--exportize-import", opts->exportizeImports,
                  "IMPORT to move to the exports (repeatable; default: all)");
  cmd->callback([opts, &exitCode] {
    wit::Resolve r;
    wit::SourceMap sm;
    auto loaded = loadWitInput(r, sm, opts->path, opts->resolve, exitCode);
    if (!loaded)
      return;
    if (!opts->world.empty() && !keepOnlyWorld(r, *loaded, opts->world)) {
      exitCode = Invalid;
      return;
    }
    if (!transformWorlds(r, *loaded, *opts, exitCode))
      return;
    wit::PrintOptions p;
    p.docs = !opts->noDocs;
    if (opts->wasm || opts->wat) {
      exitCode = writeEncoded(r, loaded->root, opts->output, opts->wat);
      return;
    }
    if (opts->json) {
      exitCode = writeOutput(opts->output, jsonText(wit::toJson(r)));
      return;
    }
    if (opts->outDir.empty()) {
      std::vector<wit::PackageId> nested;
      if (!opts->noDeps)
        nested = loaded->others;
      exitCode = writeOutput(opts->output, wit::printWit(r, loaded->root, nested, p));
      return;
    }
    exitCode = writeOutDir(r, *loaded, opts->outDir, p);
  });
}

} // namespace wcomp::cli
