//===- text/component_items.cpp - Component text: instances, aliases, canon ===//
#include "text/component_parser.h"

#include <cstdlib>

#include "binary/parser.h"

namespace wcomp::text {

using namespace binary;

//===----------------------------------------------------------------------===//
// Item references.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseSortKeyword(Sort &s, bool coreContext) {
  // In a core context (core instance exports and arguments) the core sorts
  // are written without the `core` prefix.
  bool core = coreContext;
  if (ts.isKeyword("core")) {
    core = true;
    if (!ts.advance())
      return false;
  }
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a sort");
  llvm::StringRef k = ts.text();
  if (core) {
    s.kind = sortkind::Core;
    if (k == "func") s.core = coresort::Func;
    else if (k == "table") s.core = coresort::Table;
    else if (k == "memory") s.core = coresort::Memory;
    else if (k == "global") s.core = coresort::Global;
    else if (k == "tag") s.core = coresort::Tag;
    else if (k == "type") s.core = coresort::Type;
    else if (k == "module") s.core = coresort::Module;
    else if (k == "instance") s.core = coresort::Instance;
    else return ts.unexpected("a core sort");
  } else {
    s.core = 0;
    if (k == "func") s.kind = sortkind::Func;
    else if (k == "value") s.kind = sortkind::Value;
    else if (k == "type") s.kind = sortkind::Type;
    else if (k == "component") s.kind = sortkind::Component;
    else if (k == "instance") s.kind = sortkind::Instance;
    else if (k == "module") s = {sortkind::Core, coresort::Module};
    else return ts.unexpected("a sort");
  }
  return ts.advance();
}

bool ComponentParser::parseItemRef(CSpace s, uint32_t &index) {
  // `idx` or `instidx "name"+`: each name is an inline alias of an export,
  // through nested instances for all but the last.
  Token next = ts.peek();
  if (!isIndex() || next.kind != Tok::String)
    return parseIndex(s, index);
  // Core instances export core functions, tables, memories, globals and
  // tags; everything else (core modules too) comes from component instances.
  bool core = s <= CCoreTag;
  CSpace instSpace = core ? CCoreInstance : CInstance;
  uint32_t inst;
  if (!parseIndex(instSpace, inst))
    return false;
  while (ts.is(Tok::String)) {
    Alias a;
    a.target = core ? aliastarget::CoreExport : aliastarget::Export;
    a.instance = inst;
    if (!parseString(a.name))
      return false;
    bool last = !ts.is(Tok::String);
    if (core && !last)
      return ts.failHere("core instance exports cannot be aliased through more than one name");
    a.sort = sortOfSpace(last ? s : instSpace);
    uint32_t idx;
    if (!emitAlias(a, idx))
      return false;
    (last ? index : inst) = idx;
  }
  return true;
}

bool ComponentParser::parseSortRef(SortIdx &item, bool coreContext) {
  if (!ts.expectLParen() || !parseSortKeyword(item.sort, coreContext))
    return false;
  return parseItemRef(spaceOfSort(item.sort), item.index) && ts.expectRParen();
}

namespace {
/// Whether the forms of core references that predate
/// WebAssembly/component-model#655 are accepted: `(func $f)` for
/// `(core func $f)` and `(memory $i "mem")` for `(memory (core memory $i
/// "mem"))`. wasm-tools 1.262 refuses them unless its
/// WAST_STRICT_COMPONENT_INDICES variable is `0`; wcomp reads the same switch
/// so one setting serves both tools.
bool legacyIndices() {
  const char *v = std::getenv("WAST_STRICT_COMPONENT_INDICES");
  return v && llvm::StringRef(v) == "0";
}

/// The keyword of a core sort written without its `core` prefix.
llvm::StringRef bareCoreKeyword(CSpace s) {
  switch (s) {
  case CCoreFunc: return "func";
  case CCoreTable: return "table";
  case CCoreMemory: return "memory";
  case CCoreType: return "type";
  default: return {};
  }
}
} // namespace

bool ComponentParser::parseOptRef(CSpace s, uint32_t &index) {
  // A bare index, or a sort reference such as `(core memory $i "mem")`.
  llvm::StringRef bare = bareCoreKeyword(s);
  if (!ts.is(Tok::LParen)) {
    if (s == CCoreMemory && isIndex() && ts.peek().kind == Tok::String) {
      if (!legacyIndices())
        return ts.fail(ts.peek().offset,
                       "an export name must be written inside a nested reference: `(memory $i "
                       "\"name\")` should be written `(memory (core memory $i \"name\"))` (or set "
                       "WAST_STRICT_COMPONENT_INDICES=0 to accept the legacy syntax)");
      return parseItemRef(s, index);
    }
    return parseIndex(s, index);
  }
  bool legacy = !bare.empty() && ts.parenKeyword() == bare;
  if (legacy && !legacyIndices())
    return ts.fail(ts.peek().offset, "the `core` keyword is required in this reference: `(" + bare +
                                         " ...)` should be written `(core " + bare +
                                         " ...)` (or set WAST_STRICT_COMPONENT_INDICES=0 to "
                                         "accept the legacy syntax)");
  SortIdx item;
  uint32_t at = ts.tok().offset;
  if (!parseSortRef(item, legacy))
    return false;
  if (spaceOfSort(item.sort) != s)
    return ts.fail(at, llvm::Twine("expected a ") + sortName(sortOfSpace(s)) + " reference");
  index = item.index;
  return true;
}

bool ComponentParser::emitAlias(const Alias &a, uint32_t &index, llvm::StringRef id,
                                uint32_t offset) {
  Scope &sc = cur();
  if (sc.kind == Scope::Component) {
    section(compsec::Alias).aliases.push_back(a);
  } else {
    TypeDecl d;
    d.kind = 0x02;
    d.alias = a;
    sc.decls->push_back(std::move(d));
  }
  return define(spaceOfSort(a.sort), id, offset, index);
}

//===----------------------------------------------------------------------===//
// Aliases.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseOuter(uint32_t &count, uint32_t &index, CSpace s) {
  // `ct idx`: ct names an enclosing scope by id or by count.
  uint32_t n = uint32_t(scopes.size());
  if (ts.is(Tok::Id)) {
    std::string id;
    uint32_t off;
    if (!takeId(id, off))
      return false;
    uint32_t i = n;
    while (i > 0 && scopes[i - 1]->id != id)
      --i;
    if (i == 0)
      return ts.fail(off, "outer item `$" + id + "` is not a component or a component or instance type");
    count = n - i;
  } else if (!cur().core->parseU32(count)) {
    return false;
  }
  if (count >= n) {
    // Out of range: leave it to validation, which names the problem.
    if (ts.is(Tok::Id))
      return ts.failHere("outer count of " + llvm::Twine(count) + " is too large");
    return cur().core->parseU32(index);
  }
  return parseIndexIn(count, s, index);
}

bool ComponentParser::parseIndexIn(uint32_t count, CSpace s, uint32_t &index) {
  // Resolve in the scope `count` levels out: set the inner ones aside. No
  // implicit alias may be made there for a name it lacks.
  std::vector<std::unique_ptr<Scope>> inner;
  for (uint32_t k = 0; k < count; ++k) {
    inner.push_back(std::move(scopes.back()));
    scopes.pop_back();
  }
  implicitOuterAliases = false;
  bool ok = parseIndex(s, index);
  implicitOuterAliases = true;
  while (!inner.empty()) {
    scopes.push_back(std::move(inner.back()));
    inner.pop_back();
  }
  return ok;
}

bool ComponentParser::parseAliasTarget(Alias &a) {
  // After `alias`: `export i "n"`, `core export i "n"` or `outer ct idx`.
  if (ts.takeKeyword("outer")) {
    a.target = aliastarget::Outer;
    return parseOuter(a.instance, a.index, spaceOfSort(a.sort));
  }
  bool core = false;
  if (ts.takeKeyword("core"))
    core = true;
  if (!ts.expectKeyword("export"))
    return false;
  a.target = core ? aliastarget::CoreExport : aliastarget::Export;
  return parseIndex(core ? CCoreInstance : CInstance, a.instance) && parseString(a.name);
}

bool ComponentParser::parseAliasField() {
  // `(alias target (sort $id?))`: resolving an outer target needs the sort,
  // which comes last, so look ahead for it first.
  Alias a;
  TokenStream start = ts;
  while (!ts.is(Tok::LParen) && !ts.is(Tok::RParen) && !ts.is(Tok::Eof))
    if (!ts.advance())
      return false;
  if (!ts.expectLParen() || !parseSortKeyword(a.sort, false))
    return false;
  ts = start;
  if (!parseAliasTarget(a) || !ts.expectLParen() || !parseSortKeyword(a.sort, false))
    return false;
  std::string id;
  uint32_t off;
  if (!takeId(id, off) || !ts.expectRParen())
    return false;
  uint32_t index;
  return emitAlias(a, index, id, off);
}

//===----------------------------------------------------------------------===//
// Instances.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseCoreInstanceExports(CoreInstance &ci) {
  ci.kind = 0x01;
  while (ts.takeParenKeyword("export")) {
    CoreInstance::InlineExport x;
    SortIdx item;
    if (!parseString(x.name) || !parseSortRef(item, true) || !ts.expectRParen())
      return false;
    if (item.sort.kind != sortkind::Core)
      return ts.failHere("expected a core item");
    x.sort = item.sort.core;
    x.index = item.index;
    ci.exports.push_back(x);
  }
  return !ts.failed();
}

bool ComponentParser::parseCoreInstance(uint32_t at) {
  if (cur().kind != Scope::Component)
    return ts.fail(at, "core instances cannot be defined inside a type");
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  CoreInstance ci;
  if (ts.takeParenKeyword("instantiate")) {
    ci.kind = 0x00;
    if (!parseOptRef(CCoreModule, ci.module))
      return false;
    while (ts.takeParenKeyword("with")) {
      CoreInstance::Arg arg;
      if (!parseString(arg.name) || !ts.expectLParen() || !ts.expectKeyword("instance"))
        return false;
      arg.kind = coresort::Instance;
      if (ts.is(Tok::LParen)) {
        // An inline instance of exports, defined just before this one.
        CoreInstance inl;
        if (!parseCoreInstanceExports(inl))
          return false;
        section(compsec::CoreInstance).coreInstances.push_back(std::move(inl));
        if (!define(CCoreInstance, "", 0, arg.index))
          return false;
      } else if (!parseItemRef(CCoreInstance, arg.index)) {
        return false;
      }
      if (!ts.expectRParen() || !ts.expectRParen())
        return false;
      ci.args.push_back(arg);
    }
    if (ts.failed() || !ts.expectRParen())
      return false;
  } else if (!parseCoreInstanceExports(ci)) {
    return false;
  }
  section(compsec::CoreInstance).coreInstances.push_back(std::move(ci));
  uint32_t index;
  return define(CCoreInstance, id, off, index);
}

bool ComponentParser::parseInstanceExports(Instance &in) {
  in.kind = 0x01;
  while (ts.takeParenKeyword("export")) {
    Instance::InlineExport x;
    if (!parseExternName(x.name) || !parseSortRef(x.item, false) || !ts.expectRParen())
      return false;
    in.exports.push_back(std::move(x));
  }
  return !ts.failed();
}

bool ComponentParser::parseInstance(uint32_t at) {
  ItemHead h;
  if (!parseItemHead(at, "instances", h))
    return false;
  if (atInlineImport()) {
    if (!parseInlineImport(0x05))
      return false;
  } else if (ts.takeParenKeyword("alias")) {
    Alias a;
    a.sort = {sortkind::Instance, 0};
    if (!parseAliasTarget(a) || !ts.expectRParen())
      return false;
    section(compsec::Alias).aliases.push_back(a);
  } else {
    Instance in;
    if (ts.takeParenKeyword("instantiate")) {
      in.kind = 0x00;
      if (!parseOptRef(CComponent, in.component))
        return false;
      while (ts.takeParenKeyword("with")) {
        Instance::Arg arg;
        if (!parseString(arg.name))
          return false;
        TokenStream probe = ts;
        bool inlineInstance = probe.atParenKeyword("instance") && probe.advance() &&
                              probe.advance() && probe.is(Tok::LParen);
        if (inlineInstance) {
          // `(with "n" (instance (export ...)...))`: an inline instance.
          if (!ts.advance() || !ts.advance())
            return false;
          Instance inl;
          if (!parseInstanceExports(inl) || !ts.expectRParen())
            return false;
          section(compsec::Instance).instances.push_back(std::move(inl));
          arg.item.sort = {sortkind::Instance, 0};
          if (!define(CInstance, "", 0, arg.item.index))
            return false;
        } else if (!parseSortRef(arg.item, false)) {
          return false;
        }
        if (!ts.expectRParen())
          return false;
        in.args.push_back(std::move(arg));
      }
      if (ts.failed() || !ts.expectRParen())
        return false;
    } else if (!parseInstanceExports(in)) {
      return false;
    }
    section(compsec::Instance).instances.push_back(std::move(in));
  }
  return !ts.failed() && finishItem(CInstance, h);
}

//===----------------------------------------------------------------------===//
// Item sugar: `(func $f (canon lift ...))`, `(core func (alias ...))`, ...
//===----------------------------------------------------------------------===//

bool ComponentParser::parseItemSugar(CSpace s, uint32_t at) {
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  std::vector<ExternName> exports;
  if (!parseInlineExports(exports))
    return false;
  uint32_t index;
  if (ts.takeParenKeyword("alias")) {
    Alias a;
    a.sort = sortOfSpace(s);
    if (!parseAliasTarget(a) || !ts.expectRParen() || !emitAlias(a, index, id, off))
      return false;
    emitInlineExports(exports, s, index);
    return true;
  }
  if (ts.failed())
    return false;
  if (s == CFunc && atInlineImport()) {
    if (!parseInlineImport(0x01) || !define(CFunc, id, off, index))
      return false;
    emitInlineExports(exports, CFunc, index);
    return true;
  }
  if (ts.failed())
    return false;
  if (s != CFunc && s != CCoreFunc)
    return ts.unexpected("`(alias ...)`");
  if (cur().kind != Scope::Component)
    return ts.fail(at, "functions cannot be defined inside a type");
  Canon c;
  uint32_t liftType = 0;
  if (s == CFunc) {
    // `(func $f typeuse (canon lift ...))`.
    if (!parseTypeUseOrInline(0x01, liftType))
      return false;
  }
  if (!ts.expectLParen() || !ts.expectKeyword("canon") || !parseCanonBody(c) ||
      !ts.expectRParen())
    return false;
  bool lift = canonInfo(c.opcode).shape == CanonShape::Lift;
  if (lift != (s == CFunc))
    return ts.fail(at, lift ? "`canon lift` defines a component function, not a core function"
                            : "only `canon lift` defines a component function");
  c.type = lift ? liftType : c.type;
  if (!emitCanon(c, id, off))
    return false;
  emitInlineExports(exports, s, cur().count[s] - 1);
  return true;
}

//===----------------------------------------------------------------------===//
// Canonical definitions.
//===----------------------------------------------------------------------===//

bool ComponentParser::parseCanonOpts(std::vector<CanonOpt> &opts) {
  for (;;) {
    CanonOpt o;
    if (ts.is(Tok::Keyword)) {
      llvm::StringRef k = ts.text();
      if (k == "string-encoding=utf8") o.kind = 0x00;
      else if (k == "string-encoding=utf16") o.kind = 0x01;
      else if (k == "string-encoding=latin1+utf16") o.kind = 0x02;
      else if (k == "async") o.kind = 0x06;
      else if (k == "gc") o.kind = 0x09;
      else return ts.unexpected("a canonical option");
      if (!ts.advance())
        return false;
      opts.push_back(o);
      continue;
    }
    if (!ts.is(Tok::LParen))
      return !ts.failed();
    llvm::StringRef k = ts.parenKeyword();
    CSpace s = CCoreFunc;
    if (k == "memory") { o.kind = 0x03; s = CCoreMemory; }
    else if (k == "realloc") o.kind = 0x04;
    else if (k == "post-return") o.kind = 0x05;
    else if (k == "callback") o.kind = 0x07;
    else if (k == "core-type") { o.kind = 0x08; s = CCoreType; }
    else return true; // the trailing `(func ...)`/`(core func ...)`
    if (!ts.advance() || !ts.advance() || !parseOptRef(s, o.index) || !ts.expectRParen())
      return false;
    opts.push_back(o);
  }
}

bool ComponentParser::parseCanonBody(Canon &c) {
  // After `canon`: the built-in's name and its immediates.
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a canonical built-in name");
  llvm::StringRef name = ts.text();
  uint32_t at = ts.tok().offset;
  int found = -1;
  for (int op = 0; op < 0x50; ++op)
    if (canonInfo(uint8_t(op)).shape != CanonShape::Unknown && name == canonInfo(uint8_t(op)).name)
      found = op;
  if (found < 0)
    return ts.fail(at, "unknown canonical built-in `" + name + "`");
  c.opcode = uint8_t(found);
  if (!ts.advance())
    return false;
  auto flag = [&] {
    if (ts.isKeyword("cancellable"))
      return ts.failHere("the `cancellable` option is no longer supported after "
                         "WebAssembly/component-model#716");
    if (ts.isKeyword("async")) {
      c.flag = 1;
      return ts.advance();
    }
    return !ts.failed();
  };
  auto typeIdx = [&](uint32_t &i) {
    if (ts.takeParenKeyword("type"))
      return parseItemRef(CType, i) && ts.expectRParen();
    return !ts.failed() && parseIndex(CType, i);
  };
  switch (canonInfo(c.opcode).shape) {
  case CanonShape::Lift:
    if (!ts.expectLParen() || !ts.expectKeyword("core") || !ts.expectKeyword("func") ||
        !parseItemRef(CCoreFunc, c.func) || !ts.expectRParen())
      return false;
    return parseCanonOpts(c.opts);
  case CanonShape::Lower:
    if (!ts.expectLParen() || !ts.expectKeyword("func") || !parseItemRef(CFunc, c.func) ||
        !ts.expectRParen())
      return false;
    return parseCanonOpts(c.opts);
  case CanonShape::None: return true;
  case CanonShape::Type: return typeIdx(c.type);
  case CanonShape::Flag: return flag();
  case CanonShape::TypeOpts: return typeIdx(c.type) && parseCanonOpts(c.opts);
  case CanonShape::TypeFlag: return typeIdx(c.type) && flag();
  case CanonShape::Opts: return parseCanonOpts(c.opts);
  case CanonShape::ResultsOpts:
    c.results.resultForm = 0x01;
    if (ts.takeParenKeyword("result")) {
      CValType t;
      if (!parseValType(t) || !ts.expectRParen())
        return false;
      c.results.resultForm = 0x00;
      c.results.result = t;
    }
    return !ts.failed() && parseCanonOpts(c.opts);
  case CanonShape::ContextSlot: {
    if (!ts.is(Tok::Keyword) || !(ts.isKeyword("i32") || ts.isKeyword("i64")))
      return ts.unexpected("`i32` or `i64`");
    c.coreType = ValType::num(ts.isKeyword("i32") ? typecode::I32 : typecode::I64);
    return ts.advance() && cur().core->parseU32(c.type);
  }
  case CanonShape::FlagIndex:
    if (!flag())
      return false;
    if (ts.takeParenKeyword("memory"))
      return parseOptRef(CCoreMemory, c.type) && ts.expectRParen();
    return !ts.failed() && parseIndex(CCoreMemory, c.type);
  case CanonShape::TypeIndex:
    // thread.new-indirect: a core func type and a core table.
    if (ts.is(Tok::LParen)) {
      if (!ts.advance() || !ts.expectKeyword("core") || !ts.expectKeyword("type") ||
          !parseIndex(CCoreType, c.type) || !ts.expectRParen())
        return false;
    } else if (!parseIndex(CCoreType, c.type)) {
      return false;
    }
    return parseOptRef(CCoreTable, c.table);
  case CanonShape::CoreType:
    // thread.spawn-ref: a core func type.
    if (ts.is(Tok::LParen)) {
      if (!ts.advance() || !ts.expectKeyword("core") || !ts.expectKeyword("type") ||
          !parseIndex(CCoreType, c.type) || !ts.expectRParen())
        return false;
      return true;
    }
    return parseIndex(CCoreType, c.type);
  case CanonShape::Unknown: break;
  }
  return ts.fail(at, "unsupported canonical built-in `" + name + "`");
}

bool ComponentParser::emitCanon(const Canon &c, llvm::StringRef id, uint32_t offset) {
  section(compsec::Canon).canons.push_back(c);
  CSpace s = canonInfo(c.opcode).shape == CanonShape::Lift ? CFunc : CCoreFunc;
  uint32_t index;
  return define(s, id, offset, index);
}

bool ComponentParser::parseCanonField() {
  // `(canon name ... (func $id? typeuse))` or `(canon name ... (core func $id?))`.
  if (cur().kind != Scope::Component)
    return ts.failHere("canonical functions cannot be defined inside a type");
  Canon c;
  if (!parseCanonBody(c) || !ts.expectLParen())
    return false;
  bool lift = canonInfo(c.opcode).shape == CanonShape::Lift;
  if (lift) {
    if (!ts.expectKeyword("func"))
      return false;
  } else if (!ts.expectKeyword("core") || !ts.expectKeyword("func")) {
    return false;
  }
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  if (lift && !parseTypeUseOrInline(0x01, c.type))
    return false;
  if (!ts.expectRParen())
    return false;
  return emitCanon(c, id, off);
}

} // namespace wcomp::text
