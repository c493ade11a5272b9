#include "binary/opcodes.h"

namespace wcomp::binary {

namespace {

constexpr OpcodeTables buildTables() {
  OpcodeTables t{};
  for (auto &o : t.oneByte) o = Opcode::Invalid;
  for (auto &o : t.gc) o = Opcode::Invalid;
  for (auto &o : t.misc) o = Opcode::Invalid;
  for (auto &o : t.simd) o = Opcode::Invalid;
  for (auto &o : t.atomic) o = Opcode::Invalid;
  for (unsigned i = 0; i < NumOpcodes; ++i) {
    const OpcodeInfo &info = opcodeInfoTable[i];
    Opcode op = Opcode(i);
    switch (info.prefix) {
    case 0x00: t.oneByte[info.code] = op; break;
    case 0xFB: t.gc[info.code] = op; break;
    case 0xFC: t.misc[info.code] = op; break;
    case 0xFD: t.simd[info.code] = op; break;
    case 0xFE: t.atomic[info.code] = op; break;
    }
  }
  return t;
}
} // namespace

constinit const OpcodeTables opcodeTables = buildTables();

} // namespace wcomp::binary
