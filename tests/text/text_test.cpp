//===- tests/text/text_test.cpp - WAT lexer, numbers, parser, printer ------===//
#include "binary/io.h"
#include "text/numbers.h"
#include "tests/text/text_helpers.h"
#include "text/wat.h"
#include "validate/module_validator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace wcomp;
using namespace wcomp::text;
using namespace wcomp::text::testing;

namespace {

TEST(Numbers, Integers) {
  uint64_t v;
  EXPECT_EQ(parseInt("-1", 32, v), NumResult::Ok);
  EXPECT_EQ(v, 0xFFFFFFFFu);
  EXPECT_EQ(parseInt("0xFFFF_FFFF", 32, v), NumResult::Ok);
  EXPECT_EQ(parseInt("0x1_0000_0000", 32, v), NumResult::OutOfRange);
  EXPECT_EQ(parseInt("-2147483648", 32, v), NumResult::Ok);
  EXPECT_EQ(parseInt("-2147483649", 32, v), NumResult::OutOfRange);
  EXPECT_EQ(parseInt("18446744073709551615", 64, v), NumResult::Ok);
  EXPECT_EQ(parseInt("18446744073709551616", 64, v), NumResult::OutOfRange);
  EXPECT_EQ(parseInt("1__0", 32, v), NumResult::Malformed);
  EXPECT_EQ(parseInt("_1", 32, v), NumResult::Malformed);
  EXPECT_EQ(parseInt("1_", 32, v), NumResult::Malformed);
  EXPECT_EQ(parseInt("0x", 32, v), NumResult::Malformed);
  EXPECT_EQ(parseUnsigned("+1", v), NumResult::Malformed);
}

TEST(Numbers, Floats) {
  uint32_t f;
  uint64_t d;
  EXPECT_EQ(parseF32("0x1p-149", f), NumResult::Ok);
  EXPECT_EQ(f, 1u);
  EXPECT_EQ(parseF32("-0", f), NumResult::Ok);
  EXPECT_EQ(f, 0x80000000u);
  EXPECT_EQ(parseF32("nan:0x200000", f), NumResult::Ok);
  EXPECT_EQ(f, 0x7FA00000u);
  EXPECT_EQ(parseF32("nan:0x0", f), NumResult::OutOfRange);
  EXPECT_EQ(parseF32("1e39", f), NumResult::OutOfRange);
  EXPECT_EQ(parseF32("0x1.fffffefffffffffp127", f), NumResult::Ok); // rounds down
  EXPECT_EQ(f, 0x7F7FFFFFu);
  EXPECT_EQ(parseF64("1_000.5e+1_0", d), NumResult::Ok);
  EXPECT_EQ(parseF64("1.e", d), NumResult::Malformed);
  EXPECT_EQ(parseF64(".5", d), NumResult::Malformed);
  EXPECT_EQ(parseF64("-inf", d), NumResult::Ok);
  EXPECT_EQ(d, 0xFFF0000000000000ull);
}

TEST(Numbers, Formatting) {
  auto hex32 = [](uint32_t b) { std::string s; formatF32Hex(b, s); return s; };
  auto dec64 = [](double v) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    std::string s;
    formatF64Dec(b, s);
    return s;
  };
  EXPECT_EQ(hex32(0x3FC00000), "0x1.8p+0");
  EXPECT_EQ(hex32(0x00000001), "0x1.p-149"); // a subnormal keeps its point, as wasm-tools
  EXPECT_EQ(hex32(0x7FC00000), "nan");
  EXPECT_EQ(hex32(0xFFA00000), "-nan:0x200000");
  EXPECT_EQ(hex32(0), "0x0p+0");
  EXPECT_EQ(dec64(1e100), "1" + std::string(100, '0'));
  EXPECT_EQ(dec64(0.1), "0.1");
  EXPECT_EQ(dec64(-12), "-12");
  EXPECT_EQ(dec64(0), "0");
  EXPECT_EQ(dec64(1.5e-5), "0.000015");
}

TEST(Parse, MatchesWasmToolsOnTheFeaturesFixture) {
  // features.wasm was encoded by native wasm-tools 1.262 (`wasm-tools parse`)
  // from features.wat, field names (name subsection 10) included.
  std::string src = readFile(std::filesystem::path(WCOMP_FIXTURES_DIR) / "modules/features.wat");
  std::string want = readFile(std::filesystem::path(WCOMP_FIXTURES_DIR) / "modules/features.wasm");
  std::vector<uint8_t> got = parse(src);
  EXPECT_EQ(std::string(got.begin(), got.end()), want);
}

TEST(Parse, Abbreviations) {
  // Inline imports/exports, implicit types reused and appended, folded
  // instructions, inline element and data segments, symbolic names.
  auto bytes = parse(R"W((module
    (func $f (export "f") (import "m" "f") (param i32) (result i32))
    (type $t (func (param i32) (result i32)))
    (func $g (export "g") (param $x i32) (result i32)
      (if (result i32) (local.get $x) (then (call $f (local.get $x))) (else (i32.const 0))))
    (func (param i64))
    (table funcref (elem $f $g))
    (memory (data "hi" "!"))
  ))W");
  ASSERT_FALSE(bytes.empty());
  ASSERT_FALSE(bool(validate::validateBinary(bytes, {})));
  std::string text = print(bytes);
  EXPECT_NE(text.find("(import \"m\" \"f\" (func $f (;0;) (type $t) (param i32) (result i32)))"), std::string::npos) << text;
  EXPECT_NE(text.find("(type (;1;) (func (param i64)))"), std::string::npos) << text;
  EXPECT_NE(text.find("(table (;0;) 2 2 funcref)"), std::string::npos) << text;
  EXPECT_NE(text.find("(memory (;0;) 1 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("(data (;0;) (i32.const 0) \"hi!\")"), std::string::npos) << text;
  EXPECT_EQ(parse(text), bytes);
}

TEST(Parse, ErrorsPointAtTheToken) {
  std::string e = parseError("(module\n  (func\n    i32.const 1\n    i32.frob))");
  EXPECT_EQ(e, "t.wat:4:5: error: unknown operator `i32.frob`\n"
               "  4 |     i32.frob))\n"
               "    |     ^\n");
  EXPECT_NE(parseError("(module (func (call $nope)))").find("1:21: error: unknown func $nope"),
            std::string::npos);
  EXPECT_NE(parseError("(module (func $a) (func $a))").find("duplicate func identifier $a"),
            std::string::npos);
  EXPECT_NE(parseError("(module (func) (import \"a\" \"b\" (func)))").find("import after func"),
            std::string::npos);
  EXPECT_NE(parseError("(module (func i32.const 0x1_0000_0000))").find("i32 constant out of range"),
            std::string::npos);
  EXPECT_NE(parseError("(module (func block $a end $b))").find("mismatching label"),
            std::string::npos);
  EXPECT_NE(parseError("(module (func i32.load align=3))").find("power of two"), std::string::npos);
  EXPECT_NE(parseError("(module (data \"a\"\"b\"))").find("separated"), std::string::npos);
  EXPECT_NE(parseError("(module (; never closed").find("unterminated block comment"),
            std::string::npos);
  EXPECT_NE(parseError("(module (data \"\\q\"))").find("unknown escape"), std::string::npos);
  EXPECT_NE(parseError("(module (func (block").find("1:21: error: unexpected end of input"),
            std::string::npos);
}

TEST(Parse, DeepNestingIsBounded) {
  std::string folded = "(module (func ";
  for (int i = 0; i < 100000; ++i)
    folded += "(block ";
  folded += std::string(100002, ')');
  EXPECT_NE(parseError(folded).find("nesting too deep"), std::string::npos);
  // Flat nesting needs no recursion: it parses, and printing stays linear.
  std::string flat = "(module (func ";
  for (int i = 0; i < 20000; ++i)
    flat += "block ";
  for (int i = 0; i < 20000; ++i)
    flat += "end ";
  flat += "))";
  auto bytes = parse(flat);
  ASSERT_FALSE(bytes.empty());
  std::string text = print(bytes);
  EXPECT_LT(text.size(), size_t(40000) * 300); // not 40000 * 20000
  EXPECT_EQ(parse(text), bytes);
}

TEST(Parse, ModuleBinaryAndQuote) {
  auto a = parse("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")");
  EXPECT_EQ(a, std::vector<uint8_t>({0, 'a', 's', 'm', 1, 0, 0, 0}));
  auto b = parse("(module quote \"(func)\")");
  auto c = parse("(module (func))");
  EXPECT_EQ(b, c);
}

TEST(Print, RoundTripsCPrograms) {
  if (!WCOMP_E2E)
    GTEST_SKIP() << "C programs are not built (WCOMP_E2E_TESTS=OFF)";
  for (const char *prog : {"hello", "args", "files", "numbers", "reactor"}) {
    SCOPED_TRACE(prog);
    std::string bin = readFile(std::filesystem::path(WCOMP_C_WASM_DIR) /
                               (std::string(prog) + ".canonical.wasm"));
    llvm::ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>(bin.data()), bin.size());
    std::string text = print(bytes);
    auto again = parse(text);
    ASSERT_FALSE(again.empty());
    EXPECT_FALSE(bool(validate::validateBinary(again, {})));
    // One cycle may drop what text cannot say (a data count section no
    // instruction needs, repeated names); after it the bytes are a fixpoint.
    EXPECT_EQ(print(again), print(parse(print(again))));
    EXPECT_EQ(parse(print(again)), again);
  }
}

TEST(Print, SkeletonElidesBodies) {
  auto bytes = parse("(module (func $f (result i32) i32.const 1) (memory 1) (data (i32.const 0) \"x\"))");
  PrintOptions o;
  o.skeleton = true;
  std::string text = print(bytes, o);
  EXPECT_NE(text.find("(func $f (;0;) (type 0) (result i32) ...)"), std::string::npos) << text;
  EXPECT_NE(text.find("(data (;0;) (i32.const 0) ...)"), std::string::npos) << text;
}

} // namespace
