//===- cli/validate.cpp - `wcomp validate` --------------------------------===//
#include "cli/common.h"

#include "binary/io.h"

#include "llvm/Support/WithColor.h"

#include <nlohmann/json.hpp>

namespace wcomp::cli {

void registerValidate(CLI::App &app, int &exitCode) {
  struct Opts {
    std::vector<std::string> files;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "validate", "Check modules and components (currently: the complete binary format)");
  cmd->add_option("FILE", opts->files, "Input .wasm files (- for stdin)")->required();
  cmd->add_flag("--json", opts->json, "Print a JSON array of results");
  cmd->callback([opts, &exitCode] {
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const std::string &file : opts->files) {
      nlohmann::ordered_json r;
      r["file"] = file;
      auto buf = binary::loadFile(file);
      if (!buf) {
        std::string msg = binary::errorText(buf.takeError());
        if (!opts->json)
          reportError("", llvm::make_error<llvm::StringError>(msg, llvm::inconvertibleErrorCode()));
        r["valid"] = false;
        r["message"] = msg;
        results.push_back(r);
        exitCode = std::max(exitCode, int(IoError));
        continue;
      }
      if (llvm::Error err = binary::checkBinary(binary::bytesOf(**buf))) {
        binary::ErrorReport rep = binary::describeError(std::move(err));
        uint64_t offset = rep.offset;
        const std::string &msg = rep.text;
        if (!opts->json)
          llvm::WithColor::error(llvm::errs()) << file << ": " << msg << "\n";
        r["valid"] = false;
        r["message"] = msg;
        if (offset != binary::WasmError::NoOffset)
          r["offset"] = offset;
        exitCode = std::max(exitCode, int(Invalid));
      } else {
        r["valid"] = true;
      }
      results.push_back(r);
    }
    if (opts->json)
      llvm::outs() << results.dump(2) << "\n";
  });
}

} // namespace wcomp::cli
