//===- text/wat_fields.cpp - Core module text parser: module fields --------===//
#include "text/wat_module.h"

#include "text/dylink.h"
#include "text/producers.h"

#include "text/numbers.h"

namespace wcomp::text {

using namespace binary;

bool ModuleParser::parseInlineExports(uint8_t kind, uint32_t index) {
  while (ts.atParenKeyword("export")) {
    if (!ts.advance() || !ts.advance())
      return false;
    std::string name;
    if (!ts.takeString(name) || !ts.expectRParen())
      return false;
    Export x;
    x.name = save(name);
    x.kind = kind;
    x.index = index;
    m.exports.push_back(x);
  }
  return !ts.failed();
}

bool ModuleParser::parseLimits(Limits &l, bool is64) {
  uint64_t mn, mx;
  if (!parseU64(mn))
    return false;
  l.min = mn;
  if (ts.is(Tok::Atom)) {
    if (!parseU64(mx))
      return false;
    l.max = mx;
    l.flags |= 1;
  }
  return true;
}

bool ModuleParser::parseMemoryType(Limits &l) {
  l = Limits();
  bool is64 = false;
  if (ts.takeKeyword("i64"))
    is64 = true;
  else if (!ts.failed())
    ts.takeKeyword("i32");
  if (ts.failed())
    return false;
  if (is64)
    l.flags |= 4;
  if (!parseLimits(l, is64))
    return false;
  if (ts.takeKeyword("shared"))
    l.flags |= 2;
  else if (!ts.failed())
    ts.takeKeyword("unshared");
  if (ts.takeParenKeyword("pagesize")) {
    uint32_t size;
    if (!parseU32(size) || !ts.expectRParen())
      return false;
    if (size == 0 || (size & (size - 1)))
      return ts.failHere("invalid custom page size");
    l.flags |= 8;
    l.pageSizeLog2 = uint32_t(__builtin_ctz(size));
  }
  return !ts.failed();
}

bool ModuleParser::parseTableType(TableType &t) {
  t = TableType();
  // `shared? i64? limits reftype` (shared-everything-threads first).
  bool shared = ts.takeKeyword("shared");
  if (ts.failed())
    return false;
  bool is64 = false;
  if (ts.takeKeyword("i64"))
    is64 = true;
  else if (!ts.failed())
    ts.takeKeyword("i32");
  if (ts.failed())
    return false;
  if (is64)
    t.limits.flags |= 4;
  if (!parseLimits(t.limits, is64))
    return false;
  if (shared)
    t.limits.flags |= 2;
  return parseRefType(t.elem);
}

bool ModuleParser::parseGlobalType(GlobalType &g) {
  // `(mut T)`, `(shared T)`, `(shared mut T)` or a bare value type. A
  // `(shared anyref)` here is a shared global of type anyref, as wasm-tools
  // reads it: the global's parentheses come first.
  g = GlobalType();
  if (ts.takeParenKeyword("shared")) {
    g.flags = 2;
    if (ts.takeKeyword("mut"))
      g.flags |= 1;
  } else if (!ts.failed() && ts.takeParenKeyword("mut")) {
    g.flags = 1;
  } else {
    return !ts.failed() && parseValType(g.type);
  }
  return !ts.failed() && parseValType(g.type) && ts.expectRParen();
}

void ModuleParser::addParamNames(
    std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> &list,
    uint32_t index, const std::vector<std::string> &names) {
  std::vector<std::pair<uint32_t, std::string>> named;
  for (uint32_t i = 0; i < names.size(); ++i)
    if (!names[i].empty())
      named.push_back({i, names[i]});
  if (!named.empty())
    list.push_back({index, std::move(named)});
}

bool ModuleParser::parseImportDesc(Import &imp, llvm::StringRef kw, uint32_t funcIndex) {
  // Stream stands after the kind keyword and the optional id.
  if (kw == "func") {
    imp.kind = extkind::Func;
    std::vector<std::string> paramNames;
    bool exact = ts.atParenKeyword("exact");
    if (exact) {
      if (!ts.advance() || !ts.advance())
        return false;
      imp.kind = extkind::ExactFunc;
    }
    if (!parseTypeUse(imp.index, &paramNames, true) || (exact && !ts.expectRParen()))
      return false;
    if (funcIndex != ~0u)
      addParamNames(localNames, funcIndex, paramNames);
    return true;
  }
  if (kw == "table") {
    imp.kind = extkind::Table;
    return parseTableType(imp.table);
  }
  if (kw == "memory") {
    imp.kind = extkind::Memory;
    return parseMemoryType(imp.memory);
  }
  if (kw == "global") {
    imp.kind = extkind::Global;
    return parseGlobalType(imp.global);
  }
  imp.kind = extkind::Tag;
  return parseTypeUse(imp.tag.typeIndex, nullptr, true);
}

bool ModuleParser::parseImportField() {
  std::string mod, name;
  if (!ts.takeString(mod))
    return false;
  if (ts.atParenKeyword("item") || ts.is(Tok::RParen))
    return parseCompactImport(mod);
  if (!ts.takeString(name) || !ts.expectLParen())
    return false;
  llvm::StringRef kw = ts.text();
  if (!ts.advance())
    return false;
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  Import imp;
  imp.module = save(mod);
  imp.name = save(name);
  Space s = STags;
  kindSpace(kw, s);
  if (!parseImportDesc(imp, kw, s == SFuncs ? nextImport[SFuncs] : ~0u) || !ts.expectRParen() ||
      !ts.expectRParen())
    return false;
  ++nextImport[s];
  m.imports.push_back(imp);
  return true;
}


bool ModuleParser::parseItemHead(Space s, uint8_t kind, llvm::StringRef kw, uint32_t &index,
                                 bool &done) {
  done = false;
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  // Whether this is an import decides the index (imports come first), and
  // the inline exports before `(import` already need it.
  TokenStream probe = ts;
  while (probe.atParenKeyword("export"))
    if (!probe.advance() || !probe.advance() || !probe.skipGroup())
      break;
  bool imported = probe.atParenKeyword("import");
  index = imported ? nextImport[s]++ : nextDef[s]++ + importCount[s];
  if (!parseInlineExports(kind, index))
    return false;
  if (!imported)
    return true;
  Import imp;
  std::string mod, name;
  if (!ts.advance() || !ts.advance() || !ts.takeString(mod) || !ts.takeString(name) ||
      !ts.expectRParen())
    return false;
  imp.module = save(mod);
  imp.name = save(name);
  if (!parseImportDesc(imp, kw, s == SFuncs ? index : ~0u))
    return false;
  m.imports.push_back(imp);
  done = true;
  return ts.expectRParen();
}

bool ModuleParser::parseFunc() {
  uint32_t index;
  bool done;
  if (!parseItemHead(SFuncs, extkind::Func, "func", index, done))
    return false;
  if (done)
    return true;
  uint32_t typeIndex;
  std::vector<std::string> paramNames;
  if (!parseTypeUse(typeIndex, &paramNames, true))
    return false;
  m.functions.push_back(typeIndex);
  FunctionBody body;
  if (!parseBody(body, typeIndex, paramNames, index))
    return false;
  m.code.push_back(std::move(body));
  return ts.expectRParen();
}

bool ModuleParser::parseBody(FunctionBody &body, uint32_t typeIndex,
                             std::vector<std::string> &paramNames, uint32_t funcIndex) {
  LocalCtx ctx;
  const SubType *st = typeAt(typeIndex);
  uint32_t numParams = st && st->composite.kind == typecode::FuncType
                           ? uint32_t(st->composite.params.size())
                           : 0;
  for (uint32_t i = 0; i < paramNames.size(); ++i)
    if (!paramNames[i].empty()) {
      ctx.localNames[paramNames[i]] = i;
      ctx.localNameList.push_back({i, paramNames[i]});
    }
  uint32_t next = numParams;
  while (ts.atParenKeyword("local")) {
    if (!ts.advance() || !ts.advance())
      return false;
    if (ts.is(Tok::Id)) {
      std::string id;
      uint32_t off;
      ValType t;
      if (!takeId(id, off) || !parseValType(t))
        return false;
      if (!ctx.localNames.try_emplace(id, next).second)
        return ts.fail(off, "duplicate local $" + id);
      ctx.localNameList.push_back({next, id});
      if (!body.locals.empty() && body.locals.back().type == t)
        ++body.locals.back().count;
      else
        body.locals.push_back({1, t});
      ++next;
    } else {
      while (!ts.is(Tok::RParen)) {
        ValType t;
        if (!parseValType(t))
          return false;
        if (!body.locals.empty() && body.locals.back().type == t)
          ++body.locals.back().count;
        else
          body.locals.push_back({1, t});
        ++next;
      }
    }
    if (!ts.expectRParen())
      return false;
  }
  if (ts.failed())
    return false;
  ctx.numLocals = next;
  inFunctionBody = true;
  bool parsed = parseExprUntilParen(body.code, ctx);
  inFunctionBody = false;
  if (!parsed)
    return false;
  body.decoded = true;
  if (!ctx.localNameList.empty())
    localNames.push_back({funcIndex, std::move(ctx.localNameList)});
  if (!ctx.labelNameList.empty())
    labelNames.push_back({funcIndex, std::move(ctx.labelNameList)});
  if (!ctx.hints.empty())
    branchHints.push_back({funcIndex, std::move(ctx.hints)});
  return true;
}

bool ModuleParser::parseTable() {
  uint32_t index;
  bool done;
  if (!parseItemHead(STables, extkind::Table, "table", index, done))
    return false;
  if (done)
    return true;
  Table t;
  // `(table i64? reftype (elem ...))` abbreviation.
  bool is64 = false;
  {
    TokenStream probe = ts;
    probe.takeKeyword("shared");
    probe.takeKeyword("i64") || probe.takeKeyword("i32");
    if (!probe.is(Tok::Atom)) {
      bool shared = ts.takeKeyword("shared");
      if (!ts.failed() && ts.takeKeyword("i64"))
        is64 = true;
      else if (!ts.failed())
        ts.takeKeyword("i32");
      if (ts.failed() || !parseRefType(t.type.elem) || !ts.expectLParen() ||
          !ts.expectKeyword("elem"))
        return false;
      ElementSegment seg;
      seg.table = index;
      Operator c;
      c.op = is64 ? Opcode::I64Const : Opcode::I32Const;
      c.u64 = 0;
      seg.offset.ops.push_back(c);
      Operator e;
      e.op = Opcode::End;
      seg.offset.ops.push_back(e);
      bool funcref = t.type.elem.code == typecode::Func;
      if (ts.is(Tok::LParen)) {
        // Expressions; their type is the table's.
        while (ts.is(Tok::LParen)) {
          Expr x;
          LocalCtx ctx;
          if (ts.takeParenKeyword("item")) {
            if (!parseExprUntilParen(x, ctx) || !ts.expectRParen())
              return false;
          } else {
            if (ts.failed() || !parseFolded(x, ctx))
              return false;
            x.ops.push_back(e);
          }
          seg.exprs.push_back(std::move(x));
        }
      } else {
        ts.takeKeyword("func");
        while (peekIndex()) {
          uint32_t f;
          if (!parseIndex(SFuncs, f))
            return false;
          seg.funcs.push_back(f);
        }
        if (!funcref) {
          // Function indices into a typed table become ref.func items.
          for (uint32_t f : seg.funcs) {
            Expr x;
            Operator rf;
            rf.op = Opcode::RefFunc;
            rf.a = f;
            x.ops.push_back(rf);
            x.ops.push_back(e);
            seg.exprs.push_back(std::move(x));
          }
          seg.funcs.clear();
          seg.flags = 4;
        }
      }
      if (ts.failed() || !ts.expectRParen())
        return false;
      // The segment names its table, so (as wasm-tools encodes it) it has
      // the explicit-table form even for table 0.
      if (!seg.exprs.empty() || seg.flags == 4) {
        seg.type = t.type.elem;
        seg.flags = 6;
      } else {
        seg.flags = 2;
      }
      uint64_t n = seg.usesExprs() ? seg.exprs.size() : seg.funcs.size();
      t.type.limits.flags = 1 | (shared ? 2 : 0) | (is64 ? 4 : 0);
      t.type.limits.min = t.type.limits.max = n;
      m.tables.push_back(std::move(t));
      m.elements.push_back(std::move(seg));
      return ts.expectRParen();
    }
  }
  if (!parseTableType(t.type))
    return false;
  if (!ts.is(Tok::RParen)) {
    Expr init;
    LocalCtx ctx;
    if (!parseExprUntilParen(init, ctx))
      return false;
    t.init = std::move(init);
  }
  m.tables.push_back(std::move(t));
  return ts.expectRParen();
}

bool ModuleParser::parseMemory() {
  uint32_t index;
  bool done;
  if (!parseItemHead(SMems, extkind::Memory, "memory", index, done))
    return false;
  if (done)
    return true;
  bool is64 = false;
  {
    TokenStream probe = ts;
    probe.takeKeyword("shared");
    probe.takeKeyword("i64") || probe.takeKeyword("i32");
    if (probe.atParenKeyword("pagesize") && probe.advance() && probe.advance())
      probe.skipGroup();
    if (probe.atParenKeyword("data")) {
      if (ts.takeKeyword("i64"))
        is64 = true;
      else if (!ts.failed())
        ts.takeKeyword("i32");
      Limits l;
      uint64_t pageSize = 65536;
      if (ts.takeParenKeyword("pagesize")) {
        uint32_t size;
        if (!parseU32(size) || !ts.expectRParen())
          return false;
        if (size == 0 || (size & (size - 1)))
          return ts.failHere("invalid custom page size");
        l.flags |= 8;
        l.pageSizeLog2 = uint32_t(__builtin_ctz(size));
        pageSize = size;
      }
      if (ts.failed() || !ts.advance() || !ts.advance())
        return false;
      std::string bytes;
      if (!parseDataValues(bytes) || !ts.expectRParen())
        return false;
      l.flags |= 1 | (is64 ? 4 : 0);
      l.min = l.max = (uint64_t(bytes.size()) + pageSize - 1) / pageSize;
      m.memories.push_back(l);
      DataSegment seg;
      seg.flags = index == 0 ? 0 : 2;
      seg.memory = index;
      Operator c;
      c.op = is64 ? Opcode::I64Const : Opcode::I32Const;
      c.u64 = 0;
      seg.offset.ops.push_back(c);
      Operator e;
      e.op = Opcode::End;
      seg.offset.ops.push_back(e);
      blobs.push_back(std::move(bytes));
      seg.data = llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(blobs.back().data()),
                                         blobs.back().size());
      m.data.push_back(seg);
      return ts.expectRParen();
    }
  }
  Limits l;
  if (!parseMemoryType(l))
    return false;
  m.memories.push_back(l);
  return ts.expectRParen();
}

bool ModuleParser::parseGlobal() {
  uint32_t index;
  bool done;
  if (!parseItemHead(SGlobals, extkind::Global, "global", index, done))
    return false;
  if (done)
    return true;
  Global g;
  if (!parseGlobalType(g.type))
    return false;
  LocalCtx ctx;
  if (!parseExprUntilParen(g.init, ctx))
    return false;
  m.globals.push_back(std::move(g));
  return ts.expectRParen();
}

bool ModuleParser::parseTag() {
  uint32_t index;
  bool done;
  if (!parseItemHead(STags, extkind::Tag, "tag", index, done))
    return false;
  if (done)
    return true;
  TagType t;
  std::vector<std::string> paramNames;
  if (!parseTypeUse(t.typeIndex, &paramNames, true))
    return false;
  addParamNames(tagParamNameList, index, paramNames);
  m.tags.push_back(t);
  return ts.expectRParen();
}

bool ModuleParser::parseExport() {
  std::string name;
  if (!ts.takeString(name) || !ts.expectLParen())
    return false;
  Export x;
  x.name = save(name);
  llvm::StringRef kw = ts.text();
  Space s;
  if (kw == "func") { s = SFuncs; x.kind = extkind::Func; }
  else if (kw == "table") { s = STables; x.kind = extkind::Table; }
  else if (kw == "memory") { s = SMems; x.kind = extkind::Memory; }
  else if (kw == "global") { s = SGlobals; x.kind = extkind::Global; }
  else if (kw == "tag") { s = STags; x.kind = extkind::Tag; }
  else return ts.unexpected("an export kind");
  if (!ts.advance() || !parseIndex(s, x.index) || !ts.expectRParen() || !ts.expectRParen())
    return false;
  m.exports.push_back(x);
  return true;
}

bool ModuleParser::parseStart() {
  uint32_t at = ts.tok().offset;
  uint32_t f;
  if (!parseIndex(SFuncs, f) || !ts.expectRParen())
    return false;
  if (m.start)
    return ts.fail(at, "multiple start sections");
  m.start = f;
  return true;
}

bool ModuleParser::parseOffsetExpr(Expr &x) {
  LocalCtx ctx;
  if (ts.takeParenKeyword("offset")) {
    if (!parseExprUntilParen(x, ctx))
      return false;
    return ts.expectRParen();
  }
  if (ts.failed())
    return false;
  // A single folded instruction.
  if (!ts.is(Tok::LParen))
    return ts.unexpected("an offset expression");
  if (!parseFolded(x, ctx))
    return false;
  Operator e;
  e.op = Opcode::End;
  x.ops.push_back(e);
  return true;
}

bool ModuleParser::parseElemList(ElementSegment &seg, bool legacyFuncs) {
  // `func x*`, bare `x*` (legacy), or `reftype item*`.
  if (ts.takeKeyword("func") || (legacyFuncs && (peekIndex() || ts.is(Tok::RParen)))) {
    while (peekIndex()) {
      uint32_t f;
      if (!parseIndex(SFuncs, f))
        return false;
      seg.funcs.push_back(f);
    }
    return !ts.failed();
  }
  if (ts.failed())
    return false;
  seg.flags |= 4;
  if (!parseRefType(seg.type))
    return false;
  while (ts.is(Tok::LParen)) {
    Expr x;
    LocalCtx ctx;
    if (ts.takeParenKeyword("item")) {
      if (!parseExprUntilParen(x, ctx) || !ts.expectRParen())
        return false;
    } else {
      if (ts.failed() || !parseFolded(x, ctx))
        return false;
      Operator e;
      e.op = Opcode::End;
      x.ops.push_back(e);
    }
    seg.exprs.push_back(std::move(x));
  }
  return !ts.failed();
}

bool ModuleParser::parseElem() {
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  ElementSegment seg;
  if (ts.takeKeyword("declare")) {
    seg.flags = 3;
    if (!parseElemList(seg, false))
      return false;
    if (seg.usesExprs())
      seg.flags = 7;
  } else if (ts.failed()) {
    return false;
  } else if (peekIndex() || ts.atParenKeyword("table") || ts.atParenKeyword("offset") ||
             (ts.is(Tok::LParen) && !ts.atParenKeyword("ref") && !ts.atParenKeyword("item"))) {
    bool explicitTable = false;
    if (ts.takeParenKeyword("table")) {
      if (!parseIndex(STables, seg.table) || !ts.expectRParen())
        return false;
      explicitTable = true;
    }
    // Legacy form: a bare table index before the offset. It names the
    // table (wasm-tools then uses the explicit-table encoding, table 0
    // included) and, like no table at all, allows bare function indices.
    bool bareIndices = !explicitTable;
    if (!explicitTable && peekIndex()) {
      if (!parseIndex(STables, seg.table))
        return false;
      explicitTable = true;
    }
    if (ts.failed() || !parseOffsetExpr(seg.offset))
      return false;
    if (!parseElemList(seg, bareIndices))
      return false;
    bool exprs = seg.usesExprs();
    bool funcref = !exprs || seg.type == ValType{typecode::Func, HeapType::abstract(typecode::Func)};
    if (!explicitTable && funcref)
      seg.flags = exprs ? 4 : 0;
    else
      seg.flags = exprs ? 6 : 2;
    if (!exprs && explicitTable)
      seg.elemKind = 0;
  } else {
    seg.flags = 1;
    if (!parseElemList(seg, false))
      return false;
    if (seg.usesExprs())
      seg.flags = 5;
  }
  m.elements.push_back(std::move(seg));
  return ts.expectRParen();
}

bool ModuleParser::parseFields() {
  while (ts.is(Tok::LParen)) {
    if (!ts.advance())
      return false;
    llvm::StringRef kw = ts.text();
    if (ts.is(Tok::Annotation)) {
      // A branch hint belongs before an instruction (the branch hinting
      // proposal's text format); between module fields it has no target.
      if (kw == "@metadata.code.branch_hint")
        return ts.failHere("@metadata.code.branch_hint annotation: not in a function");
      if (!ts.advance())
        return false;
      if (kw == "@custom") {
        if (!parseCustom())
          return false;
      } else if (kw == "@producers" || kw == "@dylink.0") {
        // A producers section goes after everything else, the dynamic-linking
        // section before everything else.
        bool producers = kw == "@producers";
        std::string data;
        if (!(producers ? parseProducers(ts, data) : parseDylink(ts, data)))
          return false;
        blobs.push_back(std::move(data));
        customs.push_back({producers ? "producers" : "dylink.0", uint8_t(producers ? 0xFF : 0),
                           producers,
                           llvm::ArrayRef<uint8_t>(
                               reinterpret_cast<const uint8_t *>(blobs.back().data()),
                               blobs.back().size())});
      } else if (!ts.skipGroup()) {
        return false;
      }
      continue;
    }
    if (!ts.advance())
      return false;
    bool ok;
    if (kw == "type" || kw == "rec") ok = ts.skipGroup();
    else if (kw == "func") ok = parseFunc();
    else if (kw == "table") ok = parseTable();
    else if (kw == "memory") ok = parseMemory();
    else if (kw == "global") ok = parseGlobal();
    else if (kw == "tag") ok = parseTag();
    else if (kw == "import") ok = parseImportField();
    else if (kw == "export") ok = parseExport();
    else if (kw == "start") ok = parseStart();
    else if (kw == "elem") ok = parseElem();
    else if (kw == "data") ok = parseData();
    else ok = ts.unexpected("a module field");
    if (!ok)
      return false;
  }
  return true;
}

bool ModuleParser::parseFieldIndex(uint32_t typeIndex, uint32_t &idx) {
  if (ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    if (typeIndex < fieldNames.size()) {
      auto it = fieldNames[typeIndex].find(id);
      if (it != fieldNames[typeIndex].end()) {
        idx = it->second;
        return true;
      }
    }
    return ts.fail(off, "unknown field $" + id);
  }
  return parseU32(idx);
}

} // namespace wcomp::text
