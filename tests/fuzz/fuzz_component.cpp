//===- tests/fuzz/fuzz_component.cpp - libFuzzer target: mutated components -===//
//
// Byte-level fuzzing rarely gets a component past its section framing, so
// this target mutates real components in place: the input picks a seed
// component and a list of (offset, byte) patches. Patches keep every length
// where it was, so the mutated component still decodes far enough to reach
// the type checker with wrong indices, kinds, names and type codes. It must
// be accepted or rejected with an error: never a crash, hang or runaway
// memory; what validates is also decoded to WIT and printed.
//
// Seeds come from the fixtures (WCOMP_FIXTURES_DIR, set by the test): the
// component binaries and every top-level `(component ...)` of the text
// fixtures and scripts.
//
//===----------------------------------------------------------------------===//
#include "text/wat.h"
#include "validate/component_validator.h"
#include "wit/decode.h"
#include "wit/printer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace wcomp;

namespace {

std::vector<std::vector<uint8_t>> seeds;

std::string readAll(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The top-level `(component ...)` forms of a text file (those inside
/// assertions are skipped: they are mostly invalid).
std::vector<std::string> topLevelComponents(const std::string &src) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = std::string::npos;
  for (size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c == ';' && i + 1 < src.size() && src[i + 1] == ';') {
      while (i < src.size() && src[i] != '\n')
        ++i;
    } else if (c == '"') {
      for (++i; i < src.size() && src[i] != '"'; ++i)
        if (src[i] == '\\')
          ++i;
    } else if (c == '(') {
      if (depth == 0 && src.compare(i, 10, "(component") == 0)
        start = i;
      ++depth;
    } else if (c == ')' && depth > 0) {
      if (--depth == 0 && start != std::string::npos) {
        out.push_back(src.substr(start, i + 1 - start));
        start = std::string::npos;
      }
    }
  }
  return out;
}

void loadSeeds() {
  const char *dir = std::getenv("WCOMP_FIXTURES_DIR");
  if (!dir)
    return;
  std::vector<fs::path> files;
  for (auto &e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      files.push_back(e.path());
  std::sort(files.begin(), files.end()); // the seed numbering is stable
  for (const fs::path &p : files) {
    std::string ext = p.extension().string();
    std::string data = readAll(p);
    if (ext == ".wasm" && data.size() > 8 && data[4] == 0x0d) {
      seeds.emplace_back(data.begin(), data.end());
    } else if (ext == ".wat" || ext == ".wast") {
      for (const std::string &c : topLevelComponents(data)) {
        if (c.find("definition") != std::string::npos || c.find("quote") != std::string::npos ||
            c.find("binary") != std::string::npos)
          continue;
        if (auto bytes = text::parseWat(c))
          seeds.push_back(std::move(*bytes));
        else
          llvm::consumeError(bytes.takeError());
      }
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  loadSeeds();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (seeds.empty() || size < 2)
    return 0;
  std::vector<uint8_t> bytes = seeds[(data[0] | data[1] << 8) % seeds.size()];
  // Patches: 3 bytes each, a 16-bit offset past the header and a value.
  for (size_t i = 2; i + 3 <= size && bytes.size() > 8; i += 3) {
    size_t at = 8 + (data[i] | data[i + 1] << 8) % (bytes.size() - 8);
    bytes[at] = data[i + 2];
  }
  validate::ValidateOptions opts;
  opts.features = validate::Features::all();
  opts.threads = 1;
  if (auto info = validate::validateComponent(bytes, opts)) {
    // What validates can be listed (every type displays) and has a WIT.
    for (auto &[name, e] : info->imports())
      (void)info->display(e);
    for (auto &[name, e] : info->exports())
      (void)info->display(e);
    wit::Resolve r;
    if (auto loaded = wit::decodeComponent(r, *info, bytes))
      (void)wit::printWit(r, loaded->root, loaded->others);
    else
      llvm::consumeError(loaded.takeError());
  } else {
    llvm::consumeError(info.takeError());
  }
  return 0;
}
