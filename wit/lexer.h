//===- wit/lexer.h - Tokens of the WIT text format --------------*- C++ -*-===//
//
// WIT.md, "Lexical structure": operators, identifiers (kebab words, `%` for
// an explicit identifier that may spell a keyword), integers, string
// literals, and comments, of which `///` and `/** */` doc comments are kept
// as tokens so that the parser can attach them to the next item.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace wcomp::wit {

/// Token kinds.
enum class Tok : uint8_t {
  Id,          ///< `foo-bar`, also every keyword (the parser tells them apart)
  ExplicitId,  ///< `%foo`: never a keyword (text excludes the `%`)
  Integer,     ///< `[0-9]+`
  String,      ///< `"..."` (text holds the quotes)
  DocComment,  ///< a `//` line or `/* */` block comment (text is the whole comment)
  Equals, Comma, Colon, Semicolon, LParen, RParen, LBrace, RBrace, Lt, Gt, Star, Arrow,
  Slash, Dot, At,
  Underscore, ///< `_`, the omitted ok type of `result<_, E>`
  Eof
};

/// One token: its kind and where it is in the source.
struct Token {
  Tok kind = Tok::Eof;
  uint32_t offset = 0;
  uint32_t length = 0;
};

/// The spelling of a token kind for messages ("`{`", "an identifier").
llvm::StringRef describe(Tok t);

/// A lexer over a whole source text; tokens are views into it.
class Lexer {
public:
  /// Checks the whole text first: UTF-8, and none of the control characters
  /// or bidirectional overrides WIT.md forbids.
  static llvm::Error checkText(llvm::StringRef src);

  /// A lexer over `src`, which must outlive it.
  explicit Lexer(llvm::StringRef src) : src(src) {}

  /// Lexes the token at `pos` into `tok`, advancing `pos` past it. Plain
  /// comments and whitespace are skipped; doc comments are tokens.
  llvm::Error next(uint32_t &pos, Token &tok) const;

  /// The raw text of a semantic version starting at `pos` (right after an
  /// `@`): the run of `[0-9A-Za-z.+-]` without trailing dots, which the
  /// token grammar would otherwise split.
  llvm::StringRef version(uint32_t &pos) const;

  /// The text of token `t`.
  llvm::StringRef text(const Token &t) const { return src.substr(t.offset, t.length); }
  /// The whole text lexed.
  llvm::StringRef source() const { return src; }

private:
  llvm::StringRef src;
};

/// True for the words WIT reserves (`record`, `u32`, `func`, ...).
bool isKeyword(llvm::StringRef word);

/// The contents of string literal `lit` (quotes included) with its escapes
/// replaced, as wit-parser reads them: `\\`, `\"`, `\'`, `\n`, `\r`, `\t`,
/// `\u{hex}` and `\hh`; `at` is where it starts, for messages.
llvm::Expected<std::string> unescapeString(llvm::StringRef lit, uint32_t at);

} // namespace wcomp::wit
