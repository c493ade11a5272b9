// Subtyping results: where the difference is (the path) kept apart from
// what differs, and rendered as wasm-tools words it.
#include "validate/component_validator.h"

#include "binary/error.h"
#include "text/wat.h"

#include <gtest/gtest.h>

using namespace wcomp;

namespace {

/// A component exporting an instance whose function `f` takes a record
/// `{x: <field>}`.
std::string exporter(const std::string &field) {
  return R"((component
  (type $r (record (field "x" )" + field + R"()))
  (export $re "r" (type $r))
  (core module $m (func (export "f") (param i32)))
  (core instance $i (instantiate $m))
  (func $f (param "p" $re) (canon lift (core func $i "f")))
  (instance $inst (export "r" (type $re)) (export "f" (func $f)))
  (export "api" (instance $inst))
))";
}

validate::CExtern exportOf(validate::ComponentTyper &typer, const std::string &wat) {
  auto bytes = text::parseWat(wat);
  EXPECT_TRUE(bool(bytes)) << (bytes ? "" : llvm::toString(bytes.takeError()));
  if (!bytes)
    return {};
  auto id = typer.add(*bytes);
  EXPECT_TRUE(bool(id)) << (id ? "" : llvm::toString(id.takeError()));
  if (!id)
    return {};
  for (auto &[name, e] : typer.types()[*id].exports)
    if (name == "api")
      return e;
  ADD_FAILURE() << "no export `api`";
  return {};
}

TEST(TypeMismatch, PathAndDifferenceAreKeptApart) {
  validate::ComponentTyper typer;
  validate::CExtern u32 = exportOf(typer, exporter("u32"));
  validate::CExtern s32 = exportOf(typer, exporter("s32"));
  EXPECT_FALSE(typer.types().mismatch(u32, u32).has_value());

  auto m = typer.types().mismatch(u32, s32);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->difference, "expected s32, found u32");
  // Innermost first: the record field, then the instance's type export `r`
  // (compared before `f`, which uses it).
  ASSERT_EQ(m->path.size(), 2u) << m->message();
  EXPECT_EQ(m->path[0], "type mismatch in record field `x`");
  EXPECT_EQ(m->path[1], "type mismatch in instance export `r`");
  EXPECT_EQ(m->message(), "type mismatch in instance export `r`: type mismatch in record field "
                          "`x`: expected s32, found u32");
}

TEST(TypeMismatch, AMissingExportHasNoDeeperPath) {
  validate::ComponentTyper typer;
  validate::CExtern full = exportOf(typer, exporter("u32"));
  validate::CExtern empty = exportOf(typer, R"((component
  (instance $i)
  (export "api" (instance $i))
))");
  auto m = typer.types().mismatch(empty, full);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->path.empty());
  EXPECT_EQ(m->message(), m->difference);
  EXPECT_NE(m->difference.find("missing expected export"), std::string::npos) << m->difference;
}

} // namespace
