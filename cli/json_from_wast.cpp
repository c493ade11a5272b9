//===- cli/json_from_wast.cpp - `wcomp json-from-wast` --------------------===//
//
// A .wast script as JSON plus module files (wasm-tools json-from-wast, after
// WABT's wast2json): the conversion is text/wast_json; this writes the files
// and the JSON.
//
//===----------------------------------------------------------------------===//
#include "cli/common.h"

#include "binary/error.h"
#include "binary/io.h"
#include "text/wast_json.h"

#include "llvm/Support/Path.h"

namespace wcomp::cli {

void registerJsonFromWast(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file, output, wasmDir;
    bool pretty = false;
    std::string allowConfusingUnicode = "true";
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "json-from-wast", "Convert a .wast script into JSON commands and the module files they "
                        "name (wasm-tools json-from-wast, WABT's wast2json layout)");
  cmd->add_option("FILE", opts->file, "Input .wast script")->required();
  cmd->add_option("-o,--output", opts->output,
                  "Write the JSON here (default: stdout); its stem names the module files");
  cmd->add_option("--wasm-dir", opts->wasmDir,
                  "Where the module files go, as STEM.N.wasm and STEM.N.wat (default: the "
                  "current folder)")
      ->type_name("DIR");
  cmd->add_flag("--pretty", opts->pretty, "Indent the JSON");
  cmd->add_option("--allow-confusing-unicode", opts->allowConfusingUnicode,
                  "Accept bidirectional-text controls in comments and strings (default true)")
      ->type_name("true|false")
      ->check(CLI::IsMember({"true", "false"}));
  cmd->callback([opts, &exitCode] {
    auto buf = binary::loadFile(opts->file);
    if (!buf) {
      reportError("failed to read input wast file: " + opts->file + ": ", buf.takeError());
      exitCode = IoError;
      return;
    }
    text::WastJsonOptions wopts;
    wopts.sourceName = opts->file;
    // As wasm-tools: the files take the stem of the JSON output when there
    // is one, so several scripts can share a folder.
    llvm::StringRef stemOf = opts->output.empty() || opts->output == "-" ? opts->file : opts->output;
    wopts.stem = llvm::sys::path::stem(stemOf).str();
    wopts.pretty = opts->pretty;
    wopts.allowConfusingUnicode = opts->allowConfusingUnicode == "true";
    llvm::StringRef src = (*buf)->getBuffer();
    auto converted = text::wastToJson(src, wopts);
    if (!converted) {
      diagnostic(binary::renderTextError(opts->file, src, converted.takeError()));
      exitCode = Invalid;
      return;
    }
    for (const text::WastJsonFile &f : converted->files) {
      llvm::SmallString<256> path(opts->wasmDir);
      llvm::sys::path::append(path, f.name);
      auto out = OutputFile::open(std::string(path));
      if (!out) {
        exitCode = IoError;
        return;
      }
      out->os().write(reinterpret_cast<const char *>(f.bytes.data()), f.bytes.size());
      if (int rc = out->commit()) {
        exitCode = rc;
        return;
      }
    }
    exitCode = writeOutput(opts->output, converted->json);
  });
}

} // namespace wcomp::cli
