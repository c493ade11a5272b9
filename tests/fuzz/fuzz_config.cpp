//===- tests/fuzz/fuzz_config.cpp - libFuzzer target: compose configurations -===//
//
// The input is a `wcomp compose --config` file. Its paths name two small
// components held in memory (`root.wasm` imports what `leaf.wasm` exports,
// any folder), anything else is a missing file. A configuration is read,
// resolved and encoded, or refused with an error: never a crash, hang or
// runaway memory. What encodes must validate: an invalid composition is a
// finding (the CLI would call it "a wcomp bug").
//
//===----------------------------------------------------------------------===//
#include "compose/config.h"
#include "compose/graph.h"
#include "text/wat.h"

#include "llvm/Support/Path.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace wcomp;

namespace {

const char *RootWat = R"((component
  (import "test:chain/leaf@0.1.0" (instance $i (export "f" (func (param "x" u32) (result u32)))))
  (import "test:host/log" (instance $l (export "log" (func (param "m" string)))))
  (export "test:app/f@0.1.0" (instance $i))
))";
const char *LeafWat = R"((component
  (import "test:host/f@0.1.0" (instance $i (export "f" (func (param "x" u32) (result u32)))))
  (export "test:chain/leaf@0.1.0" (instance $i))
  (export "test:host/log" (instance 0))
))";

std::vector<uint8_t> parseOrDie(const char *wat) {
  auto b = text::parseWat(wat);
  if (!b) {
    llvm::consumeError(b.takeError());
    std::abort(); // the fixture itself is broken
  }
  return std::move(*b);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<uint8_t> root = parseOrDie(RootWat), leaf = parseOrDie(LeafWat);
  auto load = [&](const std::string &path) -> llvm::Expected<compose::InputFile> {
    if (path == "app.json")
      return compose::InputFile{path, {data, size}};
    llvm::StringRef file = llvm::sys::path::filename(path);
    if (file == "root.wasm")
      return compose::InputFile{path, root};
    if (file == "leaf.wasm")
      return compose::InputFile{path, leaf};
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "no file `" + path + "`");
  };
  compose::Graph g;
  llvm::Error err = compose::fromConfig(g, "app.json", load);
  if (!err)
    err = compose::resolve(g);
  if (err) {
    llvm::consumeError(std::move(err));
    return 0;
  }
  (void)compose::explain(g);
  auto enc = compose::encode(g);
  if (!enc) {
    llvm::consumeError(enc.takeError());
    return 0;
  }
  std::vector<uint8_t> bytes = enc->bytes();
  if (llvm::Error bad = compose::checkComposed(bytes)) {
    llvm::consumeError(std::move(bad));
    __builtin_trap(); // a composition that does not validate was encoded
  }
  return 0;
}
