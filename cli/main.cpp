//===- cli/main.cpp - wcomp entry point -----------------------------------===//
#include "cli/common.h"

int main(int argc, char **argv) {
  CLI::App app{"wcomp: a toolchain for WebAssembly components and modules"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wcomp 0.1.0");
  int exitCode = wcomp::cli::Ok;
  wcomp::cli::registerDump(app, exitCode);
  wcomp::cli::registerValidate(app, exitCode);
  wcomp::cli::registerPrint(app, exitCode);
  wcomp::cli::registerParse(app, exitCode);
  wcomp::cli::registerWast(app, exitCode);
  wcomp::cli::registerWit(app, exitCode);
  wcomp::cli::registerEmbed(app, exitCode);
  wcomp::cli::registerNew(app, exitCode);
  wcomp::cli::registerAdapt(app, exitCode);
  wcomp::cli::registerCompose(app, exitCode);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : wcomp::cli::Usage;
  }
  return exitCode;
}
