//===- text/wat.cpp - Text format entry points -----------------------------===//
#include "text/wat.h"

#include "binary/error.h"
#include "text/component_parser.h"
#include "text/wat_module.h"

namespace wcomp::text {

namespace {
/// Parses `(module $id? ...)` contents after `module`: binary, quote or fields.
bool parseModuleBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText) {
  std::string id;
  uint32_t off;
  llvm::StringMap<std::string> ignored; // a module's own name has no `(@name)`
  if (!takeIdToken(ts, id, off, ignored))
    return false;
  isText = true;
  if (ts.isKeyword("binary")) {
    isText = false;
    if (!ts.advance())
      return false;
    std::string bytes;
    while (ts.is(Tok::String))
      if (!ts.takeString(bytes))
        return false;
    out.assign(bytes.begin(), bytes.end());
    return true;
  }
  if (ts.isKeyword("quote")) {
    isText = false;
    uint32_t at = ts.tok().offset;
    if (!ts.advance())
      return false;
    std::string src;
    while (ts.is(Tok::String)) {
      src += ' ';
      if (!ts.takeString(src))
        return false;
    }
    auto r = parseWat(src);
    if (!r) {
      binary::ErrorReport rep = binary::describeError(r.takeError());
      return ts.fail(at, "in quoted module: " + rep.text);
    }
    out = std::move(*r);
    return true;
  }
  ModuleParser p(ts, id);
  return p.parse(out);
}
} // namespace

bool parseModuleForm(TokenStream &ts, std::vector<uint8_t> &out, bool &isComponent,
                     bool &isText) {
  if (!ts.expectLParen())
    return false;
  isComponent = false;
  if (ts.takeKeyword("module")) {
    if (ts.isKeyword("definition") && !ts.advance())
      return false;
    if (!parseModuleBody(ts, out, isText))
      return false;
  } else if (ts.takeKeyword("component")) {
    isComponent = true;
    if (ts.isKeyword("definition") && !ts.advance())
      return false;
    if (!parseComponentBody(ts, out, isText))
      return false;
  } else {
    return ts.failed() ? false : ts.unexpected("`module` or `component`");
  }
  return ts.expectRParen();
}

llvm::Expected<std::vector<uint8_t>> parseWat(llvm::StringRef src) {
  if (src.size() >= UINT32_MAX)
    return binary::makeError(0, "input too large");
  TokenStream ts(src);
  std::vector<uint8_t> out;
  bool ok;
  if (ts.atParenKeyword("module") || ts.atParenKeyword("component")) {
    bool isComponent, isText;
    ok = parseModuleForm(ts, out, isComponent, isText);
    if (ok && !ts.is(Tok::Eof))
      ok = ts.unexpected("end of input");
  } else {
    // Bare module fields.
    ModuleParser p(ts, "");
    ok = !ts.failed() && p.parse(out);
    if (ok && !ts.is(Tok::Eof))
      ok = ts.unexpected("a module field");
  }
  if (!ok)
    return ts.takeError();
  return out;
}

std::string renderTextError(llvm::StringRef file, llvm::StringRef src, uint64_t offset,
                            llvm::StringRef message) {
  if (offset > src.size())
    offset = src.size();
  size_t lineStart = src.rfind('\n', offset == 0 ? 0 : offset - 1);
  lineStart = (lineStart == llvm::StringRef::npos || offset == 0) ? 0 : lineStart + 1;
  if (offset > 0 && src[offset - 1] == '\n')
    lineStart = offset;
  size_t line = 1 + src.take_front(lineStart).count('\n');
  size_t lineEnd = src.find('\n', lineStart);
  if (lineEnd == llvm::StringRef::npos)
    lineEnd = src.size();
  llvm::StringRef text = src.slice(lineStart, lineEnd);
  size_t col = offset - lineStart + 1;
  std::string out;
  llvm::raw_string_ostream os(out);
  os << file << ":" << line << ":" << col << ": error: " << message << "\n";
  std::string num = std::to_string(line);
  os << "  " << num << " | " << text << "\n";
  os << "  " << std::string(num.size(), ' ') << " | ";
  for (size_t i = 0; i + 1 < col && i < text.size(); ++i)
    os << (text[i] == '\t' ? '\t' : ' ');
  os << "^\n";
  return out;
}

std::string renderTextError(llvm::StringRef file, llvm::StringRef src, llvm::Error err) {
  std::string msg;
  uint64_t offset = 0;
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase &e) {
    if (e.isA<binary::WasmError>()) {
      const auto &we = static_cast<const binary::WasmError &>(e);
      offset = we.offset == binary::WasmError::NoOffset ? 0 : we.offset;
      msg = we.message;
      for (auto it = we.context.rbegin(); it != we.context.rend(); ++it)
        msg = *it + ": " + msg;
    } else {
      msg = e.message();
    }
  });
  return renderTextError(file, src, offset, msg);
}

} // namespace wcomp::text
