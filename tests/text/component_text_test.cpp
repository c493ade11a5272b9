//===- tests/text/component_text_test.cpp - Component text: parse, print ---===//
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

std::filesystem::path fixture(const char *rel) {
  return std::filesystem::path(WCOMP_FIXTURES_DIR) / rel;
}

std::vector<uint8_t> bytesOf(const std::string &s) { return {s.begin(), s.end()}; }

} // namespace

TEST(ComponentText, ParsesToWasmToolsBytes) {
  // Both binaries were encoded by wasm-tools (jco parse) from the text.
  for (auto [wat, wasm] : {std::pair{"components/app.wat", "components/app.wasm"},
                           std::pair{"text/print_component.wat", "components/sugar.wasm"}}) {
    SCOPED_TRACE(wat);
    EXPECT_EQ(parse(readFile(fixture(wat))), bytesOf(readFile(fixture(wasm))));
  }
}

TEST(ComponentText, PrintThenParseGivesTheSameBytes) {
  for (const char *wasm : {"components/app.wasm", "components/sugar.wasm"}) {
    SCOPED_TRACE(wasm);
    std::vector<uint8_t> bytes = bytesOf(readFile(fixture(wasm)));
    std::string text = print(bytes);
    EXPECT_EQ(parse(text), bytes) << text;
  }
}

TEST(ComponentText, PrintsLikeWasmTools) {
  std::string text = print(bytesOf(readFile(fixture("components/app.wasm"))));
  // Shapes checked against `wasm-tools print` (jco print).
  for (const char *line :
       {"(import \"wasi:io/streams@0.2.3\" (instance $streams (;0;) (type $stream-iface)))",
        "      (export (;0;) \"output-stream\" (type (sub resource)))",
        "  (alias core export $libc \"memory\" (core memory (;0;)))",
        "  (core func $write (;2;) (canon lower (func $write) (memory 0) (realloc 1)))",
        "  (func $handle (;2;) (type $handler-ty) (canon lift (core func 6) (memory 1) "
        "(realloc 7) string-encoding=utf8 (post-return 8)))",
        "    (alias outer $app $pair (type $p2 (;2;)))",
        "  (core instance $main (;3;) (instantiate $main\n      (with \"libc\" (instance $libc))",
        "  (export (;3;) \"example:app/handler@1.0.0\" (instance $app-iface))"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n---\n" << text;
}

TEST(ComponentText, DuplicateNamesGetSyntheticIds) {
  // Two types named `t`: the second prints as `$"#type1 t" (@name "t")`
  // and parses back to the same name section.
  auto bytes = parse("(component (type $a u8) (type $b u8))");
  ASSERT_FALSE(bytes.empty());
  std::string text = print(bytes);
  EXPECT_NE(text.find("(type $a (;0;) u8)"), std::string::npos) << text;
  auto dup = parse("(component (type $\"#type0 t\" (@name \"t\") u8) (type $\"#type1 t\" "
                   "(@name \"t\") u8))");
  std::string dupText = print(dup);
  EXPECT_NE(dupText.find("(type $t (;0;) u8)"), std::string::npos) << dupText;
  EXPECT_NE(dupText.find("(type $\"#type1 t\" (@name \"t\") (;1;) u8)"), std::string::npos)
      << dupText;
  EXPECT_EQ(parse(dupText), dup);
}

TEST(ComponentText, Errors) {
  EXPECT_NE(parseError("(component (type $t u8) (type $t u8))")
                .find("1:31: error: duplicate type identifier $t"),
            std::string::npos);
  EXPECT_NE(parseError("(component (core func (canon frob)))").find("unknown canonical built-in"),
            std::string::npos);
  EXPECT_NE(parseError("(component (export \"x\" (func $nope)))")
                .find("unknown func: failed to find name `$nope`"),
            std::string::npos);
  EXPECT_NE(parseError("(component (type (func (result u8) (param \"a\" u8))))")
                .find("unexpected `param` after `result`"),
            std::string::npos);
  EXPECT_NE(parseError("(component (import \"a\" (implements \"a:b/c\") (implements \"a:b/c\") "
                       "(instance)))")
                .find("given twice"),
            std::string::npos);
  EXPECT_NE(parseError("(component (type (instance (core module))))").find("in a type"),
            std::string::npos);
}

TEST(ComponentText, ImplicitOuterAliases) {
  // A nested scope names an outer type: an `alias outer` is made for it.
  auto bytes = parse(R"((component
    (type $t (record (field "x" u32)))
    (component (export "t" (type $t)))))");
  ASSERT_FALSE(bytes.empty());
  std::string text = print(bytes);
  EXPECT_NE(text.find("(alias outer 1 $t (type (;0;)))"), std::string::npos) << text;
  EXPECT_FALSE(bool(validate::validateBinary(bytes, {})));
}

TEST(ComponentText, ModuleTypeOuterAliasesCountFromTheModuleType) {
  // `outer 1` in a module type is the enclosing component, by count or name.
  auto bytes = parse(R"((component
    (core type $f (func (param i32)))
    (import "m" (core module (alias outer 1 0 (type)) (import "a" "b" (func (type 0)))))
    (import "n" (core module (alias outer 1 $f (type)) (export "c" (func (type 0)))))))");
  ASSERT_FALSE(bytes.empty());
  std::string text = print(bytes);
  const std::string alias = "(alias outer 1 0 (type (;0;)))";
  size_t first = text.find(alias);
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_NE(text.find(alias, first + 1), std::string::npos) << text; // both forms
  EXPECT_EQ(text.find("(alias outer 0"), std::string::npos) << text;
  EXPECT_FALSE(bool(validate::validateBinary(bytes, {})));
}

TEST(ComponentText, DeepNestingIsBounded) {
  std::string deep;
  for (int i = 0; i < 5000; ++i)
    deep += "(component ";
  deep += std::string(5000, ')');
  EXPECT_NE(parseError(deep).find("nesting too deep"), std::string::npos);
  std::string types = "(component (type ";
  for (int i = 0; i < 5000; ++i)
    types += "(list ";
  types += "u8" + std::string(5000, ')') + "))";
  EXPECT_NE(parseError(types).find("nesting too deep"), std::string::npos);
}

TEST(ComponentText, ProducersSections) {
  // `(@producers ...)` encodes a producers section and prints back as such,
  // in modules (at the end) and in components (in place).
  for (const char *src :
       {"(module (func) (@producers (language \"C11\" \"\") (processed-by \"clang\" \"19.1\") "
        "(language \"Rust\" \"\")))",
        "(component (@producers (processed-by \"wit-component\" \"0.220\")) (type u8))"}) {
    SCOPED_TRACE(src);
    auto bytes = parse(src);
    ASSERT_FALSE(bytes.empty());
    std::string text = print(bytes);
    EXPECT_NE(text.find("(@producers"), std::string::npos) << text;
    EXPECT_NE(text.find("(processed-by \""), std::string::npos) << text;
    EXPECT_EQ(parse(text), bytes) << text;
  }
  // Fields of one kind are grouped, in order of first appearance.
  auto bytes = parse("(module (@producers (language \"C11\" \"\") (processed-by \"clang\" \"19\") "
                     "(language \"Rust\" \"\")))");
  std::string text = print(bytes);
  EXPECT_LT(text.find("\"Rust\""), text.find("processed-by")) << text;
}

TEST(ComponentText, ValidatorBoundsTypeDepth) {
  // Each type wraps the previous one: 1500 levels is more than the checker
  // walks recursively, so it is refused with an error instead of a crash.
  std::string src = "(component (type (option u8))";
  for (int i = 0; i < 1500; ++i)
    src += " (type (option " + std::to_string(i) + "))";
  src += ")";
  auto bytes = parse(src);
  ASSERT_FALSE(bytes.empty());
  llvm::Error e = validate::validateBinary(bytes, {});
  ASSERT_TRUE(bool(e));
  EXPECT_NE(llvm::toString(std::move(e)).find("type nesting is too deep"), std::string::npos);
  // 99 levels are fine, as in wasm-tools (which refuses 100).
  std::string ok = "(component (type (option u8))";
  for (int i = 0; i < 98; ++i)
    ok += " (type (option " + std::to_string(i) + "))";
  ok += ")";
  EXPECT_FALSE(bool(validate::validateBinary(parse(ok), {})));
}
