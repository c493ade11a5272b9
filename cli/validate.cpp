//===- cli/validate.cpp - `wcomp validate` --------------------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "validate/custom_sections.h"
#include "validate/module_validator.h"

#include "llvm/Support/Parallel.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"

#include <nlohmann/json.hpp>

namespace wcomp::cli {

void registerValidate(CLI::App &app, int &exitCode) {
  struct Opts {
    std::vector<std::string> files;
    bool json = false, custom = false;
    std::vector<std::string> features;
    unsigned threads = 0;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "validate", "Validate core modules and components (structure, types, names, nested modules)");
  cmd->add_option("FILE", opts->files,
                  "Input .wasm files, or WebAssembly text (default or -: standard input)");
  cmd->add_flag("--json", opts->json, "Print a JSON array of results");
  cmd->add_flag("--validate-custom", opts->custom,
                "Also check the custom sections whose contents are specified (name, "
                "metadata.code.branch_hint), as wasm-tools' flag does");
  addFeaturesOption(cmd, opts->features);
  cmd->add_option("-j,--jobs", opts->threads, "Threads for function bodies (default: all cores)");
  cmd->callback([opts, &exitCode] {
    if (opts->files.empty())
      opts->files.push_back("-"); // as wasm-tools: standard input
    validate::ValidateOptions vopts;
    if (!applyFeatures(opts->features, vopts.features)) {
      exitCode = Usage;
      return;
    }
    vopts.threads = opts->threads;
    if (opts->threads)
      llvm::parallel::strategy = llvm::hardware_concurrency(opts->threads);
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const std::string &file : opts->files) {
      nlohmann::ordered_json r;
      r["file"] = file;
      std::string msg;
      auto in = loadBinaryInput(file, exitCode, &msg, !opts->json);
      if (!in) {
        r["valid"] = false;
        r["message"] = msg;
        results.push_back(r);
        continue;
      }
      llvm::Error err = validate::validateBinary(in->bytes(), vopts);
      if (!err && opts->custom)
        err = validate::checkCustomSections(in->bytes());
      if (err) {
        binary::ErrorReport rep = binary::describeError(std::move(err));
        uint64_t offset = rep.offset;
        const std::string &msg = rep.text;
        if (!opts->json)
          error(file + ": " + msg);
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
      llvm::outs() << jsonText(results) << "\n";
  });
}

} // namespace wcomp::cli
