#include "binary/reader.h"

namespace wcomp::binary {

llvm::Error BinaryReader::eofError() const {
  return makeError(offset(), "unexpected end-of-file");
}

namespace {
/// Decodes an unsigned LEB128 of `bits` bits; the caller names the type.
template <unsigned Bits>
llvm::Expected<uint64_t> decodeUnsigned(const uint8_t *&cur, const uint8_t *end,
                                        uint64_t base, const uint8_t *start,
                                        const char *typeName) {
  constexpr unsigned maxBytes = (Bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (cur == end)
      return makeError(base + (cur - start), "unexpected end-of-file");
    uint8_t byte = *cur++;
    if (i == maxBytes - 1) {
      if (byte & 0x80)
        return makeError(base + (cur - 1 - start),
                         llvm::Twine("invalid ") + typeName + ": integer representation too long");
      unsigned usedBits = Bits - shift;
      if (usedBits < 7 && (byte >> usedBits) != 0)
        return makeError(base + (cur - 1 - start),
                         llvm::Twine("invalid ") + typeName + ": integer too large");
      return result | (uint64_t(byte) << shift);
    }
    result |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return result;
    shift += 7;
  }
}

/// Decodes a signed LEB128 of `bits` bits.
template <unsigned Bits>
llvm::Expected<int64_t> decodeSigned(const uint8_t *&cur, const uint8_t *end,
                                     uint64_t base, const uint8_t *start,
                                     const char *typeName) {
  constexpr unsigned maxBytes = (Bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (cur == end)
      return makeError(base + (cur - start), "unexpected end-of-file");
    uint8_t byte = *cur++;
    if (i == maxBytes - 1) {
      if (byte & 0x80)
        return makeError(base + (cur - 1 - start),
                         llvm::Twine("invalid ") + typeName + ": integer representation too long");
      // Bits (Bits-1-shift)..6 of the last byte must all equal the sign bit.
      unsigned signBit = Bits - 1 - shift;
      uint8_t high = uint8_t(byte >> signBit) & uint8_t(0x7f >> signBit);
      if (high != 0 && high != uint8_t(0x7f >> signBit))
        return makeError(base + (cur - 1 - start),
                         llvm::Twine("invalid ") + typeName + ": integer too large");
      result |= uint64_t(byte & 0x7f) << shift;
      shift += 7;
      break;
    }
    result |= uint64_t(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80))
      break;
  }
  if (shift < 64 && (result >> (shift - 1)) & 1)
    result |= ~uint64_t(0) << shift;
  // Truncate to Bits and sign-extend so e.g. s33 yields the right value.
  if constexpr (Bits < 64) {
    uint64_t mask = (uint64_t(1) << Bits) - 1;
    result &= mask;
    if (result >> (Bits - 1))
      result |= ~mask;
  }
  return int64_t(result);
}
} // namespace

llvm::Expected<uint32_t> BinaryReader::readU32Slow() {
  auto v = decodeUnsigned<32>(cur, end, base, start, "var_u32");
  if (!v)
    return v.takeError();
  return uint32_t(*v);
}

llvm::Expected<uint64_t> BinaryReader::readU64() {
  return decodeUnsigned<64>(cur, end, base, start, "var_u64");
}

llvm::Expected<int32_t> BinaryReader::readS32Slow() {
  auto v = decodeSigned<32>(cur, end, base, start, "var_i32");
  if (!v)
    return v.takeError();
  return int32_t(*v);
}

llvm::Expected<int64_t> BinaryReader::readS33() {
  return decodeSigned<33>(cur, end, base, start, "var_s33");
}

llvm::Expected<int64_t> BinaryReader::readS64() {
  return decodeSigned<64>(cur, end, base, start, "var_i64");
}

llvm::Expected<uint32_t> BinaryReader::readFixed32() {
  if (remaining() < 4)
    return eofError();
  uint32_t v = uint32_t(cur[0]) | uint32_t(cur[1]) << 8 | uint32_t(cur[2]) << 16 |
               uint32_t(cur[3]) << 24;
  cur += 4;
  return v;
}

llvm::Expected<uint64_t> BinaryReader::readFixed64() {
  if (remaining() < 8)
    return eofError();
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | cur[i];
  cur += 8;
  return v;
}

llvm::Expected<llvm::ArrayRef<uint8_t>> BinaryReader::readBytes(uint64_t n) {
  if (n > remaining())
    return eofError();
  llvm::ArrayRef<uint8_t> out(cur, size_t(n));
  cur += n;
  return out;
}

llvm::Expected<llvm::ArrayRef<uint8_t>> BinaryReader::readByteVec() {
  auto n = readU32();
  if (!n)
    return n.takeError();
  return readBytes(*n);
}

llvm::Expected<llvm::StringRef> BinaryReader::readName() {
  uint64_t at = offset();
  auto bytes = readByteVec();
  if (!bytes)
    return bytes.takeError();
  if (!isValidUtf8(*bytes))
    return makeError(at, "malformed UTF-8 encoding");
  return llvm::StringRef(reinterpret_cast<const char *>(bytes->data()), bytes->size());
}

llvm::Expected<uint32_t> BinaryReader::readCount(llvm::StringRef what, uint32_t max) {
  uint64_t at = offset();
  auto n = readU32();
  if (!n)
    return n.takeError();
  if (*n > max)
    return makeError(at, llvm::Twine(what) + " count is out of bounds (" + llvm::Twine(*n) +
                             " > " + llvm::Twine(max) + ")");
  if (*n > remaining())
    return makeError(at, llvm::Twine(what) + " count of " + llvm::Twine(*n) +
                             " exceeds the bytes left: unexpected end-of-file");
  return *n;
}

llvm::Expected<BinaryReader> BinaryReader::subReader(uint64_t n) {
  uint64_t at = offset();
  auto bytes = readBytes(n);
  if (!bytes)
    return bytes.takeError();
  return BinaryReader(*bytes, at);
}

llvm::Error BinaryReader::skip(uint64_t n) {
  if (n > remaining())
    return eofError();
  cur += n;
  return llvm::Error::success();
}

bool isValidUtf8(llvm::ArrayRef<uint8_t> s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    unsigned len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n)
      return false;
    for (unsigned k = 1; k < len; ++k) {
      uint8_t cc = s[i + k];
      if ((cc & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false; // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

} // namespace wcomp::binary
