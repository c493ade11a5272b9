#include "binary/reader.h"
#include "binary/writer.h"
#include "test_util.h"

#include <random>

using namespace wcomp::binary;
using wcomp::testing::Bytes;
using wcomp::testing::expectError;

namespace {

template <typename F> auto readWith(const Bytes &b, F f, uint64_t base = 0) {
  BinaryReader r(b, base);
  return f(r);
}
auto u32 = [](BinaryReader &r) { return r.readU32(); };
auto s32 = [](BinaryReader &r) { return r.readS32(); };
auto s33 = [](BinaryReader &r) { return r.readS33(); };
auto s64 = [](BinaryReader &r) { return r.readS64(); };
auto u64 = [](BinaryReader &r) { return r.readU64(); };

TEST(Leb128, UnsignedValues) {
  EXPECT_EQ(*readWith({0x00}, u32), 0u);
  EXPECT_EQ(*readWith({0x7f}, u32), 127u);
  EXPECT_EQ(*readWith({0x80, 0x01}, u32), 128u);
  EXPECT_EQ(*readWith({0xe5, 0x8e, 0x26}, u32), 624485u);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0x0f}, u32), 0xffffffffu);
  // Padded but within 5 bytes and zero high bits: valid.
  EXPECT_EQ(*readWith({0x80, 0x80, 0x80, 0x80, 0x00}, u32), 0u);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, u64),
            ~uint64_t(0));
}

TEST(Leb128, UnsignedErrors) {
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32),
              "invalid var_u32: integer representation too long", 4);
  expectError(readWith({0xff, 0xff, 0xff, 0xff, 0x1f}, u32), "invalid var_u32: integer too large", 4);
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x70}, u32), "integer too large", 4);
  expectError(readWith({0x80}, u32), "unexpected end-of-file", 1);
  expectError(readWith({}, u32), "unexpected end-of-file", 0);
  expectError(readWith({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, u64),
              "invalid var_u64: integer too large", 9);
  // Offsets are absolute.
  expectError(readWith({0x80}, u32, 0x100), "unexpected end-of-file", 0x101);
}

TEST(Leb128, SignedValues) {
  EXPECT_EQ(*readWith({0x7f}, s32), -1);
  EXPECT_EQ(*readWith({0x40}, s32), -64);
  EXPECT_EQ(*readWith({0x3f}, s32), 63);
  EXPECT_EQ(*readWith({0xc0, 0x00}, s32), 64);
  EXPECT_EQ(*readWith({0x80, 0x80, 0x80, 0x80, 0x78}, s32), INT32_MIN);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0x07}, s32), INT32_MAX);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0x7f}, s32), -1);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0x0f}, s33), (int64_t(1) << 32) - 1);
  EXPECT_EQ(*readWith({0x80, 0x80, 0x80, 0x80, 0x70}, s33), -(int64_t(1) << 32));
  EXPECT_EQ(*readWith({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, s64), INT64_MIN);
  EXPECT_EQ(*readWith({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, s64), INT64_MAX);
}

TEST(Leb128, SignedErrors) {
  // Unused bits of the last byte must repeat the sign bit.
  expectError(readWith({0xff, 0xff, 0xff, 0xff, 0x0f}, s32), "invalid var_i32: integer too large", 4);
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x70}, s32), "integer too large", 4);
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s32),
              "invalid var_i32: integer representation too long", 4);
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x20}, s33), "invalid var_s33: integer too large", 4);
  // Bit 32 is the sign of an s33: alone it is not a valid encoding.
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x10}, s33), "invalid var_s33: integer too large", 4);
  expectError(readWith({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, s64),
              "invalid var_i64: integer too large", 9);
  expectError(readWith({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}, s64),
              "integer representation too long", 9);
  expectError(readWith({0xc0}, s32), "unexpected end-of-file", 1);
}

TEST(Leb128, EncoderIsCanonicalAndRoundTrips) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint64_t v = rng() >> (rng() % 64);
    Encoder e;
    e.u64(v);
    BinaryReader r(e.bytes);
    EXPECT_EQ(*r.readU64(), v);
    EXPECT_TRUE(r.eof());
    // Shortest form: the last byte is never a redundant zero continuation.
    if (e.bytes.size() > 1) {
      EXPECT_NE(e.bytes.back(), 0);
    }
    int64_t s = int64_t(rng()) >> (rng() % 64);
    Encoder f;
    f.s64(s);
    BinaryReader rs(f.bytes);
    EXPECT_EQ(*rs.readS64(), s);
    int32_t s32v = int32_t(s);
    Encoder g;
    g.s32(s32v);
    BinaryReader r32(g.bytes);
    EXPECT_EQ(*r32.readS32(), s32v);
  }
  Encoder e;
  e.s64(-64);
  EXPECT_EQ(e.bytes.size(), 1u);
  Encoder e2;
  e2.s64(64);
  EXPECT_EQ(e2.bytes.size(), 2u);
}

TEST(Reader, NamesMustBeUtf8) {
  auto name = [](BinaryReader &r) { return r.readName(); };
  EXPECT_EQ(*readWith({0x03, 'a', 'b', 'c'}, name), "abc");
  EXPECT_EQ(*readWith({0x04, 0xf0, 0x9f, 0x98, 0x80}, name), "\xf0\x9f\x98\x80");
  expectError(readWith({0x02, 0xc0, 0x80}, name), "malformed UTF-8 encoding", 0); // overlong
  expectError(readWith({0x03, 0xed, 0xa0, 0x80}, name), "malformed UTF-8 encoding"); // surrogate
  expectError(readWith({0x04, 0xf4, 0x90, 0x80, 0x80}, name), "malformed UTF-8 encoding"); // > U+10FFFF
  expectError(readWith({0x01, 0x80}, name), "malformed UTF-8 encoding"); // lone continuation
  expectError(readWith({0x02, 0xe2, 0x82}, name), "malformed UTF-8 encoding"); // truncated sequence
  expectError(readWith({0x05, 'a'}, name), "unexpected end-of-file");
}

TEST(Reader, CountsAreCappedBeforeReserving) {
  auto count = [](BinaryReader &r) { return r.readCount("things", 100); };
  EXPECT_EQ(*readWith({0x02, 0x00, 0x00}, count), 2u);
  expectError(readWith({0x65}, count), "things count is out of bounds");
  // A count larger than the bytes left can never be satisfied.
  expectError(readWith({0x05, 0x00}, count), "exceeds the bytes left");
}

} // namespace
