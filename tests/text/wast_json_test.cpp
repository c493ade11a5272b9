//===- tests/text/wast_json_test.cpp - json-from-wast ----------------------===//
#include "binary/error.h"
#include "text/wast_json.h"

#include <gtest/gtest.h>

#include <string>

using namespace wcomp;

namespace {

// Built by initialisation: GCC 12 warns (-Wrestrict, a false positive) on
// assigning these literals to the members.
text::WastJsonOptions options() { return text::WastJsonOptions{"s.wast", "s"}; }

TEST(WastJson, CommandsAndFiles) {
  auto r = text::wastToJson("(module $m (func))\n(assert_return (invoke $m \"f\" (i32.const "
                            "0xffffffff)) (f32.const nan:canonical))\n",
                            options());
  ASSERT_TRUE(bool(r)) << binary::errorText(r.takeError());
  EXPECT_EQ(r->json,
            R"({"source_filename":"s.wast","commands":[{"type":"module","line":1,"name":"m",)"
            R"("filename":"s.0.wasm","module_type":"binary"},{"type":"assert_return","line":2,)"
            R"("action":{"type":"invoke","module":"m","field":"f","args":[{"type":"i32",)"
            R"("value":"-1"}]},"expected":[{"type":"f32","value":"nan:canonical"}]}]})");
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].name, "s.0.wasm");
}

TEST(WastJson, QuotedModulesKeepTheirTextAndGainABinary) {
  auto r = text::wastToJson("(module quote \"(func)\")\n"
                            "(assert_malformed (module quote \"(func\") \"x\")",
                            options());
  ASSERT_TRUE(bool(r)) << binary::errorText(r.takeError());
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_EQ(r->files[0].name, "s.0.wat");
  EXPECT_EQ(std::string(r->files[0].bytes.begin(), r->files[0].bytes.end()), "(func) ");
  EXPECT_EQ(r->files[1].name, "s.0.wasm");
  // A module expected to be malformed gets no binary.
  EXPECT_EQ(r->files[2].name, "s.1.wat");
  EXPECT_NE(r->json.find(R"("binary_filename":"s.0.wasm")"), std::string::npos);
}

TEST(WastJson, ErrorsPointIntoTheScriptAndProduceNothing) {
  const char *src = "(module)\n(assert_return (invoke \"f\") (ref.null $t))";
  auto r = text::wastToJson(src, options());
  ASSERT_FALSE(bool(r));
  binary::ErrorReport rep = binary::describeError(r.takeError());
  EXPECT_EQ(rep.offset, std::string(src).find("$t"));
  EXPECT_NE(rep.text.find("unsupported heap type"), std::string::npos);
}

TEST(WastJson, DeepNestingIsAnErrorNotACrash) {
  std::string src = "(assert_return (invoke \"f\") ";
  for (int i = 0; i < 100000; ++i)
    src += "(list.const ";
  auto r = text::wastToJson(src, options());
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());
  std::string either = "(assert_return (invoke \"f\") ";
  for (int i = 0; i < 100000; ++i)
    either += "(either ";
  auto e = text::wastToJson(either, options());
  ASSERT_FALSE(bool(e));
  llvm::consumeError(e.takeError());
}

TEST(WastJson, ConfusingUnicodeOnlyWhenAsked) {
  std::string src = "(module) ;; \xE2\x80\xAE\n";
  auto ok = text::wastToJson(src, options());
  EXPECT_TRUE(bool(ok));
  if (!ok)
    llvm::consumeError(ok.takeError());
  text::WastJsonOptions strict = options();
  strict.allowConfusingUnicode = false;
  auto bad = text::wastToJson(src, strict);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(binary::describeError(bad.takeError()).offset, 12u);
}

} // namespace
