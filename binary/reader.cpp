#include "binary/reader.h"

namespace wcomp::binary {

llvm::Error invalidLeadingByte(uint64_t at, uint8_t byte, const llvm::Twine &what) {
  return makeError(at, "invalid leading byte (0x" + llvm::Twine::utohexstr(byte) + ") for " + what);
}

llvm::Error BinaryReader::eofError() const {
  return makeError(offset(), "unexpected end-of-file");
}

namespace {
/// Decodes a LEB128 of `Bits` bits, signed or not; the caller names the
/// type for messages. The last byte a type allows must end the number
/// ("representation too long" otherwise), and its bits beyond the type must
/// be zero (unsigned) or copies of the sign bit (signed): "integer too large".
/// A signed result is sign-extended from `Bits`, so s33 reads right.
template <unsigned Bits, bool Signed>
llvm::Expected<uint64_t> decodeLeb(const uint8_t *&cur, const uint8_t *end, uint64_t base,
                                   const uint8_t *start, const char *typeName) {
  constexpr unsigned maxBytes = (Bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (cur == end)
      return makeError(base + (cur - start), "unexpected end-of-file");
    uint8_t byte = *cur++;
    if (i == maxBytes - 1) {
      uint64_t at = base + (cur - 1 - start);
      if (byte & 0x80)
        return makeError(at, llvm::Twine("invalid ") + typeName +
                                 ": integer representation too long");
      bool tooLarge;
      if constexpr (Signed) {
        unsigned signBit = Bits - 1 - shift;
        uint8_t high = uint8_t(byte >> signBit) & uint8_t(0x7f >> signBit);
        tooLarge = high != 0 && high != uint8_t(0x7f >> signBit);
      } else {
        unsigned usedBits = Bits - shift;
        tooLarge = usedBits < 7 && (byte >> usedBits) != 0;
      }
      if (tooLarge)
        return makeError(at, llvm::Twine("invalid ") + typeName + ": integer too large");
    }
    result |= uint64_t(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80) || i == maxBytes - 1)
      break;
  }
  if constexpr (Signed) {
    if (shift < 64 && (result >> (shift - 1)) & 1)
      result |= ~uint64_t(0) << shift;
    if constexpr (Bits < 64) {
      uint64_t mask = (uint64_t(1) << Bits) - 1;
      result &= mask;
      if (result >> (Bits - 1))
        result |= ~mask;
    }
  }
  return result;
}
} // namespace

llvm::Expected<uint32_t> BinaryReader::readU32Slow() {
  auto v = decodeLeb<32, false>(cur, end, base, start, "var_u32");
  if (!v)
    return v.takeError();
  return uint32_t(*v);
}

llvm::Expected<uint64_t> BinaryReader::readU64() {
  return decodeLeb<64, false>(cur, end, base, start, "var_u64");
}

llvm::Expected<int32_t> BinaryReader::readS32Slow() {
  auto v = decodeLeb<32, true>(cur, end, base, start, "var_i32");
  if (!v)
    return v.takeError();
  return int32_t(int64_t(*v));
}

llvm::Expected<int64_t> BinaryReader::readS33() {
  auto v = decodeLeb<33, true>(cur, end, base, start, "var_s33");
  if (!v)
    return v.takeError();
  return int64_t(*v);
}

llvm::Expected<int64_t> BinaryReader::readS64() {
  auto v = decodeLeb<64, true>(cur, end, base, start, "var_i64");
  if (!v)
    return v.takeError();
  return int64_t(*v);
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
