#include "binary/types.h"

#include "binary/limits.h"

namespace wcomp::binary {

bool isAbstractHeapCode(uint8_t b) {
  switch (b) {
  case typecode::Func: case typecode::Extern: case typecode::Any: case typecode::Eq:
  case typecode::I31: case typecode::Struct: case typecode::Array: case typecode::Exn:
  case typecode::Cont: case typecode::NoFunc: case typecode::NoExtern: case typecode::None:
  case typecode::NoExn: case typecode::NoCont:
    return true;
  default:
    return false;
  }
}

llvm::Expected<HeapType> readHeapType(BinaryReader &r) {
  uint64_t at = r.offset();
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b == typecode::Shared) {
    WCOMP_CHECK(r.skip(1));
    uint8_t c;
    WCOMP_ASSIGN(c, r.readU8());
    if (!isAbstractHeapCode(c))
      return makeError(at, "invalid heap type");
    HeapType h = HeapType::abstract(c);
    h.shared = true;
    return h;
  }
  if (isAbstractHeapCode(b)) {
    WCOMP_CHECK(r.skip(1));
    return HeapType::abstract(b);
  }
  if (b == typecode::Exact) {
    WCOMP_CHECK(r.skip(1));
    uint32_t idx;
    WCOMP_ASSIGN(idx, r.readU32());
    HeapType h = HeapType::index(idx);
    h.exact = true;
    return h;
  }
  int64_t v;
  WCOMP_ASSIGN(v, r.readS33());
  if (v < 0 || v > int64_t(UINT32_MAX))
    return makeError(at, "invalid heap type");
  return HeapType::index(uint32_t(v));
}

llvm::Expected<ValType> readValType(BinaryReader &r, bool allowPacked) {
  uint64_t at = r.offset();
  uint8_t b;
  WCOMP_ASSIGN(b, r.readU8());
  switch (b) {
  case typecode::I32: case typecode::I64: case typecode::F32: case typecode::F64:
  case typecode::V128:
    return ValType::num(b);
  case typecode::I8: case typecode::I16:
    if (allowPacked)
      return ValType::num(b);
    break;
  case typecode::Ref: case typecode::RefNull: {
    HeapType h;
    WCOMP_ASSIGN(h, readHeapType(r));
    return ValType{b, h};
  }
  case typecode::Shared: {
    // The short form of `(ref null (shared ht))` for an abstract `ht`.
    uint8_t c;
    WCOMP_ASSIGN(c, r.readU8());
    if (!isAbstractHeapCode(c))
      return makeError(at, "malformed reference type");
    HeapType h = HeapType::abstract(c);
    h.shared = true;
    return ValType{b, h};
  }
  default:
    if (isAbstractHeapCode(b))
      return ValType{b, HeapType::abstract(b)};
    break;
  }
  return makeError(at, "invalid value type");
}

llvm::Expected<ValType> readRefType(BinaryReader &r) {
  uint64_t at = r.offset();
  ValType t;
  WCOMP_ASSIGN(t, readValType(r));
  if (!t.isRef())
    return makeError(at, "malformed reference type");
  return t;
}

llvm::Expected<Limits> readLimits(BinaryReader &r, bool memory) {
  uint64_t at = r.offset();
  Limits l;
  WCOMP_ASSIGN(l.flags, r.readU8());
  uint8_t allowed = memory ? 0x0F : 0x07;
  if (l.flags & ~allowed)
    return makeError(at, memory ? "malformed memory limits flags" : "malformed table limits flags");
  if (l.is64()) {
    WCOMP_ASSIGN(l.min, r.readU64());
    if (l.hasMax())
      WCOMP_ASSIGN(l.max, r.readU64());
  } else {
    WCOMP_ASSIGN(l.min, r.readU32());
    if (l.hasMax())
      WCOMP_ASSIGN(l.max, r.readU32());
  }
  if (l.hasPageSize()) {
    uint64_t pat = r.offset();
    WCOMP_ASSIGN(l.pageSizeLog2, r.readU32());
    // A page size that does not fit in 64 bits cannot be represented at all;
    // other non-standard sizes are the validator's business.
    if (l.pageSizeLog2 >= 64)
      return makeError(pat, "invalid custom page size");
  }
  return l;
}

llvm::Expected<TableType> readTableType(BinaryReader &r) {
  TableType t;
  WCOMP_ASSIGN(t.elem, readRefType(r));
  WCOMP_ASSIGN(t.limits, readLimits(r, false));
  return t;
}

llvm::Expected<GlobalType> readGlobalType(BinaryReader &r) {
  GlobalType g;
  WCOMP_ASSIGN(g.type, readValType(r));
  uint64_t at = r.offset();
  WCOMP_ASSIGN(g.flags, r.readU8());
  if (g.flags > 3)
    return makeError(at, "malformed mutability");
  return g;
}

llvm::Expected<TagType> readTagType(BinaryReader &r) {
  TagType t;
  uint64_t at = r.offset();
  WCOMP_ASSIGN(t.attribute, r.readU8());
  if (t.attribute != 0)
    return makeError(at, "invalid tag attribute");
  WCOMP_ASSIGN(t.typeIndex, r.readU32());
  return t;
}

namespace {
llvm::Expected<FieldType> readFieldType(BinaryReader &r) {
  FieldType f;
  WCOMP_ASSIGN(f.storage, readValType(r, /*allowPacked=*/true));
  uint64_t at = r.offset();
  WCOMP_ASSIGN(f.mut, r.readU8());
  if (f.mut > 1)
    return makeError(at, "malformed mutability");
  return f;
}

llvm::Expected<CompositeType> readCompositeType(BinaryReader &r) {
  CompositeType c;
  uint64_t at = r.offset();
  WCOMP_ASSIGN(c.kind, r.readU8());
  if (c.kind == typecode::Shared) {
    c.shared = true;
    at = r.offset();
    WCOMP_ASSIGN(c.kind, r.readU8());
  }
  switch (c.kind) {
  case typecode::FuncType: {
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("function params", limits::FunctionParams));
    c.params.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ValType t;
      WCOMP_ASSIGN(t, readValType(r));
      c.params.push_back(t);
    }
    WCOMP_ASSIGN(n, r.readCount("function results", limits::FunctionResults));
    c.results.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ValType t;
      WCOMP_ASSIGN(t, readValType(r));
      c.results.push_back(t);
    }
    return c;
  }
  case typecode::StructType: {
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("struct fields", limits::StructFields));
    c.fields.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      FieldType f;
      WCOMP_ASSIGN(f, readFieldType(r));
      c.fields.push_back(f);
    }
    return c;
  }
  case typecode::ArrayType: {
    FieldType f;
    WCOMP_ASSIGN(f, readFieldType(r));
    c.fields.push_back(f);
    return c;
  }
  case typecode::ContType:
    WCOMP_ASSIGN(c.contType, r.readU32());
    return c;
  default:
    return makeError(at, "malformed definition type");
  }
}
} // namespace

llvm::Expected<SubType> readSubType(BinaryReader &r) {
  SubType s;
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b == typecode::Sub || b == typecode::SubFinal) {
    WCOMP_CHECK(r.skip(1));
    s.form = b;
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("supertypes", limits::Supertypes));
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t idx;
      WCOMP_ASSIGN(idx, r.readU32());
      s.supertypes.push_back(idx);
    }
    WCOMP_ASSIGN(b, r.peekU8());
  }
  if (b == typecode::Describes) {
    WCOMP_CHECK(r.skip(1));
    uint32_t idx;
    WCOMP_ASSIGN(idx, r.readU32());
    s.describes = idx;
    WCOMP_ASSIGN(b, r.peekU8());
  }
  if (b == typecode::Descriptor) {
    WCOMP_CHECK(r.skip(1));
    uint32_t idx;
    WCOMP_ASSIGN(idx, r.readU32());
    s.descriptor = idx;
  }
  WCOMP_ASSIGN(s.composite, readCompositeType(r));
  return s;
}

llvm::Expected<RecGroup> readRecGroup(BinaryReader &r) {
  RecGroup g;
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b == typecode::Rec) {
    WCOMP_CHECK(r.skip(1));
    g.explicitRec = true;
    uint32_t n;
    WCOMP_ASSIGN(n, r.readCount("rec group types", limits::RecGroupSize));
    g.types.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      SubType s;
      WCOMP_ASSIGN(s, readSubType(r));
      g.types.push_back(std::move(s));
    }
    return g;
  }
  SubType s;
  WCOMP_ASSIGN(s, readSubType(r));
  g.types.push_back(std::move(s));
  return g;
}

void writeHeapType(Encoder &e, const HeapType &h) {
  if (h.kind == HeapType::Abstract) {
    if (h.shared)
      e.u8(typecode::Shared);
    e.u8(uint8_t(h.value));
    return;
  }
  if (h.exact) {
    e.u8(typecode::Exact);
    e.u32(h.value);
    return;
  }
  e.s33(int64_t(h.value));
}

void writeValType(Encoder &e, const ValType &t) {
  if (t.code == typecode::Shared) {
    writeHeapType(e, t.heap);
    return;
  }
  e.u8(t.code);
  if (t.code == typecode::Ref || t.code == typecode::RefNull)
    writeHeapType(e, t.heap);
}

void writeLimits(Encoder &e, const Limits &l) {
  e.u8(l.flags);
  e.u64(l.min);
  if (l.hasMax())
    e.u64(l.max);
  if (l.hasPageSize())
    e.u32(l.pageSizeLog2);
}

void writeTableType(Encoder &e, const TableType &t) {
  writeValType(e, t.elem);
  writeLimits(e, t.limits);
}

void writeGlobalType(Encoder &e, const GlobalType &t) {
  writeValType(e, t.type);
  e.u8(t.flags);
}

void writeTagType(Encoder &e, const TagType &t) {
  e.u8(t.attribute);
  e.u32(t.typeIndex);
}

void writeSubType(Encoder &e, const SubType &s) {
  if (s.form) {
    e.u8(s.form);
    e.u32(uint32_t(s.supertypes.size()));
    for (uint32_t i : s.supertypes)
      e.u32(i);
  }
  if (s.describes) {
    e.u8(typecode::Describes);
    e.u32(*s.describes);
  }
  if (s.descriptor) {
    e.u8(typecode::Descriptor);
    e.u32(*s.descriptor);
  }
  const CompositeType &c = s.composite;
  if (c.shared)
    e.u8(typecode::Shared);
  e.u8(c.kind);
  auto field = [&](const FieldType &f) {
    writeValType(e, f.storage);
    e.u8(f.mut);
  };
  switch (c.kind) {
  case typecode::FuncType:
    e.u32(uint32_t(c.params.size()));
    for (auto &t : c.params)
      writeValType(e, t);
    e.u32(uint32_t(c.results.size()));
    for (auto &t : c.results)
      writeValType(e, t);
    break;
  case typecode::StructType:
    e.u32(uint32_t(c.fields.size()));
    for (auto &f : c.fields)
      field(f);
    break;
  case typecode::ArrayType:
    field(c.fields.at(0));
    break;
  case typecode::ContType:
    e.u32(c.contType);
    break;
  }
}

void writeRecGroup(Encoder &e, const RecGroup &g) {
  if (g.explicitRec) {
    e.u8(typecode::Rec);
    e.u32(uint32_t(g.types.size()));
  }
  for (auto &s : g.types)
    writeSubType(e, s);
}

} // namespace wcomp::binary
