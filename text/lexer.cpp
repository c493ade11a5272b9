//===- text/lexer.cpp - Tokens of the WebAssembly text format -------------===//
#include "text/lexer.h"

#include "binary/error.h"
#include "binary/reader.h"

namespace wcomp::text {

using binary::makeError;

namespace {
/// Character classes, built once: bit 0 idchar, bit 1 space.
struct CharTable {
  uint8_t cls[256] = {};
  constexpr CharTable() {
    for (int c = '0'; c <= '9'; ++c) cls[c] = 1;
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = 1;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = 1;
    const char *extra = "!#$%&'*+-./:<=>?@\\^_`|~";
    for (const char *c = extra; *c; ++c)
      cls[uint8_t(*c)] = 1;
    cls[' '] = cls['\t'] = cls['\n'] = cls['\r'] = 2;
  }
};
constexpr CharTable chars;
} // namespace

bool isIdChar(char c) { return chars.cls[uint8_t(c)] & 1; }

llvm::Error Lexer::skipSpace(uint32_t &pos) const {
  const char *p = src.data();
  uint32_t n = uint32_t(src.size());
  while (pos < n) {
    char c = p[pos];
    if (chars.cls[uint8_t(c)] & 2) {
      ++pos;
      continue;
    }
    if (c == ';' && pos + 1 < n && p[pos + 1] == ';') {
      // A line comment ends at a line feed or a lone carriage return (the
      // spec's newline is LF, CR or CRLF).
      while (pos < n && p[pos] != '\n' && p[pos] != '\r')
        ++pos;
      continue;
    }
    if (c == '(' && pos + 1 < n && p[pos + 1] == ';') {
      uint32_t start = pos;
      unsigned depth = 1;
      pos += 2;
      while (depth) {
        if (pos + 1 >= n)
          return makeError(start, "unterminated block comment");
        if (p[pos] == '(' && p[pos + 1] == ';') {
          ++depth;
          pos += 2;
        } else if (p[pos] == ';' && p[pos + 1] == ')') {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      }
      continue;
    }
    break;
  }
  return llvm::Error::success();
}

namespace {
/// Scans a string body starting after the opening quote; returns the offset
/// just past the closing quote.
llvm::Error scanString(llvm::StringRef src, uint32_t start, uint32_t &pos) {
  const char *p = src.data();
  uint32_t n = uint32_t(src.size());
  while (true) {
    if (pos >= n)
      return makeError(start, "unterminated string");
    char c = p[pos];
    if (c == '"') {
      ++pos;
      return llvm::Error::success();
    }
    if (c == '\\') {
      pos += 2;
      continue;
    }
    if (uint8_t(c) < 0x20 || c == 0x7f) {
      if (c == '\n')
        return makeError(start, "unterminated string");
      return makeError(pos, "invalid character in string");
    }
    ++pos;
  }
}
} // namespace

llvm::Error Lexer::checkDelimited(uint32_t pos) const {
  // Tokens must be separated: `"a""b"` and `$"l"0` are malformed.
  if (pos < src.size()) {
    char d = src[pos];
    if (!(d == '(' || d == ')' || d == ';' || (chars.cls[uint8_t(d)] & 2)))
      return makeError(pos, "unknown operator: tokens must be separated by whitespace");
  }
  return llvm::Error::success();
}

llvm::Error Lexer::next(uint32_t &pos, Token &tok) const {
  if (llvm::Error e = skipSpace(pos))
    return e;
  const char *p = src.data();
  uint32_t n = uint32_t(src.size());
  tok.offset = pos;
  if (pos >= n) {
    tok.kind = Tok::Eof;
    tok.length = 0;
    return llvm::Error::success();
  }
  char c = p[pos];
  if (c == '(') {
    ++pos;
    tok.kind = Tok::LParen;
    tok.length = 1;
    return llvm::Error::success();
  }
  if (c == ')') {
    ++pos;
    tok.kind = Tok::RParen;
    tok.length = 1;
    return llvm::Error::success();
  }
  if (c == '"') {
    ++pos;
    if (llvm::Error e = scanString(src, tok.offset, pos))
      return e;
    tok.kind = Tok::String;
    tok.length = pos - tok.offset;
    return checkDelimited(pos);
  }
  // `(@"quoted annotation")`
  if (c == '@' && pos + 1 < n && p[pos + 1] == '"' && pos > 0 && p[pos - 1] == '(') {
    pos += 2;
    if (llvm::Error e = scanString(src, tok.offset, pos))
      return e;
    tok.kind = Tok::Annotation;
    tok.length = pos - tok.offset;
    return checkDelimited(pos);
  }
  if (!(chars.cls[uint8_t(c)] & 1))
    return makeError(pos, llvm::Twine("unexpected character '") +
                              (uint8_t(c) >= 0x20 && uint8_t(c) < 0x7f ? llvm::Twine(c)
                                                                         : llvm::Twine("\\u{") + llvm::Twine(unsigned(uint8_t(c))) + "}") +
                              "'");
  ++pos;
  while (pos < n && (chars.cls[uint8_t(p[pos])] & 1))
    ++pos;
  // `$"quoted id"`
  if (c == '$' && pos == tok.offset + 1 && pos < n && p[pos] == '"') {
    ++pos;
    if (llvm::Error e = scanString(src, tok.offset, pos))
      return e;
    tok.kind = Tok::Id;
    tok.length = pos - tok.offset;
    return checkDelimited(pos);
  }
  tok.length = pos - tok.offset;
  if (pos < n) {
    char d = p[pos];
    if (d == '"' || !(d == '(' || d == ')' || d == ';' || (chars.cls[uint8_t(d)] & 2)))
      return makeError(pos, "unknown operator");
  }
  if (c == '$') {
    if (tok.length == 1)
      return makeError(tok.offset, "empty identifier");
    tok.kind = Tok::Id;
  } else if (c == '@' && tok.offset > 0 && p[tok.offset - 1] == '(') {
    tok.kind = Tok::Annotation;
  } else if (c >= 'a' && c <= 'z') {
    tok.kind = Tok::Keyword;
  } else {
    tok.kind = Tok::Atom;
  }
  return llvm::Error::success();
}

llvm::Error Lexer::skipBalanced(uint32_t &pos) const {
  // Annotation contents are looser than tokens (`x-y$yz"aa"-2`, `, ] {`), so
  // this scans characters: strings, comments and parens only.
  const char *p = src.data();
  uint32_t n = uint32_t(src.size());
  unsigned depth = 1;
  while (depth) {
    if (pos >= n)
      return makeError(pos, "unexpected end of input, expected `)`");
    char c = p[pos];
    if (c == '"') {
      ++pos;
      if (llvm::Error e = scanString(src, pos - 1, pos))
        return e;
      continue;
    }
    if (c == ';' || (c == '(' && pos + 1 < n && p[pos + 1] == ';') || (chars.cls[uint8_t(c)] & 2)) {
      if (c == ';' && !(pos + 1 < n && p[pos + 1] == ';')) {
        ++pos;
        continue;
      }
      if (llvm::Error e = skipSpace(pos))
        return e;
      continue;
    }
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if (uint8_t(c) < 0x20 || uint8_t(c) >= 0x7f)
      return makeError(pos, "illegal character");
    ++pos;
  }
  return llvm::Error::success();
}

namespace {
int hexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}
} // namespace

llvm::Error decodeString(llvm::StringRef text, uint32_t offset, std::string &out) {
  // text includes both quotes.
  size_t n = text.size() - 1;
  size_t i = 1;
  // Fast path: copy runs without escapes.
  while (i < n) {
    size_t j = i;
    while (j < n && text[j] != '\\')
      ++j;
    out.append(text.data() + i, j - i);
    i = j;
    if (i >= n)
      break;
    uint32_t at = offset + uint32_t(i);
    char c = text[i + 1];
    i += 2;
    switch (c) {
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'r': out += '\r'; break;
    case '\\': out += '\\'; break;
    case '\'': out += '\''; break;
    case '"': out += '"'; break;
    case 'u': {
      if (i >= n || text[i] != '{')
        return makeError(at, "malformed unicode escape");
      ++i;
      uint64_t cp = 0;
      size_t digits = 0;
      while (i < n && text[i] != '}') {
        if (text[i] == '_' && digits) {
          ++i;
          continue;
        }
        int v = hexVal(text[i]);
        if (v < 0)
          return makeError(at, "malformed unicode escape");
        cp = cp * 16 + unsigned(v);
        if (cp > 0x10FFFF)
          return makeError(at, "malformed unicode escape: code point too large");
        ++digits;
        ++i;
      }
      if (i >= n || !digits)
        return makeError(at, "malformed unicode escape");
      ++i;
      if (cp >= 0xD800 && cp < 0xE000)
        return makeError(at, "malformed unicode escape: surrogate code point");
      appendUtf8(out, uint32_t(cp));
      break;
    }
    default: {
      int hi = hexVal(c), lo = i < n ? hexVal(text[i]) : -1;
      if (hi < 0 || lo < 0)
        return makeError(at, "unknown escape sequence");
      ++i;
      out += char(hi * 16 + lo);
    }
    }
  }
  return llvm::Error::success();
}

llvm::Error decodeId(llvm::StringRef text, uint32_t offset, std::string &out) {
  if (text.size() >= 2 && text[1] == '"') {
    if (llvm::Error e = decodeString(text.drop_front(1), offset + 1, out))
      return e;
    if (out.empty())
      return makeError(offset, "empty identifier");
    if (!binary::isValidUtf8(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(out.data()), out.size())))
      return makeError(offset, "malformed UTF-8 encoding");
    return llvm::Error::success();
  }
  out.assign(text.data() + 1, text.size() - 1);
  return llvm::Error::success();
}

} // namespace wcomp::text
