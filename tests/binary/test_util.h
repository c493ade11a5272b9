//===- tests/binary/test_util.h - Helpers shared by the binary tests -*- C++ -*-===//
#pragma once

#include "binary/component.h"
#include "binary/io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace wcomp::testing {

using Bytes = std::vector<uint8_t>;

/// Reads a whole file.
inline Bytes readFileBytes(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

/// The encoder's bytes as a vector.
inline Bytes toBytes(const binary::Encoder &e) { return Bytes(e.bytes.begin(), e.bytes.end()); }

/// Asserts that an Expected failed with a message containing `needle`
/// (and, when given, at `offset`).
template <typename T>
void expectError(llvm::Expected<T> v, const std::string &needle, uint64_t offset = ~0ull) {
  ASSERT_FALSE(bool(v)) << "expected an error containing: " << needle;
  binary::ErrorReport r = binary::describeError(v.takeError());
  EXPECT_NE(r.text.find(needle), std::string::npos) << "message: " << r.text;
  if (offset != ~0ull) {
    EXPECT_EQ(r.offset, offset) << "message: " << r.text;
  }
}

/// Decodes `in` and re-encodes it.
inline llvm::Expected<Bytes> roundTrip(const Bytes &in) {
  auto b = binary::readBinary(in);
  if (!b)
    return b.takeError();
  binary::Encoder e;
  binary::writeBinary(e, *b);
  return toBytes(e);
}

/// Every regular file under `dir` whose name ends with `suffix`, sorted.
inline std::vector<std::filesystem::path> filesIn(const std::filesystem::path &dir,
                                                  const std::string &suffix) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(dir))
    return out;
  for (auto &e : std::filesystem::recursive_directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (e.is_regular_file() && n.size() >= suffix.size() &&
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A minimal module header.
inline Bytes moduleHeader() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }
/// A component header.
inline Bytes componentHeader() { return {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}; }

/// Appends a section with a canonical size.
inline void addSection(Bytes &out, uint8_t id, const Bytes &body) {
  binary::Encoder e;
  e.u8(id);
  e.u32(uint32_t(body.size()));
  out.insert(out.end(), e.bytes.begin(), e.bytes.end());
  out.insert(out.end(), body.begin(), body.end());
}

} // namespace wcomp::testing
