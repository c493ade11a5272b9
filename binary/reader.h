//===- binary/reader.h - Bounds-checked zero-copy byte reader ---*- C++ -*-===//
#pragma once

#include "binary/error.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace wcomp::binary {

/// Reads wasm primitives from a byte span that it does not own. Every read is
/// checked against the bytes left; every error names the absolute offset
/// (`baseOffset` is the span's offset in the whole file). LEB128 is strict:
/// no more bytes than the type allows, unused bits must be zero (unsigned) or
/// the sign (signed).
class BinaryReader {
public:
  BinaryReader() = default;
  /// Reads `data`, whose first byte sits at absolute offset `baseOffset`.
  BinaryReader(llvm::ArrayRef<uint8_t> data, uint64_t baseOffset = 0)
      : start(data.data()), cur(data.data()), end(data.data() + data.size()),
        base(baseOffset) {}

  /// Absolute offset of the next byte.
  uint64_t offset() const { return base + uint64_t(cur - start); }
  /// Absolute offset of the span's first byte.
  uint64_t baseOffset() const { return base; }
  /// Bytes not yet read.
  size_t remaining() const { return size_t(end - cur); }
  /// True when every byte was read.
  bool eof() const { return cur == end; }
  /// The unread bytes.
  llvm::ArrayRef<uint8_t> rest() const { return {cur, end}; }
  /// The bytes read so far, from the span's start.
  llvm::ArrayRef<uint8_t> consumed() const { return {start, cur}; }
  /// Current position pointer (for computing raw slices).
  const uint8_t *position() const { return cur; }
  /// Skips `n` bytes that the caller has already checked are there (hot
  /// decoders look ahead with rest() and then consume).
  void advanceUnchecked(size_t n) { cur += n; }

  /// Peeks at the next byte without consuming it.
  llvm::Expected<uint8_t> peekU8() const {
    if (cur == end)
      return eofError();
    return *cur;
  }
  /// Reads one byte.
  llvm::Expected<uint8_t> readU8() {
    if (cur == end)
      return eofError();
    return *cur++;
  }
  /// Reads an unsigned LEB128 of at most 32 bits (5 bytes).
  llvm::Expected<uint32_t> readU32() {
    if (cur != end && *cur < 0x80)
      return *cur++;
    return readU32Slow();
  }
  /// Reads an unsigned LEB128 of at most 64 bits (10 bytes).
  llvm::Expected<uint64_t> readU64();
  /// Reads a signed LEB128 of at most 32 bits.
  llvm::Expected<int32_t> readS32() {
    if (cur != end && *cur < 0x80) {
      int32_t v = int32_t(*cur++ << 25) >> 25;
      return v;
    }
    return readS32Slow();
  }
  /// Reads a signed LEB128 of at most 33 bits (block types, heap types).
  llvm::Expected<int64_t> readS33();
  /// Reads a signed LEB128 of at most 64 bits.
  llvm::Expected<int64_t> readS64();
  /// Reads 4 little-endian bytes (an f32 bit pattern).
  llvm::Expected<uint32_t> readFixed32();
  /// Reads 8 little-endian bytes (an f64 bit pattern).
  llvm::Expected<uint64_t> readFixed64();
  /// Reads `n` raw bytes without copying.
  llvm::Expected<llvm::ArrayRef<uint8_t>> readBytes(uint64_t n);
  /// Reads a u32 length followed by that many bytes.
  llvm::Expected<llvm::ArrayRef<uint8_t>> readByteVec();
  /// Reads a name: u32 length, then that many bytes of valid UTF-8.
  llvm::Expected<llvm::StringRef> readName();
  /// Reads a vector count and checks it against `max` and the bytes left
  /// (each item takes at least one byte), so callers may reserve safely.
  llvm::Expected<uint32_t> readCount(llvm::StringRef what, uint32_t max);
  /// Reads a vector: a count (checked as readCount checks it, so the
  /// reservation is bounded by the bytes left), then that many items, each
  /// appended to `out` (a std::vector or llvm::SmallVector) default-constructed
  /// and filled by `item(T &)`, which returns llvm::Error. Every `vec(T)` of
  /// the binary format reads so.
  template <typename Vec, typename ItemFn>
  llvm::Error readVector(llvm::StringRef what, uint32_t max, Vec &out, ItemFn &&item) {
    llvm::Expected<uint32_t> n = readCount(what, max);
    if (!n)
      return n.takeError();
    // Reserved only when empty: a vector that items are appended to again
    // and again (an operator pool) keeps its geometric growth.
    if (out.empty())
      out.reserve(*n);
    for (uint32_t i = 0; i < *n; ++i) {
      out.emplace_back();
      if (llvm::Error e = item(out.back()))
        return e;
    }
    return llvm::Error::success();
  }
  /// Splits off the next `n` bytes as an independent reader.
  llvm::Expected<BinaryReader> subReader(uint64_t n);
  /// Skips `n` bytes.
  llvm::Error skip(uint64_t n);

  /// An error at the current offset.
  llvm::Error error(const llvm::Twine &msg) const { return makeError(offset(), msg); }
  /// An error at an explicit absolute offset.
  static llvm::Error errorAt(uint64_t off, const llvm::Twine &msg) { return makeError(off, msg); }
  /// The error reported for reading past the end.
  llvm::Error eofError() const;

private:
  llvm::Expected<uint32_t> readU32Slow();
  llvm::Expected<int32_t> readS32Slow();

  const uint8_t *start = nullptr;
  const uint8_t *cur = nullptr;
  const uint8_t *end = nullptr;
  uint64_t base = 0;
};

/// wasmparser's error for a byte that begins no form it knows:
/// `invalid leading byte (0x41) for <what>`, at absolute offset `at`.
llvm::Error invalidLeadingByte(uint64_t at, uint8_t byte, const llvm::Twine &what);

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values
/// above U+10FFFF).
bool isValidUtf8(llvm::ArrayRef<uint8_t> s);

} // namespace wcomp::binary
