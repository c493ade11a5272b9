//===- cli/text.cpp - `wcomp print` and `wcomp parse` ---------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "text/wat.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

#include <optional>

namespace wcomp::cli {


void registerPrint(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file, output;
    text::PrintOptions print;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("print", "Print a module or component as WebAssembly text");
  cmd->add_option("FILE", opts->file, "Input .wasm file (- for stdin)")->required();
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--skeleton", opts->print.skeleton, "Elide function bodies and data");
  cmd->add_flag("-f,--fold", opts->print.fold,
                "Print instructions in folded form: (i32.add (local.get 0) (i32.const 1))");
  cmd->add_flag("-p,--print-offsets", opts->print.printOffsets,
                "Start each line with the byte offset of what it shows, as (;@offset;)");
  cmd->callback([opts, &exitCode] {
    auto buf = binary::loadFile(opts->file);
    if (!buf) {
      reportError("", buf.takeError());
      exitCode = IoError;
      return;
    }
    // Stream into the output: printed text is ~20x the binary's size.
    bool toStdout = opts->output.empty() || opts->output == "-";
    std::error_code ec;
    std::optional<llvm::ToolOutputFile> out;
    if (!toStdout) {
      out.emplace(opts->output, ec, llvm::sys::fs::OF_None);
      if (ec) {
        llvm::errs() << "error: " << opts->output << ": " << ec.message() << "\n";
        exitCode = IoError;
        return;
      }
    }
    llvm::raw_ostream &os = toStdout ? llvm::outs() : out->os();
    os.SetBufferSize(1 << 20);
    if (llvm::Error e = text::printWasm(os, binary::bytesOf(**buf), opts->print)) {
      reportError(opts->file + ": ", std::move(e));
      exitCode = Invalid;
      return; // ToolOutputFile removes the partial file
    }
    os.flush();
    if (out) {
      if (out->os().has_error()) {
        out->os().clear_error();
        llvm::errs() << "error: " << opts->output << ": write failed\n";
        exitCode = IoError;
        return;
      }
      out->keep();
    }
    exitCode = Ok;
  });
}

void registerParse(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file, output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("parse", "Encode WebAssembly text (.wat) as a binary");
  cmd->add_option("FILE", opts->file, "Input .wat file (- for stdin)")->required();
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->callback([opts, &exitCode] {
    auto buf = binary::loadFile(opts->file);
    if (!buf) {
      reportError("", buf.takeError());
      exitCode = IoError;
      return;
    }
    llvm::StringRef src = (*buf)->getBuffer();
    auto bytes = text::parseWat(src);
    if (!bytes) {
      llvm::errs() << text::renderTextError(opts->file, src, bytes.takeError());
      exitCode = Invalid;
      return;
    }
    exitCode = writeOutput(
        opts->output,
        llvm::StringRef(reinterpret_cast<const char *>(bytes->data()), bytes->size()));
  });
}

} // namespace wcomp::cli
