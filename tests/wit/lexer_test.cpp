// WIT tokens: operators, identifiers and keywords, doc comments kept and
// plain comments (nested blocks too) skipped, versions, forbidden text.
#include "wit/lexer.h"

#include "binary/error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace wcomp::wit;

namespace {

/// The tokens of `src`, each as `kind:text`, or the error.
std::string lex(llvm::StringRef src) {
  if (llvm::Error e = Lexer::checkText(src))
    return "error: " + wcomp::binary::errorText(std::move(e));
  Lexer lx(src);
  std::string out;
  uint32_t pos = 0;
  for (;;) {
    Token t;
    if (llvm::Error e = lx.next(pos, t))
      return out + (out.empty() ? "" : " ") + "error: " + wcomp::binary::errorText(std::move(e));
    if (t.kind == Tok::Eof)
      return out;
    if (!out.empty())
      out += " ";
    switch (t.kind) {
    case Tok::Id: out += "id:"; break;
    case Tok::ExplicitId: out += "%id:"; break;
    case Tok::Integer: out += "int:"; break;
    case Tok::String: out += "str:"; break;
    case Tok::DocComment: out += "doc:"; break;
    default: break;
    }
    out += lx.text(t).str();
  }
}

TEST(WitLexer, Tokens) {
  EXPECT_EQ(lex("package wasi:io@0.2.0;"), "id:package id:wasi : id:io @ int:0 . int:2 . int:0 ;");
  EXPECT_EQ(lex("f: func(a: list<u8>) -> result<_, %type>;"),
            "id:f : id:func ( id:a : id:list < id:u8 > ) -> id:result < _ , %id:type > ;");
  EXPECT_EQ(lex("a - b"), "id:a error: unexpected character `-` (at offset 0x2)");
  EXPECT_EQ(lex("é"), "error: unexpected character: identifiers are ASCII kebab-case words (at offset 0x0)");
}

TEST(WitLexer, CommentsAndDocs) {
  // Every comment is a token (the parser takes those before an item as its
  // documentation, as wit-parser 1.262 does), block comments nested.
  EXPECT_EQ(lex("// plain\n/// doc line\nrecord /* a /* nested */ block */ r {}"),
            "doc:// plain doc:/// doc line id:record doc:/* a /* nested */ block */ id:r { }");
  EXPECT_EQ(lex("/** doc block */ //// four\n/**/ /*** three */ x"),
            "doc:/** doc block */ doc://// four doc:/**/ doc:/*** three */ id:x");
  EXPECT_EQ(lex("a /* open /* */"), "id:a error: unterminated block comment (at offset 0x2)");
}

TEST(WitLexer, Versions) {
  Lexer lx("1.0.0-rc.1+build.5;");
  uint32_t pos = 0;
  EXPECT_EQ(lx.version(pos), "1.0.0-rc.1+build.5");
  EXPECT_EQ(pos, 18u);
}

TEST(WitLexer, ForbiddenText) {
  EXPECT_EQ(lex("a\x01"), "error: control character 1 is not allowed in WIT (at offset 0x1)");
  EXPECT_EQ(lex("x \xe2\x80\xae y"),
            "error: bidirectional override characters are not allowed in WIT (at offset 0x2)");
  EXPECT_EQ(lex("\xff"), "error: input is not valid UTF-8 (at offset 0x0)");
  EXPECT_EQ(lex("\"unterminated"), "error: unterminated string literal (at offset 0x0)");
}

TEST(WitLexer, Keywords) {
  for (const char *k : {"record", "u32", "func", "with", "world", "static", "borrow"})
    EXPECT_TRUE(isKeyword(k)) << k;
  for (const char *k : {"records", "self", "ok", "err", "none"})
    EXPECT_FALSE(isKeyword(k)) << k;
}

} // namespace
