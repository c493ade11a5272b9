//===- wit/source.cpp - WIT sources and where errors point ----------------===//
#include "wit/source.h"

#include "binary/error.h"
#include "wit/parser.h"

namespace wcomp::wit {

llvm::Expected<uint32_t> SourceMap::add(std::string path, std::string text) {
  uint32_t b = next;
  if (text.size() >= UINT32_MAX - next)
    return binary::makeError(b, "WIT sources too large");
  next += uint32_t(text.size()) + 1; // one past the end: an offset at EOF stays in this file
  files.push_back({std::move(path), std::move(text), b});
  return b;
}

llvm::Expected<ast::File> SourceMap::addAndParse(std::string path, std::string text) {
  auto b = add(std::move(path), std::move(text));
  if (!b)
    return b.takeError();
  return parseFile(files.back().text, *b);
}

std::string SourceMap::render(llvm::Error err) const {
  uint64_t offset = binary::WasmError::NoOffset;
  std::string msg;
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase &e) {
    if (e.isA<binary::WasmError>()) {
      const auto &we = static_cast<const binary::WasmError &>(e);
      offset = we.offset;
      msg = we.message;
      for (auto it = we.context.rbegin(); it != we.context.rend(); ++it)
        msg = *it + ": " + msg;
    } else {
      msg = e.message();
    }
  });
  for (const File &f : files)
    if (offset != binary::WasmError::NoOffset && offset >= f.base &&
        offset <= f.base + f.text.size())
      return binary::renderTextError(f.path, f.text, offset - f.base, msg);
  return "error: " + msg + "\n";
}

} // namespace wcomp::wit
