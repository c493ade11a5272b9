//===- text/lexer.h - Tokens of the WebAssembly text format ----*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace wcomp::text {

/// Token kinds. Numbers, `nan`/`inf` and other atoms that are neither
/// keywords nor identifiers come out as Atom or Keyword; the parser interprets
/// them where a number is expected.
enum class Tok : uint8_t {
  LParen,
  RParen,
  Keyword,    ///< starts with a lowercase letter: `module`, `i32.add`, `offset=4`
  Id,         ///< `$name` or `$"quoted name"`
  String,     ///< `"..."` (text holds the quotes; decode with decodeString)
  Atom,       ///< other idchar runs: numbers such as `-1`, `0x10`, `+inf`
  Annotation, ///< `@name` right after a `(`
  Eof
};

/// One token: its kind and where it is in the source.
struct Token {
  Tok kind = Tok::Eof;
  uint32_t offset = 0;
  uint32_t length = 0;
};

/// A lexer over a whole source text. It never allocates; tokens are views.
/// Whitespace, `;; line` and nested `(; block ;)` comments are skipped.
class Lexer {
public:
  /// Lexes `src` (which must outlive the lexer).
  explicit Lexer(llvm::StringRef src) : src(src) {}

  /// Lexes the token at `pos`, storing it in `tok` and advancing `pos` past
  /// it. Fails on malformed input (an unterminated string or comment, a
  /// character that cannot start a token).
  llvm::Error next(uint32_t &pos, Token &tok) const;

  /// Skips to just after the `)` closing the paren whose contents start at
  /// `pos` (one level already open), without classifying tokens.
  llvm::Error skipBalanced(uint32_t &pos) const;

  /// The source text of a token.
  llvm::StringRef text(const Token &t) const { return src.substr(t.offset, t.length); }
  /// The whole source.
  llvm::StringRef source() const { return src; }

private:
  llvm::Error skipSpace(uint32_t &pos) const;
  llvm::Error checkDelimited(uint32_t pos) const;
  llvm::StringRef src;
};

/// Decodes a string token's contents (escapes `\n \t \\ \' \" \hh \u{...}`)
/// into raw bytes appended to `out`. Errors carry the offset of the bad escape.
llvm::Error decodeString(llvm::StringRef tokenText, uint32_t tokenOffset, std::string &out);

/// The name of an identifier token without the `$` (quoted ids decoded);
/// fails when a quoted id is empty or not UTF-8.
llvm::Error decodeId(llvm::StringRef tokenText, uint32_t tokenOffset, std::string &out);

/// True for characters allowed in keywords, identifiers and numbers.
bool isIdChar(char c);

} // namespace wcomp::text
