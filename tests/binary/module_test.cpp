#include "binary/module.h"
#include "test_util.h"

using namespace wcomp::binary;
using wcomp::testing::addSection;
using wcomp::testing::Bytes;
using wcomp::testing::expectError;
using wcomp::testing::moduleHeader;
using wcomp::testing::toBytes;

namespace {

Expr constI32(int32_t v) {
  Expr x;
  Operator c;
  c.op = Opcode::I32Const;
  c.u64 = uint64_t(int64_t(v));
  x.ops.push_back(c);
  Operator end;
  end.op = Opcode::End;
  x.ops.push_back(end);
  return x;
}

const uint8_t dataBytes[] = {'h', 'i'};
const uint8_t customBytes[] = {1, 2, 3};

/// A module with every section kind, built in memory.
Module everySection() {
  Module m;
  RecGroup single;
  SubType fn;
  fn.composite.params = {ValType::num(typecode::I32)};
  fn.composite.results = {ValType::num(typecode::I64)};
  single.types.push_back(fn);
  m.types.push_back(single);
  RecGroup rec;
  rec.explicitRec = true;
  SubType st;
  st.form = typecode::Sub;
  st.composite.kind = typecode::StructType;
  st.composite.fields = {{ValType::num(typecode::I8), 1}, {ValType::ref(true, HeapType::index(1)), 0}};
  SubType arr;
  arr.form = typecode::SubFinal;
  arr.supertypes = {1};
  arr.composite.kind = typecode::ArrayType;
  arr.composite.fields = {{ValType::num(typecode::F64), 1}};
  rec.types = {st, arr};
  m.types.push_back(rec);

  Import fi;
  fi.module = "env";
  fi.name = "f";
  fi.index = 0;
  Import ti;
  ti.module = "env";
  ti.name = "t";
  ti.kind = extkind::Table;
  ti.table.elem = ValType::num(typecode::Func);
  ti.table.limits.flags = 0x05; // table64 with max
  ti.table.limits.min = 1;
  ti.table.limits.max = uint64_t(1) << 33;
  Import mi;
  mi.module = "env";
  mi.name = "m";
  mi.kind = extkind::Memory;
  mi.memory.flags = 0x0b; // max + shared + custom page size
  mi.memory.min = 1;
  mi.memory.max = 2;
  mi.memory.pageSizeLog2 = 0;
  Import gi;
  gi.module = "env";
  gi.name = "g";
  gi.kind = extkind::Global;
  gi.global.type = ValType::num(typecode::F32);
  gi.global.flags = 1;
  Import tg;
  tg.module = "env";
  tg.name = "tag";
  tg.kind = extkind::Tag;
  m.imports = {fi, ti, mi, gi, tg};

  m.functions = {0, 0};
  Table t;
  t.type.elem = ValType::ref(false, HeapType::index(0));
  t.type.limits.min = 1;
  Expr init;
  Operator rf;
  rf.op = Opcode::RefFunc;
  rf.a = 1;
  init.ops.push_back(rf);
  Operator end;
  end.op = Opcode::End;
  init.ops.push_back(end);
  t.init = init;
  m.tables.push_back(t);
  Limits mem;
  mem.flags = 0x04;
  mem.min = 3;
  m.memories.push_back(mem);
  m.tags.push_back(TagType{0, 0});
  Global g;
  g.type.type = ValType::num(typecode::I32);
  g.init = constI32(-5);
  m.globals.push_back(g);
  m.exports = {Export{"run", extkind::Func, 1}, Export{"mem", extkind::Memory, 1}};
  m.start = 2;
  for (uint32_t flags = 0; flags < 8; ++flags) {
    ElementSegment seg;
    seg.flags = flags;
    seg.table = 1;
    seg.offset = constI32(0);
    if (flags & 4) {
      seg.type = flags == 4 ? ValType::num(typecode::Func) : ValType::ref(true, HeapType::abstract(typecode::Func));
      Expr item;
      item.ops.push_back(rf);
      item.ops.push_back(end);
      seg.exprs.push_back(item);
    } else {
      seg.funcs = {1, 2};
    }
    m.elements.push_back(std::move(seg));
  }
  m.dataCount = 3;
  for (uint32_t flags = 0; flags < 3; ++flags) {
    DataSegment d;
    d.flags = flags;
    d.memory = 1;
    d.offset = constI32(8);
    d.data = dataBytes;
    m.data.push_back(d);
  }
  for (int i = 0; i < 2; ++i) {
    FunctionBody body;
    body.decoded = true;
    body.locals = {{2, ValType::num(typecode::I32)}, {1, ValType::num(typecode::V128)}};
    body.code = constI32(i);
    Operator drop;
    drop.op = Opcode::Drop;
    body.code.ops.insert(body.code.ops.end() - 1, drop);
    Operator c64;
    c64.op = Opcode::I64Const;
    c64.u64 = 7;
    body.code.ops.insert(body.code.ops.end() - 1, c64);
    m.code.push_back(body);
  }
  m.customs.push_back({"first", customBytes});
  m.customs.push_back({"last", customBytes});
  return m;
}

TEST(Module, EverySectionWritesAndReadsBack) {
  Module m = everySection();
  m.sectionOrder = defaultSectionOrder(m);
  // Put one custom section at the front to check that order is kept.
  m.sectionOrder.pop_back();
  m.sectionOrder.insert(m.sectionOrder.begin(), coresec::Custom);
  Encoder e;
  writeModule(e, m);
  Bytes bytes = toBytes(e);
  auto back = readModule(bytes);
  ASSERT_TRUE(bool(back)) << errorText(back.takeError());
  EXPECT_EQ(back->sectionOrder, m.sectionOrder);
  EXPECT_EQ(back->customs.front().name, "first");
  EXPECT_EQ(back->customs.back().name, "last");
  EXPECT_EQ(back->types.size(), 2u);
  EXPECT_TRUE(back->types[1].explicitRec);
  EXPECT_EQ(back->types[1].types[1].supertypes, std::vector<uint32_t>{1});
  EXPECT_EQ(back->imports[1].table.limits.max, uint64_t(1) << 33);
  EXPECT_TRUE(back->imports[2].memory.shared());
  EXPECT_TRUE(back->imports[2].memory.hasPageSize());
  ASSERT_TRUE(back->tables[0].init.has_value());
  EXPECT_EQ(back->elements.size(), 8u);
  EXPECT_EQ(back->elements[5].exprs.size(), 1u);
  EXPECT_EQ(back->elements[2].table, 1u);
  EXPECT_EQ(back->data[2].memory, 1u);
  EXPECT_EQ(back->code[1].locals.size(), 2u);
  EXPECT_EQ(back->code[1].code.ops.size(), 4u);
  EXPECT_EQ(back->globals[0].init.ops[0].i32(), -5);
  EXPECT_EQ(*back->start, 2u);
  Encoder again;
  writeModule(again, *back);
  EXPECT_EQ(toBytes(again), bytes);
}

TEST(Module, LazyBodiesDecodeOnDemand) {
  Module m = everySection();
  Encoder e;
  writeModule(e, m);
  Bytes bytes = toBytes(e);
  ReadOptions lazy;
  lazy.decodeBodies = false;
  auto back = readModule(bytes, 0, lazy);
  ASSERT_TRUE(bool(back));
  EXPECT_FALSE(back->code[0].decoded);
  EXPECT_TRUE(back->code[0].code.ops.empty());
  Encoder raw;
  writeModule(raw, *back); // raw bodies are copied through
  EXPECT_EQ(toBytes(raw), bytes);
  ASSERT_FALSE(bool(decodeFunctionBody(back->code[0])));
  EXPECT_EQ(back->code[0].code.ops.size(), 4u);
}

TEST(Module, StructuralErrors) {
  // function and code counts disagree
  Bytes b = moduleHeader();
  addSection(b, coresec::Type, {0x01, 0x60, 0x00, 0x00});
  addSection(b, coresec::Function, {0x01, 0x00});
  expectError(readModule(b), "function and code section have inconsistent lengths");
  // data count disagrees with the data section
  Bytes d = moduleHeader();
  addSection(d, coresec::DataCount, {0x02});
  addSection(d, coresec::Data, {0x01, 0x01, 0x00});
  expectError(readModule(d), "data count and data section have inconsistent lengths");
  // out of order and duplicated sections
  Bytes o = moduleHeader();
  addSection(o, coresec::Function, {0x00});
  addSection(o, coresec::Type, {0x00});
  expectError(readModule(o), "section out of order: type", 11);
  Bytes dup = moduleHeader();
  addSection(dup, coresec::Type, {0x00});
  addSection(dup, coresec::Type, {0x00});
  expectError(readModule(dup), "multiple type sections", 11);
  // tag sits between memory and global
  Bytes tag = moduleHeader();
  addSection(tag, coresec::Memory, {0x00});
  addSection(tag, coresec::Tag, {0x00});
  addSection(tag, coresec::Global, {0x00});
  EXPECT_TRUE(bool(readModule(tag)));
  // leftover bytes in a section
  Bytes left = moduleHeader();
  addSection(left, coresec::Type, {0x00, 0x00});
  expectError(readModule(left), "section size mismatch: unexpected data at the end of the section", 11);
  // unknown section id, bad magic, bad version
  Bytes unk = moduleHeader();
  addSection(unk, 14, {});
  expectError(readModule(unk), "malformed section id: 14", 8);
  expectError(readModule(Bytes{0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0}), "magic header not detected");
  expectError(readModule(Bytes{0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0}), "unknown binary version: 0x2", 4);
  // import kinds and element/data flags
  Bytes imp = moduleHeader();
  addSection(imp, coresec::Import, {0x01, 0x00, 0x00, 0x07});
  expectError(readModule(imp), "malformed import kind: 0x7");
  Bytes el = moduleHeader();
  addSection(el, coresec::Element, {0x01, 0x08});
  expectError(readModule(el), "malformed elements segment kind");
  Bytes da = moduleHeader();
  addSection(da, coresec::Data, {0x01, 0x03});
  expectError(readModule(da), "malformed data segment kind");
  // a page size of 2^65 is not representable
  Bytes page = moduleHeader();
  addSection(page, coresec::Memory, {0x01, 0x08, 0x00, 0x41});
  expectError(readModule(page), "invalid custom page size", 13);
  // too many locals
  Bytes loc = moduleHeader();
  addSection(loc, coresec::Type, {0x01, 0x60, 0x00, 0x00});
  addSection(loc, coresec::Function, {0x01, 0x00});
  addSection(loc, coresec::Code, {0x01, 0x08, 0x02, 0xff, 0xff, 0x03, 0x7f, 0x01, 0x7f, 0x0b});
  expectError(readModule(loc), "too many locals");
}

TEST(Module, CustomSectionNamesAreChecked) {
  Bytes b = moduleHeader();
  addSection(b, coresec::Custom, {0x02, 0xc0, 0x80});
  expectError(readModule(b), "malformed UTF-8 encoding", 10);
  Bytes ok = moduleHeader();
  addSection(ok, coresec::Custom, {0x04, 'n', 'a', 'm', 'e', 0xde, 0xad});
  auto m = readModule(ok);
  ASSERT_TRUE(bool(m));
  EXPECT_EQ(m->customs[0].name, "name");
  EXPECT_EQ(m->customs[0].data.size(), 2u);
}

} // namespace
