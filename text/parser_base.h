//===- text/parser_base.h - Token stream shared by the text parsers -*- C++ -*-===//
#pragma once

#include "text/lexer.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>

namespace wcomp::text {

/// The first error a text parser met: where and what.
struct TextDiag {
  uint32_t offset = 0;
  std::string message;
};

/// A one-token-lookahead stream over a source with sticky error state: parse
/// functions return false after recording the first error, so callers unwind
/// with `if (!x) return false;` and never see a second, derived error.
/// Annotations other than `@custom` and `@producers` are skipped as whitespace.
class TokenStream {
public:
  /// Starts lexing `src` at `start`.
  TokenStream(llvm::StringRef src, uint32_t start = 0);

  /// The current token.
  const Token &tok() const { return cur; }
  /// The current token's text.
  llvm::StringRef text() const { return lex.text(cur); }
  /// The lexer position just after the current token.
  uint32_t after() const { return pos; }
  /// The lexer (for token texts of saved tokens).
  const Lexer &lexer() const { return lex; }

  /// Moves to the next token.
  bool advance();
  /// Restarts at `start` (a position returned by after() or a token offset).
  bool reset(uint32_t start);
  /// The token after the current one, without consuming anything.
  Token peek() const;

  /// The current token is of kind `k`.
  bool is(Tok k) const { return cur.kind == k; }
  /// The current token is keyword `k`.
  bool isKeyword(llvm::StringRef k) const { return cur.kind == Tok::Keyword && text() == k; }
  /// True when the current token is `(` and the next one is keyword `k`.
  bool atParenKeyword(llvm::StringRef k) const;
  /// The keyword after the current `(`, or "" when there is none.
  llvm::StringRef parenKeyword() const;

  /// Consumes `(`; fails with "expected `(`" otherwise.
  bool expectLParen();
  /// Consumes `)`.
  bool expectRParen();
  /// Consumes keyword `k`.
  bool expectKeyword(llvm::StringRef k);
  /// Consumes keyword `k` if present.
  bool takeKeyword(llvm::StringRef k) {
    if (!isKeyword(k))
      return false;
    return advance();
  }
  /// Consumes `( k` if present.
  bool takeParenKeyword(llvm::StringRef k) {
    if (!atParenKeyword(k))
      return false;
    return advance() && advance();
  }
  /// When `(@name "text")` follows the current token, stores its decoded
  /// text in `out` (the annotation itself is skipped like any other).
  bool nameAnnotationAfter(std::string &out) const;
  /// Consumes a string token into decoded bytes.
  bool takeString(std::string &out);
  /// Skips the rest of a parenthesised group whose `(` was consumed (the
  /// current token is inside it), consuming the closing `)`.
  bool skipGroup();

  /// Records an error (the first one wins) and returns false.
  bool fail(uint32_t offset, const llvm::Twine &msg);
  /// Records an error at the current token and returns false.
  bool failHere(const llvm::Twine &msg) { return fail(cur.offset, msg); }
  /// An "unexpected token" error naming what was expected.
  bool unexpected(llvm::StringRef expected);
  /// True once an error was recorded.
  bool failed() const { return diag.has_value(); }
  /// The recorded error.
  const std::optional<TextDiag> &error() const { return diag; }
  /// Turns the recorded error into an llvm::Error (a WasmError at the offset).
  llvm::Error takeError();

  /// Nesting guard: fails once recursion goes deeper than the text limit.
  bool enter();
  /// Leaves a nesting level entered with enter().
  void leave() { --depth; }

private:
  bool lexNext(uint32_t &p, Token &t) const;
  Lexer lex;
  Token cur;
  uint32_t pos = 0;
  unsigned depth = 0;
  std::optional<TextDiag> diag;
  mutable std::optional<TextDiag> lexDiag;
};

/// Takes an optional `$id` (else leaves `id` empty): its decoded text and
/// offset. A `(@name "text")` after it, which names an item whose id had to
/// be made up (`$"#func3 f" (@name "f")`), is recorded in `annotations`.
bool takeIdToken(TokenStream &ts, std::string &id, uint32_t &offset,
                 llvm::StringMap<std::string> &annotations);

/// A `(@name "text")` annotation at `pos` of `lex`'s source, read by raw
/// lexing (token streams skip annotations): its decoded text into `out`.
bool nameAnnotationAt(const Lexer &lex, uint32_t pos, std::string &out);

/// Maximum nesting of parenthesised groups the parsers recurse into.
inline constexpr unsigned MaxTextNesting = 2000;

} // namespace wcomp::text
