//===- tests/fuzz/fuzz_binary.cpp - libFuzzer target: reader, dump, validator -===//
// Any input must be accepted or rejected with an error: never a crash, a
// hang or unbounded memory. Build with -DWCOMP_FUZZ=ON (clang).
#include "binary/dump.h"
#include "binary/io.h"
#include "binary/scan.h"
#include "validate/module_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace wcomp;
  llvm::ArrayRef<uint8_t> bytes(data, size);
  if (auto b = binary::readBinary(bytes)) {
    // Whatever decodes must encode and decode again to the same bytes.
    binary::Encoder once, twice;
    binary::writeBinary(once, *b);
    auto again = binary::readBinary(once.bytes);
    if (!again)
      __builtin_trap();
    binary::writeBinary(twice, *again);
    if (once.bytes != twice.bytes)
      __builtin_trap();
  } else {
    llvm::consumeError(b.takeError());
  }
  if (auto d = binary::buildDump(bytes); !d)
    llvm::consumeError(d.takeError());
  if (auto s = binary::scanOperators(bytes); !s)
    llvm::consumeError(s.takeError());
  validate::ValidateOptions opts;
  opts.features = validate::Features::all();
  opts.threads = 1;
  if (llvm::Error e = validate::validateBinary(bytes, opts))
    llvm::consumeError(std::move(e));
  return 0;
}
