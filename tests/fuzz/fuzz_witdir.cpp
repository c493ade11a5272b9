//===- tests/fuzz/fuzz_witdir.cpp - libFuzzer target: WIT folders ---------===//
//
// The input is a WIT folder written as one text: sections that start with a
// line `=== PATH` (for example `=== main.wit`, `=== deps/b/types.wit`,
// `=== deps/c.wasm`) hold the bytes of that file. The folder is written to a
// scratch directory and read as `wcomp wit DIR` reads it (root package,
// `deps/` folders, single files and encoded packages), then printed and
// encoded. Any input is read or refused with an error: never a crash, a
// hang, unbounded recursion or runaway memory. An encoding that does not
// validate is a finding: wcomp would write a package it refuses itself.
//
//===----------------------------------------------------------------------===//
#include "validate/component_validator.h"
#include "wit/encode.h"
#include "wit/loader.h"
#include "wit/printer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace wcomp;

namespace {

/// The scratch folder of this process (removed and made anew per input).
const fs::path &scratch() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "wcomp-fuzz-witdir-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      std::abort();
    return fs::path(tmpl);
  }();
  return dir;
}

/// A path kept inside the folder: lower-case names, digits, `-`, `_`, `.`
/// and at most three components; anything else is dropped.
bool safePath(const std::string &p) {
  if (p.empty() || p.size() > 64 || p.front() == '/' || p.find("..") != std::string::npos)
    return false;
  int slashes = 0;
  for (char c : p) {
    if (c == '/')
      slashes++;
    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.'))
      return false;
  }
  return slashes <= 2 && p.back() != '/';
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const fs::path &root = scratch();
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root, ec);
  // Split into files by header lines; lines before the first header are
  // `main.wit`. At most 16 files.
  std::vector<std::pair<std::string, std::string>> parts{{"main.wit", ""}};
  llvm::StringRef rest(reinterpret_cast<const char *>(data), size);
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    if (line.starts_with("=== ")) {
      if (parts.size() == 16)
        break;
      parts.push_back({line.drop_front(4).str(), ""});
    } else {
      parts.back().second.append(line.data(), line.size()).push_back('\n');
    }
  }
  for (auto &[path, content] : parts) {
    if (!safePath(path))
      continue;
    fs::path file = root / path;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream(file, std::ios::binary).write(content.data(), std::streamsize(content.size()));
  }
  wit::Resolve r;
  wit::SourceMap sm;
  auto loaded = wit::loadWit(r, sm, root.string());
  if (!loaded) {
    llvm::consumeError(loaded.takeError());
    return 0;
  }
  (void)wit::printWit(r, loaded->root, loaded->others, {});
  auto bytes = wit::encodePackage(r, loaded->root);
  if (!bytes) {
    llvm::consumeError(bytes.takeError());
    __builtin_trap(); // a resolved package always encodes
  }
  validate::ValidateOptions vo;
  vo.features = validate::Features::all();
  auto info = validate::validateComponent(*bytes, vo);
  if (!info) {
    // The CLI refuses to write what does not validate: a finding only when
    // it is not a documented refusal — types nested more than 99 levels,
    // or a package name WIT reads but component names cannot hold (`c:D`,
    // upper case; wasm-tools refuses to encode it too).
    std::string msg = llvm::toString(info.takeError());
    if (msg.find("nesting too deep") == std::string::npos &&
        msg.find("exceeds the limit") == std::string::npos &&
        msg.find("exceeds limit") == std::string::npos &&
        msg.find("is not a valid extern name") == std::string::npos)
      __builtin_trap();
  }
  return 0;
}
