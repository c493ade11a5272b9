//===- binary/names.cpp - Kebab-case labels and semantic versions ---------===//
#include "binary/names.h"

#include <cstdio>

#include "llvm/ADT/SmallVector.h"

namespace wcomp::binary {

namespace {
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// One fragment: a word [a-z][0-9a-z]*, an acronym [A-Z][0-9A-Z]*, or (not
/// first in a label) a run of digits. `lowerOnly` rejects acronyms.
bool isFragment(llvm::StringRef w, bool first, bool lowerOnly = false) {
  if (w.empty())
    return false;
  bool allDigits = true;
  for (char c : w)
    allDigits &= isDigit(c);
  if (allDigits)
    return !first;
  bool lower = isLower(w[0]);
  if (!lower && (lowerOnly || !isUpper(w[0])))
    return false;
  for (char c : w.drop_front())
    if (!(isDigit(c) || (lower ? isLower(c) : isUpper(c))))
      return false;
  return true;
}

/// Fragments joined by single hyphens.
bool isHyphenated(llvm::StringRef s, bool lowerOnly) {
  llvm::SmallVector<llvm::StringRef, 4> parts;
  s.split(parts, '-', -1, true);
  for (size_t i = 0; i < parts.size(); ++i)
    if (!isFragment(parts[i], i == 0, lowerOnly))
      return false;
  return !parts.empty();
}

bool isNumericIdentifier(llvm::StringRef s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0'))
    return false;
  for (char c : s)
    if (!isDigit(c))
      return false;
  return true;
}

bool isDotSeparatedIdentifiers(llvm::StringRef s, bool prerelease) {
  llvm::SmallVector<llvm::StringRef, 4> parts;
  s.split(parts, '.', -1, true);
  for (llvm::StringRef p : parts) {
    if (p.empty())
      return false;
    bool allDigits = true;
    for (char c : p) {
      if (!(isDigit(c) || isLower(c) || isUpper(c) || c == '-'))
        return false;
      allDigits &= isDigit(c);
    }
    if (prerelease && allDigits && !isNumericIdentifier(p))
      return false; // numeric pre-release identifiers have no leading zeros
  }
  return true;
}

} // namespace

bool isKebabWords(llvm::StringRef s) { return isHyphenated(s, true); }

bool isKebabLabel(llvm::StringRef s) { return isHyphenated(s, false); }

bool isValidSemver(llvm::StringRef s) {
  llvm::StringRef build;
  if (size_t plus = s.find('+'); plus != llvm::StringRef::npos) {
    build = s.substr(plus + 1);
    s = s.substr(0, plus);
    if (!isDotSeparatedIdentifiers(build, false))
      return false;
  }
  if (size_t dash = s.find('-'); dash != llvm::StringRef::npos) {
    if (!isDotSeparatedIdentifiers(s.substr(dash + 1), true))
      return false;
    s = s.substr(0, dash);
  }
  llvm::SmallVector<llvm::StringRef, 3> nums;
  s.split(nums, '.', -1, true);
  if (nums.size() != 3)
    return false;
  uint64_t value;
  for (llvm::StringRef n : nums)
    // Each number must also fit in 64 bits, as semver (and wasm-tools) read it.
    if (!isNumericIdentifier(n) || n.getAsInteger(10, value))
      return false;
  return true;
}

namespace {
/// Compares dot-separated identifiers: numeric ones by value and below
/// alphanumeric ones, which compare as ASCII; a shorter prefix is lower.
int compareIdentifiers(llvm::StringRef a, llvm::StringRef b) {
  while (!a.empty() || !b.empty()) {
    if (a.empty() || b.empty())
      return a.empty() ? -1 : 1;
    auto [x, ra] = a.split('.');
    auto [y, rb] = b.split('.');
    bool nx = isNumericIdentifier(x), ny = isNumericIdentifier(y);
    int c;
    if (nx && ny)
      c = x.size() != y.size() ? (x.size() < y.size() ? -1 : 1) : x.compare(y);
    else if (nx != ny)
      c = nx ? -1 : 1;
    else
      c = x.compare(y);
    if (c)
      return c;
    a = ra;
    b = rb;
  }
  return 0;
}
} // namespace

int compareSemver(llvm::StringRef a, llvm::StringRef b) {
  a = a.split('+').first;
  b = b.split('+').first;
  auto [ca, pa] = a.split('-');
  auto [cb, pb] = b.split('-');
  // The core numbers have no leading zeros, so longer means larger.
  if (int c = compareIdentifiers(ca, cb))
    return c;
  if (pa.empty() != pb.empty())
    return pa.empty() ? 1 : -1; // a pre-release precedes its release
  return compareIdentifiers(pa, pb);
}

void appendString(std::string &out, llvm::ArrayRef<uint8_t> bytes) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (uint8_t b : bytes) {
    if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
      out += char(b);
    } else {
      out += '\\';
      out += hex[b >> 4];
      out += hex[b & 15];
    }
  }
  out += '"';
}

void appendName(std::string &out, llvm::StringRef name) {
  std::string text;
  text += '"';
  for (size_t i = 0; i < name.size();) {
    uint8_t b = uint8_t(name[i]);
    if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
      text += char(b);
      ++i;
      continue;
    }
    // One UTF-8 sequence, checked (overlong forms and surrogates refused).
    uint32_t cp = 0;
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    bool ok = len && i + len <= name.size();
    if (ok) {
      cp = len == 1 ? b : b & (0x7f >> len);
      for (size_t k = 1; k < len; ++k) {
        uint8_t c = uint8_t(name[i + k]);
        ok &= (c >> 6) == 2;
        cp = (cp << 6) | (c & 0x3f);
      }
      static const uint32_t minOf[] = {0, 0, 0x80, 0x800, 0x10000};
      ok &= cp >= minOf[len] && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    }
    if (!ok) {
      appendString(out, name);
      return;
    }
    char buf[16];
    snprintf(buf, sizeof buf, "\\u{%x}", cp);
    text += buf;
    i += len;
  }
  text += '"';
  out += text;
}

} // namespace wcomp::binary

namespace wcomp::binary {

std::string canonicalLabel(llvm::StringRef label) {
  std::string out;
  out.reserve(label.size());
  for (char c : label)
    if (c != '-')
      out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return out;
}

std::string stronglyUniqueKey(llvm::StringRef name) {
  bool constructor = name.consume_front("[constructor]");
  if (!constructor && !name.consume_front("[method]"))
    name.consume_front("[static]");
  bool setter = false;
  if (!name.consume_front("[get]"))
    setter = name.consume_front("[set]");
  std::string lower = canonicalLabel(name);
  if (size_t dot = lower.find('.'); dot != std::string::npos &&
                                    lower.compare(0, dot, lower, dot + 1, std::string::npos) == 0)
    return lower.substr(0, dot);
  if (constructor)
    return "[constructor]" + lower;
  if (setter)
    return "[set]" + lower;
  return lower;
}

std::string canonicalInterfaceName(llvm::StringRef name) {
  size_t at = name.rfind('@');
  if (at == llvm::StringRef::npos)
    return name.str();
  llvm::StringRef base = name.take_front(at), v = name.drop_front(at + 1);
  v = v.take_until([](char c) { return c == '+'; });
  std::string out = base.str() + "@";
  if (v.contains('-'))
    return out + v.str();
  llvm::SmallVector<llvm::StringRef, 3> parts;
  v.split(parts, '.');
  if (parts.size() != 3)
    return out + v.str();
  if (parts[0] != "0")
    return out + parts[0].str();
  if (parts[1] != "0")
    return out + "0." + parts[1].str();
  return out + v.str();
}

} // namespace wcomp::binary
