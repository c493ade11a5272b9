//===- binary/writer.h - Appending encoder for wasm primitives -*- C++ -*-===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <iterator>

namespace wcomp::binary {

/// Appends wasm primitives to a byte buffer, always in the shortest (canonical)
/// LEB128 form. Sections are written by encoding the body into a scratch
/// Encoder and then emitting its exact length.
class Encoder {
public:
  /// The encoded bytes so far.
  llvm::SmallVector<uint8_t, 0> bytes;

  /// One byte.
  void u8(uint8_t v) { bytes.push_back(v); }
  /// An unsigned LEB128 (u32).
  void u32(uint32_t v) { u64(v); }
  /// An unsigned LEB128 (u64).
  void u64(uint64_t v);
  /// A signed LEB128 (s32).
  void s32(int32_t v) { s64(v); }
  /// A signed LEB128 of 33 bits (block types, heap types).
  void s33(int64_t v) { s64(v); }
  /// A signed LEB128 (s64).
  void s64(int64_t v);
  /// Four little-endian bytes (an f32 bit pattern).
  void fixed32(uint32_t v);
  /// Eight little-endian bytes (an f64 bit pattern).
  void fixed64(uint64_t v);
  /// Bytes as they are.
  void raw(llvm::ArrayRef<uint8_t> data) { bytes.append(data.begin(), data.end()); }
  /// A length-prefixed byte vector.
  void byteVec(llvm::ArrayRef<uint8_t> data) {
    u32(uint32_t(data.size()));
    raw(data);
  }
  /// A length-prefixed UTF-8 name.
  void name(llvm::StringRef s) {
    byteVec(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size()));
  }
  /// A vector: its count, then each item written by `item(const T &)`.
  template <typename Range, typename ItemFn> void vec(const Range &items, ItemFn &&item) {
    u32(uint32_t(std::size(items)));
    for (const auto &x : items)
      item(x);
  }
  /// Section id, exact LEB size, then the body.
  void section(uint8_t id, const Encoder &body) {
    u8(id);
    byteVec(body.bytes);
  }
  /// The bytes written so far.
  size_t size() const { return bytes.size(); }
};

} // namespace wcomp::binary
