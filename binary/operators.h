//===- binary/operators.h - Instructions: model, decoder, encoder -*- C++ -*-===//
#pragma once

#include "binary/opcodes.h"
#include "binary/types.h"

#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace wcomp::binary {

/// Block type kinds, stored in Operator::flags for Block/TryTable.
enum class BlockKind : uint8_t { Empty, Value, Index };

/// One `try_table` catch clause. Kinds: 0 catch, 1 catch_ref, 2 catch_all,
/// 3 catch_all_ref.
struct Catch {
  uint8_t kind = 0;
  uint32_t tag = 0;
  uint32_t label = 0;
  bool operator==(const Catch &) const = default;
};

/// Variable-length immediates (br_table targets, select types, catches) live
/// in a pool shared by a whole expression, so an Operator stays a fixed
/// 32-byte value and decoding allocates nothing per instruction.
struct ImmPool {
  llvm::SmallVector<uint32_t, 0> u32s;
  llvm::SmallVector<ValType, 0> types;
  llvm::SmallVector<Catch, 0> catches;
  /// Empties the pool for the next operator (the capacity stays).
  void clear() {
    u32s.clear();
    types.clear();
    catches.clear();
  }
};

/// A decoded instruction. Field use by immediate kind:
///  - Block/TryTable: flags = BlockKind, a = type index, valtype = value type;
///    TryTable: b = first catch in pool, c = catch count.
///  - Resume/ResumeThrow: a = continuation type, b = first handler in
///    pool.catches (kind 0 `(on tag label)`, kind 1 `(on tag switch)`),
///    c = handler count; ResumeThrow: u64 = exception tag. TypeTag: a, b.
///  - one index (Label, Func, Local, ...): a; two indices: a, b.
///  - BrTable: a = first target in pool, b = target count, c = default.
///  - MemArg(Lane): a = align exponent, b = memory, u64 = offset,
///    flags bit 0 = memory index was encoded, lane.
///  - I32/I64: u64 holds the sign-extended value; F32/F64: the bit pattern.
///  - V128/Shuffle: v128. Lane: lane. HeapType: heaps[0].
///  - SelectT: a = first type in pool, b = count.
///  - BrOnCast: flags = cast flags, a = label, heaps[0], heaps[1].
///  - Fence: flags = the reserved byte.
/// Fields that the immediate kind does not use are unspecified.
struct Operator {
  Opcode op = Opcode::Nop;
  uint8_t flags = 0;
  uint8_t lane = 0;
  uint32_t a = 0, b = 0, c = 0;
  union {
    uint64_t u64 = 0;
    uint8_t v128[16];
    HeapType heaps[2];
    ValType valtype;
  };
  /// An empty operator; readOperator fills it.
  Operator() {}
  /// The immediate shape of this operator.
  ImmKind imm() const { return opcodeInfo(op).imm; }
  /// The `i32.const` value.
  int32_t i32() const { return int32_t(u64); }
  /// The `i64.const` value.
  int64_t i64() const { return int64_t(u64); }
};

/// A sequence of instructions with its immediate pool: a function body's code
/// or a constant expression (both include the final `end`).
struct Expr {
  std::vector<Operator> ops;
  ImmPool pool;
  bool operator==(const Expr &o) const;
};

/// The general decoder behind readOperator: any instruction, any encoding.
llvm::Error readOperatorSlow(BinaryReader &r, Operator &op, ImmPool &pool);

/// Per one-byte opcode: how the inline fast path may decode it (0 = use the
/// general decoder). Built at compile time from opcodes.def.
struct FastDecodeTable {
  enum : uint8_t { Slow, NoImm, U32, I32, I64, TwoU32, MemArg, Block };
  uint8_t shape[256];
};
extern const FastDecodeTable fastDecodeTable;

/// Decodes one instruction at the reader's position into `op` (variable-length
/// immediates are appended to `pool`). The common shapes (a one-byte opcode
/// with no immediate or one-byte immediates) are decoded inline; everything
/// else goes through readOperatorSlow.
namespace detail {
/// Decodes a canonical-or-padded u32 LEB from at least 5 readable bytes;
/// false for anything the strict decoder must judge (it reports the error).
inline bool fastU32(const uint8_t *p, uint32_t &v, unsigned &len) {
  uint32_t result = 0;
  for (unsigned i = 0; i < 5; ++i) {
    uint8_t byte = p[i];
    if (i == 4 && byte >= 0x10)
      return false;
    result |= uint32_t(byte & 0x7f) << (7 * i);
    if (!(byte & 0x80)) {
      v = result;
      len = i + 1;
      return true;
    }
  }
  return false;
}
/// Decodes an s64 LEB of at most 9 bytes (longer ones go the slow way).
inline bool fastS64(const uint8_t *p, int64_t &v, unsigned &len) {
  uint64_t result = 0;
  for (unsigned i = 0; i < 9; ++i) {
    uint8_t byte = p[i];
    result |= uint64_t(byte & 0x7f) << (7 * i);
    if (!(byte & 0x80)) {
      unsigned shift = 7 * (i + 1);
      v = int64_t(result << (64 - shift)) >> (64 - shift);
      len = i + 1;
      return true;
    }
  }
  return false;
}
/// Decodes an s32 LEB of at most 4 bytes (longer ones go the slow way).
inline bool fastS32(const uint8_t *p, int32_t &v, unsigned &len) {
  uint32_t result = 0;
  for (unsigned i = 0; i < 4; ++i) {
    uint8_t byte = p[i];
    result |= uint32_t(byte & 0x7f) << (7 * i);
    if (!(byte & 0x80)) {
      unsigned shift = 7 * (i + 1);
      v = int32_t(result << (32 - shift)) >> (32 - shift);
      len = i + 1;
      return true;
    }
  }
  return false;
}
} // namespace detail

/// Decodes one operator at `r`, its variable-length immediates into `pool`: the
/// common shapes inline and bounds-checked once, the rest in readOperatorSlow.
inline llvm::Error readOperator(BinaryReader &r, Operator &op, ImmPool &pool) {
  llvm::ArrayRef<uint8_t> in = r.rest();
  // 16 bytes cover the longest immediate the fast path decodes, so it can
  // look ahead without per-byte bounds checks.
  if (in.size() >= 16) {
    const uint8_t *p = in.data();
    uint8_t b = p[0];
    unsigned len, len2;
    uint8_t shape = fastDecodeTable.shape[b];
    // Ordered by how often each shape occurs in real code; conditional
    // branches predict better here than a jump table.
    if (shape == FastDecodeTable::NoImm) {
      op.op = opcodeTables.oneByte[b];
      r.advanceUnchecked(1);
      return llvm::Error::success();
    }
    if (shape == FastDecodeTable::U32) {
      if (detail::fastU32(p + 1, op.a, len)) {
        op.op = opcodeTables.oneByte[b];
        r.advanceUnchecked(1 + len);
        return llvm::Error::success();
      }
    } else if (shape == FastDecodeTable::MemArg) {
      uint32_t offset;
      if (p[1] < 0x40 && detail::fastU32(p + 2, offset, len2)) {
        op.op = opcodeTables.oneByte[b];
        op.flags = 0;
        op.a = p[1];
        op.b = 0;
        op.u64 = offset;
        r.advanceUnchecked(2 + len2);
        return llvm::Error::success();
      }
    } else if (shape == FastDecodeTable::I32) {
      int32_t v;
      if (detail::fastS32(p + 1, v, len)) {
        op.op = opcodeTables.oneByte[b];
        op.u64 = uint64_t(int64_t(v));
        r.advanceUnchecked(1 + len);
        return llvm::Error::success();
      }
    } else if (shape == FastDecodeTable::Block) {
      if (p[1] == typecode::EmptyBlock) {
        op.op = opcodeTables.oneByte[b];
        op.flags = uint8_t(BlockKind::Empty);
        r.advanceUnchecked(2);
        return llvm::Error::success();
      }
      if (p[1] >= typecode::V128 && p[1] <= typecode::I32) {
        op.op = opcodeTables.oneByte[b];
        op.flags = uint8_t(BlockKind::Value);
        op.valtype = ValType::num(p[1]);
        r.advanceUnchecked(2);
        return llvm::Error::success();
      }
    } else if (shape == FastDecodeTable::I64) {
      int64_t v;
      if (detail::fastS64(p + 1, v, len)) {
        op.op = opcodeTables.oneByte[b];
        op.u64 = uint64_t(v);
        r.advanceUnchecked(1 + len);
        return llvm::Error::success();
      }
    } else if (shape == FastDecodeTable::TwoU32) {
      if (detail::fastU32(p + 1, op.a, len) && detail::fastU32(p + 1 + len, op.b, len2)) {
        op.op = opcodeTables.oneByte[b];
        op.flags = len2 > 1; // an overlong table index needs call-indirect-overlong
        r.advanceUnchecked(1 + len + len2);
        return llvm::Error::success();
      }
    }
  }
  return readOperatorSlow(r, op, pool);
}

/// Decodes instructions until the `end` that closes depth 0 (a constant
/// expression or an element/global initialiser).
llvm::Error readConstExpr(BinaryReader &r, Expr &out);

/// Decodes a whole function body's code: every byte up to the reader's end,
/// which must be exactly the closing `end`.
llvm::Error readFunctionCode(BinaryReader &r, Expr &out);

/// Decodes and discards the instructions of a function body, for throughput
/// measurement and structure checks. Returns the instruction count.
llvm::Expected<uint64_t> scanFunctionCode(BinaryReader r, ImmPool &scratch);

/// Encodes one instruction.
void writeOperator(Encoder &e, const Operator &op, const ImmPool &pool);
/// Encodes every instruction of an expression.
void writeExpr(Encoder &e, const Expr &x);

} // namespace wcomp::binary
