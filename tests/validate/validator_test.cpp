#include "builder.h"

#include <random>

using namespace wcomp::testing;
using wcomp::validate::Feature;
using wcomp::validate::Features;

namespace {

constexpr uint8_t I32 = 0x7f, I64 = 0x7e, F32 = 0x7d;

/// One function of type () -> (results) with `code`.
Bytes oneFunc(Bytes results, Bytes code, std::map<uint8_t, Bytes> extra = {}, Bytes locals = {0x00}) {
  ModBuilder b;
  b.func(b.type({}, results), code, locals);
  b.extra = std::move(extra);
  return b.build();
}

TEST(Numeric, StackTyping) {
  expectValid(oneFunc({I32}, {0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b}));
  expectValid(oneFunc({I32}, {0x42, 0x05, 0xa7, 0x0b}));                    // i32.wrap_i64
  expectValid(oneFunc({F32}, {0x41, 0x05, 0xb2, 0x0b}));                    // f32.convert_i32_s
  expectInvalid(oneFunc({I32}, {0x41, 0x01, 0x42, 0x02, 0x6a, 0x0b}), "type mismatch: expected i32, found i64");
  expectInvalid(oneFunc({I32}, {0x6a, 0x0b}), "but nothing on stack");
  expectInvalid(oneFunc({}, {0x41, 0x01, 0x0b}), "values remaining on stack at end of block");
  expectInvalid(oneFunc({I32}, {0x0b}), "expected i32 but nothing on stack");
  // The error names the function and the offset of the instruction.
  expectInvalid(oneFunc({I32}, {0x41, 0x01, 0x42, 0x02, 0x6a, 0x0b}), "func 0 failed to validate: ");
  expectInvalid(oneFunc({I32}, {0x41, 0x01, 0x42, 0x02, 0x6a, 0x0b}), "(at offset 0x1c)");
}

TEST(Control, BlocksBranchesAndUnreachable) {
  expectValid(oneFunc({I32}, {0x02, 0x7f, 0x41, 0x01, 0x0b, 0x0b}));
  expectValid(oneFunc({I32}, {0x41, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b}));
  expectInvalid(oneFunc({I32}, {0x41, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b}), "if without else");
  expectInvalid(oneFunc({}, {0x05, 0x0b}), "else found outside of an `if` block");
  expectInvalid(oneFunc({}, {0x0c, 0x01, 0x0b}), "unknown label: branch depth too large");
  expectValid(oneFunc({}, {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b}));          // br to a loop
  expectValid(oneFunc({}, {0x00, 0x6a, 0x1a, 0x0b}));                      // polymorphic stack
  expectValid(oneFunc({I32}, {0x02, 0x7f, 0x41, 0x07, 0x41, 0x00, 0x0d, 0x00, 0x0b, 0x0b})); // br_if
  // br_table targets with different arities.
  expectInvalid(oneFunc({}, {0x02, 0x40, 0x02, 0x7f, 0x41, 0x07, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01,
                             0x0b, 0x1a, 0x0b, 0x0b}),
                "br_table target labels have different number of types");
  // Multi-value blocks take parameters.
  ModBuilder b;
  uint32_t sig = b.type({I32, I32}, {I32});
  b.func(b.type({}, {I32}), {0x41, 0x01, 0x41, 0x02, 0x02, uint8_t(sig), 0x6a, 0x0b, 0x0b});
  expectValid(b.build());
}

TEST(Variables, LocalsAndGlobals) {
  ModBuilder b;
  b.func(b.type({I32}, {}), {0x20, 0x00, 0x1a, 0x0b});
  expectValid(b.build());
  ModBuilder unknown;
  unknown.func(unknown.type({I32}, {}), {0x20, 0x01, 0x1a, 0x0b});
  expectInvalid(unknown.build(), "unknown local 1");
  expectInvalid(oneFunc({}, {0x41, 0x00, 0x21, 0x00, 0x0b}, {}, {0x01, 0x01, I64}), "expected i64, found i32");
  std::map<uint8_t, Bytes> global = {{6, {0x01, I32, 0x00, 0x41, 0x00, 0x0b}}};
  expectInvalid(oneFunc({}, {0x41, 0x01, 0x24, 0x00, 0x0b}, global), "global is immutable");
  std::map<uint8_t, Bytes> extended = {{6, {0x01, I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b}}};
  expectValid(oneFunc({}, {0x0b}, extended));
  expectInvalid(oneFunc({}, {0x0b}, extended), "constant expression required", Features::version(2));
  std::map<uint8_t, Bytes> nonConst = {{6, {0x01, I32, 0x00, 0x41, 0x01, 0x45, 0x0b}}};
  expectInvalid(oneFunc({}, {0x0b}, nonConst), "constant expression required");
}

TEST(Memory, LoadsStoresAndAddressTypes) {
  Bytes load = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b};
  expectInvalid(oneFunc({}, load), "unknown memory 0");
  std::map<uint8_t, Bytes> mem = {{5, {0x01, 0x00, 0x01}}};
  expectValid(oneFunc({}, load, mem));
  expectInvalid(oneFunc({}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b}, mem),
                "alignment must not be larger than natural");
  std::map<uint8_t, Bytes> mem64 = {{5, {0x01, 0x04, 0x01}}};
  expectInvalid(oneFunc({}, load, mem64), "expected i64, found i32");
  expectValid(oneFunc({}, {0x42, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b}, mem64));
  expectValid(oneFunc({}, {0x3f, 0x00, 0x1a, 0x0b}, mem));                 // memory.size
  expectInvalid(oneFunc({}, {0x3f, 0x00, 0x1a, 0x0b}, mem64), "", Features::version(2)); // memory64 off
  expectInvalid(oneFunc({}, {0x0b}, {{5, {0x01, 0x00, 0x81, 0x80, 0x04}}}), "at most 65536 pages");
  expectInvalid(oneFunc({}, {0x0b}, {{5, {0x01, 0x02, 0x01}}}), "shared memory must have maximum size");
  expectInvalid(oneFunc({}, {0x0b}, {{5, {0x01, 0x01, 0x02, 0x01}}}), "minimum must not be greater than maximum");
}

TEST(Simd, LanesShufflesAndFeatures) {
  Bytes c = {0xfd, 0x0c};
  c.insert(c.end(), 16, 0x00);
  Bytes ok = c, badLane = c, shuffle = c;
  ok.insert(ok.end(), {0xfd, 0x15, 0x0f, 0x1a, 0x0b});
  badLane.insert(badLane.end(), {0xfd, 0x15, 0x10, 0x1a, 0x0b});
  expectValid(oneFunc({}, ok));
  expectInvalid(oneFunc({}, badLane), "invalid lane index");
  shuffle.insert(shuffle.end(), c.begin(), c.end());
  shuffle.insert(shuffle.end(), {0xfd, 0x0d});
  for (int i = 0; i < 16; ++i)
    shuffle.push_back(i == 3 ? 32 : uint8_t(i));
  shuffle.insert(shuffle.end(), {0x1a, 0x0b});
  expectInvalid(oneFunc({}, shuffle), "invalid lane index");
  expectInvalid(oneFunc({}, ok), "SIMD support is not enabled", Features::version(1));
}

TEST(Threads, AtomicsNeedNaturalAlignment) {
  std::map<uint8_t, Bytes> shared = {{5, {0x01, 0x03, 0x01, 0x01}}};
  expectValid(oneFunc({}, {0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x1a, 0x0b}, shared));
  expectInvalid(oneFunc({}, {0x41, 0x00, 0xfe, 0x10, 0x01, 0x00, 0x1a, 0x0b}, shared), "naturally aligned");
  expectValid(oneFunc({}, {0xfe, 0x03, 0x00, 0x0b}, shared)); // atomic.fence
}

TEST(BulkMemory, DataCountAndSegments) {
  Bytes init = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b};
  std::map<uint8_t, Bytes> noCount = {{5, {0x01, 0x00, 0x01}}, {11, {0x01, 0x01, 0x00}}};
  expectInvalid(oneFunc({}, init, noCount), "data count section required");
  auto withCount = noCount;
  withCount[12] = {0x01};
  expectValid(oneFunc({}, init, withCount));
  expectInvalid(oneFunc({}, {0xfc, 0x09, 0x01, 0x0b}, withCount), "unknown data segment 1");
}

TEST(References, DeclaredFunctionReferences) {
  expectInvalid(oneFunc({}, {0xd2, 0x00, 0x1a, 0x0b}), "undeclared function reference");
  std::map<uint8_t, Bytes> declare = {{9, {0x01, 0x03, 0x00, 0x01, 0x00}}};
  expectValid(oneFunc({}, {0xd2, 0x00, 0x1a, 0x0b}, declare));
  expectValid(oneFunc({I32}, {0xd0, 0x70, 0xd1, 0x0b}));                     // ref.is_null
  expectInvalid(oneFunc({I32}, {0x41, 0x00, 0xd1, 0x0b}), "expected a reference");
  // call_ref through a declared function reference.
  expectValid(oneFunc({}, {0xd2, 0x00, 0x14, 0x00, 0x0b}, declare));
  // A non-nullable local must be set before use, and the setting is scoped to its block.
  Bytes refLocal = {0x01, 0x01, 0x64, 0x70};
  expectInvalid(oneFunc({}, {0x20, 0x00, 0x1a, 0x0b}, {}, refLocal), "uninitialized local: 0");
  expectValid(oneFunc({}, {0xd2, 0x00, 0x21, 0x00, 0x20, 0x00, 0x1a, 0x0b}, declare, refLocal));
  expectInvalid(oneFunc({}, {0x02, 0x40, 0xd2, 0x00, 0x21, 0x00, 0x0b, 0x20, 0x00, 0x1a, 0x0b}, declare, refLocal),
                "uninitialized local: 0");
}

TEST(TailCalls, ResultsMustMatch) {
  ModBuilder b;
  uint32_t ti = b.type({}, {I32}), tl = b.type({}, {I64});
  b.func(ti, {0x12, 0x01, 0x0b});
  b.func(tl, {0x42, 0x00, 0x0b});
  expectInvalid(b.build(), "current function requires result type");
  ModBuilder ok;
  uint32_t t = ok.type({}, {I32});
  ok.func(t, {0x12, 0x01, 0x0b});
  ok.func(t, {0x41, 0x00, 0x0b});
  expectValid(ok.build());
}

TEST(Exceptions, ThrowAndTryTable) {
  ModBuilder b;
  uint32_t v = b.type({}, {});
  uint32_t tagType = b.type({I32}, {});
  b.func(v, {0x41, 0x00, 0x08, 0x00, 0x0b});
  b.extra[13] = {0x01, 0x00, uint8_t(tagType)};
  expectValid(b.build());
  ModBuilder c = b;
  c.funcs = {};
  c.func(v, {0x02, 0x40, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x0b, 0x0b});
  expectInvalid(c.build(), "catch label does not match");
  ModBuilder d = b;
  d.funcs = {};
  d.func(v, {0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x0b, 0x1a, 0x0b});
  expectValid(d.build());
}

TEST(Gc, StructsArraysCastsAndSubtyping) {
  ModBuilder b;
  b.types.push_back({0x5f, 0x02, I32, 0x01, I64, 0x00});        // struct (mut i32) i64
  b.types.push_back({0x5e, 0x78, 0x01});                        // array (mut i8)
  uint32_t v = b.type({}, {});
  b.func(v, {0x41, 0x01, 0x42, 0x02, 0xfb, 0x00, 0x00, 0xfb, 0x02, 0x00, 0x00, 0x1a, 0x0b});
  b.func(v, {0x41, 0x03, 0xfb, 0x07, 0x01, 0x41, 0x00, 0xfb, 0x0d, 0x01, 0x1a, 0x0b}); // array.get_u
  expectValid(b.build());
  ModBuilder setImmutable = b;
  setImmutable.funcs = {};
  setImmutable.func(v, {0x41, 0x01, 0x42, 0x02, 0xfb, 0x00, 0x00, 0x42, 0x03, 0xfb, 0x05, 0x00, 0x01, 0x0b});
  expectInvalid(setImmutable.build(), "immutable");
  ModBuilder getPacked = b;
  getPacked.funcs = {};
  getPacked.func(v, {0x41, 0x03, 0xfb, 0x07, 0x01, 0x41, 0x00, 0xfb, 0x0b, 0x01, 0x1a, 0x0b}); // array.get on i8
  expectInvalid(getPacked.build(), "packed");
  // Casts stay within one hierarchy.
  expectValid(oneFunc({}, {0xd0, 0x6e, 0xfb, 0x16, 0x6b, 0x1a, 0x0b}));
  expectInvalid(oneFunc({}, {0xd0, 0x70, 0xfb, 0x16, 0x6b, 0x1a, 0x0b}), "same hierarchy");
  // Subtype declarations must match, and final types have no subtypes.
  ModBuilder sub;
  sub.types.push_back({0x50, 0x00, 0x5f, 0x01, I32, 0x01});
  sub.types.push_back({0x50, 0x01, 0x00, 0x5f, 0x01, I64, 0x01});
  expectInvalid(sub.build(), "does not match super type");
  ModBuilder fin;
  fin.types.push_back({0x4f, 0x00, 0x5f, 0x00});
  fin.types.push_back({0x50, 0x01, 0x00, 0x5f, 0x00});
  expectInvalid(fin.build(), "final super type");
  // Identical rec groups are the same type (iso-recursive equivalence).
  ModBuilder rec;
  rec.types.push_back({0x4e, 0x01, 0x60, 0x00, 0x00});
  rec.types.push_back({0x4e, 0x01, 0x60, 0x00, 0x00});
  rec.func(0, {0xd2, 0x00, 0x14, 0x01, 0x0b});
  rec.extra[9] = {0x01, 0x03, 0x00, 0x01, 0x00};
  expectValid(rec.build());
  ModBuilder distinct = rec;
  distinct.types[1] = {0x4e, 0x02, 0x60, 0x00, 0x00, 0x5f, 0x00};
  expectInvalid(distinct.build(), "type mismatch");
}

TEST(ModuleLevel, ExportsStartTablesAndFeatures) {
  expectInvalid(oneFunc({}, {0x0b}, {{7, {0x02, 0x01, 'a', 0x00, 0x00, 0x01, 'a', 0x00, 0x00}}}),
                "duplicate export name `a`");
  ModBuilder start;
  start.func(start.type({I32}, {}), {0x0b});
  start.extra[8] = {0x00};
  expectInvalid(start.build(), "invalid start function type");
  expectInvalid(oneFunc({}, {0x0b}, {{4, {0x01, 0x70, 0x01, 0x02, 0x01}}}), "minimum must not be greater");
  expectInvalid(oneFunc({}, {0x0b}, {{7, {0x01, 0x01, 'f', 0x00, 0x05}}}), "exported index out of bounds");
  ModBuilder wrongType;
  wrongType.func(7, {0x0b});
  expectInvalid(wrongType.build(), "unknown type 7");
}

TEST(Features, ParsingAndGroups) {
  Features f = Features::defaults();
  EXPECT_TRUE(f.has(Feature::Gc));
  EXPECT_TRUE(f.has(Feature::Threads));
  // wasm-tools 1.262's defaults: component-model async, wide arithmetic and
  // compact imports on; the newer proposals off.
  EXPECT_TRUE(f.has(Feature::WideArithmetic));
  EXPECT_TRUE(f.has(Feature::CmAsync));
  EXPECT_TRUE(f.has(Feature::CompactImports));
  EXPECT_TRUE(f.has(Feature::CmMap));
  EXPECT_FALSE(f.has(Feature::CmValues));
  EXPECT_FALSE(f.has(Feature::StackSwitching));
  ASSERT_FALSE(bool(f.apply("wasm1")));
  EXPECT_FALSE(f.has(Feature::ComponentModel));
  EXPECT_FALSE(f.has(Feature::WideArithmetic));
  EXPECT_FALSE(f.has(Feature::Simd));
  EXPECT_TRUE(f.has(Feature::MutableGlobal));
  ASSERT_FALSE(bool(f.apply("all,-simd")));
  EXPECT_TRUE(f.has(Feature::CmAccessors));
  EXPECT_FALSE(f.has(Feature::Simd));
  llvm::Error bad = f.apply("simd,bogus");
  ASSERT_TRUE(bool(bad));
  EXPECT_NE(wcomp::binary::errorText(std::move(bad)).find("unknown feature `bogus`"), std::string::npos);
}

TEST(Parallel, LowestFailingFunctionIsReported) {
  ModBuilder b;
  uint32_t v = b.type({}, {});
  for (int i = 0; i < 300; ++i)
    b.func(v, i == 57 || i == 250 ? Bytes{0x6a, 0x0b} : Bytes{0x01, 0x0b});
  Bytes bytes = b.build();
  for (int round = 0; round < 20; ++round) {
    llvm::Error err = validateBytes(bytes, Features::defaults(), round % 2 ? 2 : 8);
    ASSERT_TRUE(bool(err));
    std::string text = wcomp::binary::errorText(std::move(err));
    EXPECT_NE(text.find("func 57 failed to validate"), std::string::npos) << text;
  }
}

std::vector<Bytes> realBinaries() {
  std::vector<Bytes> out;
  for (const auto &f : filesIn(WCOMP_FIXTURES_DIR, ".wasm"))
    out.push_back(readFileBytes(f));
#if WCOMP_E2E
  for (const auto &f : filesIn(WCOMP_C_WASM_DIR, ".wasm"))
    out.push_back(readFileBytes(f));
#endif
  return out;
}

TEST(RealBinaries, FixturesAndCProgramsValidate) {
  auto bins = realBinaries();
  ASSERT_GE(bins.size(), 2u);
  for (const Bytes &b : bins) {
    // The component fixtures show off gated component features too.
    bool component = b.size() > 4 && b[4] == 0x0d;
    Features f = component ? Features::all() : Features::defaults();
    expectValid(b, f);
    llvm::Error par = validateBytes(b, f, 4);
    EXPECT_FALSE(bool(par)) << wcomp::binary::errorText(std::move(par));
  }
}

/// The verdict and message with the fast paths on, then off.
std::pair<std::string, std::string> bothWays(const Bytes &b) {
  std::string out[2];
  for (int fast = 0; fast < 2; ++fast) {
    wcomp::validate::ValidateOptions opts;
    opts.features = Features::all();
    opts.threads = 1;
    opts.fastPaths = fast == 1;
    if (llvm::Error e = wcomp::validate::validateBinary(b, opts))
      out[fast] = wcomp::binary::errorText(std::move(e));
    else
      out[fast] = "valid";
  }
  return {out[0], out[1]};
}

TEST(RealBinaries, FastPathsAgreeWithTheGeneralPath) {
  std::mt19937 rng(5);
  unsigned invalid = 0;
  for (const Bytes &full : realBinaries()) {
    auto [slow, fast] = bothWays(full);
    EXPECT_EQ(slow, fast);
    EXPECT_EQ(fast, "valid");
    // Mutate only the code: flip bytes after the first section header, so
    // most mutants still decode and reach the type checker.
    for (int i = 0; i < 600; ++i) {
      Bytes b = full;
      for (int k = 0, n = 1 + rng() % 2; k < n; ++k)
        b[b.size() / 3 + rng() % (b.size() - b.size() / 3)] = uint8_t(rng());
      auto [s, f] = bothWays(b);
      ASSERT_EQ(s, f) << "mutant " << i;
      invalid += s != "valid";
    }
  }
  EXPECT_GT(invalid, 100u); // the mutations did exercise the error paths
}

TEST(RealBinaries, TruncationsAndByteFlipsNeverCrash) {
  std::mt19937 rng(11);
  for (const Bytes &full : realBinaries()) {
    size_t step = full.size() > 4096 ? 61 : 1;
    for (size_t len = 0; len < full.size(); len += step) {
      Bytes cut(full.begin(), full.begin() + len);
      if (llvm::Error e = validateBytes(cut))
        llvm::consumeError(std::move(e));
    }
    for (int i = 0; i < 400; ++i) {
      Bytes b = full;
      for (int k = 0, n = 1 + rng() % 3; k < n; ++k)
        b[8 + rng() % (b.size() - 8)] = uint8_t(rng());
      if (llvm::Error e = validateBytes(b))
        llvm::consumeError(std::move(e));
    }
  }
}

} // namespace
