//===- tests/text/text_helpers.h - Helpers shared by the text tests -*- C++ -*-===//
#pragma once

#include "text/wat.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wcomp::text::testing {

/// The bytes of a file ("" if it cannot be read).
inline std::string readFile(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Prints a binary; a print error fails the test.
inline std::string print(llvm::ArrayRef<uint8_t> bytes, PrintOptions opts = {}) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::Error e = printWasm(os, bytes, opts);
  EXPECT_FALSE(bool(e)) << llvm::toString(std::move(e));
  os.flush();
  return out;
}

/// Parses text that must parse (empty bytes and a failure otherwise).
inline std::vector<uint8_t> parse(llvm::StringRef src) {
  auto r = parseWat(src);
  if (!r) {
    ADD_FAILURE() << renderTextError("<test>", src, r.takeError());
    return {};
  }
  return *r;
}

/// The rendered error of text that must not parse.
inline std::string parseError(llvm::StringRef src) {
  auto r = parseWat(src);
  if (r) {
    ADD_FAILURE() << "parsed: " << src.str();
    return "";
  }
  return renderTextError("t.wat", src, r.takeError());
}

} // namespace wcomp::text::testing
