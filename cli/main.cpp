//===- cli/main.cpp - wcomp entry point -----------------------------------===//
#include "cli/common.h"

#include "binary/io.h"

#include <chrono>

int main(int argc, char **argv) {
  using namespace wcomp::cli;
  auto start = std::chrono::steady_clock::now();
  CLI::App app{"wcomp: a toolchain for WebAssembly components and modules\n\n"
               "Exit status: 0 success, 1 invalid input or refused operation, 2 usage error, "
               "3 I/O error."};
  app.require_subcommand(1);
  // The shared options may follow the subcommand: `wcomp validate -q x.wasm`.
  app.fallthrough();
  app.set_version_flag("--version", "wcomp 0.1.0");
  Session &s = session();
  app.add_option("--color", s.color, "Color diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", s.quiet, "Print only errors (no warnings or summaries)");
  app.add_flag("-v,--verbose", s.verbose, "Say what is read and written, and how long it takes");
  int exitCode = Ok;
  registerDump(app, exitCode);
  registerValidate(app, exitCode);
  registerPrint(app, exitCode);
  registerParse(app, exitCode);
  registerWast(app, exitCode);
  registerWit(app, exitCode);
  registerEmbed(app, exitCode);
  registerNew(app, exitCode);
  registerAdapt(app, exitCode);
  registerCompose(app, exitCode);
  registerTargets(app, exitCode);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : Usage;
  }
  if (exitCode == Ok)
    exitCode = writeDepfile();
  if (s.verbose) {
    for (const std::string &f : wcomp::binary::filesRead())
      verbose("read " + f);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    char ms[32];
    snprintf(ms, sizeof ms, "%.1f", double(us) / 1000);
    verbose(std::string("exit ") + std::to_string(exitCode) + " after " + ms + " ms");
  }
  return exitCode;
}
