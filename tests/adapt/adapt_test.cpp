// adapt/ through its public API: metadata encoding, embed + new, the
// bundled adapters against the adapter contract, adapter GC, world merging.
// The CLI goldens and the differential test cover the same code from the
// outside; these pin the library's contracts for API users (examples/api).
#include "adapt/bundled.h"
#include "adapt/embed.h"
#include "adapt/gc.h"
#include "adapt/metadata.h"
#include "adapt/new.h"
#include "adapt/world_merge.h"
#include "binary/error.h"
#include "binary/module.h"
#include "validate/component_validator.h"
#include "validate/module_validator.h"
#include "wit/decode.h"
#include "wit/loader.h"
#include "wit/printer.h"
#include "wit/resolver.h"

#include <gtest/gtest.h>

using namespace wcomp;

namespace {

/// A WIT document's world, resolved.
struct LoadedWorld {
  wit::Resolve r;
  wit::WorldId world;
};

std::unique_ptr<LoadedWorld> loadWorld(const std::string &text, llvm::StringRef name) {
  auto out = std::make_unique<LoadedWorld>();
  wit::SourceMap sm;
  auto l = wit::loadWit(out->r, sm, "test.wit", {}, &text);
  if (!l) {
    ADD_FAILURE() << sm.render(l.takeError());
    return nullptr;
  }
  auto w = wit::selectWorld(out->r, l->root, name);
  if (!w) {
    ADD_FAILURE() << llvm::toString(w.takeError());
    return nullptr;
  }
  out->world = *w;
  return out;
}

std::string errorText(llvm::Error e) { return llvm::toString(std::move(e)); }

const char *GreeterWit = R"(package test:greet@1.0.0;

interface names {
  get: func(id: u32) -> string;
}

world greeter {
  import names;
  import log: func(msg: string);
  export greet: func(who: string) -> string;
}
)";

TEST(AdaptMetadata, WorldRoundTripsThroughTheSection) {
  auto w = loadWorld(GreeterWit, "greeter");
  ASSERT_TRUE(w);
  auto data = adapt::encodeWorldMetadata(w->r, w->world, adapt::StringEncoding::Utf16);
  ASSERT_TRUE(bool(data)) << errorText(data.takeError());

  wit::Resolve back;
  auto md = adapt::decodeWorldMetadata(back, adapt::metadataSectionName(w->r, w->world), *data);
  ASSERT_TRUE(bool(md)) << errorText(md.takeError());
  EXPECT_EQ(md->encoding, adapt::StringEncoding::Utf16);
  const wit::World &a = w->r[w->world], &b = back[md->world];
  EXPECT_EQ(b.name, "greeter");
  EXPECT_EQ(a.imports.size(), b.imports.size());
  EXPECT_EQ(a.exports.size(), b.exports.size());
}

TEST(AdaptMetadata, OtherEncodingVersionsAreRefusedByName) {
  auto w = loadWorld(GreeterWit, "greeter");
  ASSERT_TRUE(w);
  auto data = adapt::encodeWorldMetadata(w->r, w->world, adapt::StringEncoding::Utf8);
  ASSERT_TRUE(bool(data));
  // The version byte is the first of the `wit-component-encoding` section's
  // two, at the end of the metadata component.
  std::vector<uint8_t> bad = *data;
  ASSERT_GE(bad.size(), 2u);
  ASSERT_EQ(bad[bad.size() - 2], adapt::MetadataVersion);
  bad[bad.size() - 2] = 3;
  wit::Resolve r;
  auto md = adapt::decodeWorldMetadata(r, "component-type:x", bad);
  ASSERT_FALSE(bool(md));
  std::string msg = errorText(md.takeError());
  EXPECT_NE(msg.find("3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("4"), std::string::npos) << msg;

  // Truncated data: an error, not a crash.
  for (size_t n = 0; n < data->size(); n += 7) {
    wit::Resolve r2;
    auto cut = adapt::decodeWorldMetadata(r2, "component-type:x",
                                          llvm::ArrayRef<uint8_t>(*data).take_front(n));
    EXPECT_FALSE(bool(cut)) << "prefix of " << n << " bytes decoded";
    if (!cut)
      llvm::consumeError(cut.takeError()); // the refusal itself is what is tested
  }
}

TEST(AdaptNew, EmbedThenNewGivesTheWorldBack) {
  auto w = loadWorld(GreeterWit, "greeter");
  ASSERT_TRUE(w);
  std::vector<uint8_t> dummy = adapt::dummyModule(w->r, w->world);
  auto embedded = adapt::embedWorld(dummy, w->r, w->world, adapt::StringEncoding::Utf8);
  ASSERT_TRUE(bool(embedded)) << errorText(embedded.takeError());

  auto built = adapt::componentNew(*embedded, {});
  ASSERT_TRUE(bool(built)) << errorText(built.takeError());
  auto info = validate::validateComponent(built->component, {});
  ASSERT_TRUE(bool(info)) << errorText(info.takeError());

  std::vector<std::string> imports, exports;
  for (auto &[name, _] : info->imports())
    imports.push_back(name);
  for (auto &[name, _] : info->exports())
    exports.push_back(name);
  EXPECT_EQ(imports, (std::vector<std::string>{"test:greet/names@1.0.0", "log"}));
  EXPECT_EQ(exports, (std::vector<std::string>{"greet"}));

  // The component's WIT is the world's.
  wit::Resolve back;
  auto l = wit::decodeComponent(back, *info, built->component);
  ASSERT_TRUE(bool(l)) << errorText(l.takeError());
  std::string text = wit::printWit(back, l->root, l->others);
  EXPECT_NE(text.find("import log: func(msg: string);"), std::string::npos) << text;
  EXPECT_NE(text.find("export greet: func(who: string) -> string;"), std::string::npos) << text;

  // Deterministic: the same input builds the same bytes.
  auto again = adapt::componentNew(*embedded, {});
  ASSERT_TRUE(bool(again));
  EXPECT_EQ(again->component, built->component);
}

TEST(AdaptNew, AnImportOutsideTheWorldIsNamed) {
  auto w = loadWorld(GreeterWit, "greeter");
  ASSERT_TRUE(w);
  // A module importing a function its world does not have.
  const uint8_t module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             // type () -> ()
                            0x02, 0x0d, 0x01, 0x04, 'h', 'o', 's', 't',     // import "host"
                            0x04, 'b', 'o', 'o', 'm', 0x00, 0x00};          //   "boom" func 0
  auto embedded = adapt::embedWorld(module, w->r, w->world, adapt::StringEncoding::Utf8);
  ASSERT_TRUE(bool(embedded)) << errorText(embedded.takeError());
  auto built = adapt::componentNew(*embedded, {});
  ASSERT_FALSE(bool(built));
  std::string msg = errorText(built.takeError());
  EXPECT_NE(msg.find("host"), std::string::npos) << msg;
}

TEST(AdaptBundled, EveryAdapterKeepsTheContractAndCollectsGarbage) {
  for (auto kind : {adapt::AdapterKind::Command, adapt::AdapterKind::Reactor,
                    adapt::AdapterKind::Proxy}) {
    llvm::ArrayRef<uint8_t> bytes = adapt::bundledAdapterBytes(kind);
    ASSERT_FALSE(bytes.empty());
    auto m = binary::readModule(bytes);
    ASSERT_TRUE(bool(m)) << errorText(m.takeError());
    EXPECT_FALSE(bool(adapt::checkAdapter(*m, "bundled")));

    // Keeping only fd_write drops most of the adapter; what is left validates.
    adapt::AdapterGcOptions gc;
    gc.exports = {"fd_write"};
    auto small = adapt::gcAdapter(std::move(*m), "bundled", gc);
    ASSERT_TRUE(bool(small)) << errorText(small.takeError());
    EXPECT_LT(small->size(), bytes.size() / 2);
    llvm::Error valid = validate::validateModule(*small, 0, {});
    EXPECT_FALSE(bool(valid)) << errorText(std::move(valid));
  }
  EXPECT_FALSE(adapt::parseAdapterKind("server").has_value());
  auto newer = adapt::bundledAdapter(adapt::AdapterKind::Command, "0.2.3");
  ASSERT_TRUE(bool(newer)) << errorText(newer.takeError());
  std::string s(newer->begin(), newer->end());
  EXPECT_NE(s.find("wasi:cli/environment@0.2.3"), std::string::npos);
  EXPECT_EQ(s.find("@0.2.0"), std::string::npos);
}

TEST(AdaptWorldMerge, ItemsOfOneNameMustBeOfOneKind) {
  auto a = loadWorld(R"(package test:m;
interface i { type t = u32; f: func(); }
world a { import i; import x: func(); }
world b { import x: interface { g: func(); } }
world c { import y: func(); export i; }
interface j { use i.{t}; g: func() -> t; }
world e { export j; }
)",
                     "a");
  ASSERT_TRUE(a);
  auto world = [&](const char *n) { return *wit::selectWorld(a->r, a->r[a->world].package, n); };
  EXPECT_FALSE(bool(adapt::checkWorldMerge(a->r, a->world, a->r, a->world)));
  llvm::Error kind = adapt::checkWorldMerge(a->r, a->world, a->r, world("b"));
  ASSERT_TRUE(bool(kind));
  EXPECT_NE(errorText(std::move(kind)).find("x"), std::string::npos);
  // `c` exports `i`, which `e`'s export `j` uses as an import: it would
  // change meaning.
  llvm::Error uses = adapt::checkWorldMerge(a->r, world("e"), a->r, world("c"));
  EXPECT_TRUE(bool(uses));
  llvm::consumeError(std::move(uses)); // only the refusal is tested here
}

} // namespace
