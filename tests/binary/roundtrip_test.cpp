#include "test_util.h"

using namespace wcomp::binary;
using namespace wcomp::testing;

namespace {

std::vector<std::filesystem::path> fixtureBinaries() {
  return filesIn(WCOMP_FIXTURES_DIR, ".wasm");
}

TEST(RoundTrip, FixturesAreByteExact) {
  auto files = fixtureBinaries();
  ASSERT_GE(files.size(), 2u);
  for (const auto &f : files) {
    Bytes in = readFileBytes(f);
    auto out = roundTrip(in);
    ASSERT_TRUE(bool(out)) << f << ": " << errorText(out.takeError());
    EXPECT_EQ(*out, in) << f;
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
  for (const auto &f : fixtureBinaries()) {
    Bytes in = readFileBytes(f);
    auto a = roundTrip(in);
    auto b = roundTrip(in);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
  }
}

} // namespace
