//===- cli/dump.cpp - `wcomp dump` ----------------------------------------===//
#include "cli/common.h"

#include "binary/dump.h"
#include "binary/error.h"
#include "binary/io.h"

#include <optional>

namespace wcomp::cli {

void registerDump(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-";
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "dump", "Print the sections of a module or component: offsets, sizes, counts, nesting");
  cmd->add_option("FILE", opts->file, "Input .wasm file (default or -: standard input)");
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &exitCode] {
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    // A broken binary is where a dump helps most: what was read before the
    // error is printed, then the error.
    binary::DumpBinary dump;
    bool started = false;
    llvm::Error err = binary::buildPartialDump(in->bytes(), dump, started);
    std::optional<binary::ErrorReport> failure;
    if (err) {
      failure = binary::describeError(std::move(err));
      exitCode = Invalid;
    }
    if (opts->json) {
      nlohmann::ordered_json j = started ? binary::dumpToJson(dump) : nlohmann::ordered_json::object();
      if (failure) {
        nlohmann::ordered_json e{{"message", failure->text}};
        if (failure->offset != binary::WasmError::NoOffset)
          e["offset"] = failure->offset;
        j["error"] = std::move(e);
      }
      llvm::outs() << jsonText(j) << "\n";
    } else if (started) {
      binary::printDump(llvm::outs(), dump);
    }
    if (failure) {
      llvm::outs().flush();
      error(opts->file + ": " + failure->text);
    }
  });
}

} // namespace wcomp::cli
