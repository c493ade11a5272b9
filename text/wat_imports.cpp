//===- text/wat_imports.cpp - Core module text parser: compact imports ----===//
// The two compact forms of the import field (compact-imports): a group of
// `(item "name" <type>)` under one module name, or `(item "name")`s sharing
// one type that binds no identifier. Pass 1 numbers the items, pass 2 reads
// them; both leave a plain `(import "m" "n" ...)` to the usual paths.
#include "text/wat_module.h"

namespace wcomp::text {

using namespace binary;

bool ModuleParser::scanCompactImport(uint32_t at) {
  // `(import "m" (item "a" (func $f ...)) ...)`: each item binds its own id;
  // `(import "m" (item "a") (item "b") (func ...))`: one kind, no ids.
  if (!checkImportOrder(at))
    return false;
  std::vector<PendingItem> items;
  std::vector<Space> spaces;
  bool typed = false;
  while (ts.atParenKeyword("item")) {
    std::string name;
    if (!ts.advance() || !ts.advance() || !ts.takeString(name))
      return false;
    if (ts.is(Tok::LParen)) {
      typed = true;
      if (!ts.advance())
        return false;
      Space s;
      if (!ts.is(Tok::Keyword) || !kindSpace(ts.text(), s))
        return ts.unexpected("an import kind");
      if (!ts.advance())
        return false;
      PendingItem item{"", at, true};
      if (!takeId(item.name, item.offset) || !ts.skipGroup())
        return false;
      items.push_back(std::move(item));
      spaces.push_back(s);
    } else {
      items.push_back({"", at, true});
      spaces.push_back(NumSpaces);
    }
    if (!ts.expectRParen())
      return false;
  }
  if (!typed && ts.is(Tok::LParen)) {
    if (!ts.advance())
      return false;
    Space s;
    if (!ts.is(Tok::Keyword) || !kindSpace(ts.text(), s))
      return ts.unexpected("an import kind");
    for (Space &x : spaces)
      x = s;
    if (!ts.skipGroup())
      return false;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (spaces[i] == NumSpaces)
      return ts.fail(at, "expected the type of the compact import items");
    pending[spaces[i]].push_back(std::move(items[i]));
  }
  return ts.expectRParen();
}

bool ModuleParser::parseCompactImport(const std::string &mod) {
  auto spaceOf = [](llvm::StringRef kw) {
    Space s = STags;
    kindSpace(kw, s);
    return s;
  };
  std::vector<Import> items;
  bool typed = false;
  while (ts.atParenKeyword("item")) {
    std::string name;
    if (!ts.advance() || !ts.advance() || !ts.takeString(name))
      return false;
    Import imp;
    imp.module = save(mod);
    imp.name = save(name);
    if (ts.is(Tok::LParen)) {
      typed = true;
      if (!ts.advance())
        return false;
      llvm::StringRef kw = ts.text();
      std::string id;
      uint32_t off;
      if (!ts.advance() || !takeId(id, off) || !parseImportDesc(imp, kw) || !ts.expectRParen())
        return false;
      ++nextImport[spaceOf(kw)];
    }
    if (!ts.expectRParen())
      return false;
    items.push_back(imp);
  }
  if (!typed && !items.empty()) {
    uint32_t at = ts.tok().offset;
    if (!ts.expectLParen())
      return false;
    llvm::StringRef kw = ts.text();
    std::string id;
    uint32_t off;
    if (!ts.advance() || !takeId(id, off))
      return false;
    if (!id.empty())
      return ts.fail(at, "identifier not allowed");
    Import shared;
    if (!parseImportDesc(shared, kw) || !ts.expectRParen())
      return false;
    for (Import &imp : items) {
      llvm::StringRef name = imp.name;
      imp = shared;
      imp.module = save(mod);
      imp.name = name;
    }
    nextImport[spaceOf(kw)] += uint32_t(items.size());
  }
  for (size_t i = 0; i < items.size(); ++i) {
    items[i].compact = typed ? 0x7F : 0x7E;
    items[i].groupStart = i == 0;
    m.imports.push_back(items[i]);
  }
  return ts.expectRParen();
}

} // namespace wcomp::text
