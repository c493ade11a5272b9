//===- wit/lexer.cpp - Tokens of the WIT text format ----------------------===//
#include "wit/lexer.h"

#include "binary/error.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ConvertUTF.h"

namespace wcomp::wit {

using binary::makeError;

llvm::StringRef describe(Tok t) {
  switch (t) {
  case Tok::Id: return "an identifier";
  case Tok::ExplicitId: return "an identifier";
  case Tok::Integer: return "an integer";
  case Tok::String: return "a string";
  case Tok::DocComment: return "a doc comment";
  case Tok::Equals: return "`=`";
  case Tok::Comma: return "`,`";
  case Tok::Colon: return "`:`";
  case Tok::Semicolon: return "`;`";
  case Tok::LParen: return "`(`";
  case Tok::RParen: return "`)`";
  case Tok::LBrace: return "`{`";
  case Tok::RBrace: return "`}`";
  case Tok::Lt: return "`<`";
  case Tok::Gt: return "`>`";
  case Tok::Star: return "`*`";
  case Tok::Arrow: return "`->`";
  case Tok::Slash: return "`/`";
  case Tok::Dot: return "`.`";
  case Tok::At: return "`@`";
  case Tok::Underscore: return "`_`";
  case Tok::Eof: return "end of file";
  }
  return "a token";
}

bool isKeyword(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("as", "async", "bool", "borrow", "char", "constructor", "enum", "export", true)
      .Cases("f32", "f64", "flags", "from", "func", "future", "import", "include", true)
      .Cases("interface", "list", "map", "option", "own", "package", "record", "resource", true)
      .Cases("result", "s16", "s32", "s64", "s8", "static", "stream", "string", true)
      .Cases("tuple", "type", "u16", "u32", "u64", "u8", "use", "variant", true)
      .Cases("with", "world", true)
      .Default(false);
}

namespace {

bool isIdStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isIdChar(char c) { return isIdStart(c) || (c >= '0' && c <= '9') || c == '-'; }

/// The end of the block comment opened at `start`; block comments nest.
llvm::Expected<uint32_t> blockEnd(llvm::StringRef src, uint32_t start) {
  uint32_t pos = start, depth = 0;
  const uint32_t n = uint32_t(src.size());
  do {
    if (pos + 1 < n && src[pos] == '/' && src[pos + 1] == '*') {
      ++depth;
      pos += 2;
    } else if (pos + 1 < n && src[pos] == '*' && src[pos + 1] == '/') {
      --depth;
      pos += 2;
    } else if (pos < n) {
      ++pos;
    } else {
      return makeError(start, "unterminated block comment");
    }
  } while (depth > 0);
  return pos;
}

} // namespace

llvm::Error Lexer::checkText(llvm::StringRef src) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(src.data());
  if (!llvm::isLegalUTF8String(&begin, begin + src.size()))
    return makeError(uint64_t(reinterpret_cast<const char *>(begin) - src.data()),
                     "input is not valid UTF-8");
  for (size_t i = 0; i < src.size(); ++i) {
    unsigned char c = src[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return makeError(i, "control character " + llvm::Twine::utohexstr(c) +
                              " is not allowed in WIT");
    // U+202A..U+202E and U+2066..U+2069: bidirectional overrides, which
    // can make source read differently from how it parses.
    if (c == 0xe2 && i + 2 < src.size()) {
      unsigned char b = src[i + 1], d = src[i + 2];
      if ((b == 0x80 && d >= 0xaa && d <= 0xae) || (b == 0x81 && d >= 0xa6 && d <= 0xa9))
        return makeError(i, "bidirectional override characters are not allowed in WIT");
    }
  }
  return llvm::Error::success();
}

llvm::Error Lexer::next(uint32_t &pos, Token &tok) const {
  const uint32_t n = uint32_t(src.size());
  // Whitespace and plain comments.
  while (pos < n) {
    char c = src[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos;
      continue;
    }
    // Every comment is a token: the comments right before an item are its
    // documentation, whatever their form (wit-parser 1.262 keeps `//` and
    // `/* */` comments as docs too, not only `///` and `/** */`).
    break;
  }
  tok.offset = pos;
  if (pos >= n) {
    tok.kind = Tok::Eof;
    tok.length = 0;
    return llvm::Error::success();
  }
  char c = src[pos];
  auto single = [&](Tok k, uint32_t len = 1) {
    tok.kind = k;
    tok.length = len;
    pos += len;
    return llvm::Error::success();
  };
  switch (c) {
  case '=': return single(Tok::Equals);
  case ',': return single(Tok::Comma);
  case ':': return single(Tok::Colon);
  case ';': return single(Tok::Semicolon);
  case '(': return single(Tok::LParen);
  case ')': return single(Tok::RParen);
  case '{': return single(Tok::LBrace);
  case '}': return single(Tok::RBrace);
  case '<': return single(Tok::Lt);
  case '>': return single(Tok::Gt);
  case '*': return single(Tok::Star);
  case '.': return single(Tok::Dot);
  case '@': return single(Tok::At);
  case '_': return single(Tok::Underscore);
  case '-':
    if (pos + 1 < n && src[pos + 1] == '>')
      return single(Tok::Arrow, 2);
    return makeError(pos, "unexpected character `-`");
  case '/': {
    if (pos + 1 < n && src[pos + 1] == '/') {
      uint32_t end = pos;
      while (end < n && src[end] != '\n')
        ++end;
      return single(Tok::DocComment, end - pos);
    }
    if (pos + 1 < n && src[pos + 1] == '*') {
      uint32_t end;
      WCOMP_ASSIGN(end, blockEnd(src, pos)); // block comments nest
      return single(Tok::DocComment, end - pos);
    }
    return single(Tok::Slash);
  }
  case '"': {
    uint32_t end = pos + 1;
    while (end < n && src[end] != '"') {
      if (src[end] == '\n')
        return makeError(pos, "unterminated string literal");
      end += src[end] == '\\' ? 2 : 1;
    }
    if (end >= n)
      return makeError(pos, "unterminated string literal");
    return single(Tok::String, end + 1 - pos);
  }
  default:
    break;
  }
  if (c >= '0' && c <= '9') {
    uint32_t end = pos;
    while (end < n && src[end] >= '0' && src[end] <= '9')
      ++end;
    return single(Tok::Integer, end - pos);
  }
  bool explicitId = c == '%';
  uint32_t start = explicitId ? pos + 1 : pos;
  if (start < n && isIdStart(src[start])) {
    uint32_t end = start;
    while (end < n && isIdChar(src[end]))
      ++end;
    tok.kind = explicitId ? Tok::ExplicitId : Tok::Id;
    tok.offset = start;
    tok.length = end - start;
    pos = end;
    return llvm::Error::success();
  }
  if (explicitId)
    return makeError(pos, "expected an identifier after `%`");
  if (static_cast<unsigned char>(c) >= 0x80)
    return makeError(pos, "unexpected character: identifiers are ASCII kebab-case words");
  return makeError(pos, llvm::Twine("unexpected character `") + llvm::Twine(c) + "`");
}

llvm::StringRef Lexer::version(uint32_t &pos) const {
  uint32_t start = pos;
  while (pos < src.size() && (isIdChar(src[pos]) || src[pos] == '.' || src[pos] == '+'))
    ++pos;
  // `use a:b/c@1.0.0.{x}`: a version never ends with a dot.
  while (pos > start && src[pos - 1] == '.')
    --pos;
  return src.substr(start, pos - start);
}

// A string literal's contents with its escapes (`\\`, `\"`, `\'`, `\n`,
// `\r`, `\t`, `\u{hex}`, `\hh`) replaced, as wit-parser reads them.
llvm::Expected<std::string> unescapeString(llvm::StringRef lit, uint32_t at) {
  std::string out;
  llvm::StringRef s = lit.substr(1, lit.size() - 2);
  auto hex = [](char c) -> int {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    uint32_t where = at + 1 + uint32_t(i);
    if (c != '\\') {
      if (uint8_t(c) < 0x20 || c == 0x7f)
        return binary::makeError(where, "invalid character in string literal");
      out += c;
      continue;
    }
    if (++i >= s.size())
      return binary::makeError(where, "invalid escape in string literal");
    char e = s[i];
    switch (e) {
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    case 't': out += '\t'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case '\\': out += '\\'; break;
    case 'u': {
      size_t close = s.find('}', i);
      if (i + 1 >= s.size() || s[i + 1] != '{' || close == llvm::StringRef::npos)
        return binary::makeError(where, "invalid unicode escape in string literal");
      uint32_t v = 0;
      bool any = false;
      for (size_t k = i + 2; k < close; ++k) {
        if (s[k] == '_')
          continue;
        int h = hex(s[k]);
        if (h < 0 || v > 0x10FFFF)
          return binary::makeError(where, "invalid unicode escape in string literal");
        v = v * 16 + uint32_t(h);
        any = true;
      }
      if (!any || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return binary::makeError(where, "invalid unicode value in string literal");
      char buf[4];
      char *p = buf;
      llvm::ConvertCodePointToUTF8(v, p);
      out.append(buf, p);
      i = close;
      break;
    }
    default: {
      int h1 = hex(e), h2 = i + 1 < s.size() ? hex(s[i + 1]) : -1;
      if (h1 < 0 || h2 < 0)
        return binary::makeError(where, std::string("invalid escape `\\") + e + "` in string literal");
      out += char(h1 * 16 + h2);
      ++i;
    }
    }
  }
  const llvm::UTF8 *begin = reinterpret_cast<const llvm::UTF8 *>(out.data());
  if (!llvm::isLegalUTF8String(&begin, begin + out.size()))
    return binary::makeError(at, "string literal is not valid UTF-8");
  return out;
}

} // namespace wcomp::wit
