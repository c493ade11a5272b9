#include "binary/module.h"
#include "binary/parser.h"

namespace wcomp::binary {

namespace {

} // namespace

void writeImport(Encoder &e, const Import &imp) {
  e.name(imp.module);
  e.name(imp.name);
  writeImportDesc(e, imp);
}

void writeImportDesc(Encoder &e, const Import &imp) {
  e.u8(imp.kind);
  switch (imp.kind) {
  case extkind::Func:
  case extkind::ExactFunc:
    e.u32(imp.index);
    break;
  case extkind::Table: writeTableType(e, imp.table); break;
  case extkind::Memory: writeLimits(e, imp.memory); break;
  case extkind::Global: writeGlobalType(e, imp.global); break;
  case extkind::Tag: writeTagType(e, imp.tag); break;
  }
}

namespace {

void writeElement(Encoder &e, const ElementSegment &seg) {
  e.u32(seg.flags);
  bool active = (seg.flags & 1) == 0;
  if ((seg.flags & 2) && active)
    e.u32(seg.table);
  if (active)
    writeExpr(e, seg.offset);
  if (seg.flags & 4) {
    if (seg.flags != 4)
      writeValType(e, seg.type);
    e.u32(uint32_t(seg.exprs.size()));
    for (const Expr &x : seg.exprs)
      writeExpr(e, x);
    return;
  }
  if (seg.flags != 0)
    e.u8(seg.elemKind);
  e.u32(uint32_t(seg.funcs.size()));
  for (uint32_t f : seg.funcs)
    e.u32(f);
}

void writeData(Encoder &e, const DataSegment &seg) {
  e.u32(seg.flags);
  if (seg.flags == 2)
    e.u32(seg.memory);
  if (seg.flags != 1)
    writeExpr(e, seg.offset);
  e.byteVec(seg.data);
}

void writeBody(Encoder &e, const FunctionBody &body) {
  if (!body.decoded) {
    e.byteVec(body.bytes);
    return;
  }
  Encoder b;
  b.u32(uint32_t(body.locals.size()));
  for (const LocalDecl &d : body.locals) {
    b.u32(d.count);
    writeValType(b, d.type);
  }
  writeExpr(b, body.code);
  e.byteVec(b.bytes);
}

/// The import section: each run of items read from one compact group is
/// written as that group again, other items as plain entries.
void writeImportSection(Encoder &e, const std::vector<Import> &imports) {
  auto groupEnd = [&](size_t i) {
    size_t j = i + 1;
    while (j < imports.size() && imports[j].compact == imports[i].compact &&
           !imports[j].groupStart && imports[j].module == imports[i].module)
      ++j;
    return j;
  };
  uint32_t entries = 0;
  for (size_t i = 0; i < imports.size(); i = imports[i].compact ? groupEnd(i) : i + 1)
    ++entries;
  e.u32(entries);
  for (size_t i = 0; i < imports.size();) {
    const Import &first = imports[i];
    if (!first.compact) {
      writeImport(e, first);
      ++i;
      continue;
    }
    size_t end = groupEnd(i);
    e.name(first.module);
    e.name("");
    e.u8(first.compact);
    if (first.compact == 0x7E)
      writeImportDesc(e, first);
    e.u32(uint32_t(end - i));
    for (; i < end; ++i) {
      e.name(imports[i].name);
      if (first.compact == 0x7F)
        writeImportDesc(e, imports[i]);
    }
  }
}

template <typename T, typename F> void vec(Encoder &e, const std::vector<T> &items, F &&f) {
  e.u32(uint32_t(items.size()));
  for (const T &item : items)
    f(e, item);
}

} // namespace

std::vector<uint8_t> defaultSectionOrder(const Module &m) {
  std::vector<uint8_t> order;
  auto add = [&](bool present, uint8_t id) {
    if (present)
      order.push_back(id);
  };
  add(!m.types.empty(), coresec::Type);
  add(!m.imports.empty(), coresec::Import);
  add(!m.functions.empty(), coresec::Function);
  add(!m.tables.empty(), coresec::Table);
  add(!m.memories.empty(), coresec::Memory);
  add(!m.tags.empty(), coresec::Tag);
  add(!m.globals.empty(), coresec::Global);
  add(!m.exports.empty(), coresec::Export);
  add(m.start.has_value(), coresec::Start);
  add(!m.elements.empty(), coresec::Element);
  add(m.dataCount.has_value(), coresec::DataCount);
  add(!m.code.empty(), coresec::Code);
  add(!m.data.empty(), coresec::Data);
  for (size_t i = 0; i < m.customs.size(); ++i)
    order.push_back(coresec::Custom);
  return order;
}

void writeModule(Encoder &e, const Module &m) {
  e.raw(CoreModulePreamble);
  std::vector<uint8_t> order = m.sectionOrder.empty() ? defaultSectionOrder(m) : m.sectionOrder;
  size_t nextCustom = 0;
  for (uint8_t id : order) {
    Encoder s;
    switch (id) {
    case coresec::Custom: {
      const CustomSection &c = m.customs.at(nextCustom++);
      s.name(c.name);
      s.raw(c.data);
      break;
    }
    case coresec::Type: vec(s, m.types, writeRecGroup); break;
    case coresec::Import: writeImportSection(s, m.imports); break;
    case coresec::Function:
      vec(s, m.functions, [](Encoder &e, uint32_t t) { e.u32(t); });
      break;
    case coresec::Table:
      vec(s, m.tables, [](Encoder &e, const Table &t) {
        if (t.init) {
          e.u8(0x40);
          e.u8(0x00);
          writeTableType(e, t.type);
          writeExpr(e, *t.init);
        } else {
          writeTableType(e, t.type);
        }
      });
      break;
    case coresec::Memory: vec(s, m.memories, writeLimits); break;
    case coresec::Tag: vec(s, m.tags, writeTagType); break;
    case coresec::Global:
      vec(s, m.globals, [](Encoder &e, const Global &g) {
        writeGlobalType(e, g.type);
        writeExpr(e, g.init);
      });
      break;
    case coresec::Export:
      vec(s, m.exports, [](Encoder &e, const Export &x) {
        e.name(x.name);
        e.u8(x.kind);
        e.u32(x.index);
      });
      break;
    case coresec::Start: s.u32(m.start.value_or(0)); break;
    case coresec::Element: vec(s, m.elements, writeElement); break;
    case coresec::DataCount: s.u32(m.dataCount.value_or(0)); break;
    case coresec::Code: vec(s, m.code, writeBody); break;
    case coresec::Data: vec(s, m.data, writeData); break;
    }
    e.section(id, s);
  }
}

} // namespace wcomp::binary
