//===- text/print.cpp - Printing binaries as text --------------------------===//
#include "text/print_component.h"
#include "text/print_module.h"

#include "binary/error.h"

namespace wcomp::text {

llvm::Error printWasm(llvm::raw_ostream &os, llvm::ArrayRef<uint8_t> bytes,
                      const PrintOptions &opts) {
  if (bytes.size() >= 8 && bytes[4] == 0x0d && bytes[6] == 0x01)
    return printComponent(os, bytes, 0, opts);
  return printModule(os, bytes, 0, opts, 0, "(module");
}

} // namespace wcomp::text
