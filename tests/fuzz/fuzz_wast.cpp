//===- tests/fuzz/fuzz_wast.cpp - libFuzzer target: .wast scripts ---------===//
// Any script must run (wcomp wast) and convert (json-from-wast) or fail with
// an error at an offset inside it: never a crash, a hang or unbounded
// memory. A conversion that succeeds produces JSON that parses. Build with
// -DWCOMP_FUZZ=ON (clang).
#include "binary/error.h"
#include "text/wast.h"
#include "text/wast_json.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace wcomp;
  llvm::StringRef src(reinterpret_cast<const char *>(data), size);
  text::WastOptions wopts;
  wopts.validate.threads = 1;
  (void)text::runWast("fuzz.wast", src, wopts);
  text::WastJsonOptions jopts;
  jopts.sourceName = "fuzz.wast";
  jopts.stem = "fuzz";
  auto converted = text::wastToJson(src, jopts);
  if (!converted) {
    binary::ErrorReport rep = binary::describeError(converted.takeError());
    if (rep.offset != binary::WasmError::NoOffset && rep.offset > size)
      __builtin_trap();
    return 0;
  }
  if (!nlohmann::json::accept(converted->json))
    __builtin_trap();
  return 0;
}
