//===- tests/fuzz/fuzz_wac.cpp - libFuzzer target: WAC documents ----------===//
//
// The input is a WAC document. Its packages come from the WAC fixtures'
// dependency folder (WCOMP_FIXTURES_DIR/compose/wac/deps: components as
// WebAssembly text, a WIT folder). A document is read, resolved and encoded,
// or refused with an error: never a crash, hang or runaway memory. What
// encodes must validate: an invalid composition is a finding.
//
//===----------------------------------------------------------------------===//
#include "binary/io.h"
#include "compose/graph.h"
#include "compose/wac.h"
#include "text/wat.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

using namespace wcomp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string deps = [] {
    const char *dir = std::getenv("WCOMP_FIXTURES_DIR");
    return std::string(dir ? dir : "fixtures") + "/compose/wac/deps";
  }();
  // Parsed once per file for the whole run: the packages do not change.
  static std::map<std::string, std::vector<uint8_t>> cache;
  auto load = [&](const std::string &path) -> llvm::Expected<compose::InputFile> {
    auto it = cache.find(path);
    if (it == cache.end()) {
      auto buf = binary::loadFile(path);
      if (!buf)
        return buf.takeError();
      auto bytes = text::parseWat((*buf)->getBuffer());
      if (!bytes)
        return bytes.takeError();
      it = cache.emplace(path, std::move(*bytes)).first;
    }
    return compose::InputFile{path, it->second};
  };
  compose::Graph g;
  compose::WacSession session;
  compose::WacOptions opts;
  opts.depsDir = deps;
  std::string text(reinterpret_cast<const char *>(data), size);
  llvm::Error err = compose::fromWac(g, session, "fuzz.wac", text, opts, load);
  if (!err)
    err = compose::resolve(g);
  if (err) {
    (void)session.render(std::move(err));
    (void)compose::renderResolveErrors(g, session);
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
  llvm::consumeError(compose::checkWacTargets(session, bytes, "fuzz.wasm"));
  return 0;
}
