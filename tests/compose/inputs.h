//===- tests/compose/inputs.h - Components from text for the compose tests ===//
#pragma once

#include "compose/plug.h"
#include "text/wat.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

namespace wcomp::compose::testing {

/// Components parsed from text, kept alive for the graph.
struct Inputs {
  std::deque<std::vector<uint8_t>> bytes;
  InputFile add(const std::string &path, llvm::StringRef wat) {
    auto b = text::parseWat(wat);
    EXPECT_TRUE(static_cast<bool>(b)) << (b ? "" : llvm::toString(b.takeError()));
    bytes.push_back(b ? std::move(*b) : std::vector<uint8_t>());
    return {path, bytes.back()};
  }
};

inline const char *Root = R"((component
  (import "test:math/f@0.1.0" (instance $i (export "f" (func (param "x" u32) (result u32)))))
  (export "test:app/f@0.1.0" (instance $i))))";

inline std::string plugExporting(const std::string &name) {
  return "(component (import \"test:host/f@0.1.0\" (instance $i (export \"f\" (func (param \"x\" "
         "u32) (result u32))))) (export \"" + name + "\" (instance $i)))";
}

inline std::string errorOf(llvm::Error e) { return e ? llvm::toString(std::move(e)) : ""; }

} // namespace wcomp::compose::testing
