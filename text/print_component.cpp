//===- text/print_component.cpp - Component printer ------------------------===//
#include "text/print_component.h"

#include "binary/error.h"

namespace wcomp::text {

llvm::Error printComponent(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                           const PrintOptions &opts, unsigned indent) {
  return binary::makeError(base, "printing components is not implemented yet");
}

} // namespace wcomp::text
