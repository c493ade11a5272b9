//===- text/wast.h - Validation-only .wast script runner -------*- C++ -*-===//
#pragma once

#include "validate/module_validator.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace wcomp::text {

/// How to run a script.
struct WastOptions {
  validate::ValidateOptions validate;
  /// A wording mismatch in an expected error message is a failure.
  bool strictMessages = false;
  /// Check that every valid module prints and parses back to the same bytes.
  bool roundTrip = true;
};

/// The outcome of one script.
struct WastResult {
  unsigned passed = 0, failed = 0, skipped = 0;
  /// `file:line:col: message` for each failure.
  std::vector<std::string> failures;
  /// Expected-message mismatches that counted as passes (non-strict mode).
  std::vector<std::string> messageMismatches;
};

/// Runs the module definitions and assertions of a script. Execution
/// (assert_return, invoke, ...) is out of scope: those commands are skipped,
/// but the modules they carry are validated.
WastResult runWast(llvm::StringRef file, llvm::StringRef src, const WastOptions &opts);

} // namespace wcomp::text
