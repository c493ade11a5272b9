//===- validate/signatures.h - The signature table of simple instructions -*- C++ -*-===//
// Internal to validate/: both the general checker and the fast handlers read
// this one table, built at compile time from signatures.def.
#pragma once

#include "binary/opcodes.h"
#include "binary/types.h"

namespace wcomp::validate::sigs {

namespace tc = binary::typecode;
using binary::NumOpcodes;
using binary::Opcode;

/// The stand-in code for the address type of an instruction's memory (i32
/// or i64, known only when the instruction is checked).
inline constexpr uint8_t AddrCode = 1;
/// Precompiled signature of a table-driven instruction: type codes, with
/// AddrCode standing for the address type of the instruction's memory.
struct SimpleSig {
  /// Which shape the instruction has (None: not table-driven).
  enum Kind : uint8_t { None, Plain, Mem, Lane, MemLane } kind = None;
  uint8_t numParams = 0, numResults = 0;
  uint8_t align = 0, lanes = 0;
  uint8_t params[4] = {};
  uint8_t results[2] = {};
};
/// The type code of a signature letter: `i` i32, `I` i64, `f` f32, `F` f64, `v`
/// v128; any other letter is the address type (AddrCode).
constexpr uint8_t letterCode(char c) {
  switch (c) {
  case 'i': return tc::I32;
  case 'I': return tc::I64;
  case 'f': return tc::F32;
  case 'F': return tc::F64;
  case 'v': return tc::V128;
  default: return AddrCode;
  }
}
/// A signature from its letters; `align` is the natural alignment (log2), `lanes` the lane count.
constexpr SimpleSig makeSig(SimpleSig::Kind k, const char *p, const char *r, uint8_t align, uint8_t lanes) {
  SimpleSig s;
  s.kind = k;
  s.align = align;
  s.lanes = lanes;
  for (; *p; ++p)
    s.params[s.numParams++] = letterCode(*p);
  for (; *r; ++r)
    s.results[s.numResults++] = letterCode(*r);
  return s;
}
/// Every opcode's signature, indexed by Opcode.
struct SimpleTable {
  SimpleSig sigs[NumOpcodes];
};
/// Builds the table from signatures.def at compile time.
constexpr SimpleTable buildSimple() {
  SimpleTable t{};
#define SIG(Op, P, R) t.sigs[unsigned(Opcode::Op)] = makeSig(SimpleSig::Plain, P, R, 0, 0);
#define MEM(Op, P, R, A) t.sigs[unsigned(Opcode::Op)] = makeSig(SimpleSig::Mem, P, R, A, 0);
#define LANE(Op, P, R, L) t.sigs[unsigned(Opcode::Op)] = makeSig(SimpleSig::Lane, P, R, 0, L);
#define MEMLANE(Op, P, R, A, L) t.sigs[unsigned(Opcode::Op)] = makeSig(SimpleSig::MemLane, P, R, A, L);
#include "validate/signatures.def"
  return t;
}
inline constexpr SimpleTable simpleTable = buildSimple();


/// The one-byte opcode encoded as `b` (Invalid when none), at compile time.
constexpr Opcode oneByteOpcode(uint8_t b) {
  for (unsigned i = 0; i < NumOpcodes; ++i)
    if (binary::opcodeInfoTable[i].prefix == 0 && binary::opcodeInfoTable[i].code == b)
      return Opcode(i);
  return Opcode::Invalid;
}

} // namespace wcomp::validate::sigs
