//===- cli/wit.cpp - `wcomp wit` ------------------------------------------===//
#include "cli/common.h"

#include "wit/json.h"
#include "wit/loader.h"
#include "wit/printer.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace wcomp::cli {

void registerWit(CLI::App &app, int &exitCode) {
  struct Opts {
    std::string path, output, outDir;
    bool noDocs = false, json = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "wit", "Check and print WIT: a .wit file, or a folder of .wit files with deps/");
  cmd->add_option("PATH", opts->path, "A .wit file or a WIT folder")->required();
  cmd->add_option("-o,--output", opts->output, "Output file (default: stdout)");
  cmd->add_flag("--no-docs", opts->noDocs, "Leave doc comments out");
  cmd->add_flag("--json", opts->json, "Print the resolved packages as JSON");
  cmd->add_option("--out-dir", opts->outDir,
                  "Write the package to DIR/<name>.wit and each other package to DIR/deps/");
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
    if (opts->json) {
      exitCode = writeOutput(opts->output, wit::toJson(r).dump(2) + "\n");
      return;
    }
    if (opts->outDir.empty()) {
      exitCode = writeOutput(opts->output, wit::printWit(r, loaded->root, loaded->others, p));
      return;
    }
    // A folder that `wcomp wit DIR` reads back: the package, and deps/.
    auto file = [&](wit::PackageId id) {
      const wit::Package &pk = r[id];
      return pk.ns + "-" + pk.name + (pk.version.empty() ? "" : "@" + pk.version) + ".wit";
    };
    llvm::SmallString<256> deps(opts->outDir);
    llvm::sys::path::append(deps, "deps");
    if (std::error_code ec = llvm::sys::fs::create_directories(
            loaded->others.empty() ? llvm::StringRef(opts->outDir) : llvm::StringRef(deps))) {
      llvm::errs() << "error: " << opts->outDir << ": " << ec.message() << "\n";
      exitCode = IoError;
      return;
    }
    llvm::SmallString<256> main(opts->outDir);
    llvm::sys::path::append(main, file(loaded->root));
    exitCode = writeOutput(std::string(main), wit::printWit(r, loaded->root, {}, p));
    for (wit::PackageId d : loaded->others) {
      if (exitCode != Ok)
        return;
      llvm::SmallString<256> dep(deps);
      llvm::sys::path::append(dep, file(d));
      exitCode = writeOutput(std::string(dep), wit::printWit(r, d, {}, p));
    }
  });
}

} // namespace wcomp::cli
