//===- cli/compose.cpp - `wcomp compose` ----------------------------------===//
#include "cli/common.h"

#include "binary/error.h"
#include "binary/io.h"
#include "compose/config.h"
#include "compose/graph.h"
#include "compose/plug.h"
#include "compose/wac.h"
#include "text/wat.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <deque>

namespace wcomp::cli {

namespace {

/// `wcomp compose`'s options.
struct ComposeOpts {
  std::vector<std::string> inputs, allowed, deps;
  std::string output, config, depsDir = "deps";
  bool explain = false, json = false, strict = false, noValidate = false, importDeps = false,
       legacyDepNames = false;
};

/// One run of `wcomp compose`: the usage checks, the graph from plugs, a
/// configuration or a WAC document, resolving it, the report (text or
/// JSON) and the checked output.
class ComposeRun {
public:
  ComposeRun(const ComposeOpts &opts, int &exitCode) : opts(opts), exitCode(exitCode) {
    g.legacyDependencyNames = opts.legacyDepNames;
    g.processedBy = !session().noProcessedBy;
  }

  void run() {
    if (!usageOk()) {
      llvm::cantFail(std::move(built)); // nothing was built: still success
      return;
    }
    build();
    if (!built) {
      built = compose::resolve(g);
      if (built && wacInput) {
        // Rendered below instead, every error at its place in the document.
        llvm::consumeError(std::move(built));
        std::string rendered = compose::renderResolveErrors(g, wac);
        diagnostic(rendered);
        built = llvm::createStringError(llvm::StringRef(rendered).rtrim('\n'));
        wacReported = true;
      }
    }
    if (!built && opts.strict)
      built = compose::checkStrict(g, opts.allowed);
    for (const std::string &w : g.warnings)
      warning(w);
    if (built) {
      if (loaded && !opts.json && (!wacInput || opts.explain))
        llvm::errs() << compose::explain(g);
      report(ioFailed ? IoError : Invalid, std::move(built));
      return;
    }
    if (opts.explain && !opts.json)
      llvm::errs() << compose::explain(g);
    write();
  }

private:
  /// Refuses contradictory or malformed options (exit code Usage).
  bool usageOk() {
    auto usage = [&](const std::string &msg) {
      error(msg);
      exitCode = Usage;
      return false;
    };
    if (opts.config.empty() == opts.inputs.empty())
      return usage("give a root component and plugs, or --config FILE");
    wacInput = opts.config.empty() && opts.inputs.size() == 1 &&
               llvm::StringRef(opts.inputs[0]).ends_with(".wac");
    if (!wacInput && opts.config.empty() && opts.inputs.size() < 2)
      return usage("give at least one plug after the root component (`wcomp compose ROOT "
                   "PLUG...`)");
    for (const std::string &a : opts.allowed)
      if (llvm::StringRef(a).find_first_of("*?[") != llvm::StringRef::npos)
        if (auto glob = llvm::GlobPattern::create(a); !glob)
          return usage("--allow-import `" + a + "`: " + llvm::toString(glob.takeError()));
    if (opts.json && (opts.output.empty() || opts.output == "-"))
      return usage("--json prints on stdout: give the component an output file (-o)");
    for (const std::string &d : opts.deps)
      if (size_t eq = d.find('='); eq == std::string::npos || eq == 0 || eq + 1 == d.size() ||
                                   d.substr(0, eq).find(':') == std::string::npos)
        return usage("--dep `" + d + "`: expected NS:NAME=FILE");
    if (!opts.deps.empty() && !wacInput)
      return usage("--dep and --deps-dir are for WAC documents (`wcomp compose app.wac`)");
    return true;
  }

  /// Reads an input (binary, or WebAssembly text read as wasm-tools reads
  /// it); the bytes stay alive for the graph.
  llvm::Expected<compose::InputFile> load(const std::string &path) {
    auto buf = binary::loadFile(path);
    if (!buf) {
      ioFailed = true;
      return buf.takeError();
    }
    buffers.push_back(std::move(*buf));
    llvm::StringRef text = buffers.back()->getBuffer();
    auto bytes = llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(text.data()),
                                         text.size());
    if (looksLikeWat(text)) {
      auto parsed = text::parseWat(text);
      if (!parsed)
        return llvm::createStringError(
            llvm::StringRef(binary::renderTextError(path, text, parsed.takeError())).rtrim('\n'));
      fromText.push_back(std::move(*parsed));
      bytes = fromText.back();
    }
    return compose::InputFile{path, bytes};
  }

  /// A WAC error, rendered with carets into the document, printed now.
  llvm::Error wacError(llvm::Error err) {
    std::string rendered = wac.render(std::move(err));
    diagnostic(rendered);
    return llvm::createStringError(llvm::StringRef(rendered).rtrim('\n'));
  }

  /// Fills the graph from the front end the options name; sets `built` to
  /// its error and `loaded` when there is a graph worth explaining.
  void build() {
    // `built` starts as success; each branch replaces it once.
    llvm::cantFail(std::move(built));
    auto loader = [this](const std::string &path) { return load(path); };
    if (wacInput) {
      buildFromWac(loader);
    } else if (!opts.config.empty()) {
      built = compose::fromConfig(g, opts.config, loader);
      // A configuration that cannot be read has no graph worth explaining.
      loaded = !built && !g.instances.empty();
    } else {
      std::vector<compose::InputFile> files;
      for (const std::string &path : opts.inputs) {
        auto f = load(path);
        if (!f) {
          built = f.takeError();
          return;
        }
        files.push_back(*f);
      }
      built = compose::plug(g, files.front(), llvm::ArrayRef(files).drop_front(),
                            opts.importDeps);
      loaded = !g.instances.empty();
    }
  }

  /// build() for a WAC document, with its options (packages from --dep
  /// and --deps-dir; WIT and WAT read as the other commands read them).
  void buildFromWac(const compose::LoadFile &loader) {
    auto doc = binary::loadFile(opts.inputs[0]);
    if (!doc) {
      ioFailed = true;
      built = doc.takeError();
      return;
    }
    compose::WacOptions wopts;
    for (const std::string &d : opts.deps) {
      size_t eq = d.find('=');
      wopts.deps.push_back({d.substr(0, eq), d.substr(eq + 1)});
    }
    wopts.depsDir = opts.depsDir;
    wopts.importDependencies = opts.importDeps;
    wopts.witOptions.allFeatures = true;
    wopts.witOptions.parseWat = [](llvm::StringRef file, llvm::StringRef src)
        -> llvm::Expected<std::vector<uint8_t>> {
      auto bytes = text::parseWat(src);
      if (!bytes)
        return llvm::createStringError(
            llvm::StringRef(binary::renderTextError(file, src, bytes.takeError())).rtrim('\n'));
      return bytes;
    };
    if (llvm::Error err =
            compose::fromWac(g, wac, opts.inputs[0], (*doc)->getBuffer().str(), wopts, loader)) {
      built = wacError(std::move(err));
      wacReported = true;
    }
    loaded = !built && !g.instances.empty();
  }

  /// Ends the run with `code`: the error printed (unless the WAC renderer
  /// did), and with --json the report, last, when the outcome is known. An
  /// output failure was printed when it happened; JSON still carries it.
  void report(int code, llvm::Error err) {
    std::string msg = err ? binary::errorText(std::move(err)) : "";
    if (!msg.empty() && !wacReported)
      error(msg);
    else if (code == IoError)
      msg = session().outputError;
    exitCode = code;
    if (!opts.json)
      return;
    nlohmann::ordered_json j{{"composed", code == Ok}, {"output", opts.output}};
    if (!msg.empty())
      j["error"] = msg;
    if (loaded) {
      nlohmann::ordered_json e = compose::explainJson(g);
      for (auto &[k, v] : e.items())
        j[k] = v;
    }
    llvm::outs() << jsonText(j) << "\n";
  }

  /// Encodes, checks and writes the component. Written from the pieces
  /// (the inputs' bytes are not copied in memory), then checked from the
  /// file before it is renamed into place: a failed check leaves no file.
  void write() {
    if (refuseBinaryOnTerminal(opts.output, llvm::StringRef("\0asm", 4)))
      return report(Usage, llvm::Error::success());
    auto enc = compose::encode(g);
    if (!enc)
      return report(Invalid, enc.takeError());
    auto out = OutputFile::open(opts.output);
    if (!out)
      return report(IoError, llvm::Error::success());
    std::optional<std::string> pending = out->pendingPath();
    if (!pending) {
      std::vector<uint8_t> bytes = enc->bytes();
      if (!opts.noValidate)
        if (llvm::Error err = compose::checkComposed(bytes))
          return report(Invalid, std::move(err));
      if (llvm::Error err = compose::checkWacTargets(wac, bytes, opts.output)) {
        wacReported = true;
        return report(Invalid, wacError(std::move(err)));
      }
      out->os().write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
      return report(out->commit(), llvm::Error::success());
    }
    enc->writeTo(out->os());
    pending = out->pendingPath(); // flushes
    if (!opts.noValidate) {
      auto written = llvm::MemoryBuffer::getFile(*pending, /*IsText=*/false,
                                                 /*RequiresNullTerminator=*/false);
      if (!written)
        return report(IoError, llvm::createStringError(opts.output + ": " +
                                                       written.getError().message()));
      if (llvm::Error err = compose::checkComposed(binary::bytesOf(**written)))
        return report(Invalid, std::move(err));
    }
    if (wac.targets) {
      std::vector<uint8_t> bytes = enc->bytes();
      if (llvm::Error err = compose::checkWacTargets(wac, bytes, opts.output)) {
        wacReported = true;
        return report(Invalid, wacError(std::move(err)));
      }
    }
    report(out->commit(), llvm::Error::success());
  }

  const ComposeOpts &opts;
  int &exitCode;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  std::deque<std::vector<uint8_t>> fromText;
  compose::Graph g;
  compose::WacSession wac; ///< WAC errors point into its documents
  llvm::Error built = llvm::Error::success();
  bool wacInput = false, ioFailed = false, loaded = false, wacReported = false;
};

} // namespace

void registerCompose(CLI::App &app, int &exitCode) {
  auto opts = std::make_shared<ComposeOpts>();
  CLI::App *cmd = app.add_subcommand(
      "compose", "Compose components: the root's imports are supplied by the plugs' exports");
  addDepfileOption(cmd);
  addProcessedByOption(cmd);
  cmd->add_option("FILE", opts->inputs,
                  "The root component, then the plugs (ROOT PLUG...); or one WAC document "
                  "(`app.wac`)");
  cmd->add_option("-d,--dep", opts->deps,
                  "With a WAC document: package NS:NAME is in FILE (`--dep ex:leaf=leaf.wasm`; "
                  "repeatable)")
      ->type_name("NS:NAME=FILE")
      ->allow_extra_args(false);
  cmd->add_option("--deps-dir", opts->depsDir,
                  "With a WAC document: the folder of packages, as DIR/NS/NAME.wasm (or .wat, or "
                  "a WIT folder DIR/NS/NAME/; default: deps)")
      ->type_name("DIR");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_option("--config", opts->config, "Explicit wiring (JSON; see the README)");
  cmd->add_flag("--explain", opts->explain,
                "Print what supplies every import of every instance, and why");
  cmd->add_flag("--json", opts->json,
                "Print the explanation as JSON on stdout, failures included (implies "
                "--explain; the component goes to -o)");
  cmd->add_flag("--strict", opts->strict, "Refuse imports that no plug supplies");
  cmd->add_option("--allow-import", opts->allowed,
                  "With --strict: an import the composition may keep: a NAME, or a glob such as "
                  "`wasi:*` or `wasi:cli/*@0.2.*` (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("-i,--import-dependencies", opts->importDeps,
                "Import the plugs (WAC: the packages) as components instead of embedding them: "
                "named `plug-NAME` with the external-id `unlocked-dep=<plug:NAME>`");
  cmd->add_flag("--legacy-dependency-names", opts->legacyDepNames,
                "With --import-dependencies: name the imports `unlocked-dep=<plug:NAME>`, the "
                "form before the external-id attribute (wasm-tools 1.262 refuses it)");
  cmd->add_flag("--no-validate", opts->noValidate, "Skip validating the composed component");
  cmd->callback([opts, &exitCode] { ComposeRun(*opts, exitCode).run(); });
}

} // namespace wcomp::cli
