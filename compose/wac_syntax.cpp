//===- compose/wac_syntax.cpp - Parsing WAC documents ---------------------===//
#include "compose/wac_syntax.h"

#include "binary/error.h"

namespace wcomp::compose::wac {

namespace {

/// Nesting of expressions (`new` inside named arguments, parentheses) is
/// capped: the parser recurses on it, and no composition needs more.
constexpr unsigned MaxDepth = 64;

enum class Tok : uint8_t { End, Id, String, Punct, Ellipsis, Arrow, Number };

struct Token {
  Tok kind = Tok::End;
  uint32_t pos = 0, len = 0; ///< in the text
  char punct = 0;
};

bool isIdStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isIdChar(char c) { return isIdStart(c) || (c >= '0' && c <= '9') || c == '-'; }

class Parser {
public:
  Parser(llvm::StringRef text, uint32_t base) : src(text), base(base) {}

  llvm::Expected<Document> run() {
    Document doc;
    if (llvm::Error e = advance())
      return e;
    if (!isKeyword("package"))
      return fail(tok.pos, "expected `package` (a WAC document starts with `package ns:name;`)");
    if (llvm::Error e = advance())
      return e;
    if (llvm::Error e = packagePath(doc.package, /*item=*/false))
      return e;
    if (isKeyword("targets")) {
      if (llvm::Error e = advance())
        return e;
      PackagePath t;
      if (llvm::Error e = packagePath(t, /*item=*/true))
        return e;
      doc.targets = t;
    }
    if (llvm::Error e = expect(';'))
      return e;
    while (tok.kind != Tok::End) {
      Statement s;
      if (llvm::Error e = statement(s))
        return e;
      doc.statements.push_back(std::move(s));
    }
    return doc;
  }

private:
  llvm::Error fail(uint32_t pos, const llvm::Twine &msg) {
    return binary::makeError(base + pos, msg);
  }

  std::string describe(const Token &t) const {
    switch (t.kind) {
    case Tok::End:
      return "end of file";
    case Tok::String:
      return "a string";
    default: {
      std::string out = "`";
      out += src.substr(t.pos, t.len);
      out += '`';
      return out;
    }
    }
  }

  /// Skips white space and comments (block comments nest).
  llvm::Error skip() {
    while (pos < src.size()) {
      char c = src[pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos;
      } else if (src.substr(pos).starts_with("//")) {
        size_t nl = src.find('\n', pos);
        pos = nl == llvm::StringRef::npos ? src.size() : nl;
      } else if (src.substr(pos).starts_with("/*")) {
        size_t start = pos, depth = 0;
        do {
          if (src.substr(pos).starts_with("/*"))
            ++depth, pos += 2;
          else if (src.substr(pos).starts_with("*/"))
            --depth, pos += 2;
          else
            ++pos;
        } while (depth > 0 && pos < src.size());
        if (depth > 0)
          return fail(uint32_t(start), "unterminated block comment");
      } else {
        break;
      }
    }
    return llvm::Error::success();
  }

  llvm::Error advance() {
    prevEnd = tok.pos + tok.len;
    if (llvm::Error e = skip())
      return e;
    tok = Token();
    tok.pos = uint32_t(pos);
    if (pos >= src.size())
      return llvm::Error::success();
    char c = src[pos];
    if (c == '%' || isIdStart(c)) {
      size_t p = pos + (c == '%');
      if (p >= src.size() || !isIdStart(src[p]))
        return fail(uint32_t(pos), "expected an identifier after `%`");
      while (p < src.size() && isIdChar(src[p]))
        ++p;
      tok.kind = Tok::Id;
      tok.len = uint32_t(p - pos);
      pos = p;
      return llvm::Error::success();
    }
    if (c >= '0' && c <= '9') {
      // Numbers and versions (`@0.2.0` in a `use` of a declaration, which
      // is skipped here and read by the WIT parser).
      size_t p = pos;
      while (p < src.size() && (isIdChar(src[p]) || src[p] == '.' || src[p] == '+'))
        ++p;
      tok.kind = Tok::Number;
      tok.len = uint32_t(p - pos);
      pos = p;
      return llvm::Error::success();
    }
    if (c == '"') {
      size_t end = src.find_first_of("\"\n", pos + 1);
      if (end == llvm::StringRef::npos || src[end] != '"')
        return fail(uint32_t(pos), "unterminated string");
      tok.kind = Tok::String;
      tok.len = uint32_t(end + 1 - pos);
      pos = end + 1;
      return llvm::Error::success();
    }
    if (src.substr(pos).starts_with("...")) {
      tok.kind = Tok::Ellipsis, tok.len = 3, pos += 3;
      return llvm::Error::success();
    }
    if (src.substr(pos).starts_with("->")) {
      tok.kind = Tok::Arrow, tok.len = 2, pos += 2;
      return llvm::Error::success();
    }
    if (llvm::StringRef("{}()[]<>:;,.=@/_*").contains(c)) {
      tok.kind = Tok::Punct, tok.len = 1, tok.punct = c, ++pos;
      return llvm::Error::success();
    }
    return fail(uint32_t(pos), "unexpected character `" + std::string(1, c) + "`");
  }

  bool isPunct(char c) const { return tok.kind == Tok::Punct && tok.punct == c; }
  bool isKeyword(llvm::StringRef k) const {
    return tok.kind == Tok::Id && src.substr(tok.pos, tok.len) == k;
  }
  llvm::Error expect(char c) {
    if (!isPunct(c))
      return fail(tok.pos, "expected `" + std::string(1, c) + "`, found " + describe(tok));
    return advance();
  }

  /// An identifier (keywords too: `%` is how WIT escapes them, and the
  /// places that take one know which words they stop at).
  llvm::Error ident(Name &n, llvm::StringRef what) {
    if (tok.kind != Tok::Id)
      return fail(tok.pos, "expected " + what + ", found " + describe(tok));
    llvm::StringRef t = src.substr(tok.pos, tok.len);
    t.consume_front("%");
    if (!isKebab(t))
      return fail(tok.pos, "`" + t + "` is not a valid identifier (kebab-case: `my-name`)");
    n = {t.str(), base + tok.pos, false};
    return advance();
  }

  llvm::Error identOrString(Name &n, llvm::StringRef what) {
    if (tok.kind == Tok::String) {
      n = {src.substr(tok.pos + 1, tok.len - 2).str(), base + tok.pos, true};
      if (n.text.empty())
        return fail(tok.pos, "the name may not be empty");
      return advance();
    }
    return ident(n, what);
  }

  /// `ns:name(:more)*`, then `/item(/item)*` when `item`, then `@version`.
  llvm::Error packagePath(PackagePath &p, bool item) {
    p.offset = base + tok.pos;
    Name n;
    if (llvm::Error e = ident(n, "a package name (`ns:name`)"))
      return e;
    p.package = n.text;
    if (!isPunct(':'))
      return fail(tok.pos, "expected `:` in a package name (`ns:name`), found " + describe(tok));
    while (isPunct(':')) {
      if (llvm::Error e = advance())
        return e;
      if (llvm::Error e = ident(n, "a package name segment"))
        return e;
      p.package += ":" + n.text;
    }
    if (item) {
      if (!isPunct('/'))
        return fail(tok.pos, "expected `/` and an item after the package name (`" + p.package +
                                 "/name`), found " + describe(tok));
      while (isPunct('/')) {
        if (llvm::Error e = advance())
          return e;
        if (llvm::Error e = ident(n, "an interface or world name"))
          return e;
        p.item += (p.item.empty() ? "" : "/") + n.text;
      }
    }
    if (isPunct('@')) {
      // A version is read as written, up to the token that ends it.
      size_t start = tok.pos + 1, end = start;
      while (end < src.size() &&
             (isIdChar(src[end]) || src[end] == '.' || src[end] == '+'))
        ++end;
      if (end == start)
        return fail(uint32_t(start), "expected a version after `@`");
      p.version = src.slice(start, end).str();
      pos = end;
      tok.len = uint32_t(end - tok.pos);
      if (llvm::Error e = advance())
        return e;
    }
    p.end = base + prevEnd;
    return llvm::Error::success();
  }

  /// Skips a balanced `{ ... }` (the current token is `{`).
  llvm::Error skipBraces() {
    uint32_t open = tok.pos;
    unsigned depth = 0;
    do {
      if (tok.kind == Tok::End)
        return fail(open, "unclosed `{`");
      if (isPunct('{'))
        ++depth;
      else if (isPunct('}'))
        --depth;
      if (llvm::Error e = advance())
        return e;
    } while (depth > 0);
    return llvm::Error::success();
  }

  /// Skips to the `;` that ends a type (outside parentheses and brackets)
  /// and past it.
  llvm::Error skipToSemicolon(uint32_t from) {
    while (!isPunct(';')) {
      if (tok.kind == Tok::End)
        return fail(from, "expected `;` at the end of this declaration");
      if (isPunct('{') || isPunct('}'))
        return fail(tok.pos, "expected `;`, found " + describe(tok));
      if (llvm::Error e = advance())
        return e;
    }
    return advance();
  }

  llvm::Error statement(Statement &s) {
    s.offset = base + tok.pos;
    llvm::Error e = llvm::Error::success();
    if (isKeyword("import"))
      e = importStatement(s);
    else if (isKeyword("let"))
      e = letStatement(s);
    else if (isKeyword("export"))
      e = exportStatement(s);
    else if (isKeyword("interface") || isKeyword("world") || isKeyword("record") ||
             isKeyword("variant") || isKeyword("flags") || isKeyword("enum") ||
             isKeyword("resource") || isKeyword("type"))
      e = typeStatement(s);
    else
      e = fail(tok.pos, "expected a statement (`import`, `let`, `export`, or an interface, "
                        "world or type declaration), found " + describe(tok));
    s.end = base + prevEnd;
    return e;
  }

  llvm::Error importStatement(Statement &s) {
    s.kind = Statement::Import;
    if (llvm::Error e = advance())
      return e;
    if (llvm::Error e = ident(s.local, "the import's local name"))
      return e;
    if (isKeyword("as")) {
      if (llvm::Error e = advance())
        return e;
      Name as;
      if (llvm::Error e = identOrString(as, "the import's name"))
        return e;
      s.as = as;
    }
    if (llvm::Error e = expect(':'))
      return e;
    s.typeBegin = tok.pos;
    if (isKeyword("func")) {
      s.importType = Statement::ByFunc;
      if (llvm::Error e = skipToSemicolon(tok.pos))
        return e;
      s.typeEnd = prevEnd - 1;
      return llvm::Error::success();
    }
    if (isKeyword("interface")) {
      s.importType = Statement::ByInterface;
      if (llvm::Error e = advance())
        return e;
      if (!isPunct('{'))
        return fail(tok.pos, "expected `{` after `interface`, found " + describe(tok));
      if (llvm::Error e = skipBraces())
        return e;
      s.typeEnd = prevEnd;
      return expect(';');
    }
    // `name;` names a declaration; `ns:pkg/item` a package's item.
    Token first = tok;
    size_t firstPos = pos;
    Name n;
    if (llvm::Error e = ident(n, "the import's type (a package path, `func`, `interface` or a "
                                 "declared name)"))
      return e;
    if (isPunct(':')) {
      tok = first, pos = firstPos;
      s.importType = Statement::ByPath;
      if (llvm::Error e = packagePath(s.path, /*item=*/true))
        return e;
    } else {
      s.importType = Statement::ByLocal;
      s.typeName = n;
    }
    return expect(';');
  }

  llvm::Error typeStatement(Statement &s) {
    s.kind = Statement::Type;
    s.declKind = src.substr(tok.pos, tok.len).str();
    if (llvm::Error e = advance())
      return e;
    if (llvm::Error e = ident(s.declName, "a name for the " + s.declKind))
      return e;
    if (s.declKind == "type") {
      if (llvm::Error e = expect('='))
        return e;
      s.funcAlias = isKeyword("func");
      s.typeBegin = tok.pos;
      if (llvm::Error e = skipToSemicolon(s.offset - base))
        return e;
      s.typeEnd = prevEnd - 1;
      return llvm::Error::success();
    }
    if (s.declKind == "resource" && isPunct(';'))
      return advance();
    if (!isPunct('{'))
      return fail(tok.pos, "expected `{`, found " + describe(tok));
    return skipBraces();
  }

  llvm::Error letStatement(Statement &s) {
    s.kind = Statement::Let;
    if (llvm::Error e = advance())
      return e;
    if (llvm::Error e = ident(s.letName, "a name to bind"))
      return e;
    if (llvm::Error e = expect('='))
      return e;
    s.expr = std::make_unique<Expr>();
    if (llvm::Error e = expr(*s.expr, 0))
      return e;
    return expect(';');
  }

  llvm::Error exportStatement(Statement &s) {
    s.kind = Statement::Export;
    if (llvm::Error e = advance())
      return e;
    s.expr = std::make_unique<Expr>();
    if (llvm::Error e = expr(*s.expr, 0))
      return e;
    if (tok.kind == Tok::Ellipsis) {
      s.spread = true;
      if (llvm::Error e = advance())
        return e;
      if (isKeyword("as"))
        return fail(tok.pos, "a spread export (`...`) takes no `as` clause: each export keeps "
                             "its name");
    } else if (isKeyword("as")) {
      if (llvm::Error e = advance())
        return e;
      Name as;
      if (llvm::Error e = identOrString(as, "the export's name"))
        return e;
      s.exportAs = as;
    }
    return expect(';');
  }

  llvm::Error expr(Expr &x, unsigned depth) {
    if (depth > MaxDepth)
      return fail(tok.pos, "expressions nested more than " + llvm::Twine(MaxDepth) + " deep");
    x.offset = base + tok.pos;
    if (isPunct('(')) {
      if (llvm::Error e = advance())
        return e;
      if (llvm::Error e = expr(x, depth + 1))
        return e;
      if (llvm::Error e = expect(')'))
        return e;
    } else if (isKeyword("new")) {
      x.kind = Expr::New;
      if (llvm::Error e = advance())
        return e;
      if (llvm::Error e = packagePath(x.package, /*item=*/false))
        return e;
      if (llvm::Error e = newArgs(x, depth))
        return e;
    } else {
      x.kind = Expr::Local;
      if (llvm::Error e = ident(x.local, "an expression (a name, `new`, or `(`)"))
        return e;
    }
    while (isPunct('.') || isPunct('[')) {
      Access a;
      if (isPunct('.')) {
        if (llvm::Error e = advance())
          return e;
        if (llvm::Error e = ident(a.name, "an export name after `.`"))
          return e;
      } else {
        if (llvm::Error e = advance())
          return e;
        if (tok.kind != Tok::String)
          return fail(tok.pos, "expected a string (`[\"name\"]`), found " + describe(tok));
        if (llvm::Error e = identOrString(a.name, "a string"))
          return e;
        if (llvm::Error e = expect(']'))
          return e;
      }
      x.accesses.push_back(std::move(a));
    }
    return llvm::Error::success();
  }

  llvm::Error newArgs(Expr &x, unsigned depth) {
    if (llvm::Error e = expect('{'))
      return e;
    while (!isPunct('}')) {
      if (x.ellipsis)
        return fail(tok.pos, "`...` must be the last argument");
      Arg a;
      a.offset = base + tok.pos;
      if (tok.kind == Tok::Ellipsis) {
        if (llvm::Error e = advance())
          return e;
        if (tok.kind == Tok::Id) {
          a.kind = Arg::Spread;
          if (llvm::Error e = ident(a.name, "an instance"))
            return e;
          x.args.push_back(std::move(a));
        } else {
          x.ellipsis = true;
        }
      } else if (tok.kind == Tok::String) {
        a.kind = Arg::Named;
        if (llvm::Error e = identOrString(a.name, "an argument name"))
          return e;
        if (llvm::Error e = namedValue(a, depth))
          return e;
        x.args.push_back(std::move(a));
      } else {
        if (llvm::Error e = ident(a.name, "an argument (`name`, `name: value`, `...name` or "
                                          "`...`)"))
          return e;
        if (isPunct(':')) {
          a.kind = Arg::Named;
          if (llvm::Error e = namedValue(a, depth))
            return e;
        }
        x.args.push_back(std::move(a));
      }
      if (isPunct(',')) {
        if (llvm::Error e = advance())
          return e;
        continue;
      }
      if (!isPunct('}'))
        return fail(tok.pos, "expected `,` or `}`, found " + describe(tok));
    }
    x.newEnd = base + tok.pos + 1;
    return advance();
  }

  llvm::Error namedValue(Arg &a, unsigned depth) {
    if (llvm::Error e = expect(':'))
      return e;
    a.value = std::make_unique<Expr>();
    return expr(*a.value, depth + 1);
  }

  llvm::StringRef src;
  uint32_t base;
  size_t pos = 0;
  Token tok;
  uint32_t prevEnd = 0;
};

} // namespace

bool isKebab(llvm::StringRef s) {
  if (s.empty())
    return false;
  bool wordStart = true;
  for (char c : s) {
    if (c == '-') {
      if (wordStart)
        return false;
      wordStart = true;
      continue;
    }
    bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (!lower && !upper && !digit)
      return false;
    if (wordStart && digit)
      return false;
    wordStart = false;
  }
  return !wordStart;
}

llvm::Expected<Document> parse(llvm::StringRef text, uint32_t base) {
  return Parser(text, base).run();
}

} // namespace wcomp::compose::wac
