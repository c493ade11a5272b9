//===- tests/compose/typed_errors_test.cpp - One typed error per operation ===//
//
// Each composition operation fails with an llvm::ErrorInfo of its own whose
// fields say what went wrong (which instance and import, which plug, which
// place in a configuration), and whose rendering is the CLI's message.
//
//===----------------------------------------------------------------------===//
#include "binary/error.h"
#include "compose/config.h"
#include "compose/graph.h"
#include "compose/plug.h"
#include "tests/compose/inputs.h"

#include <gtest/gtest.h>

using namespace wcomp;
using namespace wcomp::compose;
using namespace wcomp::compose::testing;

namespace {

/// Takes `err` as an `E`, failing the test if it is another kind (or
/// success); `text` receives its rendering.
template <typename E>
std::unique_ptr<E> take(llvm::Error err, std::string &text) {
  std::unique_ptr<E> out;
  llvm::handleAllErrors(
      std::move(err),
      [&](std::unique_ptr<E> e) {
        // Through the base: some errors have a `message` field.
        text = static_cast<const llvm::ErrorInfoBase &>(*e).message();
        out = std::move(e);
      },
      [&](const llvm::ErrorInfoBase &other) { ADD_FAILURE() << "other error: " << other.message(); });
  EXPECT_TRUE(out != nullptr);
  return out;
}

} // namespace

TEST(ComposeErrors, AmbiguousAndUnusedPlugsAreOnePlugError) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  InputFile a = in.add("a.wasm", plugExporting("test:math/f@0.1.0"));
  InputFile b = in.add("b.wasm", plugExporting("test:math/f@0.1.2"));
  // Exports the interface at an incompatible version, and imports what
  // the root exports (given in the wrong order?).
  InputFile c = in.add("c.wasm", "(component (import \"test:app/f@0.1.0\" (instance $i (export "
                                 "\"f\" (func (param \"x\" u32) (result u32))))) (export "
                                 "\"test:math/f@2.0.0\" (instance $i)))");
  Graph g;
  std::string text;
  auto e = take<PlugError>(plug(g, root, {a, b, c}), text);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->ambiguous.size(), 1u);
  EXPECT_EQ(e->ambiguous[0].instance, 0u);
  EXPECT_EQ(e->ambiguous[0].import, 0u);
  EXPECT_EQ(e->ambiguous[0].plugs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e->ambiguous[0].name, "instance `root`, import `test:math/f@0.1.0`");
  ASSERT_EQ(e->unused.size(), 1u);
  const UnusedPlug &u = e->unused[0];
  EXPECT_EQ(u.plug, "c");
  EXPECT_EQ(u.path, "c.wasm");
  ASSERT_EQ(u.exports.size(), 1u);
  EXPECT_EQ(u.exports[0].name, "test:math/f@2.0.0");
  EXPECT_EQ(u.exports[0].importedAs, "test:math/f@0.1.0");
  EXPECT_EQ(u.swappedImport, "test:app/f@0.1.0");
  // The decision keeps the same reason; the rendering is one problem a
  // line, ambiguous imports first.
  EXPECT_EQ(g.instances[0].decisions[0].error, e->ambiguous[0].why());
  EXPECT_EQ(text,
            "instance `root`, import `test:math/f@0.1.0`: ambiguous: plugs `a`, `b` all export it "
            "(choose one in a WAC document or with --config)\n"
            "plug `c` (c.wasm) supplies none of the imports:\n"
            "  export `test:math/f@2.0.0`: imported as `test:math/f@0.1.0`, and version 2.0.0 is "
            "not compatible with 0.1.0\n"
            "  it imports `test:app/f@0.1.0`, which `root` exports: were the root and the plug "
            "swapped? The root comes first: wcomp compose c.wasm ...");
}

TEST(ComposeErrors, StrictNamesEachInstanceImport) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  InputFile p = in.add("p.wasm", plugExporting("test:math/f@0.1.0"));
  Graph g;
  ASSERT_EQ(errorOf(plug(g, root, {p})), "");
  ASSERT_EQ(errorOf(resolve(g)), "");
  std::string text;
  auto e = take<StrictError>(checkStrict(g, {}), text);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->unsupplied.size(), 1u);
  EXPECT_EQ(e->unsupplied[0].instance, 1u); // the plug's import of the host
  EXPECT_EQ(e->unsupplied[0].import, 0u);
  EXPECT_EQ(text, "instance `p`, import `test:host/f@0.1.0`: no plug supplies it (--strict; "
                  "allow it with --allow-import)");
  EXPECT_EQ(errorOf(checkStrict(g, {"test:host/*"})), "");
}

TEST(ComposeErrors, AnInvalidOutputKeepsTheValidatorsOffset) {
  // Bytes that start as a component and then break: what checkComposed
  // would say of a writer bug.
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x05, 0xff};
  std::string text;
  auto e = take<EncodeError>(checkComposed(bytes), text);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EncodeError::InvalidOutput);
  EXPECT_NE(e->offset, binary::WasmError::NoOffset);
  EXPECT_LT(e->offset, bytes.size());
  EXPECT_FALSE(e->detail.empty());
  EXPECT_EQ(text, "the composed component does not validate (a wcomp bug, please report it): " +
                      e->detail);
}

TEST(ComposeErrors, AnUnreadableDefinitionKeepsItsOffsetAndPath) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  std::vector<uint8_t> half(root.bytes.begin(), root.bytes.begin() + root.bytes.size() / 2);
  Graph g;
  std::string text;
  auto e = take<binary::WasmError>(plug(g, {"half.wasm", half}, {}), text);
  ASSERT_TRUE(e);
  EXPECT_NE(e->offset, binary::WasmError::NoOffset);
  EXPECT_LE(e->offset, half.size());
  ASSERT_FALSE(e->context.empty());
  EXPECT_EQ(e->context.back(), "half.wasm");
  EXPECT_EQ(text.rfind("half.wasm: ", 0), 0u) << text;
  // A core module is refused by name, with no offset.
  std::vector<uint8_t> core = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Graph g2;
  auto c = take<binary::WasmError>(plug(g2, {"core.wasm", core}, {}), text);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset, binary::WasmError::NoOffset);
  EXPECT_EQ(text, "core.wasm: is a core module, not a component (make it one with `wcomp new` "
                  "or `wcomp adapt`)");
}

TEST(ComposeErrors, ConfigurationErrorsAreTypedByPlace) {
  Inputs in;
  InputFile root = in.add("dir/root.wasm", Root);
  std::string config;
  auto load = [&](const std::string &path) -> llvm::Expected<InputFile> {
    if (path == "dir/app.json")
      return InputFile{path, {reinterpret_cast<const uint8_t *>(config.data()), config.size()}};
    if (path == "dir/root.wasm")
      return root;
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "no file " + path);
  };
  struct Case {
    std::string json, where, message;
  };
  std::vector<Case> cases = {
      {R"({"components": {"root": "root.wasm"}, "instances": [{"component": "nope"}]})",
       "instances[0].component", "no component named `nope`"},
      {"{\"components\":\n  [1,}", "2:6", ""},
      {R"({"components": {"root": "root.wasm"}, "extra": 1})", "\"extra\"", "unknown key"},
  };
  for (const Case &c : cases) {
    config = c.json;
    Graph g;
    std::string text;
    auto e = take<ConfigError>(fromConfig(g, "dir/app.json", load), text);
    ASSERT_TRUE(e) << c.json;
    EXPECT_EQ(e->file, "dir/app.json");
    EXPECT_EQ(e->where, c.where) << c.json << "\n" << text;
    EXPECT_NE(e->message.find(c.message), std::string::npos) << e->message;
    EXPECT_EQ(text, e->file + ": " + e->where + ": " + e->message);
  }
}
