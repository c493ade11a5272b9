#include "binary/component.h"
#include "test_util.h"

using namespace wcomp::binary;
using wcomp::testing::addSection;
using wcomp::testing::Bytes;
using wcomp::testing::componentHeader;
using wcomp::testing::expectError;
using wcomp::testing::moduleHeader;
using wcomp::testing::toBytes;

namespace {

/// Encodes a component, reads it back and checks the re-encoding is identical.
Bytes roundTripComponent(const Component &c) {
  Encoder e;
  writeComponent(e, c);
  Bytes bytes = toBytes(e);
  auto back = readComponent(bytes);
  EXPECT_TRUE(bool(back)) << (back ? "" : errorText(back.takeError()));
  if (!back)
    return bytes;
  Encoder again;
  writeComponent(again, *back);
  EXPECT_EQ(toBytes(again), bytes);
  return bytes;
}

DefinedType dt(uint8_t kind) {
  DefinedType d;
  d.kind = kind;
  return d;
}

ComponentSection section(uint8_t id) {
  ComponentSection s;
  s.id = id;
  return s;
}

TEST(Component, EveryDefinedTypeRoundTrips) {
  ComponentSection types = section(compsec::Type);
  auto add = [&](DefinedType d) {
    TypeDef t;
    t.kind = 0;
    t.defined = std::move(d);
    types.types.push_back(std::move(t));
  };
  for (uint8_t prim = 0x73; prim <= 0x7f; ++prim)
    add(dt(prim));
  add(dt(dvt::ErrorContext));
  DefinedType rec = dt(dvt::Record);
  rec.fields = {{"a", CValType::prim(0x79)}, {"b", CValType::type(70)}};
  add(rec);
  DefinedType var = dt(dvt::Variant);
  var.cases = {{"none", std::nullopt, std::nullopt}, {"some", CValType::prim(0x73), std::nullopt},
               {"legacy", std::nullopt, 0u}};
  add(var);
  for (uint8_t k : {dvt::List, dvt::Option}) {
    DefinedType d = dt(k);
    d.first = CValType::prim(0x7d);
    add(d);
  }
  DefinedType fixed = dt(dvt::FixedList);
  fixed.first = CValType::prim(0x7d);
  fixed.index = 3;
  add(fixed);
  DefinedType tup = dt(dvt::Tuple);
  tup.types = {CValType::prim(0x79), CValType::type(1)};
  add(tup);
  for (uint8_t k : {dvt::Flags, dvt::Enum}) {
    DefinedType d = dt(k);
    d.labels = {"read", "write"};
    add(d);
  }
  for (int mask = 0; mask < 4; ++mask) {
    DefinedType res = dt(dvt::Result);
    if (mask & 1)
      res.first = CValType::prim(0x79);
    if (mask & 2)
      res.second = CValType::type(2);
    add(res);
  }
  for (uint8_t k : {dvt::Own, dvt::Borrow}) {
    DefinedType d = dt(k);
    d.index = 5;
    add(d);
  }
  for (uint8_t k : {dvt::Stream, dvt::Future}) {
    add(dt(k));
    DefinedType d = dt(k);
    d.first = CValType::prim(0x7d);
    add(d);
  }
  DefinedType map = dt(dvt::Map);
  map.first = CValType::prim(0x73);
  map.second = CValType::prim(0x79);
  add(map);
  Component c;
  c.sections.push_back(std::move(types));
  Bytes bytes = roundTripComponent(c);
  auto back = readComponent(bytes);
  ASSERT_TRUE(bool(back));
  const auto &t = back->sections[0].types;
  ASSERT_EQ(t.size(), c.sections[0].types.size());
  EXPECT_EQ(t[14].defined.fields[1].type.index, 70u); // two-byte s33 index
  EXPECT_EQ(*t[15].defined.cases[2].refines, 0u);
}

TEST(Component, FunctionComponentInstanceAndResourceTypes) {
  ComponentSection types = section(compsec::Type);
  TypeDef f;
  f.kind = 0x40;
  f.func.params = {{"x", CValType::prim(0x79)}};
  f.func.resultForm = 0x00;
  f.func.result = CValType::prim(0x73);
  types.types.push_back(std::move(f));
  TypeDef af;
  af.kind = 0x43;
  af.func.async = true;
  types.types.push_back(std::move(af));
  TypeDef r1;
  r1.kind = 0x3f;
  r1.resource.dtor = 4;
  types.types.push_back(std::move(r1));
  TypeDef r2;
  r2.kind = 0x3f;
  types.types.push_back(std::move(r2));
  TypeDef r3;
  r3.kind = 0x3e;
  r3.resource.kind = 0x3e;
  r3.resource.dtor = 1;
  r3.resource.callback = 2;
  types.types.push_back(std::move(r3));

  TypeDef inst;
  inst.kind = 0x42;
  TypeDecl exportRes;
  exportRes.kind = 0x04;
  exportRes.name.name = "res";
  exportRes.desc.kind = 0x03;
  exportRes.desc.bound = 0x01;
  inst.decls.push_back(std::move(exportRes));
  TypeDecl coreType;
  coreType.kind = 0x00;
  coreType.coreType = std::make_unique<CoreTypeDef>();
  coreType.coreType->isModule = true;
  ModuleTypeDecl imp;
  imp.kind = 0x00;
  imp.import.module = "env";
  imp.import.name = "f";
  coreType.coreType->decls.push_back(std::move(imp));
  ModuleTypeDecl alias;
  alias.kind = 0x02;
  alias.aliasCount = 1;
  coreType.coreType->decls.push_back(std::move(alias));
  ModuleTypeDecl exp;
  exp.kind = 0x03;
  exp.import.name = "mem";
  exp.import.kind = extkind::Memory;
  coreType.coreType->decls.push_back(std::move(exp));
  inst.decls.push_back(std::move(coreType));
  TypeDecl outer;
  outer.kind = 0x02;
  outer.alias.sort.kind = sortkind::Type;
  outer.alias.target = aliastarget::Outer;
  outer.alias.instance = 1;
  outer.alias.index = 0;
  inst.decls.push_back(std::move(outer));
  TypeDecl nested;
  nested.kind = 0x01;
  nested.type = std::make_unique<TypeDef>();
  nested.type->kind = 0x40;
  inst.decls.push_back(std::move(nested));

  TypeDef comp;
  comp.kind = 0x41;
  TypeDecl importInst;
  importInst.kind = 0x03;
  importInst.name.name = "wasi:io/streams@0.2.3";
  importInst.desc.kind = 0x05;
  importInst.desc.index = 5;
  comp.decls.push_back(std::move(importInst));
  TypeDecl innerType;
  innerType.kind = 0x01;
  innerType.type = std::make_unique<TypeDef>(std::move(inst));
  comp.decls.push_back(std::move(innerType));
  types.types.push_back(std::move(comp));
  Component c;
  c.sections.push_back(std::move(types));
  roundTripComponent(c);
}

TEST(Component, EverySectionKindRoundTrips) {
  Component c;
  // Nested core module and component.
  ComponentSection mod = section(compsec::CoreModule);
  mod.module = std::make_unique<Module>();
  c.sections.push_back(std::move(mod));
  ComponentSection nested = section(compsec::Component);
  nested.component = std::make_unique<Component>();
  c.sections.push_back(std::move(nested));
  ComponentSection coreTypes = section(compsec::CoreType);
  CoreTypeDef fnType;
  fnType.rec.types.emplace_back();
  coreTypes.coreTypes.push_back(std::move(fnType));
  CoreTypeDef prefixed; // non-final sub needs the 0x00 prefix in this position
  prefixed.zeroPrefix = true;
  SubType sub;
  sub.form = typecode::Sub;
  prefixed.rec.types.push_back(sub);
  coreTypes.coreTypes.push_back(std::move(prefixed));
  c.sections.push_back(std::move(coreTypes));
  ComponentSection coreInst = section(compsec::CoreInstance);
  CoreInstance inst0;
  inst0.args.push_back({"env", coresort::Instance, 1});
  CoreInstance bag;
  bag.kind = 0x01;
  bag.exports.push_back({"memory", coresort::Memory, 0});
  coreInst.coreInstances.push_back(std::move(inst0));
  coreInst.coreInstances.push_back(std::move(bag));
  c.sections.push_back(std::move(coreInst));
  ComponentSection inst = section(compsec::Instance);
  Instance i0;
  i0.args.push_back({"dep", SortIdx{Sort{sortkind::Instance, 0}, 0}});
  Instance i1;
  i1.kind = 0x01;
  Instance::InlineExport ex;
  ex.name.name = "f";
  ex.item = SortIdx{Sort{sortkind::Func, 0}, 2};
  i1.exports.push_back(ex);
  inst.instances.push_back(std::move(i0));
  inst.instances.push_back(std::move(i1));
  c.sections.push_back(std::move(inst));
  ComponentSection aliases = section(compsec::Alias);
  Alias a1{Sort{sortkind::Func, 0}, aliastarget::Export, 0, "f", 0};
  Alias a2{Sort{sortkind::Core, coresort::Memory}, aliastarget::CoreExport, 1, "memory", 0};
  Alias a3{Sort{sortkind::Core, coresort::Module}, aliastarget::Outer, 1, "", 3};
  aliases.aliases = {a1, a2, a3};
  c.sections.push_back(std::move(aliases));
  ComponentSection canons = section(compsec::Canon);
  for (unsigned op = 0; op < 0x50; ++op) {
    CanonInfo info = canonInfo(uint8_t(op));
    if (info.shape == CanonShape::Unknown)
      continue;
    Canon k;
    k.opcode = uint8_t(op);
    k.func = 1;
    k.type = 2;
    k.table = 3;
    k.flag = 1;
    k.coreType = ValType::num(typecode::I32);
    k.opts = {{0x00, 0}, {0x03, 0}, {0x04, 7}, {0x05, 8}, {0x06, 0}, {0x07, 9}, {0x08, 1}, {0x09, 0}};
    canons.canons.push_back(std::move(k));
  }
  EXPECT_GT(canons.canons.size(), 40u);
  c.sections.push_back(std::move(canons));
  ComponentSection start = section(compsec::Start);
  start.start = ComponentStart{3, {0, 1}, 1};
  c.sections.push_back(std::move(start));
  ComponentSection imports = section(compsec::Import);
  ComponentImport im;
  im.name.form = 0x02;
  im.name.name = "i1";
  im.name.options = {{0x00, "my:dep/iface"}, {0x02, "ext-id"}};
  im.desc.kind = 0x05;
  imports.imports.push_back(std::move(im));
  ComponentImport legacy;
  legacy.name.form = 0x01;
  legacy.name.name = "b";
  legacy.desc.kind = 0x02;
  legacy.desc.bound = 0x01;
  legacy.desc.valtype = CValType::prim(0x73);
  imports.imports.push_back(std::move(legacy));
  c.sections.push_back(std::move(imports));
  ComponentSection exports = section(compsec::Export);
  ComponentExport e1;
  e1.name.name = "run";
  e1.item = SortIdx{Sort{sortkind::Func, 0}, 0};
  ExternDesc asc;
  asc.kind = 0x01;
  e1.desc = asc;
  ComponentExport e2;
  e2.name.name = "t";
  e2.item = SortIdx{Sort{sortkind::Type, 0}, 1};
  exports.exports = {std::move(e1), std::move(e2)};
  c.sections.push_back(std::move(exports));
  static const uint8_t val[] = {0x2a};
  ComponentSection values = section(compsec::Value);
  values.values.push_back({CValType::prim(0x7d), val});
  c.sections.push_back(std::move(values));
  static const uint8_t custom[] = {9, 9};
  ComponentSection cs = section(compsec::Custom);
  cs.custom = {"component-name", custom};
  c.sections.push_back(std::move(cs));
  Bytes bytes = roundTripComponent(c);
  auto back = readComponent(bytes);
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(back->sections.size(), c.sections.size());
  ASSERT_EQ(back->sections[8].imports.size(), 2u);
  EXPECT_EQ(back->sections[8].imports[0].name.options[1].value, "ext-id");
  EXPECT_TRUE(back->sections[2].coreTypes[1].zeroPrefix);
}

TEST(Component, MalformedInputs) {
  auto comp = [](uint8_t id, const Bytes &body) {
    Bytes b = componentHeader();
    addSection(b, id, body);
    return b;
  };
  expectError(readComponent(comp(compsec::Canon, {0x01, 0x07})),
              "invalid leading byte (0x7) for canonical function", 11);
  expectError(readComponent(comp(compsec::Canon, {0x01, 0x30})), "invalid leading byte (0x30) for canonical function");
  expectError(readComponent(comp(compsec::Canon, {0x01, 0x00, 0x01, 0x00, 0x00, 0x00})),
              "invalid leading byte (0x1) for canonical function lift");
  expectError(readComponent(comp(compsec::Canon, {0x01, 0x0c, 0x02})), "invalid boolean value");
  expectError(readComponent(comp(compsec::Canon, {0x01, 0x01, 0x00, 0x00, 0x01, 0x0a})),
              "invalid leading byte (0xa) for canonical option");
  expectError(readComponent(comp(compsec::Alias, {0x01, 0x01, 0x02, 0x00, 0x00})),
              "invalid leading byte (0x1) for component outer alias kind");
  expectError(readComponent(comp(compsec::Type, {0x01, 0x40, 0x00, 0x01, 0x01})),
              "invalid leading byte (0x1) for number of results");
  expectError(readComponent(comp(compsec::Type, {0x01, 0x40, 0x00, 0x02, 0x00})),
              "invalid leading byte (0x2) for component function results");
  expectError(readComponent(comp(compsec::Type, {0x01, 0x60})),
              "invalid leading byte (0x60) for component defined type");
  expectError(readComponent(comp(compsec::Import, {0x01, 0x03, 0x01, 'a', 0x01, 0x00})),
              "invalid leading byte (0x3) for component external name");
  expectError(readComponent(comp(compsec::Import, {0x01, 0x02, 0x01, 'a', 0x01, 0x03, 0x00, 0x01, 0x00})),
              "invalid leading byte (0x3) for name attribute");
  expectError(readComponent(comp(compsec::CoreType, {0x01, 0x50, 0x01, 0x02, 0x00, 0x01, 0x01, 0x00})),
              "invalid leading byte (0x0) for outer alias kind");
  // A core module section must hold a module, a component section a component.
  expectError(readComponent(comp(compsec::CoreModule, componentHeader())),
              "expected a core module, found a component");
  expectError(readComponent(comp(compsec::Component, moduleHeader())),
              "expected a component, found a core module");
  // Versions: say what was found and what is supported.
  expectError(readComponent(Bytes{0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00}),
              "version 0xd is supported", 4);
  expectError(readComponent(moduleHeader()), "expected a component, found a core module");
}

} // namespace
