//===- tests/text/wast_test.cpp - .wast script runner ----------------------===//
#include "text/wast.h"

#include <gtest/gtest.h>

using namespace wcomp::text;

namespace {

TEST(Wast, CountsAndJudges) {
  const char *script = R"W(
    (module $m (func (export "f") (result i32) i32.const 1))
    (assert_return (invoke "f") (i32.const 1))
    (register "m" $m)
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_malformed (module quote "(func i32.bogus)") "unknown operator")
    (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
    (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
    (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
    (module definition $d (func))
    (module instance $i $d)
  )W";
  WastOptions opts;
  WastResult r = runWast("s.wast", script, opts);
  EXPECT_EQ(r.failed, 0u) << (r.failures.empty() ? "" : r.failures[0]);
  EXPECT_EQ(r.passed, 7u);
  EXPECT_EQ(r.skipped, 3u);
}

TEST(Wast, ReportsFailuresWithLocations) {
  const char *script = "(module (func (result i32)))\n"
                       "(assert_invalid (module (func)) \"type mismatch\")\n"
                       "(assert_malformed (module quote \"(func)\") \"x\")\n";
  WastResult r = runWast("s.wast", script, {});
  ASSERT_EQ(r.failed, 3u);
  EXPECT_EQ(r.failures[0].rfind("s.wast:1:1: module is invalid", 0), 0u) << r.failures[0];
  EXPECT_EQ(r.failures[1].rfind("s.wast:2:17: invalid module was accepted", 0), 0u) << r.failures[1];
  EXPECT_EQ(r.failures[2].rfind("s.wast:3:19: malformed module was accepted", 0), 0u) << r.failures[2];
}

TEST(Wast, MessageMismatchCountsUnlessStrict) {
  const char *script = "(assert_invalid (module (func (result i32))) \"something else\")";
  WastResult lenient = runWast("s.wast", script, {});
  EXPECT_EQ(lenient.passed, 1u);
  EXPECT_EQ(lenient.messageMismatches.size(), 1u);
  WastOptions strict;
  strict.strictMessages = true;
  WastResult r = runWast("s.wast", script, strict);
  EXPECT_EQ(r.failed, 1u);
}

} // namespace
