//===- text/component_parser.cpp - Component text parser: fields -----------===//
#include "text/component_parser.h"

#include "binary/error.h"
#include "binary/parser.h"
#include "binary/reader.h"
#include "text/producers.h"
#include "text/wat.h"

namespace wcomp::text {

using namespace binary;

CSpace spaceOfSort(Sort s) {
  if (s.kind == sortkind::Core) {
    switch (s.core) {
    case coresort::Func: return CCoreFunc;
    case coresort::Table: return CCoreTable;
    case coresort::Memory: return CCoreMemory;
    case coresort::Global: return CCoreGlobal;
    case coresort::Tag: return CCoreTag;
    case coresort::Type: return CCoreType;
    case coresort::Module: return CCoreModule;
    default: return CCoreInstance;
    }
  }
  switch (s.kind) {
  case sortkind::Func: return CFunc;
  case sortkind::Value: return CValue;
  case sortkind::Type: return CType;
  case sortkind::Component: return CComponent;
  default: return CInstance;
  }
}

Sort sortOfSpace(CSpace s) {
  static const Sort sorts[NumCSpaces] = {
      {sortkind::Core, coresort::Func},   {sortkind::Core, coresort::Table},
      {sortkind::Core, coresort::Memory}, {sortkind::Core, coresort::Global},
      {sortkind::Core, coresort::Tag},    {sortkind::Core, coresort::Type},
      {sortkind::Core, coresort::Module}, {sortkind::Core, coresort::Instance},
      {sortkind::Func, 0},                {sortkind::Value, 0},
      {sortkind::Type, 0},                {sortkind::Component, 0},
      {sortkind::Instance, 0}};
  return sorts[s];
}

namespace {
const char *spaceLabel(CSpace s) {
  static const char *n[] = {"core func",     "core table",    "core memory", "core global",
                            "core tag",      "core type",     "core module", "core instance",
                            "func",          "value",         "type",        "component",
                            "instance"};
  return n[s];
}
} // namespace

//===----------------------------------------------------------------------===//
// Names and indices.
//===----------------------------------------------------------------------===//

bool ComponentParser::takeId(std::string &id, uint32_t &offset) {
  return takeIdToken(ts, id, offset, nameAnnotations);
}

bool ComponentParser::define(CSpace s, llvm::StringRef id, uint32_t offset, uint32_t &index) {
  Scope &sc = cur();
  if (s == CCoreType) {
    // Core types live in the scope's module-style type space (GC types
    // refer to each other by name there).
    index = sc.core->typeCount();
    if (!sc.core->addOpaqueType(id, offset))
      return false;
  } else {
    index = sc.count[s];
    if (!id.empty() && !sc.names[s].try_emplace(id, index).second)
      return ts.fail(offset, llvm::Twine("duplicate ") + spaceLabel(s) + " identifier $" + id);
  }
  ++sc.count[s];
  if (!id.empty() && s != CCoreType)
    sc.nameList[s].push_back({index, displayName(id)});
  return true;
}

std::optional<uint32_t> ComponentParser::lookup(const Scope &sc, CSpace s,
                                                llvm::StringRef id) const {
  if (s == CCoreType)
    return sc.core->findType(id);
  auto it = sc.names[s].find(id);
  if (it == sc.names[s].end())
    return std::nullopt;
  return it->second;
}

bool ComponentParser::parseIndex(CSpace s, uint32_t &index) {
  if (!ts.is(Tok::Id)) {
    if (!ts.is(Tok::Atom))
      return ts.unexpected("an index");
    return cur().core->parseU32(index);
  }
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  if (auto i = lookup(cur(), s, id)) {
    index = *i;
    return true;
  }
  // A name of an enclosing scope's type, module or component is reached
  // through an implicit outer alias, defined here and named like its target.
  if (implicitOuterAliases &&
      (s == CType || s == CCoreType || s == CCoreModule || s == CComponent)) {
    for (size_t k = 1; k < scopes.size(); ++k) {
      if (auto i = lookup(*scopes[scopes.size() - 1 - k], s, id)) {
        Alias a;
        a.sort = sortOfSpace(s);
        a.target = aliastarget::Outer;
        a.instance = uint32_t(k);
        a.index = *i;
        // Named for later references here, but (like wasm-tools) not in
        // the name section: the alias is not a definition of the text.
        if (!emitAlias(a, index))
          return false;
        if (s == CCoreType)
          return cur().core->addTypeName(id, index);
        cur().names[s].try_emplace(id, index);
        return true;
      }
    }
  }
  return ts.fail(off, llvm::Twine("unknown ") + spaceLabel(s) + ": failed to find name `$" + id +
                          "`");
}

bool ComponentParser::parseString(llvm::StringRef &out) {
  std::string s;
  if (!ts.takeString(s))
    return false;
  if (!isValidUtf8(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size())))
    return ts.failHere("malformed UTF-8 encoding");
  out = saver.save(s);
  return true;
}

bool ComponentParser::parseExternName(ExternName &n) {
  // `(interface "a:b/c")` is the pre-2023 spelling of an interface name,
  // still read (as wasm-tools reads it) and written as the plain name.
  if (ts.atParenKeyword("interface")) {
    if (!ts.advance() || !ts.advance() || !parseString(n.name) || !ts.expectRParen())
      return false;
  } else if (!parseString(n.name)) {
    return false;
  }
  // `(implements "i")`, `(version-suffix "v")`, `(external-id "x")` select
  // the 0x02 form with options.
  while (ts.is(Tok::LParen) && isNameOption(ts.parenKeyword())) {
    llvm::StringRef kw = ts.parenKeyword();
    uint8_t kind = kw == "implements" ? 0x00 : kw == "version-suffix" ? 0x01 : 0x02;
    for (const ExternName::Option &prev : n.options)
      if (prev.kind == kind)
        return ts.failHere("unexpected token, `" + kw + "` is given twice");
    ExternName::Option o;
    o.kind = kind;
    if (!ts.advance() || !ts.advance() || !parseString(o.value) || !ts.expectRParen())
      return false;
    n.form = 0x02;
    n.options.push_back(o);
  }
  return !ts.failed();
}

ComponentSection &ComponentParser::section(uint8_t id) {
  Component &c = *cur().comp;
  bool vectorSection = id != compsec::Custom && id != compsec::CoreModule &&
                       id != compsec::Component && id != compsec::Start;
  if (vectorSection && !c.sections.empty() && c.sections.back().id == id)
    return c.sections.back();
  c.sections.emplace_back();
  c.sections.back().id = id;
  return c.sections.back();
}

//===----------------------------------------------------------------------===//
// Fields.
//===----------------------------------------------------------------------===//

bool ComponentParser::parse(llvm::StringRef id, std::vector<uint8_t> &out) {
  Component root;
  auto sc = std::make_unique<Scope>();
  sc->kind = Scope::Component;
  sc->id = id.str();
  sc->comp = &root;
  sc->core = std::make_unique<ModuleParser>(ts, "");
  scopes.push_back(std::move(sc));
  if (!parseComponentFields() || !finishComponent())
    return false;
  scopes.pop_back();
  Encoder e;
  writeComponent(e, root);
  out.assign(e.bytes.begin(), e.bytes.end());
  return true;
}

bool ComponentParser::parseComponentFields() {
  while (!ts.is(Tok::RParen) && !ts.is(Tok::Eof)) {
    if (!parseField())
      return false;
  }
  return !ts.failed();
}

bool ComponentParser::parseField() {
  if (ts.parenKeyword() == "@custom") {
    // `(@custom "name" "data"...)` places a custom section here.
    if (!ts.advance() || !ts.advance())
      return false;
    ComponentSection &s = section(compsec::Custom);
    if (!parseString(s.custom.name))
      return false;
    std::string data;
    while (ts.is(Tok::String))
      if (!ts.takeString(data))
        return false;
    blobs.push_back(std::move(data));
    s.custom.data = llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(blobs.back().data()), blobs.back().size());
    return ts.expectRParen();
  }
  if (ts.parenKeyword() == "@producers") {
    std::string data;
    if (!ts.advance() || !ts.advance() || !parseProducers(ts, data))
      return false;
    blobs.push_back(std::move(data));
    ComponentSection &s = section(compsec::Custom);
    s.custom.name = "producers";
    s.custom.data = llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(blobs.back().data()), blobs.back().size());
    return true;
  }
  if (ts.parenKeyword() == "@dylink.0") // a module's section: skipped, as other annotations
    return ts.advance() && ts.advance() && ts.skipGroup();
  if (!ts.is(Tok::LParen))
    return ts.unexpected("a component field");
  if (!ts.enter())
    return false;
  uint32_t at = ts.tok().offset;
  llvm::StringRef kw = ts.parenKeyword();
  if (kw.empty())
    return ts.unexpected("a component field");
  if (!ts.advance() || !ts.advance())
    return false;
  bool ok;
  if (kw == "core") {
    llvm::StringRef k2 = ts.is(Tok::Keyword) ? ts.text() : "";
    if (k2 == "module") {
      ok = ts.advance() && parseCoreModule(at);
    } else if (k2 == "instance") {
      ok = ts.advance() && parseCoreInstance(at);
    } else if (k2 == "type" || k2 == "rec") {
      if (!parseCoreTypeField()) // consumes the closing `)`
        return false;
      ts.leave();
      return true;
    } else if (k2 == "func" || k2 == "table" || k2 == "memory" || k2 == "global" ||
               k2 == "tag") {
      Sort s{sortkind::Core, k2 == "func"     ? coresort::Func
                             : k2 == "table"  ? coresort::Table
                             : k2 == "memory" ? coresort::Memory
                             : k2 == "global" ? coresort::Global
                                              : coresort::Tag};
      ok = ts.advance() && parseItemSugar(spaceOfSort(s), at);
    } else {
      return ts.failed() ? false : ts.unexpected("a core item keyword");
    }
  } else if (kw == "component") {
    ok = parseNestedComponent(at);
  } else if (kw == "instance") {
    ok = parseInstance(at);
  } else if (kw == "alias") {
    ok = parseAliasField();
  } else if (kw == "type") {
    ok = parseTypeField();
  } else if (kw == "canon") {
    ok = parseCanonField();
  } else if (kw == "start") {
    ok = parseStart();
  } else if (kw == "import") {
    ok = parseImport();
  } else if (kw == "export") {
    ok = parseExport();
  } else if (kw == "func") {
    ok = parseItemSugar(CFunc, at);
  } else if (kw == "value") {
    return ts.fail(at, "value definitions are not supported in the text format");
  } else {
    return ts.fail(at, "unexpected token `" + kw + "`, expected a component field");
  }
  if (!ok || !ts.expectRParen())
    return false;
  ts.leave();
  return true;
}

bool ComponentParser::atBareName(llvm::StringRef kw) const {
  // `(kw "n" option*)` names this item (an inline export or import), as
  // opposed to `(kw "n" item)` fields and export lists.
  if (!ts.atParenKeyword(kw))
    return false;
  TokenStream probe = ts;
  if (!probe.advance() || !probe.advance() || !probe.is(Tok::String) || !probe.advance())
    return false;
  while (probe.is(Tok::LParen)) {
    if (!isNameOption(probe.parenKeyword()) || !probe.advance() || !probe.advance() ||
        !probe.skipGroup())
      return false;
  }
  return probe.is(Tok::RParen);
}

bool ComponentParser::parseInlineExports(std::vector<ExternName> &names) {
  while (atBareName("export")) {
    ExternName n;
    if (!ts.advance() || !ts.advance() || !parseExternName(n) || !ts.expectRParen())
      return false;
    names.push_back(std::move(n));
  }
  return !ts.failed();
}

void ComponentParser::emitInlineExports(std::vector<ExternName> &names, CSpace s,
                                        uint32_t index) {
  // Inline exports go to the end of the component, as wasm-tools puts them.
  for (ExternName &n : names) {
    ComponentExport x;
    x.name = std::move(n);
    x.item = {sortOfSpace(s), index};
    cur().deferredExports.push_back(std::move(x));
  }
  names.clear();
}

bool ComponentParser::finishComponent() {
  Scope &sc = cur();
  for (ComponentExport &x : sc.deferredExports) {
    CSpace s = spaceOfSort(x.item.sort);
    section(compsec::Export).exports.push_back(std::move(x));
    uint32_t unused;
    if (!define(s, "", 0, unused))
      return false;
  }
  sc.deferredExports.clear();
  encodeNames(*sc.comp, sc);
  return true;
}

bool ComponentParser::parseItemHead(uint32_t at, const char *what, ItemHead &h) {
  if (cur().kind != Scope::Component)
    return ts.fail(at, llvm::Twine(what) + " cannot be defined inside a type");
  return takeId(h.id, h.offset) && parseInlineExports(h.exports);
}

bool ComponentParser::parseInlineImport(uint8_t kind) {
  // `(import "n")` then a type use: the item is an import of the component.
  ComponentImport imp;
  if (!ts.advance() || !ts.advance() || !parseExternName(imp.name) || !ts.expectRParen())
    return false;
  imp.desc.kind = kind;
  if (!parseTypeUseOrInline(kind, imp.desc.index))
    return false;
  section(compsec::Import).imports.push_back(std::move(imp));
  return true;
}

bool ComponentParser::finishItem(CSpace s, ItemHead &h) {
  uint32_t index;
  if (!define(s, h.id, h.offset, index))
    return false;
  emitInlineExports(h.exports, s, index);
  return true;
}

bool ComponentParser::parseNestedComponent(uint32_t at) {
  ItemHead h;
  if (!parseItemHead(at, "components", h))
    return false;
  if (atInlineImport()) {
    if (!parseInlineImport(0x04))
      return false;
  } else {
    auto nested = std::make_unique<Component>();
    Component *c = nested.get();
    section(compsec::Component).component = std::move(nested);
    auto sc = std::make_unique<Scope>();
    sc->kind = Scope::Component;
    sc->id = h.id;
    sc->comp = c;
    sc->core = std::make_unique<ModuleParser>(ts, "");
    scopes.push_back(std::move(sc));
    if (!parseComponentFields() || !finishComponent())
      return false;
    retired.push_back(std::move(cur().core));
    scopes.pop_back();
  }
  return finishItem(CComponent, h);
}

bool ComponentParser::parseCoreModule(uint32_t at) {
  ItemHead h;
  if (!parseItemHead(at, "core modules", h))
    return false;
  if (atInlineImport()) {
    if (!parseInlineImport(0x00))
      return false;
  } else {
    std::vector<uint8_t> bytes;
    if (ts.takeKeyword("binary")) {
      std::string b;
      while (ts.is(Tok::String))
        if (!ts.takeString(b))
          return false;
      bytes.assign(b.begin(), b.end());
    } else {
      if (ts.failed())
        return false;
      ModuleParser mp(ts, h.id);
      if (!mp.parse(bytes))
        return false;
    }
    blobs.emplace_back(bytes.begin(), bytes.end());
    ComponentSection &s = section(compsec::CoreModule);
    s.nestedBytes = llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(blobs.back().data()), blobs.back().size());
  }
  return finishItem(CCoreModule, h);
}

bool ComponentParser::parseImport() {
  // `(import "name" externdesc)`; in a component type it is a declaration.
  ExternName name;
  if (!parseExternName(name))
    return false;
  ExternDesc d;
  std::string id;
  uint32_t off;
  if (!parseExternDesc(d, &id, &off))
    return false;
  Scope &sc = cur();
  if (sc.kind == Scope::InstanceType)
    return ts.fail(off, "imports are not allowed in instance types");
  if (sc.kind == Scope::Component) {
    ComponentImport imp;
    imp.name = std::move(name);
    imp.desc = d;
    section(compsec::Import).imports.push_back(std::move(imp));
  } else {
    TypeDecl td;
    td.kind = 0x03;
    td.name = std::move(name);
    td.desc = d;
    sc.decls->push_back(std::move(td));
  }
  uint32_t index;
  return define(descSpace(d), id, off, index);
}

bool ComponentParser::parseExport() {
  Scope &sc = cur();
  if (sc.kind != Scope::Component) {
    // `(export "name" externdesc)` declares an export of a type.
    ExternName name;
    if (!parseExternName(name))
      return false;
    ExternDesc d;
    std::string id;
    uint32_t off;
    if (!parseExternDesc(d, &id, &off))
      return false;
    TypeDecl td;
    td.kind = 0x04;
    td.name = std::move(name);
    td.desc = d;
    cur().decls->push_back(std::move(td));
    uint32_t index;
    return define(descSpace(d), id, off, index);
  }
  // `(export $id? "name" sortidx externdesc?)`.
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  ComponentExport x;
  if (!parseExternName(x.name) || !parseSortRef(x.item, false))
    return false;
  if (ts.is(Tok::LParen)) {
    ExternDesc d;
    if (!parseExternDesc(d, nullptr, nullptr))
      return false;
    x.desc = d;
  }
  CSpace s = spaceOfSort(x.item.sort);
  section(compsec::Export).exports.push_back(std::move(x));
  uint32_t index;
  return define(s, id, off, index);
}

bool ComponentParser::parseStart() {
  if (cur().kind != Scope::Component)
    return ts.failHere("start functions are not allowed in types");
  ComponentStart st;
  if (!parseIndex(CFunc, st.func))
    return false;
  while (ts.takeParenKeyword("value")) {
    uint32_t v;
    if (!parseIndex(CValue, v) || !ts.expectRParen())
      return false;
    st.args.push_back(v);
  }
  std::vector<std::pair<std::string, uint32_t>> results;
  while (ts.takeParenKeyword("result")) {
    if (!ts.expectLParen() || !ts.expectKeyword("value"))
      return false;
    std::string id;
    uint32_t off;
    if (!takeId(id, off) || !ts.expectRParen() || !ts.expectRParen())
      return false;
    results.push_back({id, off});
    ++st.results;
  }
  if (ts.failed())
    return false;
  section(compsec::Start).start = st;
  for (auto &[id, off] : results) {
    uint32_t index;
    if (!define(CValue, id, off, index))
      return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// The component-name section.
//===----------------------------------------------------------------------===//

void ComponentParser::encodeNames(Component &c, const Scope &s) {
  Encoder e;
  if (!s.id.empty()) {
    Encoder sub;
    sub.name(s.id);
    e.section(0x00, sub);
  }
  for (unsigned sp = 0; sp < NumCSpaces; ++sp) {
    std::vector<std::pair<uint32_t, std::string>> list = s.nameList[sp];
    if (sp == CCoreType)
      for (const auto &[i, n] : s.core->typeNames())
        list.push_back({i, displayName(n)});
    if (list.empty())
      continue;
    std::stable_sort(list.begin(), list.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    Encoder sub;
    writeSort(sub, sortOfSpace(CSpace(sp)));
    sub.u32(uint32_t(list.size()));
    for (auto &[i, n] : list) {
      sub.u32(i);
      sub.name(n);
    }
    e.section(0x01, sub);
  }
  if (e.bytes.empty())
    return;
  blobs.emplace_back(e.bytes.begin(), e.bytes.end());
  c.sections.emplace_back();
  ComponentSection &cs = c.sections.back();
  cs.id = compsec::Custom;
  cs.custom.name = "component-name";
  cs.custom.data = llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(blobs.back().data()), blobs.back().size());
}

//===----------------------------------------------------------------------===//
// Entry point.
//===----------------------------------------------------------------------===//

bool parseComponentBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText) {
  std::string id;
  uint32_t off;
  llvm::StringMap<std::string> ignored; // a component's own name has no `(@name)`
  if (!takeIdToken(ts, id, off, ignored))
    return false;
  isText = false;
  if (ts.takeKeyword("binary")) {
    std::string bytes;
    while (ts.is(Tok::String))
      if (!ts.takeString(bytes))
        return false;
    out.assign(bytes.begin(), bytes.end());
    return true;
  }
  if (ts.failed())
    return false;
  if (ts.isKeyword("quote")) {
    uint32_t at = ts.tok().offset;
    if (!ts.advance())
      return false;
    std::string src = "(component";
    while (ts.is(Tok::String)) {
      src += ' ';
      if (!ts.takeString(src))
        return false;
    }
    src += ")";
    auto r = parseWat(src);
    if (!r) {
      binary::ErrorReport rep = binary::describeError(r.takeError());
      return ts.fail(at, "in quoted component: " + rep.text);
    }
    out = std::move(*r);
    return true;
  }
  isText = true;
  ComponentParser p(ts);
  return p.parse(id, out);
}

} // namespace wcomp::text
