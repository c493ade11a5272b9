//===- tests/fuzz/fuzz_wit.cpp - libFuzzer target: the WIT parser ----------===//
// Any input is parsed or refused with an error: never a crash, a hang or
// unbounded recursion. Build with -DWCOMP_FUZZ=ON (clang).
#include "wit/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef src(reinterpret_cast<const char *>(data), size);
  if (auto f = wcomp::wit::parseFile(src); !f)
    llvm::consumeError(f.takeError());
  return 0;
}
