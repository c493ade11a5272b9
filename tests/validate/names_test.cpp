// Component import/export names: grammar, annotations and strong uniqueness.
#include "validate/component_names.h"

#include <gtest/gtest.h>

using namespace wcomp::validate;
using wcomp::binary::compareSemver;

namespace {

std::string check(llvm::StringRef name, bool isImport = true) {
  auto info = checkExternName(name, isImport);
  if (info)
    return "ok";
  return llvm::toString(info.takeError());
}

TEST(Names, KebabLabels) {
  for (const char *ok : {"a", "a1", "a-1", "a-1-b-2-c-3", "B", "B-1-C-2", "a11-B11-123-ABC-abc", "get-JSON"})
    EXPECT_TRUE(isKebabLabel(ok)) << ok;
  for (const char *bad : {"", "1", "1-a", "a-", "a--b", "-a", "aBc", "a_b", "a.b", "é"})
    EXPECT_FALSE(isKebabLabel(bad)) << bad;
}

TEST(Names, Semver) {
  for (const char *ok : {"0.2.3", "1.0.0", "1.0.0-rc.1", "1.0.0-alpha-2.0", "1.2.3+build.7", "10.20.30-x.7.z.92+meta"})
    EXPECT_TRUE(isValidSemver(ok)) << ok;
  for (const char *bad : {"1", "1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-a..b", "v1.0.0"})
    EXPECT_FALSE(isValidSemver(bad)) << bad;
}

TEST(Names, SemverPrecedence) {
  // semver.org's own example chain, then numeric (not textual) comparison.
  const char *chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.9.0",
                         "1.10.0", "2.0.0"};
  for (size_t i = 0; i + 1 < std::size(chain); ++i) {
    EXPECT_LT(compareSemver(chain[i], chain[i + 1]), 0) << chain[i] << " < " << chain[i + 1];
    EXPECT_GT(compareSemver(chain[i + 1], chain[i]), 0) << chain[i + 1] << " > " << chain[i];
  }
  EXPECT_EQ(compareSemver("0.2.3+build.1", "0.2.3"), 0);
}

TEST(Names, PlainInterfaceAndAnnotated) {
  EXPECT_EQ(check("wasi:http/handler@0.2.1"), "ok");
  EXPECT_EQ(check("ns-1-a:b-1-c/D-2"), "ok");
  EXPECT_EQ(check("[constructor]r"), "ok");
  EXPECT_EQ(check("[method]r.get-x"), "ok");
  EXPECT_EQ(check("[static]r.make"), "ok");
  // The `[async]` annotations left the specification (wasm-tools 1.262
  // refuses them).
  EXPECT_NE(check("[async method]r.run").find("is not in kebab case"), std::string::npos);
  EXPECT_NE(check("[async]f").find("is not in kebab case"), std::string::npos);
  EXPECT_NE(check("aBc").find("`aBc` is not in kebab case"), std::string::npos);
  EXPECT_NE(check("wasi:http/TyPeS").find("is not a valid extern name"), std::string::npos);
  EXPECT_NE(check("A:b/c").find("is not a valid extern name"), std::string::npos);
  EXPECT_NE(check("ns:Pkg/c").find("is not a valid extern name"), std::string::npos);
  EXPECT_NE(check("wasi:http/handler@0.2").find("is not a valid extern name"), std::string::npos);
  // Nested namespaces and projections are not enabled.
  EXPECT_NE(check("a:b:c/d").find("expected `/` after package name"), std::string::npos);
  EXPECT_NE(check("a:b/c/d").find("trailing characters found: `/d`"), std::string::npos);
  EXPECT_NE(check("[method]r").find("failed to find `.` character"), std::string::npos);
  EXPECT_NE(check("[bogus]r").find("is not in kebab case"), std::string::npos);
  // Accessors (cm-accessors) are off by default.
  EXPECT_NE(check("[get]x").find("require the component model accessors feature"), std::string::npos);
}

TEST(Names, GatedForms) {
  NameRules all = NameRules::from(wcomp::validate::Features::all());
  auto ok = [&](llvm::StringRef n) {
    auto info = checkExternName(n, true, all);
    if (!info)
      return llvm::toString(info.takeError());
    return std::string("ok");
  };
  EXPECT_EQ(ok("a:b:c/d"), "ok");
  EXPECT_EQ(ok("a:b/c/d@1.0.0"), "ok");
  EXPECT_EQ(ok("a:b:c/d/e"), "ok");
  EXPECT_NE(ok("a:b:c").find("expected `/` after package name"), std::string::npos);
  EXPECT_EQ(ok("[get]x"), "ok");
  EXPECT_EQ(ok("[method][set]r.x"), "ok");
  EXPECT_NE(ok("[constructor][get]r").find("cannot contain [get] or [set]"), std::string::npos);
}

TEST(Names, ImportOnlyForms) {
  EXPECT_EQ(check("url=<https://example.com/c.wasm>"), "ok");
  EXPECT_EQ(check("url=<./c.wasm>,integrity=<sha256-abc>"), "ok");
  EXPECT_EQ(check("locked-dep=<my:pkg@1.2.3>"), "ok");
  EXPECT_EQ(check("unlocked-dep=<my:pkg@{>=1.0.0}>"), "ok");
  EXPECT_EQ(check("unlocked-dep=<my:pkg@*>"), "ok");
  EXPECT_EQ(check("integrity=<sha256-abc>"), "ok");
  EXPECT_NE(check("url=<a<b>"), "ok");
  EXPECT_NE(check("unlocked-dep=<my:pkg@{1.0.0}>"), "ok");
  // Exports may only be plain or interface names.
  EXPECT_NE(check("url=<https://example.com/c.wasm>", false), "ok");
}

TEST(Names, StrongUniqueness) {
  NameScope s;
  for (const char *n : {"foo", "foo-bar", "[constructor]foo", "[method]foo.bar", "[method]foo.baz"})
    EXPECT_FALSE(bool(s.add(n, true, true))) << n;
  // Compared lower-cased and without hyphens (as wasmparser 1.262 does):
  // `foobar` is `foo-bar`; `[static]r.f` is `[method]r.f`.
  for (const char *n : {"foo", "foo-BAR", "foobar", "[static]foo.BAR", "[method]foo.BAR"}) {
    llvm::Error e = s.add(n, true, true);
    ASSERT_TRUE(bool(e)) << n;
    EXPECT_NE(llvm::toString(std::move(e)).find("conflicts with previous name"), std::string::npos);
  }
  // `[method]l.l` and `[static]l.l` stand for `l`.
  NameScope m;
  EXPECT_FALSE(bool(m.add("a", true, 0x03)));
  EXPECT_FALSE(bool(m.add("[constructor]a", true, 0x01)));
  // A constructor keeps its annotation: `[constructor]a-b` is not `a-b`.
  EXPECT_FALSE(bool(m.add("a-b", true, 0x01)));
  EXPECT_FALSE(bool(m.add("[constructor]a-b", true, 0x01)));
  llvm::Error same = m.add("[method]a.A", true, 0x01);
  ASSERT_TRUE(bool(same));
  EXPECT_NE(llvm::toString(std::move(same)).find("`[method]a.A` conflicts with previous name `a`"),
            std::string::npos);
  NameScope t;
  llvm::Error notFunc = t.add("[constructor]r", false, false);
  ASSERT_TRUE(bool(notFunc));
  EXPECT_NE(llvm::toString(std::move(notFunc)).find("only functions may have an annotated name"), std::string::npos);
}

std::string withOptions(llvm::StringRef name, uint8_t kind,
                        std::vector<wcomp::binary::ExternName::Option> options) {
  NameScope s;
  if (llvm::Error e = s.add(name, true, kind, options))
    return llvm::toString(std::move(e));
  return "ok";
}

TEST(Names, Attributes) {
  using Opt = wcomp::binary::ExternName::Option;
  EXPECT_EQ(withOptions("store", 0x05, {Opt{0x00, "wasi:keyvalue/store"}, Opt{0x02, "db-1"}}), "ok");
  EXPECT_NE(withOptions("f", 0x01, {Opt{0x00, "a:b/c"}}).find("only instances can have an `implements`"),
            std::string::npos);
  EXPECT_NE(withOptions("a:b/c", 0x05, {Opt{0x00, "a:b/d"}}).find("name `a:b/c` is not valid with `implements`"),
            std::string::npos);
  EXPECT_NE(withOptions("i", 0x05, {Opt{0x00, "plain"}}).find("must be an interface name"),
            std::string::npos);
  EXPECT_NE(withOptions("i", 0x05, {Opt{0x00, ""}}).find("not a valid name"), std::string::npos);
  // The version suffix needs cm-canon-names, off by default.
  EXPECT_NE(withOptions("a:b/c@1.0.0", 0x05, {Opt{0x01, "x"}}).find("`cm-canon-names` feature is not active"),
            std::string::npos);
  NameScope canon(NameRules::from(wcomp::validate::Features::all()));
  // The name's version is the canonical form of the completed one.
  EXPECT_FALSE(bool(canon.add("a:b/c@1", true, 0x05, {Opt{0x01, ".2.3"}})));
  llvm::Error bad = canon.add("a:b/c@1.2", true, 0x05, {Opt{0x01, ".3"}});
  ASSERT_TRUE(bool(bad));
  EXPECT_NE(llvm::toString(std::move(bad)).find("is not the canonical version of `1.2.3`"),
            std::string::npos);
  llvm::Error incomplete = canon.add("a:b/c@1.0.0", true, 0x05, {Opt{0x01, "x"}});
  EXPECT_TRUE(bool(incomplete));
  llvm::consumeError(std::move(incomplete));
  NameRules noImplements;
  noImplements.implements = false;
  NameScope plain(noImplements);
  llvm::Error off = plain.add("store", true, 0x05, {Opt{0x00, "wasi:keyvalue/store"}});
  ASSERT_TRUE(bool(off));
  EXPECT_NE(llvm::toString(std::move(off)).find("`cm-implements` feature is not active"), std::string::npos);
}

} // namespace

#include "validate/module_validator.h"

namespace {

using Bytes = std::vector<uint8_t>;

std::string validateComponent(Bytes sections) {
  Bytes b = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  b.insert(b.end(), sections.begin(), sections.end());
  if (llvm::Error e = wcomp::validate::validateBinary(b, wcomp::validate::ValidateOptions{}))
    return llvm::toString(std::move(e));
  return "valid";
}

TEST(ComponentIndices, ReferencesStayInsideTheirSpaces) {
  // export "f" (func 0) with no functions defined
  EXPECT_NE(validateComponent({0x0b, 0x07, 0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00}).find("unknown func 0"),
            std::string::npos);
  // import "f" (func (type 0)) with an empty type space
  EXPECT_NE(validateComponent({0x0a, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00}).find("unknown type 0"),
            std::string::npos);
  // a type, then an import of a function of that type, then its export: valid
  EXPECT_EQ(validateComponent({0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                               0x0a, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00,
                               0x0b, 0x07, 0x01, 0x00, 0x01, 'g', 0x01, 0x00, 0x00}),
            "valid");
  // outer alias past the enclosing components
  EXPECT_NE(validateComponent({0x06, 0x05, 0x01, 0x03, 0x02, 0x01, 0x00}).find("invalid outer alias count"),
            std::string::npos);
}

} // namespace

namespace {

TEST(ComponentTypes, DefinedTypeRulesAndKinds) {
  // (type (record)) — no fields
  EXPECT_NE(validateComponent({0x07, 0x03, 0x01, 0x72, 0x00}).find("record type must have at least one field"),
            std::string::npos);
  // (type (enum "a" "A")) — labels collide ignoring case
  EXPECT_NE(validateComponent({0x07, 0x07, 0x01, 0x6d, 0x02, 0x01, 'a', 0x01, 'A'})
                .find("enum tag name `A` conflicts with previous tag name `a`"),
            std::string::npos);
  // (type (flags "aBc")) — not kebab case
  EXPECT_NE(validateComponent({0x07, 0x07, 0x01, 0x6e, 0x01, 0x03, 'a', 'B', 'c'}).find("is not in kebab case"),
            std::string::npos);
  // (type u32) then (import "f" (func (type 0))): type 0 is not a function type
  EXPECT_NE(validateComponent({0x07, 0x02, 0x01, 0x79, 0x0a, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00})
                .find("type index 0 is not a function type"),
            std::string::npos);
  // (type (func)) then (type (own 0)): own of a non-resource
  EXPECT_NE(validateComponent({0x07, 0x07, 0x02, 0x40, 0x00, 0x01, 0x00, 0x69, 0x00}).find("is not a resource type"),
            std::string::npos);
  // (import "r" (type (sub resource))) then (type (own 0)): fine
  EXPECT_EQ(validateComponent({0x0a, 0x06, 0x01, 0x00, 0x01, 'r', 0x03, 0x01, 0x07, 0x03, 0x01, 0x69, 0x00}), "valid");
}

} // namespace
