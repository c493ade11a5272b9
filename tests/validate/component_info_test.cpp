// The public component API: a validated component's imports and exports
// with their types, and errors located inside nested components.
#include "validate/component_validator.h"

#include "binary/error.h"
#include "binary/io.h"
#include "text/wat.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace wcomp;

namespace {

std::vector<uint8_t> readFixture(const std::string &rel) {
  std::ifstream in(std::string(WCOMP_FIXTURES_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return {s.begin(), s.end()};
}

std::string listing(const validate::ComponentInfo &info) {
  std::string out;
  for (auto &[name, e] : info.imports())
    out += "import " + name + ": " + info.display(e) + "\n";
  for (auto &[name, e] : info.exports())
    out += "export " + name + ": " + info.display(e) + "\n";
  return out;
}

TEST(ComponentInfo, ImportsAndExportsWithTypes) {
  std::vector<uint8_t> bytes = readFixture("components/app.wasm");
  ASSERT_FALSE(bytes.empty());
  auto info = validate::validateComponent(bytes, {});
  ASSERT_TRUE(bool(info)) << llvm::toString(info.takeError());
  EXPECT_EQ(listing(*info),
            "import wasi:io/streams@0.2.3: instance { output-stream: type resource; "
            "stream-error: type variant { closed, last-operation-failed(u32) }; "
            "[method]output-stream.write: func(self: borrow<output-stream>, contents: list<u8>) "
            "-> result<u64, stream-error>; get-stdout: func() -> own<output-stream>; }\n"
            "export example:app/handler@1.0.0: instance { handle: func(name: string, data: "
            "list<u8>) -> option<u32>; }\n");
}

llvm::Expected<validate::ComponentInfo> fromText(llvm::StringRef wat) {
  auto bytes = text::parseWat(wat);
  if (!bytes)
    return bytes.takeError();
  return validate::validateComponent(*bytes, {});
}

TEST(ComponentInfo, TopLevelTypesByName) {
  auto info = fromText(R"((component
    (import "file" (type $file (sub resource)))
    (type $mode (flags "read" "write"))
    (import "mode" (type $mode' (eq $mode)))
    (import "open" (func (param "path" string) (param "m" $mode') (result (own $file))))
    (import "all" (func (result (list (tuple string u32)))))))");
  ASSERT_TRUE(bool(info)) << llvm::toString(info.takeError());
  EXPECT_EQ(listing(*info), "import file: type resource\n"
                            "import mode: type flags { read, write }\n"
                            "import open: func(path: string, m: mode) -> own<file>\n"
                            "import all: func() -> list<tuple<string, u32>>\n");
}

TEST(ComponentInfo, DisplayIsBounded) {
  // Each level doubles the written size: hundreds of kilobytes unbounded
  // (16 levels: within the effective type size limit).
  std::string wat = "(component (type $t0 (tuple u8 u8))";
  for (int i = 1; i <= 16; ++i)
    wat += " (type $t" + std::to_string(i) + " (tuple $t" + std::to_string(i - 1) + " $t" +
           std::to_string(i - 1) + "))";
  wat += " (import \"f\" (func (result $t16))))";
  auto info = fromText(wat);
  ASSERT_TRUE(bool(info)) << llvm::toString(info.takeError());
  std::string shown = info->display(info->imports()[0].second);
  EXPECT_LT(shown.size(), 5000u);
  EXPECT_EQ(shown.substr(shown.size() - 3), "...");
}

TEST(ComponentInfo, ErrorsNameTheNestedComponent) {
  auto info = fromText(R"((component
    (component)
    (component
      (type $r (resource (rep i32)))
      (import "f" (func (result (own $r)))))))");
  ASSERT_FALSE(bool(info));
  EXPECT_EQ(binary::errorText(info.takeError()),
            "in component 1: func not valid to be used as import (at offset 0x28)");
}

} // namespace
