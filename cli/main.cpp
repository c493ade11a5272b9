//===- cli/main.cpp - wcomp entry point -----------------------------------===//
#include "cli/common.h"

#include "binary/io.h"

#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <optional>

namespace {

/// A byte count with an optional binary suffix (K, M, G).
std::optional<uint64_t> parseSize(llvm::StringRef text) {
  uint64_t scale = 1;
  if (!text.empty()) {
    switch (llvm::toUpper(text.back())) {
    case 'K':
      scale = uint64_t(1) << 10;
      break;
    case 'M':
      scale = uint64_t(1) << 20;
      break;
    case 'G':
      scale = uint64_t(1) << 30;
      break;
    }
    if (scale != 1)
      text = text.drop_back();
  }
  uint64_t n;
  if (text.getAsInteger(10, n) || n == 0 || n > UINT64_MAX / scale)
    return std::nullopt;
  return n * scale;
}

} // namespace

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
  std::string maxInput;
  app.add_option("--max-input-size", maxInput,
                 "Refuse inputs larger than this many bytes (suffixes K, M, G; default 1G)");
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
  registerSemverCheck(app, exitCode);
  registerDemangle(app, exitCode);
  registerStrip(app, exitCode);
  registerMetadata(app, exitCode);
  registerObjdump(app, exitCode);
  registerUnbundle(app, exitCode);
  registerAddr2line(app, exitCode);
  registerJsonFromWast(app, exitCode);
  registerHelp(app, exitCode);
  registerCompletion(app, exitCode);
  polishHelp(app);
  if (auto rc = suggestUnknown(app, argc, argv))
    return *rc;
  // The input limit must be known before a subcommand reads anything:
  // options are parsed first, then callbacks run.
  app.parse_complete_callback([&] {
    if (maxInput.empty())
      return;
    auto bytes = parseSize(maxInput);
    if (!bytes)
      throw CLI::ValidationError("--max-input-size",
                                 "expected a byte count such as 4096, 64M or 2G");
    wcomp::binary::setInputLimit(*bytes);
  });
  // No exception reaches the C++ runtime (which would abort): running out of
  // memory and internal failures end with a message and an exit status.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (suggestOptions(app, e))
      return Usage;
    int rc = app.exit(e);
    return rc == 0 ? 0 : Usage;
  } catch (const std::bad_alloc &) {
    error("out of memory: the input needs more memory than this machine gives the process");
    return Invalid;
  } catch (const std::exception &e) {
    error(std::string("internal error (a wcomp bug, please report it): ") + e.what());
    return Invalid;
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
