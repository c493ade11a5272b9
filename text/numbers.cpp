//===- text/numbers.cpp - Number literals of the text format --------------===//
#include "text/numbers.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wcomp::text {

namespace {

bool isDigit(char c, bool hex) {
  if (c >= '0' && c <= '9')
    return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}
unsigned digitVal(char c) {
  if (c <= '9')
    return unsigned(c - '0');
  return unsigned((c | 0x20) - 'a' + 10);
}

/// Consumes a digit run with `_` only between digits; appends the digits to
/// `out` (when given). Returns false when the run is empty or misplaces `_`.
bool digits(llvm::StringRef &s, bool hex, std::string *out) {
  size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    char c = s[i];
    if (isDigit(c, hex)) {
      if (out)
        *out += c;
      any = true;
      ++i;
    } else if (c == '_') {
      if (!any || i + 1 >= s.size() || !isDigit(s[i + 1], hex))
        return false;
      ++i;
    } else {
      break;
    }
  }
  s = s.drop_front(i);
  return any;
}

} // namespace

NumResult parseUnsigned(llvm::StringRef s, uint64_t &v) {
  bool hex = s.consume_front("0x");
  llvm::StringRef rest = s;
  if (!digits(rest, hex, nullptr) || !rest.empty())
    return NumResult::Malformed;
  uint64_t acc = 0;
  unsigned base = hex ? 16 : 10;
  for (char c : s) {
    if (c == '_')
      continue;
    unsigned d = digitVal(c);
    if (acc > (UINT64_MAX - d) / base)
      return NumResult::OutOfRange;
    acc = acc * base + d;
  }
  v = acc;
  return NumResult::Ok;
}

NumResult parseInt(llvm::StringRef s, unsigned bits, uint64_t &v) {
  bool neg = false;
  if (s.consume_front("-"))
    neg = true;
  else
    s.consume_front("+");
  uint64_t mag;
  NumResult r = parseUnsigned(s, mag);
  if (r != NumResult::Ok)
    return r;
  uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  if (neg) {
    uint64_t limit = uint64_t(1) << (bits - 1);
    if (mag > limit)
      return NumResult::OutOfRange;
    v = (0 - mag) & mask;
  } else {
    if (mag > mask)
      return NumResult::OutOfRange;
    v = mag;
  }
  return NumResult::Ok;
}

namespace {

/// Checks the float syntax and builds a clean string (no `_`) for strtod.
/// Sets `special` for inf/nan forms, with the nan payload in `payload`.
enum class Special { None, Inf, Nan, NanPayload };
NumResult scanFloat(llvm::StringRef s, std::string &clean, bool &neg, Special &special,
                    uint64_t &payload) {
  neg = false;
  special = Special::None;
  if (s.consume_front("-"))
    neg = true;
  else
    s.consume_front("+");
  if (s == "inf") {
    special = Special::Inf;
    return NumResult::Ok;
  }
  if (s == "nan") {
    special = Special::Nan;
    return NumResult::Ok;
  }
  if (s.consume_front("nan:0x")) {
    llvm::StringRef rest = s;
    if (!digits(rest, true, nullptr) || !rest.empty())
      return NumResult::Malformed;
    payload = 0;
    for (char c : s) {
      if (c == '_')
        continue;
      if (payload >> 60)
        return NumResult::OutOfRange;
      payload = payload * 16 + digitVal(c);
    }
    special = Special::NanPayload;
    return NumResult::Ok;
  }
  bool hex = s.consume_front("0x");
  clean = hex ? "0x" : "";
  if (!digits(s, hex, &clean))
    return NumResult::Malformed;
  if (s.consume_front(".")) {
    clean += '.';
    if (!s.empty() && isDigit(s[0], hex) && !digits(s, hex, &clean))
      return NumResult::Malformed;
  }
  if (!s.empty() && (hex ? (s[0] == 'p' || s[0] == 'P') : (s[0] == 'e' || s[0] == 'E'))) {
    clean += s[0];
    s = s.drop_front();
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
      clean += s[0];
      s = s.drop_front();
    }
    if (!digits(s, false, &clean))
      return NumResult::Malformed;
  }
  if (!s.empty())
    return NumResult::Malformed;
  return NumResult::Ok;
}

} // namespace

NumResult parseF32(llvm::StringRef s, uint32_t &bits) {
  std::string clean;
  bool neg;
  Special special;
  uint64_t payload = 0;
  NumResult r = scanFloat(s, clean, neg, special, payload);
  if (r != NumResult::Ok)
    return r;
  uint32_t sign = neg ? 0x80000000u : 0;
  switch (special) {
  case Special::Inf: bits = sign | 0x7F800000u; return NumResult::Ok;
  case Special::Nan: bits = sign | 0x7FC00000u; return NumResult::Ok;
  case Special::NanPayload:
    if (payload == 0 || payload >= (1u << 23))
      return NumResult::OutOfRange;
    bits = sign | 0x7F800000u | uint32_t(payload);
    return NumResult::Ok;
  case Special::None: break;
  }
  errno = 0;
  float f = std::strtof(clean.c_str(), nullptr);
  if (std::isinf(f))
    return NumResult::OutOfRange;
  std::memcpy(&bits, &f, 4);
  bits = (bits & 0x7FFFFFFFu) | sign;
  return NumResult::Ok;
}

NumResult parseF64(llvm::StringRef s, uint64_t &bits) {
  std::string clean;
  bool neg;
  Special special;
  uint64_t payload = 0;
  NumResult r = scanFloat(s, clean, neg, special, payload);
  if (r != NumResult::Ok)
    return r;
  uint64_t sign = neg ? (uint64_t(1) << 63) : 0;
  const uint64_t expMask = 0x7FF0000000000000ull;
  switch (special) {
  case Special::Inf: bits = sign | expMask; return NumResult::Ok;
  case Special::Nan: bits = sign | expMask | (uint64_t(1) << 51); return NumResult::Ok;
  case Special::NanPayload:
    if (payload == 0 || payload >= (uint64_t(1) << 52))
      return NumResult::OutOfRange;
    bits = sign | expMask | payload;
    return NumResult::Ok;
  case Special::None: break;
  }
  double d = std::strtod(clean.c_str(), nullptr);
  if (std::isinf(d))
    return NumResult::OutOfRange;
  std::memcpy(&bits, &d, 8);
  bits = (bits & ~(uint64_t(1) << 63)) | sign;
  return NumResult::Ok;
}

namespace {

/// Shared hex formatter: `mantBits` fraction bits, `expBits` exponent bits.
void formatHex(uint64_t bits, unsigned mantBits, unsigned expBits, std::string &out) {
  uint64_t sign = bits >> (mantBits + expBits);
  uint64_t exp = (bits >> mantBits) & ((uint64_t(1) << expBits) - 1);
  uint64_t mant = bits & ((uint64_t(1) << mantBits) - 1);
  uint64_t expMax = (uint64_t(1) << expBits) - 1;
  int bias = (1 << (expBits - 1)) - 1;
  if (sign)
    out += '-';
  if (exp == expMax) {
    if (mant == 0) {
      out += "inf";
    } else {
      uint64_t canon = uint64_t(1) << (mantBits - 1);
      out += "nan";
      if (mant != canon) {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, mant, 16);
        out += ":0x";
        out.append(buf, res.ptr);
      }
    }
    return;
  }
  if (exp == 0 && mant == 0) {
    out += "0x0p+0";
    return;
  }
  int e;
  // wasm-tools writes the point of a subnormal's fraction even when nothing
  // is left after the leading 1 (`0x1.p-149`).
  bool subnormal = exp == 0;
  if (exp == 0) {
    // Subnormal: normalise so the leading digit is 1.
    e = 1 - bias;
    while (!(mant & (uint64_t(1) << mantBits))) {
      mant <<= 1;
      --e;
    }
    mant &= (uint64_t(1) << mantBits) - 1;
  } else {
    e = int(exp) - bias;
  }
  out += "0x1";
  if (mant) {
    // Left-align the fraction to whole hex digits, then drop trailing zeros.
    unsigned pad = (4 - mantBits % 4) % 4;
    uint64_t frac = mant << pad;
    unsigned nd = (mantBits + pad) / 4;
    char buf[20];
    for (unsigned i = 0; i < nd; ++i)
      buf[i] = "0123456789abcdef"[(frac >> (4 * (nd - 1 - i))) & 15];
    while (nd && buf[nd - 1] == '0')
      --nd;
    out += '.';
    out.append(buf, nd);
  } else if (subnormal) {
    out += '.';
  }
  out += 'p';
  if (e >= 0)
    out += '+';
  out += std::to_string(e);
}

} // namespace

void formatF32Hex(uint32_t bits, std::string &out) { formatHex(bits, 23, 8, out); }
void formatF64Hex(uint64_t bits, std::string &out) { formatHex(bits, 52, 11, out); }

namespace {
/// Rewrites the shortest scientific form (`d.ddde+X`) in plain positional
/// notation, as Rust's Display does: shortest digits, padded with zeros.
void scientificToFixed(const char *b, const char *e, std::string &out) {
  std::string digits;
  bool neg = false;
  const char *p = b;
  if (*p == '-') {
    neg = true;
    ++p;
  }
  int exp = 0;
  for (; p < e && *p != 'e'; ++p)
    if (*p != '.')
      digits += *p;
  if (p < e) {
    // The buffer is not NUL-terminated: parse the exponent within [p+1, e).
    const char *q = p + 1;
    bool expNeg = q < e && *q == '-';
    if (q < e && (*q == '-' || *q == '+'))
      ++q;
    for (; q < e; ++q)
      exp = exp * 10 + (*q - '0');
    if (expNeg)
      exp = -exp;
  }
  if (neg)
    out += '-';
  // Value = 0.d1d2d3... * 10^(exp+1)
  int point = exp + 1;
  if (point <= 0) {
    out += "0.";
    out.append(size_t(-point), '0');
    out += digits;
  } else if (size_t(point) >= digits.size()) {
    out += digits;
    out.append(size_t(point) - digits.size(), '0');
  } else {
    out.append(digits, 0, size_t(point));
    out += '.';
    out.append(digits, size_t(point), std::string::npos);
  }
}
} // namespace

void formatF32Dec(uint32_t bits, std::string &out) {
  float f;
  std::memcpy(&f, &bits, 4);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  scientificToFixed(buf, res.ptr, out);
}

void formatF64Dec(uint64_t bits, std::string &out) {
  double d;
  std::memcpy(&d, &bits, 8);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  scientificToFixed(buf, res.ptr, out);
}

} // namespace wcomp::text
