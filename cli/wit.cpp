//===- cli/wit.cpp - `wcomp wit` ------------------------------------------===//
#include "cli/common.h"

#include "wit/loader.h"
#include "wit/printer.h"

namespace wcomp::cli {

void registerWit(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string path, output;
    bool noDocs = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "wit", "Check and print WIT: a .wit file, or a folder of .wit files with deps/");
  cmd->add_option("PATH", opts->path, "A .wit file or a WIT folder")->required();
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--no-docs", opts->noDocs, "Leave doc comments out");
  cmd->callback([opts, &exitCode] {
    wit::Resolve r;
    wit::SourceMap sm;
    auto loaded = wit::loadWit(r, sm, opts->path);
    if (!loaded) {
      llvm::errs() << sm.render(loaded.takeError());
      exitCode = Invalid;
      return;
    }
    wit::PrintOptions p;
    p.docs = !opts->noDocs;
    exitCode = writeOutput(opts->output, wit::printWit(r, loaded->root, loaded->others, p));
  });
}

} // namespace wcomp::cli
