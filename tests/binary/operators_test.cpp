#include "binary/operators.h"
#include "test_util.h"

using namespace wcomp::binary;
using wcomp::testing::Bytes;
using wcomp::testing::expectError;
using wcomp::testing::toBytes;

namespace {

/// Fills an operator's immediates with non-trivial values for its kind.
void fillImmediates(Operator &op, ImmPool &pool, unsigned seed) {
  op.a = 3 + seed % 7;
  op.b = 200 + seed % 5; // two-byte LEBs
  switch (op.imm()) {
  case ImmKind::Block:
    op.flags = uint8_t(BlockKind(seed % 3));
    op.a = 70; // an index that needs two s33 bytes
    op.valtype = ValType::num(typecode::I64);
    break;
  case ImmKind::TryTable:
    op.flags = uint8_t(BlockKind::Value);
    op.valtype = ValType::ref(true, HeapType::index(5));
    op.b = uint32_t(pool.catches.size());
    op.c = 4;
    for (uint8_t k = 0; k < 4; ++k)
      pool.catches.push_back({k, k < 2 ? 9u : 0u, uint32_t(k)});
    break;
  case ImmKind::BrTable:
    op.a = uint32_t(pool.u32s.size());
    op.b = 3;
    op.c = 1;
    pool.u32s.append({0, 2, 300});
    break;
  case ImmKind::SelectT:
    op.a = uint32_t(pool.types.size());
    op.b = 1;
    pool.types.push_back(ValType::num(typecode::V128));
    break;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
    op.a = seed % 4;
    op.b = seed % 2; // memory 1 needs the 0x40 flag
    op.flags = op.b ? 1 : 0;
    op.u64 = seed % 2 ? (uint64_t(1) << 40) : 16;
    op.lane = op.imm() == ImmKind::MemArgLane ? 1 : 0;
    break;
  case ImmKind::I32: op.u64 = uint64_t(int64_t(-123456)); break;
  case ImmKind::I64: op.u64 = uint64_t(INT64_MIN + 5); break;
  case ImmKind::F32: op.u64 = 0x7fc00001; break; // a NaN payload survives
  case ImmKind::F64: op.u64 = 0xfff8000000000123ull; break;
  case ImmKind::V128:
  case ImmKind::Shuffle:
    for (int i = 0; i < 16; ++i)
      op.v128[i] = uint8_t(i * 7 + seed);
    break;
  case ImmKind::Lane: op.lane = 2; break;
  case ImmKind::HeapType: op.heaps[0] = seed % 2 ? HeapType::index(4) : HeapType::abstract(typecode::Any); break;
  case ImmKind::BrOnCast:
    op.flags = 3;
    op.a = 2;
    op.heaps[0] = HeapType::abstract(typecode::Any);
    op.heaps[1] = HeapType::index(1);
    break;
  case ImmKind::Fence: op.flags = 0; break;
  case ImmKind::AtomicGlobal: case ImmKind::AtomicTable: case ImmKind::AtomicField:
  case ImmKind::AtomicArray:
    op.flags = seed % 2; // seqcst or acqrel
    op.a = 200;          // two LEB bytes
    op.b = op.imm() == ImmKind::AtomicField ? 3 : 0;
    break;
  default: break;
  }
}

TEST(Operators, EveryOpcodeEncodesAndDecodes) {
  for (unsigned i = 0; i < NumOpcodes; ++i) {
    Opcode code = Opcode(i);
    for (unsigned seed = 0; seed < 2; ++seed) {
      Operator op;
      op.op = code;
      ImmPool pool;
      fillImmediates(op, pool, seed);
      Encoder e;
      writeOperator(e, op, pool);
      BinaryReader r(e.bytes);
      Operator back;
      ImmPool backPool;
      llvm::Error err = readOperator(r, back, backPool);
      ASSERT_FALSE(bool(err)) << opcodeName(code).str() << ": " << errorText(std::move(err));
      EXPECT_TRUE(r.eof()) << opcodeName(code).str();
      EXPECT_EQ(back.op, code) << opcodeName(code).str();
      Encoder again;
      writeOperator(again, back, backPool);
      EXPECT_EQ(toBytes(e), toBytes(again)) << opcodeName(code).str();
    }
  }
}

TEST(Operators, TableCoversTheFamilies) {
  // Spot checks of the table against the spec's opcode assignments.
  struct Case { Opcode op; uint8_t prefix; uint32_t code; const char *text; };
  const Case cases[] = {
      {Opcode::Unreachable, 0, 0x00, "unreachable"}, {Opcode::I32Add, 0, 0x6a, "i32.add"},
      {Opcode::I64Extend32S, 0, 0xc4, "i64.extend32_s"}, {Opcode::RefNull, 0, 0xd0, "ref.null"},
      {Opcode::BrOnNonNull, 0, 0xd6, "br_on_non_null"}, {Opcode::TryTable, 0, 0x1f, "try_table"},
      {Opcode::ReturnCallRef, 0, 0x15, "return_call_ref"},
      {Opcode::I64TruncSatF64U, 0xfc, 7, "i64.trunc_sat_f64_u"}, {Opcode::TableFill, 0xfc, 17, "table.fill"},
      {Opcode::I64MulWideU, 0xfc, 22, "i64.mul_wide_u"},
      {Opcode::V128Const, 0xfd, 12, "v128.const"}, {Opcode::F64x2ConvertLowI32x4U, 0xfd, 255, "f64x2.convert_low_i32x4_u"},
      {Opcode::I32x4RelaxedDotI8x16I7x16AddS, 0xfd, 0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s"},
      {Opcode::AtomicFence, 0xfe, 3, "atomic.fence"}, {Opcode::I64AtomicRmw32CmpxchgU, 0xfe, 0x4e, "i64.atomic.rmw32.cmpxchg_u"},
      {Opcode::BrOnCastFail, 0xfb, 25, "br_on_cast_fail"}, {Opcode::I31GetU, 0xfb, 30, "i31.get_u"},
      {Opcode::RefGetDesc, 0xfb, 34, "ref.get_desc"},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(opcodeInfo(c.op).prefix, c.prefix) << c.text;
    EXPECT_EQ(opcodeInfo(c.op).code, c.code) << c.text;
    EXPECT_EQ(opcodeName(c.op), c.text);
    Opcode looked = c.prefix ? lookupPrefixed(c.prefix, c.code) : opcodeTables.oneByte[c.code];
    EXPECT_EQ(looked, c.op) << c.text;
  }
}

TEST(Operators, ExactEncodings) {
  auto enc = [](Opcode code, auto fill) {
    Operator op;
    op.op = code;
    ImmPool pool;
    fill(op, pool);
    Encoder e;
    writeOperator(e, op, pool);
    return toBytes(e);
  };
  EXPECT_EQ(enc(Opcode::I32Const, [](Operator &o, ImmPool &) { o.u64 = uint64_t(-1); }), (Bytes{0x41, 0x7f}));
  // Memory index 1 sets bit 6 of the alignment field.
  EXPECT_EQ(enc(Opcode::I32Load, [](Operator &o, ImmPool &) { o.a = 2; o.b = 1; o.u64 = 8; }),
            (Bytes{0x28, 0x42, 0x01, 0x08}));
  // Prefixed sub-opcodes are u32 LEBs.
  EXPECT_EQ(enc(Opcode::I8x16RelaxedSwizzle, [](Operator &, ImmPool &) {}), (Bytes{0xfd, 0x80, 0x02}));
  EXPECT_EQ(enc(Opcode::Block, [](Operator &o, ImmPool &) { o.flags = uint8_t(BlockKind::Empty); }),
            (Bytes{0x02, 0x40}));
  EXPECT_EQ(enc(Opcode::Block, [](Operator &o, ImmPool &) { o.flags = uint8_t(BlockKind::Index); o.a = 64; }),
            (Bytes{0x02, 0xc0, 0x00}));
  EXPECT_EQ(enc(Opcode::BrTable, [](Operator &o, ImmPool &p) { o.a = 0; o.b = 2; o.c = 0; p.u32s.append({1, 2}); }),
            (Bytes{0x0e, 0x02, 0x01, 0x02, 0x00}));
}

TEST(Operators, DecodeErrors) {
  auto dec = [](const Bytes &b) -> llvm::Expected<Operator> {
    BinaryReader r(b, 0x20);
    Operator op;
    ImmPool pool;
    if (llvm::Error e = readOperator(r, op, pool))
      return e;
    return op;
  };
  expectError(dec({0xff}), "illegal opcode: 0xff", 0x20);
  expectError(dec({0x27}), "illegal opcode: 0x27", 0x20);
  expectError(dec({0xfc, 0x7f}), "unknown 0xfc subopcode: 0x7f", 0x20);
  expectError(dec({0xfd, 0x9a, 0x01}), "unknown 0xfd subopcode: 0x9a", 0x20);
  expectError(dec({0x41}), "unexpected end-of-file", 0x21);
  expectError(dec({0x28, 0x80, 0x01, 0x00}), "malformed memop flags", 0x21);
  expectError(dec({0xfe, 0x03, 0x01}), "nonzero byte", 0x22);
  expectError(dec({0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f}), "br_table targets count", 0x21);
  expectError(dec({0x02, 0x50}), "invalid value type", 0x21);
}

TEST(Operators, FunctionCodeMustEndExactly) {
  auto code = [](const Bytes &b) -> llvm::Error {
    BinaryReader r(b);
    Expr x;
    return readFunctionCode(r, x);
  };
  EXPECT_FALSE(bool(code({0x02, 0x40, 0x0b, 0x0b})));
  llvm::Error missing = code({0x02, 0x40, 0x0b});
  ASSERT_TRUE(bool(missing));
  EXPECT_NE(errorText(std::move(missing)).find("END opcode expected"), std::string::npos);
  llvm::Error trailing = code({0x0b, 0x01});
  ASSERT_TRUE(bool(trailing));
  EXPECT_NE(errorText(std::move(trailing)).find("operators remaining after end of function"),
            std::string::npos);
}

} // namespace
