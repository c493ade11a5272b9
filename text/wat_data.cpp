//===- text/wat_data.cpp - Core module text parser: literals, data, customs ===//
//
// Number literals (shared with the instruction parser), data segments with
// their strings and numeric values, and `(@custom ...)` sections.
//
//===----------------------------------------------------------------------===//
#include "text/wat_module.h"

#include "text/numbers.h"

#include <cstring>

namespace wcomp::text {

using namespace binary;

bool intLiteral(TokenStream &ts, unsigned bits, uint64_t &v) {
  if (!ts.is(Tok::Atom) && !ts.is(Tok::Keyword))
    return ts.unexpected("an integer");
  NumResult r = parseInt(ts.text(), bits, v);
  if (r == NumResult::Malformed)
    return ts.unexpected(bits == 64 ? "an i64" : "an i32");
  if (r == NumResult::OutOfRange)
    return ts.failHere(llvm::Twine("i") + llvm::Twine(bits) + " constant out of range");
  return ts.advance();
}

bool f32Literal(TokenStream &ts, uint32_t &bits) {
  if (!ts.is(Tok::Atom) && !ts.is(Tok::Keyword))
    return ts.unexpected("an f32");
  NumResult r = parseF32(ts.text(), bits);
  if (r == NumResult::Malformed)
    return ts.unexpected("an f32");
  if (r == NumResult::OutOfRange)
    return ts.failHere("constant out of range");
  return ts.advance();
}

bool f64Literal(TokenStream &ts, uint64_t &bits) {
  if (!ts.is(Tok::Atom) && !ts.is(Tok::Keyword))
    return ts.unexpected("an f64");
  NumResult r = parseF64(ts.text(), bits);
  if (r == NumResult::Malformed)
    return ts.unexpected("an f64");
  if (r == NumResult::OutOfRange)
    return ts.failHere("constant out of range");
  return ts.advance();
}

bool ModuleParser::parseV128Lanes(uint8_t *out) {
  if (!ts.is(Tok::Keyword))
    return ts.unexpected("a vector shape");
  llvm::StringRef shape = ts.text();
  unsigned lanes, bits;
  bool isFloat = false;
  if (shape == "i8x16") { lanes = 16; bits = 8; }
  else if (shape == "i16x8") { lanes = 8; bits = 16; }
  else if (shape == "i32x4") { lanes = 4; bits = 32; }
  else if (shape == "i64x2") { lanes = 2; bits = 64; }
  else if (shape == "f32x4") { lanes = 4; bits = 32; isFloat = true; }
  else if (shape == "f64x2") { lanes = 2; bits = 64; isFloat = true; }
  else return ts.unexpected("a vector shape");
  if (!ts.advance())
    return false;
  for (unsigned i = 0; i < lanes; ++i) {
    uint64_t v;
    if (isFloat && bits == 32) {
      uint32_t b;
      if (!f32Literal(ts, b))
        return false;
      v = b;
    } else if (isFloat) {
      if (!f64Literal(ts, v))
        return false;
    } else if (!intLiteral(ts, bits, v)) {
      return false;
    }
    std::memcpy(out + i * (bits / 8), &v, bits / 8);
  }
  return true;
}

bool ModuleParser::parseDataValues(std::string &out) {
  while (true) {
    if (ts.is(Tok::String)) {
      if (!ts.takeString(out))
        return false;
      continue;
    }
    if (!ts.is(Tok::LParen))
      return !ts.failed();
    llvm::StringRef kw = ts.parenKeyword();
    unsigned bits = kw == "i8" ? 8 : kw == "i16" ? 16 : kw == "i32" || kw == "f32" ? 32
                    : kw == "i64" || kw == "f64" ? 64 : kw == "v128" ? 128 : 0;
    if (!bits)
      return ts.unexpected("a string or a numeric value list such as `(i32 1 2)`");
    if (!ts.advance() || !ts.advance())
      return false;
    if (bits == 128) {
      while (!ts.is(Tok::RParen)) {
        uint8_t v[16];
        if (!parseV128Lanes(v))
          return false;
        out.append(reinterpret_cast<const char *>(v), 16);
      }
    } else {
      while (!ts.is(Tok::RParen)) {
        uint64_t v;
        if (kw[0] == 'f' && bits == 32) {
          uint32_t b;
          if (!f32Literal(ts, b))
            return false;
          v = b;
        } else if (kw[0] == 'f') {
          if (!f64Literal(ts, v))
            return false;
        } else if (!intLiteral(ts, bits, v)) {
          return false;
        }
        // Little-endian, whatever the host's order.
        for (unsigned b = 0; b < bits / 8; ++b)
          out += char(uint8_t(v >> (8 * b)));
      }
    }
    if (!ts.expectRParen())
      return false;
  }
}

bool ModuleParser::parseDataStrings(std::string &out) {
  while (ts.is(Tok::String))
    if (!ts.takeString(out))
      return false;
  return true;
}

bool ModuleParser::parseData() {
  std::string id;
  uint32_t off;
  if (!takeId(id, off))
    return false;
  DataSegment seg;
  // (A passive segment starts with a string: `(data (i8 1))` reads `(i8`
  // as an offset, as wasm-tools does.)
  if (!ts.is(Tok::String) && !ts.is(Tok::RParen)) {
    seg.flags = 0;
    if (ts.takeParenKeyword("memory")) {
      if (!parseIndex(SMems, seg.memory) || !ts.expectRParen())
        return false;
    } else if (peekIndex()) {
      // Legacy form: a bare memory index before the offset.
      if (!parseIndex(SMems, seg.memory))
        return false;
    }
    // Memory 0 takes the short form even when named (as wasm-tools
    // encodes it; unlike element segments, whose explicit table is kept).
    seg.flags = seg.memory ? 2 : 0;
    if (ts.failed() || !parseOffsetExpr(seg.offset))
      return false;
  } else {
    seg.flags = 1;
  }
  std::string bytes;
  if (!parseDataValues(bytes))
    return false;
  blobs.push_back(std::move(bytes));
  seg.data = llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(blobs.back().data()),
                                     blobs.back().size());
  m.data.push_back(seg);
  return ts.expectRParen();
}

bool ModuleParser::parseCustom() {
  // Stream stands after `@custom`.
  std::string name;
  if (!ts.takeString(name))
    return false;
  Custom c;
  c.name = save(name);
  c.anchor = 0xFF; // after last by default
  c.afterLast = true;
  if (ts.is(Tok::LParen)) {
    if (!ts.advance())
      return false;
    bool before = ts.isKeyword("before");
    if (!before && !ts.isKeyword("after"))
      return ts.unexpected("`before` or `after`");
    if (!ts.advance())
      return false;
    static const std::pair<const char *, uint8_t> secs[] = {
        {"type", coresec::Type},     {"import", coresec::Import}, {"func", coresec::Function},
        {"table", coresec::Table},   {"memory", coresec::Memory}, {"global", coresec::Global},
        {"export", coresec::Export}, {"start", coresec::Start},   {"elem", coresec::Element},
        {"code", coresec::Code},     {"data", coresec::Data},     {"datacount", coresec::DataCount},
        {"tag", coresec::Tag}};
    llvm::StringRef k = ts.text();
    if (k == "first") {
      c.anchor = before ? 0 : 0;
      c.afterLast = false;
    } else if (k == "last") {
      c.anchor = 0xFF;
      c.afterLast = true;
    } else {
      bool found = false;
      for (auto &[n, id] : secs)
        if (k == n) {
          found = true;
          c.anchor = id;
          c.afterLast = false;
          if (before)
            c.anchor = uint8_t(0x80 | id);
        }
      if (!found)
        return ts.unexpected("a section name");
    }
    if (!ts.advance() || !ts.expectRParen())
      return false;
  }
  std::string data;
  if (!parseDataStrings(data))
    return false;
  blobs.push_back(std::move(data));
  c.data = llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(blobs.back().data()),
                                   blobs.back().size());
  customs.push_back(c);
  return ts.expectRParen();
}

} // namespace wcomp::text
