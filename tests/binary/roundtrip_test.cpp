#include "test_util.h"

using namespace wcomp::binary;
using namespace wcomp::testing;

namespace {

/// Fixture binaries; `.padded.wasm` ones (linked with DWARF, so with 5-byte
/// LEBs that wasm-ld cannot compress) are not canonical.
std::vector<std::filesystem::path> fixtureBinaries(bool padded) {
  std::vector<std::filesystem::path> out;
  for (auto &f : filesIn(WCOMP_FIXTURES_DIR, ".wasm"))
    if (llvm::StringRef(f.string()).ends_with(".padded.wasm") == padded)
      out.push_back(f);
  return out;
}

TEST(RoundTrip, FixturesAreByteExact) {
  auto files = fixtureBinaries(false);
  ASSERT_GE(files.size(), 2u);
  for (const auto &f : files) {
    Bytes in = readFileBytes(f);
    auto out = roundTrip(in);
    ASSERT_TRUE(bool(out)) << f << ": " << errorText(out.takeError());
    EXPECT_EQ(*out, in) << f;
  }
}

TEST(RoundTrip, PaddedFixturesNormalise) {
  auto files = fixtureBinaries(true);
  ASSERT_GE(files.size(), 1u);
  for (const auto &f : files) {
    Bytes in = readFileBytes(f);
    auto once = roundTrip(in);
    ASSERT_TRUE(bool(once)) << f << ": " << errorText(once.takeError());
    EXPECT_LT(once->size(), in.size()) << f << ": nothing was padded";
    auto twice = roundTrip(*once);
    ASSERT_TRUE(bool(twice)) << f << ": " << errorText(twice.takeError());
    EXPECT_EQ(*twice, *once) << f << ": the canonical form is not a fixed point";
  }
}

#if WCOMP_E2E
TEST(RoundTrip, RealCProgramsAreByteExact) {
  // Linked with compressed relocations, wasm-ld emits canonical LEBs.
  auto files = filesIn(WCOMP_C_WASM_DIR, ".canonical.wasm");
  ASSERT_EQ(files.size(), size_t(WCOMP_C_PROGRAM_COUNT)) << "the C programs were not built";
  for (const auto &f : files) {
    Bytes in = readFileBytes(f);
    ASSERT_GT(in.size(), 1000u);
    auto out = roundTrip(in);
    ASSERT_TRUE(bool(out)) << f << ": " << errorText(out.takeError());
    EXPECT_EQ(*out, in) << f;
  }
}

TEST(RoundTrip, PaddedLebsReadAndNormalise) {
  // Default wasm-ld output pads relocatable immediates to 5 bytes: it reads,
  // and re-encoding gives the canonical form, which is then a fixed point.
  auto files = filesIn(WCOMP_C_WASM_DIR, ".padded.wasm");
  ASSERT_EQ(files.size(), size_t(WCOMP_C_PROGRAM_COUNT));
  for (const auto &f : files) {
    Bytes in = readFileBytes(f);
    auto once = roundTrip(in);
    ASSERT_TRUE(bool(once)) << f << ": " << errorText(once.takeError());
    EXPECT_LE(once->size(), in.size());
    auto twice = roundTrip(*once);
    ASSERT_TRUE(bool(twice));
    EXPECT_EQ(*twice, *once) << f;
  }
}
#endif

TEST(RoundTrip, OutputIsDeterministic) {
  for (const auto &f : fixtureBinaries(false)) {
    Bytes in = readFileBytes(f);
    auto a = roundTrip(in);
    auto b = roundTrip(in);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
  }
}

} // namespace
