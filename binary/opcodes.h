//===- binary/opcodes.h - Instruction enum and tables from opcodes.def -*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace wcomp::binary {

/// The shape of an instruction's immediates. Several kinds share a binary shape
/// (Func, Local, Global... are one u32) but name what the index refers to, which
/// printers and validators need.
enum class ImmKind : uint8_t {
  None, Block, TryTable, Label, BrTable, Func, Local, Global, Table, Mem, Tag,
  Type, Data, Elem, CallIndirect, MemInit, MemCopy, TableInit, TableCopy,
  TypeField, TypeCount, TypeData, TypeElem, TypeType, MemArg, MemArgLane, I32,
  I64, F32, F64, V128, Shuffle, Lane, HeapType, SelectT, BrOnCast, Fence,
  Resume,      ///< stack switching: continuation type and handler table
  ResumeThrow, ///< continuation type, exception tag and handler table
  TypeTag,     ///< continuation type and tag (`switch`)
  // shared-everything-threads: a memory ordering (Operator::flags: 0 seqcst,
  // 1 acqrel), then a global, a table, a struct type and field, or an array type.
  AtomicGlobal, AtomicTable, AtomicField, AtomicArray
};

/// Every instruction, in opcodes.def order.
enum class Opcode : uint16_t {
#define WASM_OP(Name, Prefix, Code, Text, Imm) Name,
#include "binary/opcodes.def"
  Invalid
};

/// Number of real opcodes (Opcode::Invalid's value).
inline constexpr unsigned NumOpcodes = unsigned(Opcode::Invalid);

/// Static facts about one opcode.
struct OpcodeInfo {
  uint8_t prefix; ///< 0 for one-byte opcodes, else 0xFB..0xFE
  uint32_t code;  ///< the byte, or the sub-opcode after the prefix
  const char *text;
  ImmKind imm;
  uint8_t textLength; ///< strlen(text), so printers need not measure it
};

/// Facts about every opcode, indexed by Opcode.
inline constexpr OpcodeInfo opcodeInfoTable[] = {
#define WASM_OP(Name, Prefix, Code, Text, Imm) {Prefix, Code, Text, ImmKind::Imm, sizeof(Text) - 1},
#include "binary/opcodes.def"
};
static_assert(sizeof(opcodeInfoTable) / sizeof(opcodeInfoTable[0]) == NumOpcodes);

/// Facts about `op` (op must not be Invalid).
constexpr const OpcodeInfo &opcodeInfo(Opcode op) { return opcodeInfoTable[unsigned(op)]; }

/// The byte of a one-byte opcode (code that dispatches on raw bytes names
/// them so: `B == byteOf(Opcode::LocalGet)`).
constexpr uint8_t byteOf(Opcode op) { return uint8_t(opcodeInfo(op).code); }

/// Prefix bytes of multi-byte opcodes.
namespace opprefix {
/// An opcode prefix.
enum Kind : uint8_t { Gc = 0xFB, Misc = 0xFC, Simd = 0xFD, Atomic = 0xFE };
} // namespace opprefix

/// The instruction's text-format name, e.g. "i32.add".
inline llvm::StringRef opcodeName(Opcode op) { return opcodeInfo(op).text; }

/// Decoding tables: byte or sub-opcode to Opcode (Invalid where none).
struct OpcodeTables {
  Opcode oneByte[256];
  Opcode gc[64];      ///< 0xFB
  Opcode misc[32];    ///< 0xFC
  Opcode simd[288];   ///< 0xFD
  Opcode atomic[128]; ///< 0xFE
};

/// The tables, built at compile time from opcodes.def.
extern const OpcodeTables opcodeTables;

/// Looks up a prefixed opcode; Invalid when unknown.
inline Opcode lookupPrefixed(uint8_t prefix, uint32_t sub) {
  switch (prefix) {
  case 0xFB: return sub < 64 ? opcodeTables.gc[sub] : Opcode::Invalid;
  case 0xFC: return sub < 32 ? opcodeTables.misc[sub] : Opcode::Invalid;
  case 0xFD: return sub < 288 ? opcodeTables.simd[sub] : Opcode::Invalid;
  case 0xFE: return sub < 128 ? opcodeTables.atomic[sub] : Opcode::Invalid;
  default: return Opcode::Invalid;
  }
}

} // namespace wcomp::binary
