// Memory size/grow, bulk memory and table instructions.
#include "validate/func_validator.h"

#include "binary/error.h"

namespace wcomp::validate {

using namespace binary;
namespace tc = binary::typecode;

llvm::Error FuncValidator::stepMemory(const Operator &op, uint64_t at, bool &handled) {
  handled = true;
  const ValType i32 = ValType::num(tc::I32);
  auto minAddr = [](const ValType &a, const ValType &b) {
    return a.code == tc::I64 && b.code == tc::I64 ? a : ValType::num(tc::I32);
  };
  auto dataIndex = [&](uint32_t idx) -> llvm::Error {
    if (!env.dataCount)
      return makeError(at, "data count section required");
    if (idx >= *env.dataCount)
      return makeError(at, "unknown data segment " + llvm::Twine(idx));
    return llvm::Error::success();
  };
  auto elemIndex = [&](uint32_t idx) -> llvm::Expected<ValType> {
    if (idx >= env.elemTypes.size())
      return makeError(at, "unknown elem segment " + llvm::Twine(idx) + ": segment index out of bounds");
    return env.elemTypes[idx];
  };
  switch (op.op) {
  case Opcode::MemorySize: case Opcode::MemoryGrow: {
    ValType addr;
    WCOMP_ASSIGN(addr, addrType(op.a, at));
    if (op.op == Opcode::MemoryGrow)
      WCOMP_CHECK(popExpect(addr, at));
    push(addr);
    return llvm::Error::success();
  }
  case Opcode::MemoryDiscard: {
    // memory-control: discard [address, length) of a memory.
    ValType addr;
    WCOMP_ASSIGN(addr, addrType(op.a, at));
    WCOMP_CHECK(popExpect(addr, at));
    return popExpect(addr, at);
  }
  case Opcode::MemoryInit: {
    ValType addr;
    WCOMP_ASSIGN(addr, addrType(op.b, at));
    WCOMP_CHECK(dataIndex(op.a));
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(addr, at);
  }
  case Opcode::DataDrop:
    return dataIndex(op.a);
  case Opcode::MemoryCopy: {
    ValType dst, src;
    WCOMP_ASSIGN(dst, addrType(op.a, at));
    WCOMP_ASSIGN(src, addrType(op.b, at));
    WCOMP_CHECK(popExpect(minAddr(dst, src), at));
    WCOMP_CHECK(popExpect(src, at));
    return popExpect(dst, at);
  }
  case Opcode::MemoryFill: {
    ValType addr;
    WCOMP_ASSIGN(addr, addrType(op.a, at));
    WCOMP_CHECK(popExpect(addr, at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(addr, at);
  }
  case Opcode::TableInit: {
    ValType addr, elem;
    WCOMP_ASSIGN(addr, tableAddrType(op.b, at));
    WCOMP_ASSIGN(elem, elemIndex(op.a));
    if (!env.types.matches(elem, env.tables[op.b].elem))
      return makeError(at, "type mismatch: elem segment type " + TypeContext::name(elem) +
                               " does not match table type " + TypeContext::name(env.tables[op.b].elem));
    WCOMP_CHECK(popExpect(i32, at));
    WCOMP_CHECK(popExpect(i32, at));
    return popExpect(addr, at);
  }
  case Opcode::ElemDrop:
    return elemIndex(op.a).takeError();
  case Opcode::TableCopy: {
    ValType dst, src;
    WCOMP_ASSIGN(dst, tableAddrType(op.a, at));
    WCOMP_ASSIGN(src, tableAddrType(op.b, at));
    if (!env.types.matches(env.tables[op.b].elem, env.tables[op.a].elem))
      return makeError(at, "type mismatch: source table type does not match destination table type");
    WCOMP_CHECK(popExpect(minAddr(dst, src), at));
    WCOMP_CHECK(popExpect(src, at));
    return popExpect(dst, at);
  }
  case Opcode::TableGet: case Opcode::TableSet: case Opcode::TableGrow: case Opcode::TableSize:
  case Opcode::TableFill: {
    ValType addr;
    WCOMP_ASSIGN(addr, tableAddrType(op.a, at));
    const ValType &elem = env.tables[op.a].elem;
    switch (op.op) {
    case Opcode::TableGet:
      WCOMP_CHECK(popExpect(addr, at));
      push(elem);
      break;
    case Opcode::TableSet:
      WCOMP_CHECK(popExpect(elem, at));
      WCOMP_CHECK(popExpect(addr, at));
      break;
    case Opcode::TableGrow:
      WCOMP_CHECK(popExpect(addr, at));
      WCOMP_CHECK(popExpect(elem, at));
      push(addr);
      break;
    case Opcode::TableSize:
      push(addr);
      break;
    default: // fill
      WCOMP_CHECK(popExpect(addr, at));
      WCOMP_CHECK(popExpect(elem, at));
      WCOMP_CHECK(popExpect(addr, at));
      break;
    }
    return llvm::Error::success();
  }
  default:
    handled = false;
    return llvm::Error::success();
  }
}

} // namespace wcomp::validate
