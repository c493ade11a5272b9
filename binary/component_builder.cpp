//===- binary/component_builder.cpp - Components encoded directly ---------===//
#include "binary/component_builder.h"
#include "binary/parser.h"
#include "binary/producers.h"

namespace wcomp::binary {

Space spaceOf(Sort s) {
  if (s.kind == sortkind::Core) {
    switch (s.core) {
    case coresort::Func: return Space::CoreFunc;
    case coresort::Table: return Space::CoreTable;
    case coresort::Memory: return Space::CoreMemory;
    case coresort::Global: return Space::CoreGlobal;
    case coresort::Tag: return Space::CoreTag;
    case coresort::Type: return Space::CoreType;
    case coresort::Module: return Space::CoreModule;
    default: return Space::CoreInstance;
    }
  }
  switch (s.kind) {
  case sortkind::Func: return Space::Func;
  case sortkind::Value: return Space::Value;
  case sortkind::Type: return Space::Type;
  case sortkind::Component: return Space::Component;
  default: return Space::Instance;
  }
}

Space spaceOf(const ExternDesc &d) {
  switch (d.kind) {
  case 0x00: return Space::CoreModule;
  case 0x01: return Space::Func;
  case 0x02: return Space::Value;
  case 0x03: return Space::Type;
  case 0x04: return Space::Component;
  default: return Space::Instance;
  }
}

// --- Type declarations ------------------------------------------------------

uint32_t TypeDeclBuilder::type(TypeDef t) {
  TypeDecl d;
  d.kind = 0x01;
  d.type = std::make_unique<TypeDef>(std::move(t));
  decls.push_back(std::move(d));
  return counts[size_t(Space::Type)]++;
}

uint32_t TypeDeclBuilder::coreType(CoreTypeDef t) {
  TypeDecl d;
  d.kind = 0x00;
  d.coreType = std::make_unique<CoreTypeDef>(std::move(t));
  decls.push_back(std::move(d));
  return counts[size_t(Space::CoreType)]++;
}

uint32_t TypeDeclBuilder::alias(const Alias &a) {
  TypeDecl d;
  d.kind = 0x02;
  d.alias = a;
  decls.push_back(std::move(d));
  return counts[size_t(spaceOf(a.sort))]++;
}

uint32_t TypeDeclBuilder::externDecl(uint8_t kind, const ExternName &n, const ExternDesc &desc) {
  TypeDecl d;
  d.kind = kind;
  d.name = n;
  d.desc = desc;
  decls.push_back(std::move(d));
  return counts[size_t(spaceOf(desc))]++;
}

uint32_t TypeDeclBuilder::import(const ExternName &n, const ExternDesc &desc) {
  // Instance types have no imports; a caller asking for one is a bug, and
  // the declaration is written anyway so that validation names it.
  return externDecl(0x03, n, desc);
}

uint32_t TypeDeclBuilder::exportDecl(const ExternName &n, const ExternDesc &desc) {
  return externDecl(0x04, n, desc);
}

TypeDef TypeDeclBuilder::finish() {
  TypeDef t;
  t.kind = component ? 0x41 : 0x42;
  t.decls = std::move(decls);
  decls.clear();
  counts = {};
  return t;
}

// --- Components -----------------------------------------------------------

uint64_t ComponentPieces::size() const {
  uint64_t n = 0;
  for (llvm::ArrayRef<uint8_t> p : pieces)
    n += p.size();
  return n;
}

ComponentBuilder::ComponentBuilder(bool borrowNested) : borrow(borrowNested) {
  out.assign(std::begin(ComponentPreamble), std::end(ComponentPreamble));
}

void ComponentBuilder::cut() {
  if (out.empty())
    return;
  done.owned.push_back(std::move(out));
  done.pieces.push_back(done.owned.back());
  out = {};
}

void ComponentBuilder::flush() {
  if (!open)
    return;
  Encoder head;
  head.u8(openId);
  Encoder count;
  count.u32(openCount);
  head.u32(uint32_t(count.size() + body.size()));
  out.insert(out.end(), head.bytes.begin(), head.bytes.end());
  out.insert(out.end(), count.bytes.begin(), count.bytes.end());
  out.insert(out.end(), body.bytes.begin(), body.bytes.end());
  body.bytes.clear();
  open = false;
  openCount = 0;
}

Encoder &ComponentBuilder::item(uint8_t id) {
  if (open && openId != id)
    flush();
  open = true;
  openId = id;
  ++openCount;
  return body;
}

uint32_t ComponentBuilder::type(TypeDef t) {
  writeTypeDef(item(compsec::Type), t);
  return next(Space::Type);
}

uint32_t ComponentBuilder::coreType(const CoreTypeDef &t) {
  writeCoreTypeDef(item(compsec::CoreType), t);
  return next(Space::CoreType);
}

uint32_t ComponentBuilder::alias(const Alias &a) {
  writeAlias(item(compsec::Alias), a);
  return next(spaceOf(a.sort));
}

uint32_t ComponentBuilder::import(const ExternName &n, const ExternDesc &d) {
  Encoder &e = item(compsec::Import);
  writeExternName(e, n);
  writeExternDesc(e, d);
  return next(spaceOf(d));
}

uint32_t ComponentBuilder::exportItem(const ExternName &n, SortIdx it,
                                      const std::optional<ExternDesc> &ascribed) {
  Encoder &e = item(compsec::Export);
  writeExternName(e, n);
  writeSort(e, it.sort);
  e.u32(it.index);
  e.u8(ascribed ? 0x01 : 0x00);
  if (ascribed)
    writeExternDesc(e, *ascribed);
  return next(spaceOf(it.sort));
}

uint32_t ComponentBuilder::canon(const Canon &c) {
  writeCanon(item(compsec::Canon), c);
  return next(canonInfo(c.opcode).shape == CanonShape::Lift ? Space::Func : Space::CoreFunc);
}

uint32_t ComponentBuilder::coreInstance(const CoreInstance &ci) {
  writeCoreInstance(item(compsec::CoreInstance), ci);
  return next(Space::CoreInstance);
}

uint32_t ComponentBuilder::instance(const Instance &in) {
  writeInstance(item(compsec::Instance), in);
  return next(Space::Instance);
}

void ComponentBuilder::nested(uint8_t id, llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces) {
  flush();
  size_t size = 0;
  for (auto p : pieces)
    size += p.size();
  Encoder head;
  head.u8(id);
  head.u32(uint32_t(size));
  out.insert(out.end(), head.bytes.begin(), head.bytes.end());
  if (borrow) {
    cut();
    done.pieces.insert(done.pieces.end(), pieces.begin(), pieces.end());
    return;
  }
  out.reserve(out.size() + size);
  for (auto p : pieces)
    out.insert(out.end(), p.begin(), p.end());
}

uint32_t ComponentBuilder::coreModule(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces) {
  nested(compsec::CoreModule, pieces);
  return next(Space::CoreModule);
}

uint32_t ComponentBuilder::component(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces) {
  nested(compsec::Component, pieces);
  return next(Space::Component);
}

void ComponentBuilder::custom(llvm::StringRef name, llvm::ArrayRef<uint8_t> data) {
  flush();
  Encoder b;
  b.name(name);
  b.raw(data);
  Encoder e;
  e.section(compsec::Custom, b);
  out.insert(out.end(), e.bytes.begin(), e.bytes.end());
}

void ComponentBuilder::processedBy(llvm::StringRef tool, llvm::StringRef version) {
  // producers: one field (`processed-by`) with one (name, version) value.
  std::string body = encodeProducers({{"processed-by", tool.str(), version.str(), 0}});
  custom("producers",
         llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(body.data()), body.size()));
}

void ComponentBuilder::setName(const Sort &s, uint32_t index, llvm::StringRef name) {
  uint32_t key = s.kind == sortkind::Core ? s.core : 0x100 + s.kind;
  names[{key, index}] = name.str();
}

void ComponentBuilder::writeNames() {
  if (names.empty())
    return;
  Encoder e;
  for (auto it = names.begin(); it != names.end();) {
    uint32_t key = it->first.first;
    auto end = it;
    uint32_t n = 0;
    for (; end != names.end() && end->first.first == key; ++end)
      ++n;
    Encoder sub;
    Sort s;
    if (key >= 0x100) {
      s.kind = uint8_t(key - 0x100);
    } else {
      s.kind = sortkind::Core;
      s.core = uint8_t(key);
    }
    writeSort(sub, s);
    sub.u32(n);
    for (; it != end; ++it) {
      sub.u32(it->first.second);
      sub.name(it->second);
    }
    e.section(0x01, sub);
  }
  names.clear();
  custom("component-name", e.bytes);
}

ComponentPieces ComponentBuilder::finishPieces() {
  writeNames();
  flush();
  cut();
  ComponentPieces result = std::move(done);
  done = {};
  out.assign(std::begin(ComponentPreamble), std::end(ComponentPreamble));
  counts = {};
  return result;
}

std::vector<uint8_t> ComponentBuilder::finish() {
  writeNames();
  flush();
  std::vector<uint8_t> result;
  if (done.pieces.empty()) {
    result = std::move(out);
  } else {
    ComponentPieces p = finishPieces();
    result.reserve(p.size());
    for (llvm::ArrayRef<uint8_t> piece : p.pieces)
      result.insert(result.end(), piece.begin(), piece.end());
  }
  out.assign(std::begin(ComponentPreamble), std::end(ComponentPreamble));
  counts = {};
  return result;
}

} // namespace wcomp::binary
