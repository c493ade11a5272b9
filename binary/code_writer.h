//===- binary/code_writer.h - Instructions written by name -----*- C++ -*-===//
//
// The bodies wcomp makes itself (an adapter's allocator and start function,
// the shim and fixup modules of `new`) are a few instructions each. They are
// written through CodeWriter, by opcode name, so that no code outside
// binary/ spells an instruction as a byte.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/opcodes.h"
#include "binary/types.h"
#include "binary/writer.h"

#include <initializer_list>
#include <utility>

namespace wcomp::binary {

/// Writes the encoding of opcode `op`: its byte, or its prefix and LEB128
/// sub-opcode.
inline void writeOpcode(Encoder &e, Opcode op) {
  const OpcodeInfo &info = opcodeInfo(op);
  if (info.prefix) {
    e.u8(info.prefix);
    e.u32(info.code);
  } else {
    e.u8(uint8_t(info.code));
  }
}

/// Appends instructions to an Encoder by name, each with its immediates;
/// every call returns the writer, so a sequence reads as the text format
/// would: `c.localGet(0).i32Const(1).op(Opcode::I32Add)`.
class CodeWriter {
public:
  /// Writes into `e` (a function body being built).
  explicit CodeWriter(Encoder &e) : e(e) {}

  /// A body's local declarations: (count, value type code) runs.
  CodeWriter &locals(std::initializer_list<std::pair<uint32_t, uint8_t>> runs) {
    e.u32(uint32_t(runs.size()));
    for (auto [count, type] : runs) {
      e.u32(count);
      e.u8(type);
    }
    return *this;
  }
  /// An instruction without immediates (`i32.add`, `unreachable`, ...).
  CodeWriter &op(Opcode o) {
    writeOpcode(e, o);
    return *this;
  }
  /// `i32.const v`.
  CodeWriter &i32Const(int32_t v) { return op(Opcode::I32Const).s32(v); }
  /// `i64.const v`.
  CodeWriter &i64Const(int64_t v) { return op(Opcode::I64Const).s64(v); }
  /// `local.get i`.
  CodeWriter &localGet(uint32_t i) { return op(Opcode::LocalGet).u32(i); }
  /// `local.tee i`.
  CodeWriter &localTee(uint32_t i) { return op(Opcode::LocalTee).u32(i); }
  /// `global.get i`.
  CodeWriter &globalGet(uint32_t i) { return op(Opcode::GlobalGet).u32(i); }
  /// `global.set i`.
  CodeWriter &globalSet(uint32_t i) { return op(Opcode::GlobalSet).u32(i); }
  /// `call f`.
  CodeWriter &call(uint32_t f) { return op(Opcode::Call).u32(f); }
  /// `call_indirect (type t)` through table `table`.
  CodeWriter &callIndirect(uint32_t type, uint32_t table) {
    return op(Opcode::CallIndirect).u32(type).u32(table);
  }
  /// `return_call_ref (type t)`.
  CodeWriter &returnCallRef(uint32_t type) { return op(Opcode::ReturnCallRef).u32(type); }
  /// `ref.func f`.
  CodeWriter &refFunc(uint32_t f) { return op(Opcode::RefFunc).u32(f); }
  /// `memory.grow` of memory `mem`.
  CodeWriter &memoryGrow(uint32_t mem) { return op(Opcode::MemoryGrow).u32(mem); }
  /// `if` with no parameters or results (closed by end()).
  CodeWriter &ifEmpty() { return op(Opcode::If).byte(typecode::EmptyBlock); }
  /// `end`.
  CodeWriter &end() { return op(Opcode::End); }

private:
  CodeWriter &u32(uint32_t v) {
    e.u32(v);
    return *this;
  }
  CodeWriter &s32(int32_t v) {
    e.s32(v);
    return *this;
  }
  CodeWriter &s64(int64_t v) {
    e.s64(v);
    return *this;
  }
  CodeWriter &byte(uint8_t v) {
    e.u8(v);
    return *this;
  }

  Encoder &e;
};

} // namespace wcomp::binary
