//===- tests/compose/compose_test.cpp - The composition library -----------===//
#include "compose/config.h"
#include "compose/graph.h"
#include "compose/plug.h"
#include "tests/compose/inputs.h"

#include <gtest/gtest.h>

using namespace wcomp;
using namespace wcomp::compose;
using namespace wcomp::compose::testing;

TEST(Compose, NamesMatchBySemverCanonicalForm) {
  EXPECT_TRUE(namesMatch("wasi:http/handler@0.2.1", "wasi:http/handler@0.2.0"));
  EXPECT_TRUE(namesMatch("a:b/c@1.4.0", "a:b/c@1.0.0"));
  EXPECT_FALSE(namesMatch("a:b/c@2.0.0", "a:b/c@1.0.0"));
  EXPECT_FALSE(namesMatch("a:b/c@0.3.0", "a:b/c@0.2.0"));
  EXPECT_FALSE(namesMatch("a:b/c@0.0.2", "a:b/c@0.0.1"));
  EXPECT_FALSE(namesMatch("a:b/c@1.0.0-rc1", "a:b/c@1.0.0"));
  EXPECT_FALSE(namesMatch("a:b/c", "a:b/c@1.0.0"));
  EXPECT_TRUE(namesMatch("run", "run"));
  EXPECT_FALSE(namesMatch("run", "walk"));
}

TEST(Compose, MatchingExportPrefersExactThenHighest) {
  std::vector<std::pair<std::string, validate::CExtern>> list = {
      {"a:b/c@0.2.3", {}}, {"a:b/c@0.2.9", {}}, {"a:b/c@0.2.1", {}}};
  EXPECT_EQ(matchingExport(list, "a:b/c@0.2.1"), "a:b/c@0.2.1");
  EXPECT_EQ(matchingExport(list, "a:b/c@0.2.0"), "a:b/c@0.2.9");
  EXPECT_EQ(matchingExport(list, "a:b/c@1.0.0"), std::nullopt);
}

TEST(Compose, DependencyNamesAreKebabCase) {
  EXPECT_EQ(dependencyImportName("plug", "My_Store.v2"), "unlocked-dep=<plug:my-store-v2>");
  EXPECT_EQ(dependencyImportName("plug", "2fast"), "unlocked-dep=<plug:fast>");
  EXPECT_EQ(dependencyImportName("plug", "__"), "unlocked-dep=<plug:component>");
}

TEST(Compose, PlugsAndEncodesDeterministically) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  InputFile plugFile = in.add("p.wasm", plugExporting("test:math/f@0.1.5"));
  std::vector<uint8_t> first;
  for (int run = 0; run < 2; ++run) {
    Graph g;
    ASSERT_EQ(errorOf(plug(g, root, {plugFile})), "");
    ASSERT_EQ(errorOf(resolve(g)), "");
    ASSERT_EQ(g.instances.size(), 2u);
    EXPECT_EQ(g.instances[0].args[0].kind, Source::InstanceExport);
    EXPECT_EQ(g.instances[0].args[0].name, "test:math/f@0.1.5");
    ASSERT_EQ(g.imports.size(), 1u);
    EXPECT_EQ(g.imports[0].name, "test:host/f@0.1.0");
    auto enc = encode(g);
    ASSERT_TRUE(static_cast<bool>(enc));
    std::vector<uint8_t> bytes = enc->bytes();
    EXPECT_EQ(enc->size(), bytes.size());
    EXPECT_EQ(errorOf(checkComposed(bytes)), "");
    if (run == 0)
      first = bytes;
    else
      EXPECT_EQ(first, bytes);
  }
}

TEST(Compose, AmbiguousPlugsAreAnError) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  InputFile a = in.add("a.wasm", plugExporting("test:math/f@0.1.0"));
  InputFile b = in.add("b.wasm", plugExporting("test:math/f@0.1.2"));
  Graph g;
  std::string err = errorOf(plug(g, root, {a, b}));
  EXPECT_NE(err.find("ambiguous: plugs `a`, `b` all export it"), std::string::npos) << err;
  EXPECT_NE(g.instances[0].decisions[0].error.find("ambiguous"), std::string::npos);
}

TEST(Compose, ATypeThatDoesNotFitIsATypedError) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  // Exports the interface the root imports, with `x: s32` for `x: u32`.
  InputFile p = in.add("p.wasm", "(component (import \"test:host/f@0.1.0\" (instance $i (export "
                                 "\"f\" (func (param \"x\" s32) (result u32))))) (export "
                                 "\"test:math/f@0.1.0\" (instance $i)))");
  Graph g;
  ASSERT_EQ(errorOf(plug(g, root, {p})), "");
  llvm::Error err = resolve(g);
  ASSERT_TRUE(bool(err));
  bool typed = false;
  std::string text;
  llvm::handleAllErrors(std::move(err), [&](const ResolveError &e) {
    typed = true;
    text = e.message();
    ASSERT_EQ(e.failures.size(), 1u);
    const ImportFailure &f = e.failures[0];
    EXPECT_EQ(f.name, "instance `root`, import `test:math/f@0.1.0`");
    ASSERT_TRUE(f.mismatch.has_value());
    EXPECT_EQ(f.mismatch->difference, "expected u32, found s32");
    ASSERT_EQ(f.mismatch->path.size(), 2u);
    EXPECT_EQ(f.mismatch->path[0], "type mismatch in function parameter `x`");
    EXPECT_EQ(f.mismatch->path[1], "type mismatch in instance export `f`");
  });
  EXPECT_TRUE(typed);
  // Rendered as before: the instance, the import, then the path.
  EXPECT_NE(text.find("instance `root`, import `test:math/f@0.1.0`: "), std::string::npos) << text;
  EXPECT_NE(text.find("type mismatch in instance export `f`: type mismatch in function parameter "
                      "`x`: expected u32, found s32"),
            std::string::npos)
      << text;
  EXPECT_TRUE(g.instances[0].decisions[0].mismatch.has_value());
}

TEST(Compose, StrictListsWhatStaysImported) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  Graph g;
  ASSERT_EQ(errorOf(plug(g, root, {})), "");
  ASSERT_EQ(errorOf(resolve(g)), "");
  EXPECT_NE(errorOf(checkStrict(g, {})).find("import `test:math/f@0.1.0`: no plug supplies it"),
            std::string::npos);
  EXPECT_EQ(errorOf(checkStrict(g, {"test:math/f@0.1.3"})), "");
}

TEST(Compose, BadInputsAreErrorsNotCrashes) {
  Inputs in;
  InputFile root = in.add("root.wasm", Root);
  // A core module, a truncated component, a huge count, random bytes.
  std::vector<std::vector<uint8_t>> bad = {
      {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00},
      std::vector<uint8_t>(root.bytes.begin(), root.bytes.begin() + root.bytes.size() / 2),
      {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f},
      {0x01, 0x02, 0x03},
  };
  for (const auto &b : bad) {
    Graph g;
    std::string err = errorOf(plug(g, {"bad.wasm", b}, {}));
    EXPECT_NE(err.find("bad.wasm: "), std::string::npos) << err;
  }
  Graph g;
  std::string err = errorOf(plug(g, {"core.wasm", bad[0]}, {}));
  EXPECT_NE(err.find("is a core module, not a component"), std::string::npos) << err;
}

TEST(Compose, ConfigurationErrorsNameThePlace) {
  Inputs in;
  InputFile root = in.add("dir/root.wasm", Root);
  auto load = [&](const std::string &path) -> llvm::Expected<InputFile> {
    static std::string text;
    if (path == "dir/app.json") {
      text = R"({"components": {"root": "root.wasm"},
                 "instances": [{"component": "root", "with": {"test:math/f@0.1.0": 7}}]})";
      return InputFile{path, {reinterpret_cast<const uint8_t *>(text.data()), text.size()}};
    }
    if (path == "dir/root.wasm")
      return root;
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "no file " + path);
  };
  Graph g;
  std::string err = errorOf(fromConfig(g, "dir/app.json", load));
  EXPECT_NE(err.find("dir/app.json: instances[0].with.\"test:math/f@0.1.0\": expected an "
                     "instance name"),
            std::string::npos)
      << err;
}
