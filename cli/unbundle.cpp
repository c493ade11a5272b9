//===- cli/unbundle.cpp - `wcomp unbundle` --------------------------------===//
//
// wasm-tools' `component unbundle`: core modules larger than `--threshold`
// go to `--module-dir` as unbundled-moduleN.wasm and the component imports
// them. The input is validated first and the output before it is written,
// so a component that no longer validates is never left behind.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/error.h"
#include "compose/unbundle.h"
#include "validate/module_validator.h"

#include "llvm/Support/Path.h"

namespace wcomp::cli {

void registerUnbundle(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output, moduleDir;
    uint64_t threshold = 10240;
    bool wat = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "unbundle", "Take large core modules out of a component, which then imports them "
                  "(wasm-tools component unbundle)");
  cmd->add_option("FILE", opts->file, "Input component (.wasm or text; - for stdin)");
  cmd->add_option("-o,--output", opts->output, "Output component (default: stdout)");
  cmd->add_option("--module-dir", opts->moduleDir,
                  "Where the modules go, as unbundled-module0.wasm, unbundled-module1.wasm, ... "
                  "(created if missing); the component imports `unbundled-moduleN`")
      ->type_name("DIR")
      ->required();
  cmd->add_option("--threshold", opts->threshold,
                  "Take out modules larger than this many bytes (default 10240)")
      ->type_name("SIZE");
  cmd->add_flag("-t,--wat", opts->wat, "Print the result as WebAssembly text");
  cmd->callback([opts, &exitCode] {
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    validate::ValidateOptions vopts;
    vopts.features = validate::Features::all();
    if (llvm::Error err = validate::validateBinary(in->bytes(), vopts)) {
      reportError(opts->file + ": ", std::move(err));
      exitCode = Invalid;
      return;
    }
    auto out = compose::unbundle(in->bytes(), opts->threshold);
    if (!out) {
      reportError(opts->file + ": ", out.takeError());
      exitCode = Invalid;
      return;
    }
    if (llvm::Error err = validate::validateBinary(out->component, vopts)) {
      reportError("internal error: the unbundled component does not validate: ", std::move(err));
      exitCode = Invalid;
      return;
    }
    // The modules first: a component whose imports are missing is worse
    // than modules nothing imports yet.
    if (!out->modules.empty()) {
      if (std::error_code ec = llvm::sys::fs::create_directories(opts->moduleDir)) {
        error("cannot create `" + opts->moduleDir + "`: " + ec.message());
        exitCode = IoError;
        return;
      }
    }
    for (size_t k = 0; k < out->modules.size(); ++k) {
      llvm::SmallString<256> path(opts->moduleDir);
      llvm::sys::path::append(path, "unbundled-module" + std::to_string(k) + ".wasm");
      auto file = OutputFile::open(std::string(path));
      if (!file) {
        exitCode = IoError;
        return;
      }
      file->os().write(reinterpret_cast<const char *>(out->modules[k].data()),
                       out->modules[k].size());
      if (int rc = file->commit()) {
        exitCode = rc;
        return;
      }
      verbose("wrote " + std::string(path));
    }
    exitCode = writeWasm(opts->output, out->component, opts->wat, opts->file);
  });
}

} // namespace wcomp::cli
