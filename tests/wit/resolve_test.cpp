// WIT resolution and printing: the resolved model, and the printer's
// canonical form (printing what was printed reproduces it).
#include "wit/loader.h"
#include "wit/metadata.h"
#include "wit/printer.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace wcomp::wit;

namespace {

std::string fixture(const std::string &rel) { return std::string(WCOMP_FIXTURES_DIR) + "/" + rel; }

std::string loadAndPrint(const std::string &path, Resolve &r) {
  SourceMap sm;
  auto l = loadWit(r, sm, path);
  if (!l)
    return sm.render(l.takeError());
  return printWit(r, l->root, l->others);
}

TEST(WitResolve, PrintingIsCanonical) {
  for (const char *rel : {"wit/streams.wit", "wit/folder"}) {
    Resolve r1;
    std::string once = loadAndPrint(fixture(rel), r1);
    ASSERT_EQ(once.find("error:"), std::string::npos) << once;
    llvm::SmallString<128> tmp;
    ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("wcomp-wit", "wit", tmp));
    {
      std::error_code ec;
      llvm::raw_fd_ostream os(tmp, ec);
      os << once;
    }
    Resolve r2;
    std::string twice = loadAndPrint(std::string(tmp), r2);
    llvm::sys::fs::remove(tmp);
    EXPECT_EQ(once, twice) << rel;
    EXPECT_EQ(r1.types.size(), r2.types.size()) << rel;
  }
}

TEST(WitResolve, ResourcesAndHandles) {
  Resolve r;
  SourceMap sm;
  auto l = loadWit(r, sm, fixture("wit/streams.wit"));
  ASSERT_TRUE(bool(l)) << sm.render(l.takeError());
  const Package &p = r[l->root];
  EXPECT_EQ(p.id(), "example:streams@0.1.0");
  ASSERT_EQ(p.interfaces.size(), 1u);
  const Interface &streams = r[p.interfaces[0].second];
  ASSERT_EQ(streams.functions.size(), 4u);
  const Function &read = streams.functions[1];
  EXPECT_EQ(read.kind, Function::Method);
  ASSERT_EQ(read.params.size(), 2u);
  EXPECT_EQ(read.params[0].first, "self");
  EXPECT_EQ(r[read.params[0].second.id].kind, TypeDef::Borrow);
  EXPECT_EQ(streams.functions[0].kind, Function::Constructor);
  EXPECT_EQ(streams.functions[3].kind, Function::Static);
  // `error as io-error` is an alias of the dependency's resource.
  TypeId ioError = streams.types[0].second;
  EXPECT_EQ(r[ioError].name, "io-error");
  EXPECT_EQ(r[r.dealias(ioError)].kind, TypeDef::Resource);
  EXPECT_EQ(r.interfaceName(InterfaceId{r[r.dealias(ioError)].owner.index}),
            "example:base/errors@0.1.0");
  ASSERT_EQ(l->others.size(), 1u);
  EXPECT_EQ(r[l->others[0]].id(), "example:base@0.1.0");
}

TEST(WitResolve, ErrorsPointIntoTheRightFile) {
  Resolve r;
  SourceMap sm;
  auto l = loadWit(r, sm, fixture("wit/fail/cyclic-use.wit"));
  ASSERT_FALSE(bool(l));
  std::string text = sm.render(l.takeError());
  EXPECT_NE(text.find("cyclic-use.wit:5:7: error: interface `b` depends on itself\n"
                      "  5 |   use b.{t};\n"
                      "    |       ^\n"),
            std::string::npos)
      << text;
}

TEST(WitMetadata, PackageDocsRoundTripAndBadSections) {
  Resolve r;
  SourceMap sm;
  auto l = loadWit(r, sm, fixture("wit/roundtrip.wit"));
  ASSERT_TRUE(bool(l)) << sm.render(l.takeError());
  std::string section = encodePackageDocs(r, l->root);
  ASSERT_FALSE(section.empty());
  EXPECT_EQ(section[0], 1); // the version wasm-tools writes
  auto bytes = [](const std::string &s) {
    return llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size());
  };
  // Docs cleared, then put back from the section: the same text.
  std::string before = printWit(r, l->root, {});
  for (Interface &i : r.interfaces)
    i.docs.clear();
  ASSERT_NE(printWit(r, l->root, {}), before);
  ASSERT_FALSE(bool(applyPackageDocs(r, l->root, bytes(section))));
  EXPECT_EQ(printWit(r, l->root, {}), before);
  // Version 0 kept a function's docs as a bare string.
  std::string v0 = std::string(1, '\0') +
                   R"({"interfaces":{"api":{"funcs":{"now":"Now, again."}}}})";
  ASSERT_FALSE(bool(applyPackageDocs(r, l->root, bytes(v0))));
  EXPECT_NE(printWit(r, l->root, {}).find("/// Now, again."), std::string::npos);
  // A newer version and malformed JSON are refused with a reason.
  for (std::string bad : {std::string("\x02{}"), std::string("\x01{not json"),
                          std::string("\x01[1]"), std::string()}) {
    llvm::Error e = applyPackageDocs(r, l->root, bytes(bad));
    ASSERT_TRUE(bool(e));
    EXPECT_NE(llvm::toString(std::move(e)).find("package-docs"), std::string::npos);
  }
  // Names the package lacks are skipped; wrong JSON types are ignored.
  std::string odd = "\x01" R"({"interfaces":{"nope":{"docs":"x"},"api":{"docs":7,"funcs":[1]}}})";
  EXPECT_FALSE(bool(applyPackageDocs(r, l->root, bytes(odd))));
}

} // namespace
