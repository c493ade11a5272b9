//===- cli/text.cpp - `wcomp print` and `wcomp parse` ---------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "text/wat.h"

#include "llvm/Support/FileSystem.h"

namespace wcomp::cli {


void registerPrint(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
    text::PrintOptions print;
    std::optional<std::string> indentText;
    std::optional<size_t> indentWidth;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("print", "Print a module or component as WebAssembly text");
  cmd->add_option("FILE", opts->file,
                  "Input .wasm file, or WebAssembly text (default or -: standard input)");
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--skeleton", opts->print.skeleton, "Elide function bodies and data");
  cmd->add_flag("-f,--fold", opts->print.fold,
                "Print instructions in folded form: (i32.add (local.get 0) (i32.const 1))");
  cmd->add_flag("-p,--print-offsets", opts->print.printOffsets,
                "Start each line with the byte offset of what it shows, as (;@offset;)");
  cmd->add_flag("--name-unnamed", opts->print.nameUnnamed,
                "Name unnamed items $#func0, $#local1, $#label0, ... (by index space and index)");
  cmd->add_option("--indent", opts->indentWidth, "Spaces per level of indentation (default 2)")
      ->type_name("N");
  cmd->add_option("--indent-text", opts->indentText,
                  "The text of one level of indentation (overrides --indent)")
      ->type_name("TEXT");
  cmd->callback([opts, &exitCode] {
    if (opts->indentText)
      opts->print.indent = *opts->indentText;
    else if (opts->indentWidth)
      opts->print.indent = std::string(std::min<size_t>(*opts->indentWidth, 64), ' ');
    auto in = loadBinaryInput(opts->file, exitCode);
    if (!in)
      return;
    // Streamed into the output: printed text is ~20x the binary's size.
    auto out = OutputFile::open(opts->output);
    if (!out) {
      exitCode = IoError;
      return;
    }
    llvm::raw_ostream &os = out->os();
    os.SetBufferSize(1 << 20);
    if (llvm::Error e = text::printWasm(os, in->bytes(), opts->print)) {
      reportError(opts->file + ": ", std::move(e));
      exitCode = Invalid;
      return; // the temporary file is removed
    }
    exitCode = out->commit();
  });
}

void registerParse(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string file = "-", output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("parse", "Encode WebAssembly text (.wat) as a binary");
  addDepfileOption(cmd);
  cmd->add_option("FILE", opts->file, "Input .wat file (default or -: standard input)");
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
      diagnostic(text::renderTextError(opts->file, src, bytes.takeError()));
      exitCode = Invalid;
      return;
    }
    exitCode = writeOutput(
        opts->output,
        llvm::StringRef(reinterpret_cast<const char *>(bytes->data()), bytes->size()));
  });
}

} // namespace wcomp::cli
