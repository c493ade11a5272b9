#include "binary/module.h"

#include "binary/limits.h"

namespace wcomp::binary {

namespace {

} // namespace

llvm::Error readImport(BinaryReader &r, Import &imp) {
  WCOMP_ASSIGN(imp.module, r.readName());
  WCOMP_ASSIGN(imp.name, r.readName());
  return readImportDesc(r, imp);
}

llvm::Error readImportDesc(BinaryReader &r, Import &imp) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(imp.kind, r.readU8());
  switch (imp.kind) {
  case extkind::Func:
  case extkind::ExactFunc:
    WCOMP_ASSIGN(imp.index, r.readU32());
    return llvm::Error::success();
  case extkind::Table:
    WCOMP_ASSIGN(imp.table, readTableType(r));
    return llvm::Error::success();
  case extkind::Memory:
    WCOMP_ASSIGN(imp.memory, readLimits(r, true));
    return llvm::Error::success();
  case extkind::Global:
    WCOMP_ASSIGN(imp.global, readGlobalType(r));
    return llvm::Error::success();
  case extkind::Tag:
    WCOMP_ASSIGN(imp.tag, readTagType(r));
    return llvm::Error::success();
  default:
    return makeError(at, "malformed import kind: 0x" + llvm::Twine::utohexstr(imp.kind));
  }
}

namespace {

/// The import section: plain entries, and (compact-imports) groups of items
/// under one module name (`"" 0x7F`) or one module name and type
/// (`"" 0x7E`). Items are flattened into `imports`, one offset each.
llvm::Error readImportSection(BinaryReader r, std::vector<Import> &imports,
                              std::vector<uint64_t> *offsets) {
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount("imports", limits::Imports));
  imports.reserve(n);
  auto tooMany = [&] {
    return r.error("imports count is out of bounds (limit " + llvm::Twine(limits::Imports) + ")");
  };
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = r.offset();
    llvm::StringRef module, name;
    WCOMP_ASSIGN(module, r.readName());
    WCOMP_ASSIGN(name, r.readName());
    uint8_t next = 0;
    if (name.empty() && !r.eof())
      WCOMP_ASSIGN(next, r.peekU8());
    if (!name.empty() || (next != 0x7F && next != 0x7E)) {
      if (imports.size() >= limits::Imports)
        return tooMany();
      if (offsets)
        offsets->push_back(at);
      Import &imp = imports.emplace_back();
      imp.module = module;
      imp.name = name;
      WCOMP_CHECK(readImportDesc(r, imp));
      continue;
    }
    WCOMP_CHECK(r.skip(1));
    Import shared;
    if (next == 0x7E)
      WCOMP_CHECK(readImportDesc(r, shared));
    uint32_t items;
    WCOMP_ASSIGN(items, r.readCount("compact imports", limits::Imports));
    for (uint32_t j = 0; j < items; ++j) {
      if (imports.size() >= limits::Imports)
        return tooMany();
      if (offsets)
        offsets->push_back(r.offset());
      Import &imp = imports.emplace_back(shared);
      imp.module = module;
      imp.compact = next;
      imp.groupStart = j == 0;
      WCOMP_ASSIGN(imp.name, r.readName());
      if (next == 0x7F)
        WCOMP_CHECK(readImportDesc(r, imp));
    }
    // An empty group declares nothing and is not kept: rewriting drops it.
  }
  if (!r.eof())
    return r.error("section size mismatch: unexpected data at the end of the section");
  return llvm::Error::success();
}

llvm::Error readElement(BinaryReader &r, ElementSegment &seg) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(seg.flags, r.readU32());
  if (seg.flags > 7)
    return makeError(at, "malformed elements segment kind");
  bool active = (seg.flags & 1) == 0;
  if (seg.flags & 2) {
    if (active)
      WCOMP_ASSIGN(seg.table, r.readU32());
  }
  if (active)
    WCOMP_CHECK(readConstExpr(r, seg.offset));
  if (seg.flags & 4) {
    if (seg.flags != 4)
      WCOMP_ASSIGN(seg.type, readRefType(r));
    else
      seg.type = ValType::num(typecode::Func);
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("element items", limits::ElementItems));
    seg.exprs.resize(n);
    for (uint32_t i = 0; i < n; ++i)
      WCOMP_CHECK(readConstExpr(r, seg.exprs[i]));
    return llvm::Error::success();
  }
  if (seg.flags != 0) {
    uint64_t kat = r.offset();
    WCOMP_ASSIGN(seg.elemKind, r.readU8());
    if (seg.elemKind != 0)
      return makeError(kat, "malformed element kind");
  }
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount("element items", limits::ElementItems));
  seg.funcs.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t f;
    WCOMP_ASSIGN(f, r.readU32());
    seg.funcs.push_back(f);
  }
  return llvm::Error::success();
}

llvm::Error readData(BinaryReader &r, DataSegment &seg) {
  uint64_t at = r.offset();
  WCOMP_ASSIGN(seg.flags, r.readU32());
  if (seg.flags > 2)
    return makeError(at, "malformed data segment kind");
  if (seg.flags == 2)
    WCOMP_ASSIGN(seg.memory, r.readU32());
  if (seg.flags != 1)
    WCOMP_CHECK(readConstExpr(r, seg.offset));
  WCOMP_ASSIGN(seg.data, r.readByteVec());
  return llvm::Error::success();
}

/// The byte before a table type with an initializer (function-references).
constexpr uint8_t TableWithInit = 0x40;

llvm::Error readSingleU32(const Payload &p, uint32_t &out) {
  BinaryReader r = p.reader();
  WCOMP_ASSIGN(out, r.readU32());
  if (!r.eof())
    return r.error("section size mismatch: unexpected data at the end of the section");
  return llvm::Error::success();
}

/// A table: its type, or (function-references) a 0x40 0x00 prefix, its
/// type and its initializer.
llvm::Error readTable(BinaryReader &r, Table &t) {
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b == TableWithInit) {
    WCOMP_CHECK(r.skip(1));
    uint64_t at = r.offset();
    WCOMP_ASSIGN(b, r.readU8());
    if (b != 0)
      return makeError(at, "malformed table: expected 0x00 after 0x40");
    WCOMP_ASSIGN(t.type, readTableType(r));
    t.init.emplace();
    WCOMP_CHECK(readConstExpr(r, *t.init));
  } else {
    WCOMP_ASSIGN(t.type, readTableType(r));
  }
  return llvm::Error::success();
}

/// An export: name, kind, index.
llvm::Error readExport(BinaryReader &r, Export &x) {
  WCOMP_ASSIGN(x.name, r.readName());
  uint64_t at = r.offset();
  WCOMP_ASSIGN(x.kind, r.readU8());
  if (x.kind > extkind::Tag)
    return makeError(at, "malformed export kind: 0x" + llvm::Twine::utohexstr(x.kind));
  WCOMP_ASSIGN(x.index, r.readU32());
  return llvm::Error::success();
}

/// A function body: size, then the bytes (decoded with `decode`).
llvm::Error readBody(BinaryReader &r, FunctionBody &body, bool decode) {
  uint64_t at = r.offset();
  uint32_t size;
  WCOMP_ASSIGN(size, r.readU32());
  if (size > limits::FunctionSize)
    return makeError(at, "function body size " + llvm::Twine(size) + " exceeds the limit");
  body.offset = r.offset();
  WCOMP_ASSIGN(body.bytes, r.readBytes(size));
  if (decode)
    WCOMP_CHECK(decodeFunctionBody(body));
  return llvm::Error::success();
}

llvm::Error readSection(const Payload &p, Module &m, const ReadOptions &opts) {
  BinaryReader r = p.reader();
  std::vector<uint64_t> *offs = nullptr;
  if (opts.recordOffsets) {
    if (m.itemOffsets.empty())
      m.itemOffsets.resize(16);
    if (p.id < m.itemOffsets.size())
      offs = &m.itemOffsets[p.id];
  }
  switch (p.id) {
  case coresec::Custom:
    m.customs.push_back({p.customName, p.data});
    return llvm::Error::success();
  case coresec::Type:
    return readVecSection(r, "types", limits::Types, [&](BinaryReader &r, uint32_t i, uint32_t n) -> llvm::Error {
      if (i == 0)
        m.types.reserve(n);
      RecGroup g;
      WCOMP_ASSIGN(g, readRecGroup(r));
      m.types.push_back(std::move(g));
      return llvm::Error::success();
    }, offs);
  case coresec::Import:
    return readImportSection(r, m.imports, offs);
  case coresec::Function:
    return readVecSection(r, "functions", limits::Functions, [&](BinaryReader &r, uint32_t i, uint32_t n) -> llvm::Error {
      if (i == 0)
        m.functions.reserve(n);
      uint32_t t;
      WCOMP_ASSIGN(t, r.readU32());
      m.functions.push_back(t);
      return llvm::Error::success();
    }, offs);
  case coresec::Table:
    return readVecSection(r, "tables", limits::Tables, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      Table t;
      WCOMP_CHECK(readTable(r, t));
      m.tables.push_back(std::move(t));
      return llvm::Error::success();
    }, offs);
  case coresec::Memory:
    return readVecSection(r, "memories", limits::Memories, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      Limits l;
      WCOMP_ASSIGN(l, readLimits(r, true));
      m.memories.push_back(l);
      return llvm::Error::success();
    }, offs);
  case coresec::Tag:
    return readVecSection(r, "tags", limits::Tags, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      TagType t;
      WCOMP_ASSIGN(t, readTagType(r));
      m.tags.push_back(t);
      return llvm::Error::success();
    }, offs);
  case coresec::Global:
    return readVecSection(r, "globals", limits::Globals, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      Global g;
      WCOMP_ASSIGN(g.type, readGlobalType(r));
      WCOMP_CHECK(readConstExpr(r, g.init));
      m.globals.push_back(std::move(g));
      return llvm::Error::success();
    }, offs);
  case coresec::Export:
    return readVecSection(r, "exports", limits::Exports, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      Export x;
      WCOMP_CHECK(readExport(r, x));
      m.exports.push_back(x);
      return llvm::Error::success();
    }, offs);
  case coresec::Start: {
    uint32_t f;
    WCOMP_CHECK(readSingleU32(p, f));
    m.start = f;
    return llvm::Error::success();
  }
  case coresec::Element:
    return readVecSection(r, "element segments", limits::ElementSegments,
                          [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
                            m.elements.emplace_back();
                            return readElement(r, m.elements.back());
                          }, offs);
  case coresec::DataCount: {
    uint32_t n;
    WCOMP_CHECK(readSingleU32(p, n));
    m.dataCount = n;
    return llvm::Error::success();
  }
  case coresec::Code:
    return readVecSection(r, "functions", limits::Functions, [&](BinaryReader &r, uint32_t i, uint32_t n) -> llvm::Error {
      if (i == 0)
        m.code.reserve(n);
      FunctionBody body;
      WCOMP_CHECK(readBody(r, body, opts.decodeBodies));
      m.code.push_back(std::move(body));
      return llvm::Error::success();
    }, offs);
  case coresec::Data:
    return readVecSection(r, "data segments", limits::DataSegments, [&](BinaryReader &r, uint32_t, uint32_t) -> llvm::Error {
      m.data.emplace_back();
      return readData(r, m.data.back());
    }, offs);
  }
  return makeError(p.startOffset, "malformed section id: " + llvm::Twine(unsigned(p.id)));
}

} // namespace

llvm::Error readLocalDecls(BinaryReader &r, std::vector<LocalDecl> *out) {
  uint32_t n;
  WCOMP_ASSIGN(n, r.readCount("local declarations", limits::LocalDecls));
  if (out)
    out->reserve(n);
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t at = r.offset();
    LocalDecl d;
    WCOMP_ASSIGN(d.count, r.readU32());
    total += d.count;
    if (total > limits::Locals)
      return makeError(at, "too many locals: locals exceed maximum");
    WCOMP_ASSIGN(d.type, readValType(r));
    if (out)
      out->push_back(d);
  }
  return llvm::Error::success();
}

llvm::Error decodeFunctionBody(FunctionBody &body) {
  if (body.decoded)
    return llvm::Error::success();
  BinaryReader r(body.bytes, body.offset);
  WCOMP_CHECK(readLocalDecls(r, &body.locals));
  WCOMP_CHECK(readFunctionCode(r, body.code));
  body.decoded = true;
  return llvm::Error::success();
}

llvm::Expected<Module> readModule(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                                  const ReadOptions &opts) {
  Module m;
  Parser parser(bytes, base);
  Payload p;
  bool sawData = false;
  uint64_t endOffset = base;
  for (;;) {
    bool more;
    WCOMP_ASSIGN(more, parser.next(p));
    if (!more)
      break;
    if (p.kind == Payload::ComponentHeader)
      return makeError(p.startOffset, "expected a core module, found a component");
    if (p.kind == Payload::End) {
      endOffset = p.startOffset;
      continue;
    }
    if (p.kind != Payload::Section)
      continue;
    m.sectionOrder.push_back(p.id);
    m.sectionOffsets.push_back(p.startOffset);
    if (p.id == coresec::Data)
      sawData = true;
    if (opts.interfaceOnly && (p.id == coresec::Code || p.id == coresec::Data ||
                               p.id == coresec::Element || p.id == coresec::Custom))
      continue;
    if (llvm::Error err = readSection(p, m, opts))
      return err;
  }
  if (opts.interfaceOnly)
    return m;
  if (m.functions.size() != m.code.size())
    return makeError(endOffset, "function and code section have inconsistent lengths");
  if (m.dataCount && (*m.dataCount != m.data.size()) && (sawData || *m.dataCount != 0))
    return makeError(endOffset, "data count and data section have inconsistent lengths");
  return m;
}

} // namespace wcomp::binary
