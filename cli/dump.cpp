//===- cli/dump.cpp - `wcomp dump` ----------------------------------------===//
#include "cli/common.h"

#include "binary/dump.h"
#include "binary/io.h"

namespace wcomp::cli {

void registerDump(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "dump", "Print the sections of a module or component: offsets, sizes, counts, nesting");
  cmd->add_option("FILE", opts->file, "Input .wasm file (- for stdin)")->required();
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &exitCode] {
    auto buf = binary::loadFile(opts->file);
    if (!buf) {
      reportError("", buf.takeError());
      exitCode = IoError;
      return;
    }
    auto dump = binary::buildDump(binary::bytesOf(**buf));
    if (!dump) {
      reportError(opts->file + ": ", dump.takeError());
      exitCode = Invalid;
      return;
    }
    if (opts->json)
      llvm::outs() << binary::dumpToJson(*dump).dump(2) << "\n";
    else
      binary::printDump(llvm::outs(), *dump);
  });
}

} // namespace wcomp::cli
