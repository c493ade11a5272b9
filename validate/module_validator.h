//===- validate/module_validator.h - Core module validation ----*- C++ -*-===//
#pragma once

#include "validate/features.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace wcomp::validate {

/// How to validate.
struct ValidateOptions {
  Features features = Features::defaults();
  /// Threads for function bodies; 0 means all cores.
  unsigned threads = 0;
  /// Use the specialised fast paths for hot instructions. Off only for
  /// differential testing: results must be identical either way.
  bool fastPaths = true;
};

/// Validates a core module (bytes start with its header, at absolute offset
/// `base`): every section, then every function body in parallel. The error
/// reported is the first in section order, and for bodies the one of the
/// lowest-numbered failing function, so output never depends on timing.
llvm::Error validateModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base, const ValidateOptions &opts);

/// Validates a module or a component. Components are checked for the binary
/// format, and every core module nested in them is validated in full.
llvm::Error validateBinary(llvm::ArrayRef<uint8_t> bytes, const ValidateOptions &opts);

} // namespace wcomp::validate
