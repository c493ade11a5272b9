//===- text/parser_base.cpp - Token stream shared by the text parsers -----===//
#include "text/parser_base.h"

#include "binary/error.h"

namespace wcomp::text {

namespace {
/// The message and offset of a lexer error, without the rendered offset.
TextDiag toDiag(llvm::Error err) {
  TextDiag d;
  llvm::handleAllErrors(std::move(err), [&](const binary::WasmError &e) {
    d.offset = uint32_t(e.offset);
    d.message = e.message;
  });
  return d;
}
} // namespace

TokenStream::TokenStream(llvm::StringRef src, uint32_t start) : lex(src) { reset(start); }

bool TokenStream::lexNext(uint32_t &p, Token &t) const {
  while (true) {
    if (llvm::Error e = lex.next(p, t)) {
      lexDiag = toDiag(std::move(e));
      return false;
    }
    // `(@name ...)` annotations are skipped, except the ones that carry
    // module content.
    if (t.kind == Tok::LParen && p < lex.source().size() && lex.source()[p] == '@') {
      uint32_t q = p;
      Token a;
      if (llvm::Error e = lex.next(q, a)) {
        lexDiag = toDiag(std::move(e));
        return false;
      }
      llvm::StringRef name = lex.text(a);
      if (a.kind != Tok::Annotation || name == "@") {
        lexDiag = TextDiag{a.offset, "empty annotation id"};
        return false;
      }
      if (name.size() > 1 && name[1] == '"') {
        std::string id;
        if (llvm::Error e = decodeId(name, a.offset, id)) {
          lexDiag = toDiag(std::move(e));
          if (lexDiag->message == "empty identifier")
            lexDiag->message = "empty annotation id";
          return false;
        }
      }
      if (a.kind == Tok::Annotation && name != "@custom" && name != "@producers" &&
          name != "@dylink.0" && name != "@metadata.code.branch_hint") {
        if (llvm::Error e = lex.skipBalanced(q)) {
          lexDiag = toDiag(std::move(e));
          return false;
        }
        p = q;
        continue;
      }
    }
    return true;
  }
}

bool nameAnnotationAt(const Lexer &lex, uint32_t pos, std::string &out) {
  Token t;
  auto next = [&] {
    if (llvm::Error e = lex.next(pos, t)) {
      llvm::consumeError(std::move(e)); // not an annotation; the parser reports it
      return false;
    }
    return true;
  };
  if (!next() || t.kind != Tok::LParen || !next() || t.kind != Tok::Annotation ||
      lex.text(t) != "@name" || !next() || t.kind != Tok::String)
    return false;
  std::string s;
  if (llvm::Error e = decodeString(lex.text(t), t.offset, s)) {
    llvm::consumeError(std::move(e)); // a bad escape is reported by the parser
    return false;
  }
  if (!next() || t.kind != Tok::RParen)
    return false;
  out = std::move(s);
  return true;
}

bool TokenStream::nameAnnotationAfter(std::string &out) const {
  // Raw lexing: the stream's own lookahead skips annotations.
  return nameAnnotationAt(lex, pos, out);
}

bool TokenStream::advance() {
  if (diag)
    return false;
  if (!lexNext(pos, cur)) {
    diag = lexDiag;
    return false;
  }
  return true;
}

bool TokenStream::reset(uint32_t start) {
  pos = start;
  return advance();
}

Token TokenStream::peek() const {
  uint32_t p = pos;
  Token t;
  if (!lexNext(p, t))
    t.kind = Tok::Eof;
  return t;
}

bool TokenStream::atParenKeyword(llvm::StringRef k) const {
  if (cur.kind != Tok::LParen)
    return false;
  Token t = peek();
  return t.kind == Tok::Keyword && lex.text(t) == k;
}

llvm::StringRef TokenStream::parenKeyword() const {
  if (cur.kind != Tok::LParen)
    return "";
  Token t = peek();
  if (t.kind == Tok::Keyword || t.kind == Tok::Annotation)
    return lex.text(t);
  return "";
}

bool TokenStream::expectLParen() {
  if (cur.kind != Tok::LParen)
    return unexpected("`(`");
  return advance();
}

bool TokenStream::expectRParen() {
  if (cur.kind != Tok::RParen)
    return unexpected("`)`");
  return advance();
}

bool TokenStream::expectKeyword(llvm::StringRef k) {
  if (!isKeyword(k))
    return unexpected(("`" + k + "`").str());
  return advance();
}

bool TokenStream::takeString(std::string &out) {
  if (cur.kind != Tok::String)
    return unexpected("a string");
  if (llvm::Error e = decodeString(text(), cur.offset, out)) {
    TextDiag d = toDiag(std::move(e));
    return fail(d.offset, d.message);
  }
  return advance();
}

bool TokenStream::skipGroup() {
  unsigned d = 1;
  while (d) {
    switch (cur.kind) {
    case Tok::LParen: ++d; break;
    case Tok::RParen: --d; break;
    case Tok::Eof: return unexpected("`)`");
    default: break;
    }
    if (!advance())
      return false;
  }
  return true;
}

bool TokenStream::fail(uint32_t offset, const llvm::Twine &msg) {
  if (!diag)
    diag = TextDiag{offset, msg.str()};
  return false;
}

bool TokenStream::unexpected(llvm::StringRef expected) {
  if (cur.kind == Tok::Eof)
    return failHere("unexpected end of input, expected " + expected);
  std::string what = text().str();
  if (what.size() > 40)
    what = what.substr(0, 40) + "...";
  return failHere("unexpected token `" + what + "`, expected " + expected);
}

llvm::Error TokenStream::takeError() {
  TextDiag d = diag.value_or(TextDiag{cur.offset, "unknown error"});
  diag.reset();
  return binary::makeError(d.offset, d.message);
}

bool TokenStream::enter() {
  if (++depth > MaxTextNesting)
    return failHere("nesting too deep");
  return true;
}

bool takeIdToken(TokenStream &ts, std::string &id, uint32_t &offset,
                 llvm::StringMap<std::string> &annotations) {
  id.clear();
  offset = ts.tok().offset;
  if (!ts.is(Tok::Id))
    return true;
  if (llvm::Error e = decodeId(ts.text(), ts.tok().offset, id)) {
    llvm::consumeError(std::move(e)); // replaced by the message below, at the same place
    return ts.failHere("malformed identifier");
  }
  std::string display;
  if (ts.nameAnnotationAfter(display))
    annotations[id] = std::move(display);
  return ts.advance();
}

} // namespace wcomp::text
