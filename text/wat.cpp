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
    // As in wasm-tools, the quoted text must hold something: a module or at
    // least one field (`(module quote "")` is malformed).
    if (llvm::StringRef(src).trim().empty())
      return ts.fail(at, "in quoted module: expected at least one module field");
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


} // namespace wcomp::text
