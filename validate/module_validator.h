//===- validate/module_validator.h - Core module validation ----*- C++ -*-===//
#pragma once

#include "binary/module.h"
#include "binary/types.h"
#include "validate/features.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <functional>

namespace wcomp::validate {

/// How to validate.
struct ValidateOptions {
  Features features = Features::defaults();
  /// Threads for function bodies; 0 means all cores.
  unsigned threads = 0;
  /// Use the specialised fast paths for hot instructions. Off only for
  /// differential testing: results must be identical either way.
  bool fastPaths = true;
  /// Called after each instruction of each function body with the operand
  /// stack of the innermost block (`print --print-operand-stack`): the
  /// module's offset, the defined function's index, the instruction's, and
  /// the stack; an instruction that fails validation is reported with
  /// `failed` set and ends that function's reports. With an observer,
  /// bodies are validated in order on one thread and fast paths are off,
  /// and every function is checked even after one fails.
  std::function<void(uint64_t moduleBase, uint32_t defIndex, size_t opIndex,
                     llvm::ArrayRef<binary::ValType> stack, bool failed)>
      observer;
};

/// Validates a core module (bytes start with its header, at absolute offset
/// `base`): every section, then every function body in parallel. The error
/// reported is the first in section order, and for bodies the one of the
/// lowest-numbered failing function, so output never depends on timing.
llvm::Error validateModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base, const ValidateOptions &opts);
/// Validates a module already read at absolute offset `base` (bodies decoded
/// or not): what validateComponent does with the nested modules the
/// component reader has read, so that no module is read twice.
llvm::Error validateModule(const binary::Module &m, uint64_t base, const ValidateOptions &opts);

/// Validates a module or a component. Components are checked for the binary
/// format, and every core module nested in them is validated in full.
llvm::Error validateBinary(llvm::ArrayRef<uint8_t> bytes, const ValidateOptions &opts);

} // namespace wcomp::validate
