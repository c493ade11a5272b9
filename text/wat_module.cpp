//===- text/wat_module.cpp - Core module text parser: fields ---------------===//
#include "text/wat_module.h"

#include "text/numbers.h"

namespace wcomp::text {

using namespace binary;

namespace {
const char *spaceName(Space s) {
  static const char *n[] = {"type", "func", "table", "memory", "global", "tag", "elem", "data"};
  return n[s];
}
} // namespace

bool kindSpace(llvm::StringRef kw, Space &s) {
  if (kw == "func") s = SFuncs;
  else if (kw == "table") s = STables;
  else if (kw == "memory") s = SMems;
  else if (kw == "global") s = SGlobals;
  else if (kw == "tag") s = STags;
  else return false;
  return true;
}

bool ModuleParser::takeId(std::string &id, uint32_t &offset) {
  return takeIdToken(ts, id, offset, nameAnnotations);
}

//===----------------------------------------------------------------------===//
// Pass 1: number every item.
//===----------------------------------------------------------------------===//

bool ModuleParser::checkImportOrder(uint32_t offset) {
  // Imports must precede the definitions of every kind.
  if (firstDefinition != NumSpaces)
    return ts.fail(offset, llvm::Twine("import after ") + spaceName(Space(firstDefinition)));
  return true;
}

bool ModuleParser::scanItem(Space s, llvm::StringRef kw) {
  // Stream stands after the field keyword.
  PendingItem item;
  if (!takeId(item.name, item.offset))
    return false;
  item.imported = false;
  while (ts.is(Tok::LParen)) {
    llvm::StringRef k = ts.parenKeyword();
    if (k == "export") {
      if (!ts.advance() || !ts.advance() || !ts.skipGroup())
        return false;
      continue;
    }
    if (k == "import")
      item.imported = true;
    break;
  }
  if (!item.imported) {
    // Inline segments of tables and memories take elem/data indices.
    while (!ts.is(Tok::RParen) && !ts.is(Tok::Eof)) {
      if (ts.is(Tok::LParen)) {
        llvm::StringRef k = ts.parenKeyword();
        if ((s == STables && k == "elem") || (s == SMems && k == "data"))
          pending[s == STables ? SElems : SDatas].push_back({"", ts.tok().offset, false});
        if (!ts.advance() || !ts.skipGroup())
          return false;
        continue;
      }
      if (!ts.advance())
        return false;
    }
  } else {
    if (!checkImportOrder(item.offset))
      return false;
  }
  if (!item.imported && firstDefinition == NumSpaces)
    firstDefinition = s;
  pending[s].push_back(std::move(item));
  return ts.skipGroup();
}

bool ModuleParser::scanFields() {
  while (ts.is(Tok::LParen)) {
    uint32_t at = ts.tok().offset;
    if (!ts.advance())
      return false;
    llvm::StringRef kw = ts.text();
    if (ts.is(Tok::Annotation)) {
      if (!ts.advance() || !ts.skipGroup())
        return false;
      continue;
    }
    if (!ts.is(Tok::Keyword))
      return ts.unexpected("a module field");
    if (!ts.advance())
      return false;
    Space s;
    if (kw == "type") {
      PendingItem item{"", 0, false};
      if (!takeId(item.name, item.offset))
        return false;
      pending[STypes].push_back(std::move(item));
      if (!ts.skipGroup())
        return false;
    } else if (kw == "rec") {
      while (ts.atParenKeyword("type")) {
        if (!ts.advance() || !ts.advance())
          return false;
        PendingItem item{"", 0, false};
        if (!takeId(item.name, item.offset))
          return false;
        pending[STypes].push_back(std::move(item));
        if (!ts.skipGroup())
          return false;
      }
      if (!ts.skipGroup())
        return false;
    } else if (kindSpace(kw, s)) {
      if (!scanItem(s, kw))
        return false;
    } else if (kw == "import") {
      std::string tmp;
      if (!ts.takeString(tmp))
        return false;
      if (ts.atParenKeyword("item") || ts.is(Tok::RParen)) {
        if (!scanCompactImport(at))
          return false;
        continue;
      }
      if (!ts.takeString(tmp))
        return false;
      if (!ts.expectLParen())
        return false;
      llvm::StringRef k = ts.text();
      if (!ts.is(Tok::Keyword) || !kindSpace(k, s))
        return ts.unexpected("an import kind");
      if (!ts.advance())
        return false;
      PendingItem item{"", at, true};
      uint32_t off;
      if (!takeId(item.name, off))
        return false;
      if (!checkImportOrder(at))
        return false;
      item.offset = off;
      pending[s].push_back(std::move(item));
      if (!ts.skipGroup() || !ts.skipGroup())
        return false;
    } else if (kw == "elem" || kw == "data") {
      PendingItem item{"", 0, false};
      if (!takeId(item.name, item.offset))
        return false;
      pending[kw == "elem" ? SElems : SDatas].push_back(std::move(item));
      if (!ts.skipGroup())
        return false;
    } else if (kw == "export" || kw == "start") {
      if (!ts.skipGroup())
        return false;
    } else {
      return ts.fail(at + 1, "unexpected token `" + kw + "`, expected a module field");
    }
  }
  if (!ts.is(Tok::RParen) && !ts.is(Tok::Eof))
    return ts.unexpected("a module field");
  return true;
}

bool ModuleParser::addName(Space s, uint32_t index, llvm::StringRef name, uint32_t offset) {
  if (name.empty())
    return true;
  auto [it, inserted] = names[s].try_emplace(name, index);
  if (!inserted)
    return ts.fail(offset, llvm::Twine("duplicate ") + spaceName(s) + " identifier $" + name);
  nameList[s].push_back({index, name.str()});
  return true;
}

bool ModuleParser::assignIndices() {
  for (unsigned s = 0; s < NumSpaces; ++s) {
    uint32_t ni = 0;
    for (const PendingItem &p : pending[s])
      ni += p.imported;
    importCount[s] = ni;
    uint32_t nextI = 0, nextD = ni;
    for (const PendingItem &p : pending[s]) {
      uint32_t idx = p.imported ? nextI++ : nextD++;
      if (!addName(Space(s), idx, p.name, p.offset))
        return false;
    }
    std::sort(nameList[s].begin(), nameList[s].end());
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Shared small parsers.
//===----------------------------------------------------------------------===//

bool ModuleParser::parseU32(uint32_t &v) {
  uint64_t w;
  if (!ts.is(Tok::Atom) && !ts.is(Tok::Keyword))
    return ts.unexpected("a number");
  NumResult r = parseUnsigned(ts.text(), w);
  if (r == NumResult::Malformed)
    return ts.unexpected("a number");
  if (r == NumResult::OutOfRange || w > UINT32_MAX)
    return ts.failHere("constant out of range");
  v = uint32_t(w);
  return ts.advance();
}

bool ModuleParser::parseU64(uint64_t &v) {
  if (!ts.is(Tok::Atom))
    return ts.unexpected("a number");
  NumResult r = parseUnsigned(ts.text(), v);
  if (r == NumResult::Malformed)
    return ts.unexpected("a number");
  if (r == NumResult::OutOfRange)
    return ts.failHere("constant out of range");
  return ts.advance();
}

bool ModuleParser::peekIndex() const {
  return ts.is(Tok::Id) || (ts.is(Tok::Atom) && !ts.text().empty() && ts.text()[0] >= '0' &&
                            ts.text()[0] <= '9');
}

bool ModuleParser::parseIndex(Space s, uint32_t &idx) {
  if (ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    auto it = names[s].find(id);
    if (it == names[s].end())
      return ts.fail(off, llvm::Twine("unknown ") + spaceName(s) + " $" + id);
    idx = it->second;
    if (s == SDatas)
      noteDataUse();
    return true;
  }
  if (s == SDatas)
    noteDataUse();
  return parseU32(idx);
}

const SubType *ModuleParser::typeAt(uint32_t idx) const {
  if (idx >= typeLoc.size() || typeLoc[idx].first == OpaqueType)
    return nullptr;
  return &m.types[typeLoc[idx].first].types[typeLoc[idx].second];
}

bool ModuleParser::isValTypeStart() const {
  if (ts.is(Tok::Keyword)) {
    llvm::StringRef k = ts.text();
    return k.size() >= 3 && (k == "i32" || k == "i64" || k == "f32" || k == "f64" ||
                             k == "v128" || k.ends_with("ref"));
  }
  return ts.atParenKeyword("ref") || ts.atParenKeyword("shared");
}

bool ModuleParser::parseHeapType(HeapType &h) {
  static const std::pair<const char *, uint8_t> abs[] = {
      {"func", typecode::Func},     {"extern", typecode::Extern}, {"any", typecode::Any},
      {"eq", typecode::Eq},         {"i31", typecode::I31},       {"struct", typecode::Struct},
      {"array", typecode::Array},   {"exn", typecode::Exn},       {"none", typecode::None},
      {"nofunc", typecode::NoFunc}, {"noextern", typecode::NoExtern},
      {"noexn", typecode::NoExn},   {"cont", typecode::Cont},     {"nocont", typecode::NoCont}};
  if (ts.is(Tok::Keyword)) {
    for (auto &[name, code] : abs)
      if (ts.text() == name) {
        h = HeapType::abstract(code);
        return ts.advance();
      }
    return ts.unexpected("a heap type");
  }
  if (ts.takeParenKeyword("shared")) {
    if (!parseHeapType(h))
      return false;
    h.shared = true;
    return ts.expectRParen();
  }
  if (ts.takeParenKeyword("exact")) {
    uint32_t i;
    if (!parseIndex(STypes, i))
      return false;
    h = HeapType::index(i);
    h.exact = true;
    return ts.expectRParen();
  }
  uint32_t i;
  if (!parseIndex(STypes, i))
    return false;
  h = HeapType::index(i);
  return true;
}

bool ModuleParser::parseRefType(ValType &t) {
  static const std::pair<const char *, uint8_t> abbrev[] = {
      {"funcref", typecode::Func},         {"externref", typecode::Extern},
      {"anyref", typecode::Any},           {"eqref", typecode::Eq},
      {"i31ref", typecode::I31},           {"structref", typecode::Struct},
      {"arrayref", typecode::Array},       {"exnref", typecode::Exn},
      {"nullref", typecode::None},         {"nullfuncref", typecode::NoFunc},
      {"nullexternref", typecode::NoExtern}, {"nullexnref", typecode::NoExn},
      {"contref", typecode::Cont},         {"nullcontref", typecode::NoCont}};
  if (ts.is(Tok::Keyword)) {
    for (auto &[name, code] : abbrev)
      if (ts.text() == name) {
        t = ValType{code, HeapType::abstract(code)};
        return ts.advance();
      }
    return ts.unexpected("a reference type");
  }
  if (ts.takeParenKeyword("shared")) {
    // `(shared anyref)`: the short form `0x65 ht` of a shared nullable
    // abstract reference.
    if (!parseRefType(t))
      return false;
    if (t.code == typecode::Ref || t.code == typecode::RefNull || t.code == typecode::Shared)
      return ts.failHere("expected an abbreviated reference type such as `anyref` after `shared`");
    t.heap = HeapType::abstract(t.code);
    t.heap.shared = true;
    t.code = typecode::Shared;
    return ts.expectRParen();
  }
  if (ts.failed())
    return false;
  if (!ts.takeParenKeyword("ref"))
    return ts.unexpected("a reference type");
  bool nullable = ts.takeKeyword("null");
  if (ts.failed())
    return false;
  HeapType h;
  if (!parseHeapType(h))
    return false;
  t = ValType::ref(nullable, h);
  // A nullable abstract reference is written in its short form, as
  // wasm-tools writes it: `(ref null func)` is `funcref` (0x70), and a
  // shared one `0x65 ht`.
  if (nullable && h.kind == HeapType::Abstract && !h.exact)
    t = h.shared ? ValType{typecode::Shared, h} : ValType{uint8_t(h.value), HeapType::abstract(uint8_t(h.value))};
  return ts.expectRParen();
}

bool ModuleParser::parseValType(ValType &t, bool allowPacked) {
  if (ts.is(Tok::Keyword)) {
    llvm::StringRef k = ts.text();
    uint8_t code = 0;
    if (k == "i32") code = typecode::I32;
    else if (k == "i64") code = typecode::I64;
    else if (k == "f32") code = typecode::F32;
    else if (k == "f64") code = typecode::F64;
    else if (k == "v128") code = typecode::V128;
    else if (allowPacked && k == "i8") code = typecode::I8;
    else if (allowPacked && k == "i16") code = typecode::I16;
    if (code) {
      t = ValType::num(code);
      return ts.advance();
    }
  }
  if (ts.is(Tok::Keyword) || ts.atParenKeyword("ref") || ts.atParenKeyword("shared"))
    return parseRefType(t);
  return ts.unexpected("a value type");
}

bool ModuleParser::parseValTypes(std::vector<ValType> &out) {
  while (!ts.is(Tok::RParen)) {
    ValType t;
    if (!parseValType(t))
      return false;
    out.push_back(t);
  }
  return true;
}

namespace {
/// A function signature as a map key.
std::string signatureKey(const std::vector<ValType> &params, const std::vector<ValType> &results) {
  std::string key;
  auto add = [&](const ValType &t) {
    const binary::HeapType &h = t.heap;
    char b[8] = {char(t.code), char(h.kind), char(h.exact), char(h.shared)};
    std::memcpy(b + 4, &h.value, 4);
    key.append(b, 8);
  };
  for (const ValType &t : params)
    add(t);
  key += '\xff'; // no type starts with 0xff: params and results stay apart
  for (const ValType &t : results)
    add(t);
  return key;
}
} // namespace

uint32_t ModuleParser::internFuncType(std::vector<ValType> params, std::vector<ValType> results) {
  // As wasm-tools: an inline signature names the first function type with
  // those params and results that was declared on its own (outside `rec`),
  // whatever its finality, supertypes or sharing, or one made for it. The
  // map makes this linear in the number of types and uses.
  for (; keyedTypes < typeLoc.size(); ++keyedTypes) {
    auto [group, pos] = typeLoc[keyedTypes];
    if (group == OpaqueType || group >= m.types.size())
      continue;
    const RecGroup &g = m.types[group];
    if (g.explicitRec || g.types.size() != 1)
      continue;
    const CompositeType &c = g.types[0].composite;
    if (c.kind == typecode::FuncType)
      funcTypeByKey.try_emplace(signatureKey(c.params, c.results), keyedTypes);
  }
  std::string key = signatureKey(params, results);
  if (auto it = funcTypeByKey.find(key); it != funcTypeByKey.end())
    return it->second;
  RecGroup g;
  SubType st;
  st.composite.kind = typecode::FuncType;
  st.composite.params = std::move(params);
  st.composite.results = std::move(results);
  g.types.push_back(std::move(st));
  m.types.push_back(std::move(g));
  typeLoc.push_back({uint32_t(m.types.size() - 1), 0});
  fieldNames.emplace_back();
  return uint32_t(typeLoc.size() - 1);
}

bool ModuleParser::parseTypeRef(std::optional<uint32_t> &idx) {
  if (ts.takeParenKeyword("type")) {
    uint32_t i;
    if (!parseIndex(STypes, i) || !ts.expectRParen())
      return false;
    idx = i;
  }
  return !ts.failed();
}

bool ModuleParser::parseTypeUse(uint32_t &typeIndex, std::vector<std::string> *paramNames,
                                bool allowNames, uint32_t *numParams) {
  std::optional<uint32_t> explicitIdx;
  uint32_t at = ts.tok().offset;
  if (!parseTypeRef(explicitIdx))
    return false;
  std::vector<ValType> params, results;
  bool inlineSig = false;
  while (ts.atParenKeyword("param")) {
    inlineSig = true;
    if (!ts.advance() || !ts.advance())
      return false;
    if (ts.is(Tok::Id)) {
      if (!allowNames)
        return ts.failHere("unexpected token, identifiers are not allowed here");
      std::string id;
      uint32_t off;
      if (!takeId(id, off))
        return false;
      ValType t;
      if (!parseValType(t))
        return false;
      if (paramNames) {
        paramNames->resize(params.size());
        for (auto &pn : *paramNames)
          if (pn == id)
            return ts.fail(off, "duplicate local $" + id);
        paramNames->push_back(id);
      }
      params.push_back(t);
    } else {
      if (!parseValTypes(params))
        return false;
    }
    if (!ts.expectRParen())
      return false;
  }
  while (ts.atParenKeyword("result")) {
    inlineSig = true;
    if (!ts.advance() || !ts.advance())
      return false;
    if (!parseValTypes(results))
      return false;
    if (!ts.expectRParen())
      return false;
  }
  if (ts.atParenKeyword("param"))
    return ts.failHere("unexpected token `param` after `result`");
  if (explicitIdx) {
    typeIndex = *explicitIdx;
    const SubType *st = typeAt(typeIndex);
    if (st && st->composite.kind == typecode::FuncType) {
      if (inlineSig && (st->composite.params != params || st->composite.results != results))
        return ts.fail(at, "inline function type does not match the referenced type");
      if (numParams)
        *numParams = uint32_t(st->composite.params.size());
    } else if (inlineSig) {
      return ts.fail(at, "inline function type does not match the referenced type");
    } else if (numParams) {
      *numParams = 0;
    }
    return true;
  }
  if (numParams)
    *numParams = uint32_t(params.size());
  typeIndex = internFuncType(std::move(params), std::move(results));
  return true;
}

//===----------------------------------------------------------------------===//
// Types.
//===----------------------------------------------------------------------===//

bool ModuleParser::parseFieldType(FieldType &f) {
  if (ts.takeParenKeyword("mut")) {
    f.mut = 1;
    if (!parseValType(f.storage, true))
      return false;
    return ts.expectRParen();
  }
  if (ts.failed())
    return false;
  f.mut = 0;
  return parseValType(f.storage, true);
}

bool ModuleParser::parseFuncTypeBody(CompositeType &c, uint32_t typeIndex) {
  c.kind = typecode::FuncType;
  std::vector<std::string> paramNames;
  while (ts.atParenKeyword("param")) {
    if (!ts.advance() || !ts.advance())
      return false;
    if (ts.is(Tok::Id)) {
      std::string id;
      uint32_t off;
      ValType t;
      if (!takeId(id, off) || !parseValType(t))
        return false;
      paramNames.resize(c.params.size());
      paramNames.push_back(id);
      c.params.push_back(t);
    } else {
      if (!parseValTypes(c.params))
        return false;
    }
    if (!ts.expectRParen())
      return false;
  }
  while (ts.atParenKeyword("result")) {
    if (!ts.advance() || !ts.advance())
      return false;
    if (!parseValTypes(c.results))
      return false;
    if (!ts.expectRParen())
      return false;
  }
  addParamNames(typeParamNameList, typeIndex, paramNames);
  return true;
}

bool ModuleParser::parseStructTypeBody(CompositeType &c, uint32_t typeIndex) {
  c.kind = typecode::StructType;
  std::vector<std::pair<uint32_t, std::string>> fnames;
  while (ts.atParenKeyword("field")) {
    if (!ts.advance() || !ts.advance())
      return false;
    if (ts.is(Tok::Id)) {
      std::string id;
      uint32_t off;
      if (!takeId(id, off))
        return false;
      uint32_t fi = uint32_t(c.fields.size());
      if (!fieldNames[typeIndex].try_emplace(id, fi).second)
        return ts.fail(off, "duplicate field $" + id);
      fnames.push_back({fi, id});
      FieldType f;
      if (!parseFieldType(f))
        return false;
      c.fields.push_back(f);
    } else {
      while (!ts.is(Tok::RParen)) {
        FieldType f;
        if (!parseFieldType(f))
          return false;
        c.fields.push_back(f);
      }
    }
    if (!ts.expectRParen())
      return false;
  }
  if (!fnames.empty())
    fieldNameList.push_back({typeIndex, std::move(fnames)});
  return true;
}

bool ModuleParser::parseSubType(SubType &st, uint32_t typeIndex) {
  if (!ts.enter())
    return false;
  if (ts.takeParenKeyword("sub")) {
    st.form = typecode::Sub;
    if (ts.takeKeyword("final"))
      st.form = typecode::SubFinal;
    while (peekIndex()) {
      uint32_t s;
      if (!parseIndex(STypes, s))
        return false;
      st.supertypes.push_back(s);
    }
    // `(sub final ...)` without supertypes is what a bare type means, and
    // takes the short encoding, as wasm-tools writes it.
    if (st.form == typecode::SubFinal && st.supertypes.empty())
      st.form = 0;
    if (!parseSubType(st, typeIndex) || !ts.expectRParen())
      return false;
    ts.leave();
    return true;
  }
  if (ts.takeParenKeyword("describes")) {
    if (st.descriptor)
      return ts.failHere("unexpected token: `describes` must precede `descriptor`");
    if (st.describes)
      return ts.failHere("unexpected token: a second `describes` clause");
    uint32_t i;
    if (!parseIndex(STypes, i) || !ts.expectRParen())
      return false;
    st.describes = i;
    if (!parseSubType(st, typeIndex))
      return false;
    ts.leave();
    return true;
  }
  if (ts.takeParenKeyword("descriptor")) {
    if (st.descriptor)
      return ts.failHere("unexpected token: a second `descriptor` clause");
    uint32_t i;
    if (!parseIndex(STypes, i) || !ts.expectRParen())
      return false;
    st.descriptor = i;
    if (!parseSubType(st, typeIndex))
      return false;
    ts.leave();
    return true;
  }
  if (ts.takeParenKeyword("shared")) {
    st.composite.shared = true;
    if (!parseSubType(st, typeIndex) || !ts.expectRParen())
      return false;
    ts.leave();
    return true;
  }
  if (ts.failed())
    return false;
  CompositeType &c = st.composite;
  if (!ts.expectLParen())
    return false;
  if (ts.takeKeyword("func")) {
    if (!parseFuncTypeBody(c, typeIndex))
      return false;
  } else if (ts.takeKeyword("struct")) {
    if (!parseStructTypeBody(c, typeIndex))
      return false;
  } else if (ts.takeKeyword("array")) {
    c.kind = typecode::ArrayType;
    FieldType f;
    if (!parseFieldType(f))
      return false;
    c.fields.push_back(f);
  } else if (ts.takeKeyword("cont")) {
    c.kind = typecode::ContType;
    if (!parseIndex(STypes, c.contType))
      return false;
  } else {
    if (ts.failed())
      return false;
    return ts.unexpected("`func`, `struct`, `array` or `cont`");
  }
  if (!ts.expectRParen())
    return false;
  ts.leave();
  return true;
}

bool ModuleParser::parseTypeField(RecGroup &g, bool inRec) {
  // Stream stands after `type`.
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  uint32_t typeIndex = uint32_t(typeLoc.size());
  typeLoc.push_back({uint32_t(m.types.size()), uint32_t(g.types.size())});
  fieldNames.emplace_back();
  SubType st;
  if (!parseSubType(st, typeIndex))
    return false;
  g.types.push_back(std::move(st));
  return ts.expectRParen();
}

bool ModuleParser::parseTypes() {
  while (ts.is(Tok::LParen)) {
    llvm::StringRef kw = ts.parenKeyword();
    if (kw == "type") {
      if (!ts.advance() || !ts.advance())
        return false;
      RecGroup g;
      if (!parseTypeField(g, false))
        return false;
      m.types.push_back(std::move(g));
    } else if (kw == "rec") {
      if (!ts.advance() || !ts.advance())
        return false;
      RecGroup g;
      g.explicitRec = true;
      while (ts.takeParenKeyword("type"))
        if (!parseTypeField(g, true))
          return false;
      if (ts.failed() || !ts.expectRParen())
        return false;
      m.types.push_back(std::move(g));
    } else {
      if (!ts.advance() || !ts.advance() || !ts.skipGroup())
        return false;
    }
  }
  explicitTypes = uint32_t(typeLoc.size());
  return true;
}

//===----------------------------------------------------------------------===//
// Top level.
//===----------------------------------------------------------------------===//

bool ModuleParser::parse(std::vector<uint8_t> &out) {
  fieldsStart = ts.tok().offset;
  if (!scanFields() || !assignIndices())
    return false;
  uint32_t end = ts.tok().offset;
  if (!ts.reset(fieldsStart) || !parseTypes())
    return false;
  if (!ts.reset(fieldsStart) || !parseFields())
    return false;
  if (ts.tok().offset != end)
    return ts.failHere("internal error: field passes disagree");
  encode(out);
  return true;
}

} // namespace wcomp::text
