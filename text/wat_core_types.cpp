//===- text/wat_core_types.cpp - Core type spaces outside modules ----------===//
//
// Components have core type index spaces of their own (core func types, GC
// types, module types), and module types contain a small module-like list
// of declarations. Both reuse the module parser's type rules so that the
// two text formats cannot drift apart.
//
//===----------------------------------------------------------------------===//
#include "text/wat_module.h"

namespace wcomp::text {

using namespace binary;

bool ModuleParser::parseLooseTypes(bool rec, RecGroup &out) {
  RecGroup g;
  g.explicitRec = rec;
  auto one = [&] {
    std::string id;
    uint32_t off;
    if (!takeId(id, off) || !addName(STypes, uint32_t(typeLoc.size()), id, off))
      return false;
    return parseTypeField(g, rec);
  };
  if (rec) {
    while (ts.takeParenKeyword("type"))
      if (!one())
        return false;
    if (ts.failed() || !ts.expectRParen())
      return false;
  } else if (!one()) {
    return false;
  }
  out = g;
  m.types.push_back(std::move(g));
  return true;
}

bool ModuleParser::addOpaqueType(llvm::StringRef name, uint32_t offset) {
  if (!addName(STypes, uint32_t(typeLoc.size()), name, offset))
    return false;
  typeLoc.push_back({OpaqueType, 0});
  fieldNames.emplace_back();
  return true;
}

bool ModuleParser::parseModuleTypeDecls(std::vector<ModuleTypeDecl> &decls, OuterResolver outer) {
  // Inline function types of imports/exports are interned into this space;
  // every group interned while parsing a declaration is declared before it.
  auto flushInterned = [&](size_t before) {
    for (size_t i = before; i < m.types.size(); ++i) {
      ModuleTypeDecl d;
      d.kind = 0x01;
      d.type = std::make_unique<CoreTypeDef>();
      d.type->rec = m.types[i];
      decls.push_back(std::move(d));
    }
  };
  while (ts.is(Tok::LParen)) {
    if (!ts.enter())
      return false;
    llvm::StringRef kw = ts.parenKeyword();
    uint32_t at = ts.tok().offset;
    if (!ts.advance() || !ts.advance())
      return false;
    ModuleTypeDecl d;
    if (kw == "type" || kw == "rec") {
      RecGroup g;
      if (!parseLooseTypes(kw == "rec", g))
        return false;
      d.kind = 0x01;
      d.type = std::make_unique<CoreTypeDef>();
      d.type->rec = std::move(g);
      decls.push_back(std::move(d));
      ts.leave();
      continue;
    }
    if (kw == "import" || kw == "export") {
      d.kind = kw == "import" ? 0x00 : 0x03;
      std::string mod, name;
      if (d.kind == 0x00 && !ts.takeString(mod))
        return false;
      if (!ts.takeString(name) || !ts.expectLParen())
        return false;
      llvm::StringRef dkw = ts.text();
      if (!ts.is(Tok::Keyword) || !(dkw == "func" || dkw == "table" || dkw == "memory" ||
                                    dkw == "global" || dkw == "tag"))
        return ts.unexpected("`func`, `table`, `memory`, `global` or `tag`");
      if (!ts.advance())
        return false;
      std::string id;
      uint32_t off;
      if (!takeId(id, off))
        return false;
      d.import.module = save(mod);
      d.import.name = save(name);
      size_t before = m.types.size();
      if (!parseImportDesc(d.import, dkw) || !ts.expectRParen() || !ts.expectRParen())
        return false;
      flushInterned(before);
      decls.push_back(std::move(d));
      ts.leave();
      continue;
    }
    if (kw == "alias") {
      if (!ts.expectKeyword("outer"))
        return false;
      d.kind = 0x02;
      if (!outer(d.aliasCount, d.aliasIndex) || !ts.expectLParen() || !ts.expectKeyword("type"))
        return false;
      std::string id;
      uint32_t off;
      if (!takeId(id, off) || !addOpaqueType(id, off) || !ts.expectRParen() ||
          !ts.expectRParen())
        return false;
      decls.push_back(std::move(d));
      ts.leave();
      continue;
    }
    return ts.fail(at, "unexpected token, expected `type`, `rec`, `import`, `export` or "
                       "`alias` in a module type");
  }
  return !ts.failed();
}

} // namespace wcomp::text
