//===- cli/compose.cpp - `wcomp compose` ----------------------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "compose/config.h"
#include "compose/graph.h"
#include "compose/plug.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace wcomp::cli {

void registerCompose(CLI::App &app, int &exitCode) {
  struct Opts {
    std::vector<std::string> inputs, allowed;
    std::string output, config;
    bool explain = false, strict = false, noValidate = false, importDeps = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "compose", "Compose components: the root's imports are supplied by the plugs' exports");
  addDepfileOption(cmd);
  cmd->add_option("ROOT PLUG...", opts->inputs, "The root component, then the plugs");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_option("--config", opts->config, "Explicit wiring (JSON; see the README)");
  cmd->add_flag("--explain", opts->explain,
                "Print what supplies every import of every instance, and why");
  cmd->add_flag("--strict", opts->strict, "Refuse imports that no plug supplies");
  cmd->add_option("--allow-import", opts->allowed,
                  "With --strict: an import the composition may keep (repeatable)");
  cmd->add_flag("--import-dependencies", opts->importDeps,
                "Import the plugs (as `unlocked-dep=<plug:NAME>` components) instead of "
                "embedding them");
  cmd->add_flag("--no-validate", opts->noValidate, "Skip validating the composed component");
  cmd->callback([opts, &exitCode] {
    if (opts->config.empty() == opts->inputs.empty()) {
      error("give a root component and plugs, or --config FILE");
      exitCode = Usage;
      return;
    }
    std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
    bool ioFailed = false;
    auto load = [&](const std::string &path) -> llvm::Expected<compose::InputFile> {
      auto buf = binary::loadFile(path);
      if (!buf) {
        ioFailed = true;
        return buf.takeError();
      }
      buffers.push_back(std::move(*buf));
      auto bytes = llvm::ArrayRef<uint8_t>(
          reinterpret_cast<const uint8_t *>(buffers.back()->getBufferStart()),
          buffers.back()->getBufferSize());
      return compose::InputFile{path, bytes};
    };
    compose::Graph g;
    llvm::Error built = llvm::Error::success();
    bool loaded = false;
    if (!opts->config.empty()) {
      built = compose::fromConfig(g, opts->config, load);
      // A configuration that cannot be read has no graph worth explaining.
      loaded = !built && !g.instances.empty();
    } else {
      std::vector<compose::InputFile> files;
      for (const std::string &path : opts->inputs) {
        auto f = load(path);
        if (!f) {
          reportError("", f.takeError());
          exitCode = IoError;
          return;
        }
        files.push_back(*f);
      }
      built = compose::plug(g, files.front(), llvm::ArrayRef(files).drop_front(),
                            opts->importDeps);
      loaded = !g.instances.empty();
    }
    if (!built)
      built = compose::resolve(g);
    if (!built && opts->strict)
      built = compose::checkStrict(g, opts->allowed);
    for (const std::string &w : g.warnings)
      warning(w);
    if (built) {
      llvm::Error err = std::move(built);
      if (loaded)
        llvm::errs() << compose::explain(g);
      reportError("", std::move(err));
      exitCode = ioFailed ? IoError : Invalid;
      return;
    }
    if (opts->explain)
      llvm::errs() << compose::explain(g);
    auto enc = compose::encode(g);
    if (!enc) {
      reportError("", enc.takeError());
      exitCode = Invalid;
      return;
    }
    // Written from the pieces (the inputs' bytes are not copied in memory),
    // then checked from the file before it is renamed into place: a failed
    // check leaves no file.
    auto out = OutputFile::open(opts->output);
    if (!out) {
      exitCode = IoError;
      return;
    }
    std::optional<std::string> pending = out->pendingPath();
    if (!pending) {
      std::vector<uint8_t> bytes = enc->bytes();
      if (!opts->noValidate)
        if (llvm::Error err = compose::checkComposed(bytes)) {
          reportError("", std::move(err));
          exitCode = Invalid;
          return;
        }
      out->os().write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
      exitCode = out->commit();
      return;
    }
    enc->writeTo(out->os());
    pending = out->pendingPath(); // flushes
    if (!opts->noValidate) {
      auto written = llvm::MemoryBuffer::getFile(*pending, /*IsText=*/false,
                                                 /*RequiresNullTerminator=*/false);
      if (!written) {
        error(opts->output + ": " + written.getError().message());
        exitCode = IoError;
        return;
      }
      if (llvm::Error err = compose::checkComposed(binary::bytesOf(**written))) {
        reportError("", std::move(err));
        exitCode = Invalid;
        return;
      }
    }
    exitCode = out->commit();
  });
}

} // namespace wcomp::cli
