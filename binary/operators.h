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
  void clear() {
    u32s.clear();
    types.clear();
    catches.clear();
  }
};

/// A decoded instruction. Field use by immediate kind:
///  - Block/TryTable: flags = BlockKind, a = type index, valtype = value type;
///    TryTable: b = first catch in pool, c = catch count.
///  - one index (Label, Func, Local, ...): a; two indices: a, b.
///  - BrTable: a = first target in pool, b = target count, c = default.
///  - MemArg(Lane): a = align exponent, b = memory, u64 = offset,
///    flags bit 0 = memory index was encoded, lane.
///  - I32/I64: u64 holds the sign-extended value; F32/F64: the bit pattern.
///  - V128/Shuffle: v128. Lane: lane. HeapType: heaps[0].
///  - SelectT: a = first type in pool, b = count.
///  - BrOnCast: flags = cast flags, a = label, heaps[0], heaps[1].
///  - Fence: flags = the reserved byte.
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
  Operator() {}
  /// The immediate shape of this operator.
  ImmKind imm() const { return opcodeInfo(op).imm; }
  int32_t i32() const { return int32_t(u64); }
  int64_t i64() const { return int64_t(u64); }
};

/// A sequence of instructions with its immediate pool: a function body's code
/// or a constant expression (both include the final `end`).
struct Expr {
  std::vector<Operator> ops;
  ImmPool pool;
  bool operator==(const Expr &o) const;
};

/// Decodes one instruction at the reader's position into `op` (variable-length
/// immediates are appended to `pool`).
llvm::Error readOperator(BinaryReader &r, Operator &op, ImmPool &pool);

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
