//===- cli/wast.cpp - `wcomp wast` ----------------------------------------===//
#include "cli/common.h"

#include "binary/io.h"
#include "text/wast.h"

namespace wcomp::cli {

void registerWast(CLI::App &app, int &exitCode) {
  struct Opts {
    std::vector<std::string> files;
    std::vector<std::string> features;
    bool strictMessages = false, noRoundTrip = false, verbose = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand(
      "wast", "Run the validation assertions of .wast scripts (execution is skipped)");
  cmd->add_option("FILE", opts->files, "Input .wast files")->required();
  addFeaturesOption(cmd, opts->features);
  cmd->add_flag("--strict-messages", opts->strictMessages,
                "Count a wording mismatch of an expected error message as a failure");
  cmd->add_flag("--no-round-trip", opts->noRoundTrip,
                "Skip the print/parse round trip of valid modules");
  cmd->add_flag("-v,--verbose", opts->verbose, "Also list message mismatches and per-file counts");
  cmd->callback([opts, &exitCode] {
    text::WastOptions wopts;
    if (!applyFeatures(opts->features, wopts.validate.features)) {
      exitCode = Usage;
      return;
    }
    wopts.validate.threads = 1;
    wopts.strictMessages = opts->strictMessages;
    wopts.roundTrip = !opts->noRoundTrip;
    unsigned passed = 0, failed = 0, skipped = 0;
    for (const std::string &file : opts->files) {
      auto buf = binary::loadFile(file);
      if (!buf) {
        reportError("", buf.takeError());
        exitCode = IoError;
        return;
      }
      text::WastResult r = text::runWast(file, (*buf)->getBuffer(), wopts);
      for (const std::string &f : r.failures)
        llvm::errs() << "FAIL " << f << "\n";
      if (opts->verbose || session().verbose) {
        for (const std::string &m : r.messageMismatches)
          llvm::errs() << "note: " << m << "\n";
        llvm::errs() << file << ": " << r.passed << " passed, " << r.failed << " failed, "
                     << r.skipped << " skipped\n";
      }
      passed += r.passed;
      failed += r.failed;
      skipped += r.skipped;
    }
    if (!session().quiet)
      llvm::outs() << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    exitCode = failed ? Invalid : Ok;
  });
}

} // namespace wcomp::cli
