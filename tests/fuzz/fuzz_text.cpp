//===- tests/fuzz/fuzz_text.cpp - libFuzzer target: WAT parser and printer -===//
// Any text must parse or fail with an error: never a crash, a hang or
// unbounded memory. What parses and validates must print and parse back to
// the same bytes, in flat and folded form. Build with -DWCOMP_FUZZ=ON (clang).
#include "text/wat.h"
#include "validate/module_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace wcomp;
  llvm::StringRef src(reinterpret_cast<const char *>(data), size);
  auto bytes = text::parseWat(src);
  if (!bytes) {
    llvm::consumeError(bytes.takeError());
    return 0;
  }
  validate::ValidateOptions opts;
  opts.features = validate::Features::all();
  opts.threads = 1;
  if (llvm::Error e = validate::validateBinary(*bytes, opts)) {
    llvm::consumeError(std::move(e));
    return 0;
  }
  std::string printed;
  llvm::raw_string_ostream os(printed);
  if (llvm::Error e = text::printWasm(os, *bytes))
    __builtin_trap();
  os.flush();
  auto again = text::parseWat(printed);
  if (!again)
    __builtin_trap();
  if (*again != *bytes)
    __builtin_trap();
  // The folded form and offset comments flatten back to the same bytes.
  text::PrintOptions folded;
  folded.fold = true;
  folded.printOffsets = true;
  std::string printedFolded;
  llvm::raw_string_ostream fos(printedFolded);
  if (llvm::Error e = text::printWasm(fos, *bytes, folded))
    __builtin_trap();
  fos.flush();
  auto fromFolded = text::parseWat(printedFolded);
  if (!fromFolded || *fromFolded != *bytes)
    __builtin_trap();
  return 0;
}
