//===- binary/scan.h - Decode every operator without building a model -*- C++ -*-===//
#pragma once

#include "binary/parser.h"

namespace wcomp::binary {

/// What a scan saw.
struct ScanStats {
  uint64_t sections = 0;
  uint64_t functions = 0;
  uint64_t operators = 0;
};

/// Walks a module or component (nested ones included), decoding every function
/// body's locals and operators into a reused scratch operator: the reading
/// cost alone, with no model built. Errors carry offsets like every reader.
llvm::Expected<ScanStats> scanOperators(llvm::ArrayRef<uint8_t> bytes);

} // namespace wcomp::binary
