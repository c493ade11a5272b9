#include "binary/operators.h"

#include "binary/code_writer.h"
#include "binary/limits.h"

#include "llvm/Support/Format.h"

#include <cstring>

namespace wcomp::binary {

namespace {

constexpr FastDecodeTable buildFastTable() {
  FastDecodeTable t{};
  for (unsigned i = 0; i < NumOpcodes; ++i) {
    const OpcodeInfo &info = opcodeInfo(Opcode(i));
    if (info.prefix != 0)
      continue;
    uint8_t shape = FastDecodeTable::Slow;
    switch (info.imm) {
    case ImmKind::None: shape = FastDecodeTable::NoImm; break;
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Local: case ImmKind::Global:
    case ImmKind::Table: case ImmKind::Tag: case ImmKind::Type:
      shape = FastDecodeTable::U32;
      break;
    case ImmKind::I32: shape = FastDecodeTable::I32; break;
    case ImmKind::I64: shape = FastDecodeTable::I64; break;
    case ImmKind::CallIndirect: shape = FastDecodeTable::TwoU32; break;
    case ImmKind::MemArg: shape = FastDecodeTable::MemArg; break;
    case ImmKind::Block: shape = FastDecodeTable::Block; break;
    default: break;
    }
    t.shape[info.code] = shape;
  }
  return t;
}

} // namespace

constinit const FastDecodeTable fastDecodeTable = buildFastTable();

namespace {

llvm::Error readBlockType(BinaryReader &r, Operator &op) {
  uint64_t at = r.offset();
  uint8_t b;
  WCOMP_ASSIGN(b, r.peekU8());
  if (b == typecode::EmptyBlock) {
    WCOMP_CHECK(r.skip(1));
    op.flags = uint8_t(BlockKind::Empty);
    return llvm::Error::success();
  }
  // A value type is a one-byte negative s33 (bit 6 set, no continuation);
  // anything else is a non-negative type index.
  if ((b & 0xC0) == 0x40) {
    op.flags = uint8_t(BlockKind::Value);
    WCOMP_ASSIGN(op.valtype, readValType(r));
    return llvm::Error::success();
  }
  int64_t idx;
  WCOMP_ASSIGN(idx, r.readS33());
  if (idx < 0 || idx > int64_t(UINT32_MAX))
    return makeError(at, "invalid block type");
  op.flags = uint8_t(BlockKind::Index);
  op.a = uint32_t(idx);
  return llvm::Error::success();
}

llvm::Error readMemArg(BinaryReader &r, Operator &op) {
  uint64_t at = r.offset();
  uint32_t align;
  WCOMP_ASSIGN(align, r.readU32());
  if (align >= 0x80)
    return makeError(at, "malformed memop flags");
  if (align & 0x40) {
    op.flags = 1;
    WCOMP_ASSIGN(op.b, r.readU32());
    align &= ~0x40u;
  }
  op.a = align;
  WCOMP_ASSIGN(op.u64, r.readU64());
  return llvm::Error::success();
}

/// try_table: a block type, then its catch clauses (into the pool).
llvm::Error readTryTable(BinaryReader &r, Operator &op, ImmPool &pool) {
  WCOMP_CHECK(readBlockType(r, op));
  op.b = uint32_t(pool.catches.size());
  WCOMP_CHECK(r.readVector("try_table catches", limits::Catches, pool.catches,
                           [&](Catch &c) -> llvm::Error {
    uint64_t kat = r.offset();
    WCOMP_ASSIGN(c.kind, r.readU8());
    if (c.kind > 3)
      return makeError(kat, "invalid catch kind");
    if (c.kind < 2)
      WCOMP_ASSIGN(c.tag, r.readU32());
    WCOMP_ASSIGN(c.label, r.readU32());
    return llvm::Error::success();
  }));
  op.c = uint32_t(pool.catches.size()) - op.b;
  return llvm::Error::success();
}

/// resume, resume_throw: the continuation type (and tag), then the
/// handler clauses (into the pool).
llvm::Error readResume(BinaryReader &r, Operator &op, ImmPool &pool) {
  WCOMP_ASSIGN(op.a, r.readU32());
  if (opcodeInfo(op.op).imm == ImmKind::ResumeThrow) {
    uint32_t tag;
    WCOMP_ASSIGN(tag, r.readU32());
    op.u64 = tag;
  }
  op.b = uint32_t(pool.catches.size());
  WCOMP_CHECK(r.readVector("resume table", limits::Handlers, pool.catches,
                           [&](Catch &c) -> llvm::Error {
    uint64_t kat = r.offset();
    WCOMP_ASSIGN(c.kind, r.readU8());
    if (c.kind > 1)
      return invalidLeadingByte(kat, c.kind, "on clause");
    WCOMP_ASSIGN(c.tag, r.readU32());
    if (c.kind == 0)
      WCOMP_ASSIGN(c.label, r.readU32());
    return llvm::Error::success();
  }));
  op.c = uint32_t(pool.catches.size()) - op.b;
  return llvm::Error::success();
}

/// The shared-everything atomic accesses: an ordering, then the index (and
/// a field).
llvm::Error readAtomicAccess(BinaryReader &r, Operator &op) {
  uint64_t oat = r.offset();
  uint32_t ordering;
  WCOMP_ASSIGN(ordering, r.readU32());
  if (ordering > 1)
    return makeError(oat, "invalid atomic consistency ordering " + llvm::Twine(ordering));
  op.flags = uint8_t(ordering);
  WCOMP_ASSIGN(op.a, r.readU32());
  if (opcodeInfo(op.op).imm == ImmKind::AtomicField)
    WCOMP_ASSIGN(op.b, r.readU32());
  return llvm::Error::success();
}

/// br_table: the targets (into the pool), then the default.
llvm::Error readBrTable(BinaryReader &r, Operator &op, ImmPool &pool) {
  op.a = uint32_t(pool.u32s.size());
  WCOMP_CHECK(r.readVector("br_table targets", limits::BrTableTargets, pool.u32s,
                           [&](uint32_t &t) -> llvm::Error {
                             WCOMP_ASSIGN(t, r.readU32());
                             return llvm::Error::success();
                           }));
  op.b = uint32_t(pool.u32s.size()) - op.a;
  WCOMP_ASSIGN(op.c, r.readU32());
  return llvm::Error::success();
}

/// select with types: the types (into the pool).
llvm::Error readSelectTypes(BinaryReader &r, Operator &op, ImmPool &pool) {
  op.a = uint32_t(pool.types.size());
  WCOMP_CHECK(r.readVector("select types", limits::FunctionResults, pool.types,
                           [&](ValType &t) -> llvm::Error {
                             WCOMP_ASSIGN(t, readValType(r));
                             return llvm::Error::success();
                           }));
  op.b = uint32_t(pool.types.size()) - op.a;
  return llvm::Error::success();
}

/// br_on_cast(_fail): flags, a label and two heap types.
llvm::Error readBrOnCast(BinaryReader &r, Operator &op) {
  uint64_t fat = r.offset();
  WCOMP_ASSIGN(op.flags, r.readU8());
  if (op.flags > 3)
    return makeError(fat, "invalid br_on_cast flags");
  WCOMP_ASSIGN(op.a, r.readU32());
  HeapType h1, h2;
  WCOMP_ASSIGN(h1, readHeapType(r));
  WCOMP_ASSIGN(h2, readHeapType(r));
  op.heaps[0] = h1;
  op.heaps[1] = h2;
  return llvm::Error::success();
}

} // namespace

llvm::Error readOperatorSlow(BinaryReader &r, Operator &op, ImmPool &pool) {
  uint64_t at = r.offset();
  uint8_t byte;
  WCOMP_ASSIGN(byte, r.readU8());
  Opcode code = opcodeTables.oneByte[byte];
  if (byte >= 0xFB && byte <= 0xFE) {
    uint32_t sub;
    WCOMP_ASSIGN(sub, r.readU32());
    code = lookupPrefixed(byte, sub);
    if (code == Opcode::Invalid)
      return makeError(at, llvm::Twine("unknown 0x") + llvm::Twine::utohexstr(byte) +
                               " subopcode: 0x" + llvm::Twine::utohexstr(sub));
  } else if (code == Opcode::Invalid) {
    return makeError(at, llvm::Twine("illegal opcode: 0x") + llvm::Twine::utohexstr(byte));
  }
  op.op = code;
  op.flags = 0;
  op.lane = 0;
  op.a = op.b = op.c = 0;
  op.u64 = 0;
  switch (opcodeInfo(code).imm) {
  case ImmKind::None:
    return llvm::Error::success();
  case ImmKind::Block:
    return readBlockType(r, op);
  case ImmKind::TryTable:
    return readTryTable(r, op, pool);
  case ImmKind::Resume: case ImmKind::ResumeThrow:
    return readResume(r, op, pool);
  case ImmKind::TypeTag:
    WCOMP_ASSIGN(op.a, r.readU32());
    WCOMP_ASSIGN(op.b, r.readU32());
    return llvm::Error::success();
  case ImmKind::AtomicGlobal: case ImmKind::AtomicTable: case ImmKind::AtomicField:
  case ImmKind::AtomicArray:
    return readAtomicAccess(r, op);
  case ImmKind::Label: case ImmKind::Func: case ImmKind::Local: case ImmKind::Global:
  case ImmKind::Table: case ImmKind::Mem: case ImmKind::Tag: case ImmKind::Type:
  case ImmKind::Data: case ImmKind::Elem:
    WCOMP_ASSIGN(op.a, r.readU32());
    return llvm::Error::success();
  case ImmKind::CallIndirect: case ImmKind::MemInit: case ImmKind::MemCopy:
  case ImmKind::TableInit: case ImmKind::TableCopy: case ImmKind::TypeField:
  case ImmKind::TypeCount: case ImmKind::TypeData: case ImmKind::TypeElem:
  case ImmKind::TypeType: {
    WCOMP_ASSIGN(op.a, r.readU32());
    uint64_t bat = r.offset();
    WCOMP_ASSIGN(op.b, r.readU32());
    // Before reference types call_indirect's table was one zero byte; the
    // validator refuses a longer encoding unless call-indirect-overlong is on.
    if (opcodeInfo(code).imm == ImmKind::CallIndirect)
      op.flags = r.offset() - bat > 1;
    return llvm::Error::success();
  }
  case ImmKind::BrTable:
    return readBrTable(r, op, pool);
  case ImmKind::SelectT:
    return readSelectTypes(r, op, pool);
  case ImmKind::MemArg:
    return readMemArg(r, op);
  case ImmKind::MemArgLane:
    WCOMP_CHECK(readMemArg(r, op));
    WCOMP_ASSIGN(op.lane, r.readU8());
    return llvm::Error::success();
  case ImmKind::I32: {
    int32_t v;
    WCOMP_ASSIGN(v, r.readS32());
    op.u64 = uint64_t(int64_t(v));
    return llvm::Error::success();
  }
  case ImmKind::I64: {
    int64_t v;
    WCOMP_ASSIGN(v, r.readS64());
    op.u64 = uint64_t(v);
    return llvm::Error::success();
  }
  case ImmKind::F32:
    WCOMP_ASSIGN(op.u64, r.readFixed32());
    return llvm::Error::success();
  case ImmKind::F64:
    WCOMP_ASSIGN(op.u64, r.readFixed64());
    return llvm::Error::success();
  case ImmKind::V128: case ImmKind::Shuffle: {
    llvm::ArrayRef<uint8_t> bytes;
    WCOMP_ASSIGN(bytes, r.readBytes(16));
    std::memcpy(op.v128, bytes.data(), 16);
    return llvm::Error::success();
  }
  case ImmKind::Lane:
    WCOMP_ASSIGN(op.lane, r.readU8());
    return llvm::Error::success();
  case ImmKind::HeapType:
    WCOMP_ASSIGN(op.heaps[0], readHeapType(r));
    return llvm::Error::success();
  case ImmKind::BrOnCast:
    return readBrOnCast(r, op);
  case ImmKind::Fence: {
    uint64_t fat = r.offset();
    WCOMP_ASSIGN(op.flags, r.readU8());
    if (op.flags != 0)
      return makeError(fat, "nonzero byte for atomic.fence");
    return llvm::Error::success();
  }
  }
  llvm_unreachable("unhandled immediate kind");
}

namespace {
/// Depth change of each instruction (+1 opens a block, -1 closes one), as a
/// table so the decode loops stay branch-free here.
struct DepthTable {
  int8_t delta[NumOpcodes + 1];
};
constexpr DepthTable buildDepthTable() {
  DepthTable t{};
  for (Opcode op : {Opcode::Block, Opcode::Loop, Opcode::If, Opcode::Try, Opcode::TryTable})
    t.delta[unsigned(op)] = 1;
  for (Opcode op : {Opcode::End, Opcode::Delegate})
    t.delta[unsigned(op)] = -1;
  return t;
}
constexpr DepthTable depthTable = buildDepthTable();
inline int depthDelta(Opcode op) { return depthTable.delta[unsigned(op)]; }
} // namespace

llvm::Error readConstExpr(BinaryReader &r, Expr &out) {
  int depth = 0;
  for (;;) {
    out.ops.emplace_back();
    Operator &op = out.ops.back();
    WCOMP_CHECK(readOperator(r, op, out.pool));
    depth += depthDelta(op.op);
    if (depth < 0)
      return llvm::Error::success();
    if (depth > int(limits::FunctionSize))
      return r.error("expression nesting too deep");
  }
}

llvm::Error readFunctionCode(BinaryReader &r, Expr &out) {
  int depth = 0;
  out.ops.reserve(r.remaining() / 2 + 1);
  while (!r.eof()) {
    uint64_t at = r.offset();
    if (depth < 0)
      return makeError(at, "operators remaining after end of function");
    out.ops.emplace_back();
    Operator &op = out.ops.back();
    WCOMP_CHECK(readOperator(r, op, out.pool));
    depth += depthDelta(op.op);
  }
  if (depth >= 0)
    return r.error("control frames remain at end of function: END opcode expected");
  return llvm::Error::success();
}

llvm::Expected<uint64_t> scanFunctionCode(BinaryReader r, ImmPool &scratch) {
  int depth = 0;
  uint64_t count = 0;
  Operator op;
  while (!r.eof()) {
    if (depth < 0)
      return r.error("operators remaining after end of function");
    WCOMP_CHECK(readOperator(r, op, scratch));
    depth += depthDelta(op.op);
    ++count;
  }
  scratch.clear();
  if (depth >= 0)
    return r.error("control frames remain at end of function: END opcode expected");
  return count;
}

namespace {
void writeBlockType(Encoder &e, const Operator &op) {
  switch (BlockKind(op.flags)) {
  case BlockKind::Empty: e.u8(typecode::EmptyBlock); break;
  case BlockKind::Value: writeValType(e, op.valtype); break;
  case BlockKind::Index: e.s33(int64_t(op.a)); break;
  }
}
void writeMemArg(Encoder &e, const Operator &op) {
  if ((op.flags & 1) || op.b != 0) {
    e.u32(op.a | 0x40);
    e.u32(op.b);
  } else {
    e.u32(op.a);
  }
  e.u64(op.u64);
}
} // namespace

void writeOperator(Encoder &e, const Operator &op, const ImmPool &pool) {
  const OpcodeInfo &info = opcodeInfo(op.op);
  writeOpcode(e, op.op);
  switch (info.imm) {
  case ImmKind::None:
    return;
  case ImmKind::Block:
    writeBlockType(e, op);
    return;
  case ImmKind::TryTable:
    writeBlockType(e, op);
    e.u32(op.c);
    for (uint32_t i = 0; i < op.c; ++i) {
      const Catch &c = pool.catches[op.b + i];
      e.u8(c.kind);
      if (c.kind < 2)
        e.u32(c.tag);
      e.u32(c.label);
    }
    return;
  case ImmKind::Label: case ImmKind::Func: case ImmKind::Local: case ImmKind::Global:
  case ImmKind::Table: case ImmKind::Mem: case ImmKind::Tag: case ImmKind::Type:
  case ImmKind::Data: case ImmKind::Elem:
    e.u32(op.a);
    return;
  case ImmKind::CallIndirect: case ImmKind::MemInit: case ImmKind::MemCopy:
  case ImmKind::TableInit: case ImmKind::TableCopy: case ImmKind::TypeField:
  case ImmKind::TypeCount: case ImmKind::TypeData: case ImmKind::TypeElem:
  case ImmKind::TypeType:
    e.u32(op.a);
    e.u32(op.b);
    return;
  case ImmKind::BrTable:
    e.u32(op.b);
    for (uint32_t i = 0; i < op.b; ++i)
      e.u32(pool.u32s[op.a + i]);
    e.u32(op.c);
    return;
  case ImmKind::SelectT:
    e.u32(op.b);
    for (uint32_t i = 0; i < op.b; ++i)
      writeValType(e, pool.types[op.a + i]);
    return;
  case ImmKind::MemArg:
    writeMemArg(e, op);
    return;
  case ImmKind::MemArgLane:
    writeMemArg(e, op);
    e.u8(op.lane);
    return;
  case ImmKind::I32:
    e.s32(op.i32());
    return;
  case ImmKind::I64:
    e.s64(op.i64());
    return;
  case ImmKind::F32:
    e.fixed32(uint32_t(op.u64));
    return;
  case ImmKind::F64:
    e.fixed64(op.u64);
    return;
  case ImmKind::V128: case ImmKind::Shuffle:
    e.raw(llvm::ArrayRef<uint8_t>(op.v128, 16));
    return;
  case ImmKind::Lane:
    e.u8(op.lane);
    return;
  case ImmKind::HeapType:
    writeHeapType(e, op.heaps[0]);
    return;
  case ImmKind::BrOnCast:
    e.u8(op.flags);
    e.u32(op.a);
    writeHeapType(e, op.heaps[0]);
    writeHeapType(e, op.heaps[1]);
    return;
  case ImmKind::Fence:
    e.u8(op.flags);
    return;
  case ImmKind::Resume: case ImmKind::ResumeThrow:
    e.u32(op.a);
    if (info.imm == ImmKind::ResumeThrow)
      e.u32(uint32_t(op.u64));
    e.u32(op.c);
    for (uint32_t i = 0; i < op.c; ++i) {
      const Catch &c = pool.catches[op.b + i];
      e.u8(c.kind);
      e.u32(c.tag);
      if (c.kind == 0)
        e.u32(c.label);
    }
    return;
  case ImmKind::TypeTag:
    e.u32(op.a);
    e.u32(op.b);
    return;
  case ImmKind::AtomicGlobal: case ImmKind::AtomicTable: case ImmKind::AtomicField:
  case ImmKind::AtomicArray:
    e.u32(op.flags);
    e.u32(op.a);
    if (info.imm == ImmKind::AtomicField)
      e.u32(op.b);
    return;
  }
}

void writeExpr(Encoder &e, const Expr &x) {
  for (const Operator &op : x.ops)
    writeOperator(e, op, x.pool);
}

bool Expr::operator==(const Expr &o) const {
  Encoder a, b;
  writeExpr(a, *this);
  writeExpr(b, o);
  return a.bytes == b.bytes;
}

} // namespace wcomp::binary
