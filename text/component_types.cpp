//===- text/component_types.cpp - Component text: types and descriptions ---===//
#include "text/component_parser.h"

#include "binary/parser.h"

namespace wcomp::text {

using namespace binary;

namespace {
/// The code of a primitive value type keyword, or 0.
uint8_t primitiveCode(llvm::StringRef k) {
  static const std::pair<const char *, uint8_t> prims[] = {
      {"bool", 0x7f},   {"s8", 0x7e},      {"u8", 0x7d},      {"s16", 0x7c},
      {"u16", 0x7b},    {"s32", 0x7a},     {"u32", 0x79},     {"s64", 0x78},
      {"u64", 0x77},    {"f32", 0x76},     {"float32", 0x76}, {"f64", 0x75},
      {"float64", 0x75}, {"char", 0x74},   {"string", 0x73},  {"error-context", 0x64}};
  for (auto &[name, code] : prims)
    if (k == name)
      return code;
  return 0;
}
} // namespace

CSpace ComponentParser::descSpace(const ExternDesc &d) const {
  switch (d.kind) {
  case 0x00: return CCoreModule;
  case 0x01: return CFunc;
  case 0x02: return CValue;
  case 0x03: return CType;
  case 0x04: return CComponent;
  default: return CInstance;
  }
}

bool ComponentParser::emitType(TypeDef t, uint32_t &index, llvm::StringRef id, uint32_t offset) {
  Scope &sc = cur();
  if (sc.kind == Scope::Component) {
    section(compsec::Type).types.push_back(std::move(t));
  } else {
    TypeDecl d;
    d.kind = 0x01;
    d.type = std::make_unique<TypeDef>(std::move(t));
    sc.decls->push_back(std::move(d));
  }
  return define(CType, id, offset, index);
}

bool ComponentParser::emitCoreType(CoreTypeDef t, uint32_t &index, llvm::StringRef id,
                                   uint32_t offset) {
  // Module types take one index here; rec groups were numbered by the
  // scope's core type parser already.
  bool isModule = t.isModule;
  Scope &sc = cur();
  if (sc.kind == Scope::Component) {
    section(compsec::CoreType).coreTypes.push_back(std::move(t));
  } else {
    TypeDecl d;
    d.kind = 0x00;
    d.coreType = std::make_unique<CoreTypeDef>(std::move(t));
    sc.decls->push_back(std::move(d));
  }
  if (!isModule) {
    index = sc.core->typeCount() - 1;
    return true;
  }
  return define(CCoreType, id, offset, index);
}

//===----------------------------------------------------------------------===//
// Value types.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseValType(CValType &t) {
  if (ts.is(Tok::Keyword)) {
    if (uint8_t code = primitiveCode(ts.text())) {
      t = CValType::prim(code);
      return ts.advance();
    }
    return ts.unexpected("a value type");
  }
  if (ts.is(Tok::LParen)) {
    // An inline definition becomes a type of its own, defined first.
    if (!ts.enter())
      return false;
    TypeDef td;
    if (!parseDefValType(td.defined))
      return false;
    td.kind = td.defined.kind;
    uint32_t index;
    if (!emitType(std::move(td), index))
      return false;
    t = CValType::type(index);
    ts.leave();
    return true;
  }
  uint32_t index;
  if (!parseIndex(CType, index))
    return false;
  t = CValType::type(index);
  return true;
}

bool ComponentParser::parseVariantCases(DefinedType &d) {
  std::vector<std::string> caseIds;
  while (ts.takeParenKeyword("case")) {
    VariantCase c;
    std::string id;
    uint32_t off;
    if (!takeId(id, off) || !parseString(c.label))
      return false;
    if (!id.empty() && std::find(caseIds.begin(), caseIds.end(), id) != caseIds.end())
      return ts.fail(off, "duplicate variant case identifier");
    if (!ts.is(Tok::RParen) && !ts.atParenKeyword("refines")) {
      CValType t;
      if (!parseValType(t))
        return false;
      c.type = t;
    }
    if (ts.takeParenKeyword("refines")) {
      uint32_t r = 0;
      if (ts.is(Tok::Id)) {
        std::string ref;
        uint32_t roff;
        if (!takeId(ref, roff))
          return false;
        auto it = std::find(caseIds.begin(), caseIds.end(), ref);
        if (it == caseIds.end())
          return ts.fail(roff, "unknown variant case $" + ref);
        r = uint32_t(it - caseIds.begin());
      } else if (!cur().core->parseU32(r)) {
        return false;
      }
      c.refines = r;
      if (!ts.expectRParen())
        return false;
    }
    if (ts.failed() || !ts.expectRParen())
      return false;
    caseIds.push_back(id);
    d.cases.push_back(c);
  }
  return true;
}

bool ComponentParser::parseResultType(DefinedType &d) {
  if (!ts.is(Tok::RParen) && !ts.atParenKeyword("error")) {
    CValType t;
    if (!parseValType(t))
      return false;
    d.first = t;
  }
  if (ts.takeParenKeyword("error")) {
    CValType t;
    if (!parseValType(t) || !ts.expectRParen())
      return false;
    d.second = t;
  }
  return true;
}

bool ComponentParser::parseDefValType(DefinedType &d) {
  if (ts.is(Tok::Keyword)) {
    if (uint8_t code = primitiveCode(ts.text())) {
      d.kind = code;
      return ts.advance();
    }
    return ts.unexpected("a value type");
  }
  if (!ts.expectLParen())
    return false;
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a type constructor");
  llvm::StringRef k = ts.text();
  uint32_t at = ts.tok().offset;
  if (!ts.advance())
    return false;
  auto optType = [&](std::optional<CValType> &o) {
    if (ts.is(Tok::RParen))
      return true;
    CValType t;
    if (!parseValType(t))
      return false;
    o = t;
    return true;
  };
  if (k == "record") {
    d.kind = dvt::Record;
    while (ts.takeParenKeyword("field")) {
      LabeledType f;
      if (!parseString(f.label) || !parseValType(f.type) || !ts.expectRParen())
        return false;
      d.fields.push_back(f);
    }
  } else if (k == "variant") {
    d.kind = dvt::Variant;
    if (!parseVariantCases(d))
      return false;
  } else if (k == "list") {
    d.kind = dvt::List;
    CValType t;
    if (!parseValType(t))
      return false;
    d.first = t;
    if (ts.is(Tok::Atom)) {
      d.kind = dvt::FixedList;
      if (!cur().core->parseU32(d.index))
        return false;
    }
  } else if (k == "tuple") {
    d.kind = dvt::Tuple;
    while (!ts.is(Tok::RParen)) {
      CValType t;
      if (!parseValType(t))
        return false;
      d.types.push_back(t);
    }
  } else if (k == "flags" || k == "enum") {
    d.kind = k == "flags" ? dvt::Flags : dvt::Enum;
    while (ts.is(Tok::String)) {
      llvm::StringRef l;
      if (!parseString(l))
        return false;
      d.labels.push_back(l);
    }
  } else if (k == "option") {
    d.kind = dvt::Option;
    CValType t;
    if (!parseValType(t))
      return false;
    d.first = t;
  } else if (k == "result") {
    d.kind = dvt::Result;
    if (!parseResultType(d))
      return false;
  } else if (k == "own" || k == "borrow") {
    d.kind = k == "own" ? dvt::Own : dvt::Borrow;
    if (!parseIndex(CType, d.index))
      return false;
  } else if (k == "stream" || k == "future") {
    d.kind = k == "stream" ? dvt::Stream : dvt::Future;
    if (!optType(d.first))
      return false;
  } else if (k == "map") {
    d.kind = dvt::Map;
    CValType a, b;
    if (!parseValType(a) || !parseValType(b))
      return false;
    d.first = a;
    d.second = b;
  } else if (k == "error-context") {
    d.kind = dvt::ErrorContext;
  } else {
    return ts.fail(at, "unexpected token `" + k + "`, expected a value type");
  }
  return !ts.failed() && ts.expectRParen();
}

bool ComponentParser::parseFuncTypeBody(FuncType &f) {
  // After `func`: `async`? `(param "n" T)*` `(result T)?`.
  if (ts.isKeyword("async")) {
    f.async = true;
    if (!ts.advance())
      return false;
  }
  while (ts.takeParenKeyword("param")) {
    LabeledType p;
    if (!parseString(p.label) || !parseValType(p.type) || !ts.expectRParen())
      return false;
    f.params.push_back(p);
  }
  f.resultForm = 0x01;
  if (ts.takeParenKeyword("result")) {
    CValType t;
    if (ts.is(Tok::String))
      return ts.failHere("named results are not supported");
    if (!parseValType(t) || !ts.expectRParen())
      return false;
    f.resultForm = 0x00;
    f.result = t;
  }
  if (ts.atParenKeyword("param") || ts.atParenKeyword("result"))
    return ts.failHere(ts.atParenKeyword("param") ? "unexpected `param` after `result`"
                                                  : "a function has at most one result");
  return !ts.failed();
}

//===----------------------------------------------------------------------===//
// Type definitions and declarations.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseTypeDef(TypeDef &t, bool allowResource, llvm::StringRef id) {
  llvm::StringRef k = ts.is(Tok::LParen) ? ts.parenKeyword() : "";
  uint32_t at = ts.tok().offset;
  if (k == "func") {
    if (!ts.advance() || !ts.advance() || !parseFuncTypeBody(t.func) || !ts.expectRParen())
      return false;
    t.kind = t.func.async ? 0x43 : 0x40;
    return true;
  }
  if (k == "component" || k == "instance") {
    if (!ts.advance() || !ts.advance())
      return false;
    t.kind = k == "component" ? 0x41 : 0x42;
    return parseDecls(t, k == "component" ? Scope::ComponentType : Scope::InstanceType, id) &&
           ts.expectRParen();
  }
  if (k == "resource") {
    if (!allowResource)
      return ts.fail(at, "resource types must be defined at the top of a type scope");
    if (!ts.advance() || !ts.advance() || !ts.expectLParen() || !ts.expectKeyword("rep"))
      return false;
    if (!ts.isKeyword("i32"))
      return ts.unexpected("`i32`");
    t.kind = 0x3f;
    t.resource.rep = typecode::I32;
    if (!ts.advance() || !ts.expectRParen())
      return false;
    if (ts.takeParenKeyword("dtor")) {
      // `(dtor $f)` or `(dtor (core func $i "f"))`; `(dtor (func $f))` is
      // the legacy form.
      uint32_t f;
      if (!parseOptRef(CCoreFunc, f) || !ts.expectRParen())
        return false;
      t.resource.dtor = f;
    }
    return !ts.failed() && ts.expectRParen();
  }
  if (!parseDefValType(t.defined))
    return false;
  t.kind = t.defined.kind;
  return true;
}

bool ComponentParser::parseTypeField() {
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  std::vector<ExternName> exports;
  if (cur().kind == Scope::Component && !parseInlineExports(exports))
    return false;
  TypeDef t;
  if (!parseTypeDef(t, true, id))
    return false;
  uint32_t index;
  if (!emitType(std::move(t), index, id, off))
    return false;
  emitInlineExports(exports, CType, index);
  return true;
}

bool ComponentParser::parseDecls(TypeDef &t, Scope::Kind kind, llvm::StringRef id) {
  auto sc = std::make_unique<Scope>();
  sc->kind = kind;
  sc->id = id.str();
  sc->decls = &t.decls;
  sc->core = std::make_unique<ModuleParser>(ts, "");
  scopes.push_back(std::move(sc));
  while (ts.is(Tok::LParen))
    if (!parseDecl())
      return false;
  retired.push_back(std::move(cur().core));
  scopes.pop_back();
  return !ts.failed();
}

bool ComponentParser::parseDecl() {
  if (!ts.enter())
    return false;
  uint32_t at = ts.tok().offset;
  llvm::StringRef kw = ts.parenKeyword();
  if (!ts.advance() || !ts.advance())
    return false;
  bool ok;
  if (kw == "core" && (ts.isKeyword("type") || ts.isKeyword("rec"))) {
    ts.leave();
    return parseCoreTypeField();
  }
  if (kw == "type")
    ok = parseTypeField();
  else if (kw == "alias")
    ok = parseAliasField();
  else if (kw == "import")
    ok = parseImport();
  else if (kw == "export")
    ok = parseExport();
  else
    return ts.fail(at, "unexpected token, expected `type`, `core type`, `alias`, `import` or "
                       "`export` in a type");
  if (!ok || !ts.expectRParen())
    return false;
  ts.leave();
  return true;
}

bool ComponentParser::parseCoreTypeField() {
  // After `(core`, at `type` or `rec`; consumes the closing `)`.
  bool rec = ts.isKeyword("rec");
  if (!ts.advance())
    return false;
  TokenStream probe = ts;
  if (probe.is(Tok::Id) && !probe.advance())
    return false;
  CoreTypeDef t;
  uint32_t index;
  if (!rec && probe.atParenKeyword("module")) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off) || !ts.advance() || !ts.advance())
      return false;
    if (!parseModuleTypeBody(t) || !ts.expectRParen() || !ts.expectRParen())
      return false;
    return emitCoreType(std::move(t), index, id, off);
  }
  if (!cur().core->parseLooseTypes(rec, t.rec))
    return false;
  // A lone non-final subtype starts with 0x50, the module type byte, so
  // the component encoding marks it with a 0x00 prefix.
  t.zeroPrefix = !rec && t.rec.types.size() == 1 && !t.rec.types[0].isFinal();
  return emitCoreType(std::move(t), index);
}

//===----------------------------------------------------------------------===//
// Extern descriptions and type uses.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseModuleTypeBody(CoreTypeDef &t) {
  // The declarations have a core type space of their own; outer alias
  // counts start at the module type itself.
  t.isModule = true;
  auto mp = std::make_unique<ModuleParser>(ts, "");
  auto outer = [&](uint32_t &count, uint32_t &idx) {
    if (ts.is(Tok::Id)) {
      if (!parseOuter(count, idx, CCoreType))
        return false;
      ++count;
      return true;
    }
    if (!cur().core->parseU32(count))
      return false;
    if (count == 0 || count > scopes.size())
      return ts.failHere("outer count of " + llvm::Twine(count) + " is out of range");
    return parseIndexIn(count - 1, CCoreType, idx);
  };
  if (!mp->parseModuleTypeDecls(t.decls, outer))
    return false;
  retired.push_back(std::move(mp));
  return true;
}

bool ComponentParser::parseTypeUseOrInline(uint8_t kind, uint32_t &typeIndex) {
  CSpace s = kind == 0x00 ? CCoreType : CType;
  if (ts.atParenKeyword("type")) {
    // `(type idx)` is a use; anything longer is an inline declaration.
    TokenStream probe = ts;
    if (!probe.advance() || !probe.advance() || !probe.advance())
      return false;
    if (probe.is(Tok::RParen))
      return ts.advance() && ts.advance() && parseIndex(s, typeIndex) && ts.expectRParen();
  }
  if (ts.failed())
    return false;
  if (kind == 0x00) {
    CoreTypeDef t;
    if (!parseModuleTypeBody(t))
      return false;
    return emitCoreType(std::move(t), typeIndex);
  }
  TypeDef t;
  if (kind == 0x01) {
    if (!parseFuncTypeBody(t.func))
      return false;
    t.kind = t.func.async ? 0x43 : 0x40;
  } else {
    t.kind = kind == 0x04 ? 0x41 : 0x42;
    if (!parseDecls(t, kind == 0x04 ? Scope::ComponentType : Scope::InstanceType, ""))
      return false;
  }
  return emitType(std::move(t), typeIndex);
}

bool ComponentParser::parseExternDesc(ExternDesc &d, std::string *id, uint32_t *idOffset) {
  if (!ts.expectLParen())
    return false;
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("an import or export kind");
  llvm::StringRef k = ts.text();
  uint32_t at = ts.tok().offset;
  if (k == "core") {
    if (!ts.advance() || !ts.expectKeyword("module"))
      return false;
    d.kind = 0x00;
  } else if (k == "func") {
    d.kind = 0x01;
  } else if (k == "value") {
    d.kind = 0x02;
  } else if (k == "type") {
    d.kind = 0x03;
  } else if (k == "component") {
    d.kind = 0x04;
  } else if (k == "instance") {
    d.kind = 0x05;
  } else {
    return ts.fail(at, "unexpected token `" + k + "`, expected an import or export kind");
  }
  if (d.kind != 0x00 && !ts.advance())
    return false;
  std::string localId;
  uint32_t localOff;
  if (!takeId(id ? *id : localId, idOffset ? *idOffset : localOff))
    return false;
  if (!id && !localId.empty())
    return ts.fail(localOff, "an identifier is not allowed here");
  switch (d.kind) {
  case 0x02:
    if (ts.takeParenKeyword("eq")) {
      d.bound = 0x00;
      if (!parseIndex(CValue, d.index) || !ts.expectRParen())
        return false;
    } else {
      d.bound = 0x01;
      if (ts.failed() || !parseValType(d.valtype))
        return false;
    }
    break;
  case 0x03:
    if (ts.takeParenKeyword("eq")) {
      d.bound = 0x00;
      if (!parseIndex(CType, d.index) || !ts.expectRParen())
        return false;
    } else if (ts.takeParenKeyword("sub")) {
      d.bound = 0x01;
      if (!ts.expectKeyword("resource") || !ts.expectRParen())
        return false;
    } else {
      return ts.failed() ? false : ts.unexpected("`(eq ...)` or `(sub resource)`");
    }
    break;
  default:
    if (!parseTypeUseOrInline(d.kind, d.index))
      return false;
  }
  return ts.expectRParen();
}

} // namespace wcomp::text
