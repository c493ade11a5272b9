//===- cli/adapt.cpp - `wcomp embed`, `wcomp new`, `wcomp adapt` ----------===//
#include "cli/common.h"

#include "adapt/bundled.h"
#include "adapt/embed.h"
#include "adapt/new.h"
#include "binary/io.h"
#include "binary/module.h"
#include "binary/parser.h"
#include "text/wat.h"
#include "wit/loader.h"
#include "wit/resolver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"


namespace wcomp::cli {

namespace {

llvm::StringRef asText(const std::vector<uint8_t> &b) {
  return {reinterpret_cast<const char *>(b.data()), b.size()};
}

/// Loads a module or adapter (WebAssembly text is parsed), reporting
/// failure; a null pointer on error. Held by pointer: the bytes of a
/// binary point into its buffer, and the pointer keeps them in place.
std::unique_ptr<BinaryInput> load(const std::string &path, int &exitCode) {
  auto in = loadBinaryInput(path, exitCode);
  if (!in)
    return nullptr;
  return std::make_unique<BinaryInput>(std::move(*in));
}

/// Runs componentNew and writes the result; returns the exit code.
int buildComponent(llvm::ArrayRef<uint8_t> module, const std::string &input,
                   const adapt::NewOptions &opts, const std::string &output) {
  auto built = adapt::componentNew(module, opts);
  if (!built) {
    reportError(input + ": ", built.takeError());
    return Invalid;
  }
  for (const std::string &w : built->warnings)
    warning(w);
  return writeOutput(output, asText(built->component));
}

} // namespace

void registerEmbed(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string wit, module, output, world, encoding = "utf8", dummyNames;
    bool dummy = false, onlyCustom = false, wat = false, asyncCallback = false,
         asyncStackful = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "embed", "Embed a world into a core module (its `component-type` custom section)");
  addDepfileOption(cmd);
  cmd->add_option("WIT", opts->wit, "A .wit file or a WIT folder")->required();
  cmd->add_option("MODULE", opts->module,
                  "The core module (default: standard input; omit with --dummy)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_option("-w,--world", opts->world, "The world (`w` or `ns:pkg/w@v`)");
  cmd->add_option("--encoding", opts->encoding, "String encoding: utf8, utf16 or compact-utf16");
  cmd->add_flag("--dummy", opts->dummy,
                "Generate a core module that imports and exports everything the world needs "
                "(`cm32p2` names, as --dummy-names standard32)");
  cmd->add_option("--dummy-names", opts->dummyNames,
                  "As --dummy, with the core names of SCHEME: legacy or standard32")
      ->type_name("SCHEME")
      ->check(CLI::IsMember({"legacy", "standard32"}));
  cmd->add_flag("--async-callback", opts->asyncCallback,
                "With --dummy-names legacy: async functions imported with the async ABI and "
                "exported lifted with a callback (and the async built-ins imported)");
  cmd->add_flag("--async-stackful", opts->asyncStackful,
                "With --dummy-names legacy: as --async-callback, exports lifted stackful");
  cmd->add_flag("--only-custom", opts->onlyCustom,
                "Write only the `component-type` section (in an otherwise empty module)");
  cmd->add_flag("-t,--wat", opts->wat, "Print the result as text");
  cmd->callback([opts, &exitCode] {
    auto enc = adapt::parseStringEncoding(opts->encoding);
    if (!enc) {
      error("unknown string encoding `" + opts->encoding + "` (utf8, utf16 or compact-utf16)");
      exitCode = Usage;
      return;
    }
    if ((opts->asyncCallback || opts->asyncStackful) && opts->dummyNames != "legacy") {
      // As wasm-tools: the standard names have no async forms yet.
      error("--async-callback and --async-stackful need --dummy-names legacy");
      exitCode = Usage;
      return;
    }
    if (opts->asyncCallback && opts->asyncStackful) {
      error("give one of --async-callback and --async-stackful");
      exitCode = Usage;
      return;
    }
    if (!opts->dummyNames.empty())
      opts->dummy = true;
    // As wasm-tools: without a module (and without --dummy) the module is
    // read from standard input.
    if (!opts->dummy && opts->module.empty())
      opts->module = "-";
    if (opts->dummy && !opts->module.empty()) {
      error("give either a core module or --dummy");
      exitCode = Usage;
      return;
    }
    wit::Resolve r;
    wit::SourceMap sm;
    auto loaded = loadWitInput(r, sm, opts->wit, {}, exitCode);
    if (!loaded)
      return;
    auto world = wit::selectWorld(r, loaded->root, opts->world);
    if (!world) {
      reportError("", world.takeError());
      exitCode = Invalid;
      return;
    }
    std::vector<uint8_t> module;
    std::unique_ptr<BinaryInput> buf;
    if (opts->dummy) {
      module = adapt::dummyModule(r, *world, opts->dummyNames != "legacy",
                                  opts->asyncCallback   ? adapt::DummyAbi::AsyncCallback
                                  : opts->asyncStackful ? adapt::DummyAbi::AsyncStackful
                                                        : adapt::DummyAbi::Sync);
    } else if (!(buf = load(opts->module, exitCode))) {
      return;
    }
    // --only-custom: the sections are added to an empty module.
    llvm::ArrayRef<uint8_t> in = opts->onlyCustom ? llvm::ArrayRef<uint8_t>(binary::CoreModulePreamble)
                                 : buf            ? buf->bytes()
                                                  : llvm::ArrayRef<uint8_t>(module);
    auto out = adapt::embedWorld(in, r, *world, *enc);
    if (!out) {
      reportError(opts->dummy ? "" : opts->module + ": ", out.takeError());
      exitCode = Invalid;
      return;
    }
    if (opts->wat) {
      std::string text;
      llvm::raw_string_ostream os(text);
      if (llvm::Error e = text::printWasm(os, *out, {})) {
        reportError("", std::move(e));
        exitCode = Invalid;
        return;
      }
      exitCode = writeOutput(opts->output, os.str());
      return;
    }
    exitCode = writeOutput(opts->output, asText(*out));
  });
}

void registerNew(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string module = "-", output;
    std::vector<std::string> adapters;
    bool skipValidation = false, validate = true, merge = true, memoryGrow = false, rejectLegacy = false,
         returnCallRef = false, debugNames = true;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "new", "Build a component from a core module with an embedded world (and adapters)");
  addDepfileOption(cmd);
  addProcessedByOption(cmd);
  cmd->add_option("MODULE", opts->module, "The core module (default: standard input)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_option("--adapt", opts->adapters,
                  "[NAME=]FILE: an adapter implementing the main module's imports from NAME "
                  "(default: inferred from the file name or the adapter's exports)");
  cmd->add_flag("--skip-validation", opts->skipValidation,
                "Do not validate the component built");
  cmd->add_flag("--validate{true}", opts->validate,
                "Validate the component built (--validate=false: as --skip-validation)");
  cmd->add_flag("--merge-imports-based-on-semver{true}", opts->merge,
                "Import semver-compatible versions of an interface once, at the highest "
                "(default; =false keeps each version)");
  cmd->add_flag("--realloc-via-memory-grow", opts->memoryGrow,
                "Adapters allocate with memory.grow even when the module exports cabi_realloc");
  cmd->add_flag("--return-call-ref{true}", opts->returnCallRef,
                "Shims call through typed globals with return_call_ref instead of a table "
                "(the component then needs the tail-call and function-references proposals)");
  cmd->add_flag("--debug-names{true}", opts->debugNames,
                "Name the component's modules, instances and functions (a `component-name` "
                "section) and the functions of the modules new writes (default; =false: no "
                "names)");
  cmd->add_flag("--reject-legacy-names", opts->rejectLegacy,
                "Match the module's imports and exports by the `cm32p2` names only, ignoring "
                "wit-component's legacy ones");
  cmd->callback([opts, &exitCode] {
    auto main = load(opts->module, exitCode);
    if (!main)
      return;
    adapt::NewOptions no;
    no.rejectLegacyNames = opts->rejectLegacy;
    no.validate = !opts->skipValidation && opts->validate;
    no.mergeImports = opts->merge;
    no.reallocViaMemoryGrow = opts->memoryGrow;
    no.returnCallRef = opts->returnCallRef;
    no.debugNames = opts->debugNames;
    no.processedBy = !session().noProcessedBy;
    std::vector<std::unique_ptr<BinaryInput>> bufs;
    for (const std::string &spec : opts->adapters) {
      auto [name, path] = llvm::StringRef(spec).split('=');
      if (path.empty())
        std::swap(name, path);
      auto buf = load(path.str(), exitCode);
      if (!buf)
        return;
      no.adapters.push_back({name.str(), buf->bytes(), path.str()});
      bufs.push_back(std::move(buf));
    }
    exitCode = buildComponent(main->bytes(), opts->module, no, opts->output);
  });
}

void registerAdapt(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string module, output, adapter, wasi, printAdapter;
    std::string wasiVersion = adapt::BundledWasiVersion.str();
    bool skipValidation = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "adapt", "Turn a WASI Preview 1 core module into a Preview 2 component");
  addDepfileOption(cmd);
  addProcessedByOption(cmd);
  cmd->add_option("MODULE", opts->module, "The Preview 1 core module");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_option("--adapter", opts->adapter,
                  "An adapter module to use instead of wcomp's own (e.g. wasmtime's "
                  "wasi_snapshot_preview1.command.wasm)");
  cmd->add_option("--wasi", opts->wasi,
                  "command (runs `_start`), reactor (exports functions) or proxy (stdio, "
                  "clocks and random only, for wasi:http/proxy); default: command when the "
                  "module exports `_start`, else reactor")
      ->check(CLI::IsMember({"command", "reactor", "proxy"}));
  cmd->add_option("--wasi-version", opts->wasiVersion,
                  "The WASI 0.2 release the bundled adapter imports (default " +
                      adapt::BundledWasiVersion.str() + ", which every 0.2 host serves)");
  cmd->add_option("--print-adapter", opts->printAdapter,
                  "Write the bundled command, reactor or proxy adapter (for other tools) "
                  "instead of adapting a module")
      ->check(CLI::IsMember({"command", "reactor", "proxy"}));
  cmd->add_flag("--skip-validation", opts->skipValidation,
                "Do not validate the component built");
  cmd->callback([opts, cmd, &exitCode] {
    auto usage = [&](const std::string &msg) {
      error(msg);
      exitCode = Usage;
    };
    bool versionGiven = cmd->count("--wasi-version") > 0;
    if (!opts->adapter.empty() && versionGiven)
      return usage("--wasi-version applies to the bundled adapters, not to --adapter");
    if (!opts->printAdapter.empty()) {
      if (!opts->module.empty() || !opts->adapter.empty() || !opts->wasi.empty())
        return usage("--print-adapter takes only -o and --wasi-version");
      auto bytes = adapt::bundledAdapter(*adapt::parseAdapterKind(opts->printAdapter),
                                         opts->wasiVersion);
      if (!bytes) {
        reportError("", bytes.takeError());
        exitCode = Usage;
        return;
      }
      exitCode = writeOutput(opts->output, asText(*bytes));
      return;
    }
    if (opts->module.empty())
      return usage("give a Preview 1 core module (or --print-adapter KIND)");
    auto main = load(opts->module, exitCode);
    if (!main)
      return;
    llvm::ArrayRef<uint8_t> bytes = main->bytes();
    std::string kind = opts->wasi;
    if (kind.empty()) {
      binary::ReadOptions ro;
      ro.decodeBodies = false;
      auto m = binary::readModule(bytes, 0, ro);
      if (!m) {
        reportError(opts->module + ": ", m.takeError());
        exitCode = Invalid;
        return;
      }
      kind = "reactor";
      for (const binary::Export &e : m->exports)
        if (e.name == "_start")
          kind = "command";
    }
    adapt::NewOptions no;
    no.validate = !opts->skipValidation;
    no.processedBy = !session().noProcessedBy;
    std::unique_ptr<BinaryInput> ad;
    std::vector<uint8_t> bundled;
    if (!opts->adapter.empty()) {
      if (!(ad = load(opts->adapter, exitCode)))
        return;
      no.adapters.push_back({"wasi_snapshot_preview1", ad->bytes(), opts->adapter});
    } else {
      auto b = adapt::bundledAdapter(*adapt::parseAdapterKind(kind), opts->wasiVersion);
      if (!b) {
        reportError("", b.takeError());
        exitCode = Usage;
        return;
      }
      bundled = std::move(*b);
      no.adapters.push_back(
          {"wasi_snapshot_preview1", bundled, "wcomp's " + kind + " adapter"});
    }
    exitCode = buildComponent(bytes, opts->module, no, opts->output);
  });
}

} // namespace wcomp::cli
