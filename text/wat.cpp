//===- text/wat.cpp - Text format entry points -----------------------------===//
#include "text/wat.h"

#include "binary/error.h"
#include "text/component_parser.h"
#include "text/wat_module.h"

namespace wcomp::text {

namespace {
/// The annotations proposal's placement of `(@name "...")`: right after the
/// keyword (and id) of a module, function, parameter, local, type, field,
/// tag, global, table, memory, segment or block; the module's own at most
/// once, before its fields. The token stream skips annotations, so this is
/// a raw pass over the module's tokens, made only when the text has one.
/// `at` is where the text after the `module` keyword starts.
bool checkNameAnnotations(TokenStream &ts, uint32_t at) {
  const Lexer &lex = ts.lexer();
  if (lex.source().substr(at).find("(@name") == llvm::StringRef::npos)
    return true;
  static const llvm::StringRef named[] = {"func",  "param",  "local", "type",   "field",
                                          "tag",   "global", "table", "memory", "elem",
                                          "data",  "block",  "loop",  "if",     "try_table",
                                          "try",   "sub",    "rec"};
  struct Group {
    llvm::StringRef keyword;
    unsigned tokens; ///< tokens after the opening parenthesis
  };
  llvm::SmallVector<Group, 16> groups{{"module", 1}};
  bool moduleNamed = false, fieldSeen = false;
  uint32_t p = at;
  Token t;
  while (true) {
    if (llvm::Error e = lex.next(p, t)) {
      llvm::consumeError(std::move(e)); // the parser reports lexical errors
      return true;
    }
    if (t.kind == Tok::Eof)
      return true;
    if (t.kind == Tok::RParen) {
      groups.pop_back();
      if (groups.empty())
        return true;
      continue;
    }
    if (t.kind != Tok::LParen) {
      ++groups.back().tokens;
      continue;
    }
    uint32_t q = p;
    Token a;
    if (llvm::Error e = lex.next(q, a)) {
      llvm::consumeError(std::move(e)); // the parser reports lexical errors
      return true;
    }
    if (a.kind == Tok::Annotation) {
      const Group &g = groups.back();
      if (lex.text(a) == "@name") {
        bool afterKeyword = g.tokens <= 2; // keyword, then maybe an id
        if (groups.size() == 1) {
          if (moduleNamed && !fieldSeen)
            return ts.fail(t.offset, "@name annotation: multiple module names");
          if (fieldSeen)
            return ts.fail(t.offset, "misplaced @name annotation");
          moduleNamed = true;
        } else if (!afterKeyword || !llvm::is_contained(named, g.keyword)) {
          return ts.fail(t.offset, "misplaced @name annotation");
        }
      }
      if (llvm::Error e = lex.skipBalanced(q)) {
        llvm::consumeError(std::move(e)); // the parser reports lexical errors
        return true;
      }
      p = q;
      continue;
    }
    if (groups.size() == 1)
      fieldSeen = true;
    ++groups.back().tokens;
    groups.push_back({a.kind == Tok::Keyword ? lex.text(a) : llvm::StringRef(), 1});
    p = q;
    // An id right after the keyword counts as the group's second token.
    uint32_t r = p;
    Token id;
    if (llvm::Error e = lex.next(r, id)) {
      llvm::consumeError(std::move(e)); // the parser reports lexical errors
    } else if (id.kind == Tok::Id) {
      ++groups.back().tokens;
      p = r;
    }
  }
}

/// True when the source holds no token at all, annotations included (the
/// token stream skips those).
bool onlySpace(const Lexer &lex) {
  uint32_t p = 0;
  Token t;
  if (llvm::Error e = lex.next(p, t)) {
    llvm::consumeError(std::move(e)); // the parser reports it
    return false;
  }
  return t.kind == Tok::Eof;
}

/// Parses `(module $id? ...)` contents after `module`: binary, quote or fields.
bool parseModuleBody(TokenStream &ts, std::vector<uint8_t> &out, bool &isText, uint32_t afterKeyword) {
  std::string id;
  uint32_t off;
  llvm::StringMap<std::string> annotated;
  if (!takeIdToken(ts, id, off, annotated))
    return false;
  // The module's own `(@name "...")`, after its id or right after
  // `module`, is the name the name section records (as in wasm-tools).
  std::string name = id;
  if (auto it = annotated.find(id); !id.empty() && it != annotated.end())
    name = it->second;
  else if (id.empty())
    nameAnnotationAt(ts.lexer(), afterKeyword, name);
  isText = true;
  if (ts.isKeyword("binary")) {
    isText = false;
    if (!ts.advance())
      return false;
    std::string bytes;
    while (ts.is(Tok::String))
      if (!ts.takeString(bytes))
        return false;
    out.assign(bytes.begin(), bytes.end());
    return true;
  }
  if (ts.isKeyword("quote")) {
    isText = false;
    uint32_t at = ts.tok().offset;
    if (!ts.advance())
      return false;
    std::string src;
    while (ts.is(Tok::String)) {
      src += ' ';
      if (!ts.takeString(src))
        return false;
    }
    // (Quoted text holding no field, `(module quote "")`, is malformed:
    // parseWat refuses text without a module or a field.)
    auto r = parseWat(src);
    if (!r) {
      binary::ErrorReport rep = binary::describeError(r.takeError());
      return ts.fail(at, "in quoted module: " + rep.text);
    }
    out = std::move(*r);
    return true;
  }
  if (!checkNameAnnotations(ts, afterKeyword))
    return false;
  ModuleParser p(ts, name);
  return p.parse(out);
}
} // namespace

bool parseModuleForm(TokenStream &ts, std::vector<uint8_t> &out, bool &isComponent,
                     bool &isText) {
  if (!ts.expectLParen())
    return false;
  isComponent = false;
  // Where the text after `module` starts: the token stream skips the
  // annotations that checkNameAnnotations looks at.
  uint32_t afterKeyword = ts.tok().offset + ts.tok().length;
  if (ts.takeKeyword("module")) {
    if (ts.isKeyword("definition") && !ts.advance())
      return false;
    if (!parseModuleBody(ts, out, isText, afterKeyword))
      return false;
  } else if (ts.takeKeyword("component")) {
    isComponent = true;
    if (ts.isKeyword("definition") && !ts.advance())
      return false;
    if (!parseComponentBody(ts, out, isText))
      return false;
  } else {
    return ts.failed() ? false : ts.unexpected("`module` or `component`");
  }
  return ts.expectRParen();
}

llvm::Expected<std::vector<uint8_t>> parseWat(llvm::StringRef src) {
  if (src.size() >= UINT32_MAX)
    return binary::makeError(0, "input too large");
  TokenStream ts(src);
  std::vector<uint8_t> out;
  bool ok;
  if (ts.atParenKeyword("module") || ts.atParenKeyword("component")) {
    bool isComponent, isText;
    ok = parseModuleForm(ts, out, isComponent, isText);
    if (ok && !ts.is(Tok::Eof))
      ok = ts.unexpected("end of input");
  } else if (ts.is(Tok::Eof) && !ts.failed() && onlySpace(ts.lexer())) {
    // Nothing but white space and comments: as wasm-tools, no module (an
    // annotation alone is an empty module).
    ok = ts.failHere("expected at least one module field");
  } else {
    // Bare module fields.
    ModuleParser p(ts, "");
    ok = !ts.failed() && p.parse(out);
    if (ok && !ts.is(Tok::Eof))
      ok = ts.unexpected("a module field");
  }
  if (!ok)
    return ts.takeError();
  return out;
}


} // namespace wcomp::text
