//===- wit/parser.cpp - WIT text to syntax tree ---------------------------===//
//
// Recursive descent over tokens lexed on demand (a version after `@` is read
// raw, which the token grammar would split). Doc comments are collected as
// they are lexed and belong to the token right after them.
//
//===----------------------------------------------------------------------===//
#include "wit/parser.h"

#include "binary/error.h"
#include "binary/names.h"
#include "wit/lexer.h"

#include "llvm/ADT/StringSwitch.h"

namespace wcomp::wit {

using binary::makeError;
using namespace ast;

namespace {

/// Nesting of types (`list<list<...>>`) allowed before refusing the input.
constexpr unsigned MaxTypeDepth = 100;

class Parser {
public:
  Parser(llvm::StringRef src, uint32_t base) : lx(src), base(base) {}

  llvm::Expected<File> file();

private:
  // Tokens.
  struct State {
    uint32_t pos = 0;
    Token tok;
    std::vector<llvm::StringRef> docs; ///< the comments right before `tok`
  };
  Lexer lx;
  uint32_t base; ///< added to every offset recorded or reported
  State st;

  uint32_t off() const { return base + st.tok.offset; }
  /// A lexer error, its offset moved to the parser's offset space.
  llvm::Error shifted(llvm::Error e) const {
    return llvm::handleErrors(std::move(e), [&](std::unique_ptr<binary::WasmError> w) {
      if (w->offset != binary::WasmError::NoOffset)
        w->offset += base;
      return llvm::Error(std::move(w));
    });
  }

  llvm::Error advance();
  llvm::StringRef text() const { return lx.text(st.tok); }
  bool at(Tok k) const { return st.tok.kind == k; }
  bool atWord(llvm::StringRef w) const { return at(Tok::Id) && text() == w; }
  std::string found() const;
  llvm::Error expected(const llvm::Twine &what) const {
    return makeError(off(), "expected " + what + ", found " + found());
  }
  llvm::Error expect(Tok k);
  llvm::Error expectWord(llvm::StringRef w);
  llvm::Expected<bool> eat(Tok k);
  llvm::Expected<bool> eatWord(llvm::StringRef w);
  llvm::Expected<Ident> ident();
  /// `{ item* }`.
  template <typename F> llvm::Error braced(F item) {
    WCOMP_CHECK(expect(Tok::LBrace));
    while (!at(Tok::RBrace)) {
      if (at(Tok::Eof))
        return expected("`}`");
      WCOMP_CHECK(item());
    }
    return advance();
  }
  /// One or more `item`s separated by commas, a trailing comma allowed
  /// before `close`.
  template <typename F> llvm::Error commaList(Tok close, F item) {
    for (;;) {
      WCOMP_CHECK(item());
      bool comma;
      WCOMP_ASSIGN(comma, eat(Tok::Comma));
      if (!comma || at(close))
        return llvm::Error::success();
    }
  }

  // Grammar.
  llvm::Expected<Attrs> attrs();
  llvm::Expected<std::string> version();
  llvm::Expected<PackageName> packageName();
  llvm::Expected<UsePath> usePath();
  llvm::Expected<Type> type(unsigned depth = 0);
  llvm::Expected<Func> funcType();
  /// At `get(` or `set(`, an accessor's signature.
  bool atAccessor();
  llvm::Expected<std::vector<std::pair<Ident, Type>>> params();
  llvm::Expected<Use> use();
  llvm::Error typeDef(TypeDef &t);
  llvm::Error members(TypeDef &t, bool typed, bool optionalType);
  llvm::Error resourceBody(TypeDef &t);
  llvm::Expected<InterfaceItem> interfaceItem();
  llvm::Error interfaceBody(Interface &iface);
  llvm::Expected<WorldItem> worldItem();
  llvm::Expected<PackageItem> packageItem(Attrs a);
  bool atTypeDef() const;
};

std::string Parser::found() const {
  switch (st.tok.kind) {
  case Tok::Id:
    return (isKeyword(text()) ? "keyword `" : "identifier `") + text().str() + "`";
  case Tok::ExplicitId: return "identifier `%" + text().str() + "`";
  case Tok::Integer: return "integer `" + text().str() + "`";
  case Tok::String: return "string " + text().str();
  default: return describe(st.tok.kind).str();
  }
}

/// The documentation the comments `raw` (right before an item) give it,
/// computed as wit-parser does: `/**` ... `*/` without its delimiters, any
/// other comment without its leading slashes; each trimmed at the end; the
/// smallest indentation (in spaces) of the non-empty ones removed from
/// their starts; then one line per line.
std::string docText(llvm::ArrayRef<llvm::StringRef> raw) {
  std::vector<llvm::StringRef> docs;
  for (llvm::StringRef c : raw) {
    if (c.consume_front("/**"))
      c.consume_back("*/"); // `/**/` leaves `/`: wasm-tools panics on it
    else
      c = c.ltrim('/');
    docs.push_back(c.rtrim(" \t\n\r\v\f"));
  }
  size_t minWs = SIZE_MAX;
  for (llvm::StringRef d : docs)
    if (!d.empty())
      minWs = std::min(minWs, d.size() - d.ltrim(" \t\n\r\f").size());
  if (minWs != SIZE_MAX && minWs > 0)
    for (llvm::StringRef &d : docs)
      if (d.take_front(minWs).find_first_not_of(' ') == llvm::StringRef::npos &&
          d.size() >= minWs)
        d = d.drop_front(minWs);
  std::string out;
  for (llvm::StringRef d : docs) {
    if (d.empty()) {
      out += '\n';
      continue;
    }
    while (!d.empty()) {
      auto [l, rest] = d.split('\n');
      l.consume_back("\r");
      out += l.str();
      out += '\n';
      d = rest;
    }
  }
  while (!out.empty() && out.back() == '\n')
    out.pop_back();
  return out;
}

llvm::Error Parser::advance() {
  st.docs.clear();
  for (;;) {
    if (llvm::Error e = lx.next(st.pos, st.tok))
      return shifted(std::move(e));
    if (st.tok.kind != Tok::DocComment)
      return llvm::Error::success();
    st.docs.push_back(text());
  }
}

llvm::Error Parser::expect(Tok k) {
  if (!at(k))
    return expected(describe(k));
  return advance();
}

llvm::Error Parser::expectWord(llvm::StringRef w) {
  if (!atWord(w))
    return expected("`" + w + "`");
  return advance();
}

llvm::Expected<bool> Parser::eat(Tok k) {
  if (!at(k))
    return false;
  WCOMP_CHECK(advance());
  return true;
}

llvm::Expected<bool> Parser::eatWord(llvm::StringRef w) {
  if (!atWord(w))
    return false;
  WCOMP_CHECK(advance());
  return true;
}

llvm::Expected<Ident> Parser::ident() {
  if (at(Tok::ExplicitId) || (at(Tok::Id) && !isKeyword(text()))) {
    if (!binary::isKebabLabel(text()))
      return makeError(off(), "`" + text() + "` is not in kebab case (words like `get-JSON`, "
                                               "joined by single hyphens)");
    Ident id{text().str(), off()};
    WCOMP_CHECK(advance());
    return id;
  }
  return expected("an identifier");
}

llvm::Expected<std::string> Parser::version() {
  // The current token is the `@` (or a gate's `=`); the version is the raw
  // text after it.
  uint32_t pos = st.tok.offset + 1; // lexer-relative
  while (pos < lx.source().size() && (lx.source()[pos] == ' ' || lx.source()[pos] == '\t'))
    ++pos;
  uint32_t start = pos;
  llvm::StringRef v = lx.version(pos);
  if (v.empty())
    return makeError(base + pos, "expected a version after `@`");
  if (!binary::isValidSemver(v))
    return makeError(base + start, "`" + v + "` is not a valid semantic version");
  st.pos = pos;
  WCOMP_CHECK(advance());
  return v.str();
}

llvm::Expected<Attrs> Parser::attrs() {
  Attrs a;
  a.docs = docText(st.docs);
  while (at(Tok::At)) {
    uint32_t at0 = off();
    WCOMP_CHECK(advance());
    if (!at(Tok::Id))
      return expected("`since`, `unstable`, `deprecated` or `external-id`");
    std::string kind = text().str();
    WCOMP_CHECK(advance());
    WCOMP_CHECK(expect(Tok::LParen));
    if (kind == "external-id") {
      if (a.externalId)
        return makeError(at0, "duplicate `@external-id`");
      if (!at(Tok::String))
        return expected("a string");
      std::string value;
      WCOMP_ASSIGN(value, unescapeString(text(), off()));
      a.externalId = std::move(value);
      WCOMP_CHECK(advance());
    } else if (kind == "since" || kind == "deprecated" || kind == "unstable") {
      bool isFeature = kind == "unstable";
      WCOMP_CHECK(expectWord(isFeature ? "feature" : "version"));
      if (!at(Tok::Equals))
        return expected("`=`");
      std::string value;
      if (isFeature) {
        WCOMP_CHECK(advance());
        Ident f;
        WCOMP_ASSIGN(f, ident());
        value = f.name;
      } else {
        WCOMP_ASSIGN(value, version()); // `=` plays the `@`
      }
      std::string &slot = kind == "since" ? a.gates.since
                          : kind == "unstable" ? a.gates.unstable : a.gates.deprecated;
      if (!slot.empty())
        return makeError(at0, "duplicate `@" + kind + "`");
      slot = value;
      a.gates.offset = at0;
    } else {
      return makeError(at0, "unknown attribute `@" + kind + "`");
    }
    WCOMP_CHECK(expect(Tok::RParen));
  }
  if (!a.gates.since.empty() && !a.gates.unstable.empty())
    return makeError(a.gates.offset, "`@since` and `@unstable` cannot both gate one item");
  if (!a.gates.deprecated.empty() && a.gates.since.empty() && a.gates.unstable.empty())
    return makeError(a.gates.offset, "`@deprecated` must be paired with `@since` or `@unstable`");
  return a;
}

llvm::Expected<PackageName> Parser::packageName() {
  PackageName p;
  p.offset = off();
  Ident ns, name;
  WCOMP_ASSIGN(ns, ident());
  WCOMP_CHECK(expect(Tok::Colon));
  WCOMP_ASSIGN(name, ident());
  if (at(Tok::Colon))
    return makeError(off(), "nested namespaces are not supported");
  p.ns = ns.name;
  p.name = name.name;
  if (at(Tok::At))
    WCOMP_ASSIGN(p.version, version());
  return p;
}

llvm::Expected<UsePath> Parser::usePath() {
  UsePath u;
  Ident first;
  WCOMP_ASSIGN(first, ident());
  if (!at(Tok::Colon)) {
    u.name = first;
    return u;
  }
  WCOMP_CHECK(advance());
  PackageName p;
  p.offset = first.offset;
  p.ns = first.name;
  Ident pkg;
  WCOMP_ASSIGN(pkg, ident());
  p.name = pkg.name;
  if (at(Tok::Colon))
    return makeError(off(), "nested namespaces are not supported");
  if (!at(Tok::Slash))
    return makeError(off(), "expected `/` after package name");
  WCOMP_CHECK(advance());
  WCOMP_ASSIGN(u.name, ident());
  if (at(Tok::Slash))
    return makeError(off(), "nested packages are not supported");
  if (at(Tok::At))
    WCOMP_ASSIGN(p.version, version());
  u.package = p;
  return u;
}

llvm::Expected<Type> Parser::type(unsigned depth) {
  if (depth > MaxTypeDepth)
    return makeError(off(), "types nested too deeply (more than " +
                                        llvm::Twine(MaxTypeDepth) + " levels)");
  Type t;
  t.offset = off();
  if (at(Tok::ExplicitId) || (at(Tok::Id) && !isKeyword(text()))) {
    t.kind = Type::Named;
    WCOMP_ASSIGN(t.name, ident());
    return t;
  }
  if (!at(Tok::Id))
    return expected("a type");
  std::string word = text().str();
  auto prim = llvm::StringSwitch<std::optional<Type::Kind>>(word)
                  .Case("bool", Type::Bool).Case("u8", Type::U8).Case("u16", Type::U16)
                  .Case("u32", Type::U32).Case("u64", Type::U64).Case("s8", Type::S8)
                  .Case("s16", Type::S16).Case("s32", Type::S32).Case("s64", Type::S64)
                  .Case("f32", Type::F32).Case("f64", Type::F64).Case("char", Type::Char)
                  .Case("string", Type::String).Default(std::nullopt);
  WCOMP_CHECK(advance());
  if (prim) {
    t.kind = *prim;
    return t;
  }
  auto arg = [&]() -> llvm::Error {
    Type a;
    WCOMP_ASSIGN(a, type(depth + 1));
    t.args.push_back(std::move(a));
    return llvm::Error::success();
  };
  if (word == "list" || word == "option") {
    t.kind = word == "list" ? Type::List : Type::Option;
    WCOMP_CHECK(expect(Tok::Lt));
    WCOMP_CHECK(arg());
    bool comma;
    WCOMP_ASSIGN(comma, eat(Tok::Comma));
    if (comma && t.kind == Type::List) {
      if (!at(Tok::Integer))
        return expected("a list length");
      uint64_t n = 0;
      if (text().getAsInteger(10, n) || n == 0 || n > UINT32_MAX || text().starts_with("0"))
        return makeError(off(), "invalid list length `" + text() + "`");
      t.kind = Type::FixedList;
      t.length = uint32_t(n);
      WCOMP_CHECK(advance());
    } else if (comma) {
      return expected("`>`");
    }
    WCOMP_CHECK(expect(Tok::Gt));
    return t;
  }
  if (word == "tuple") {
    t.kind = Type::Tuple;
    WCOMP_CHECK(expect(Tok::Lt));
    WCOMP_CHECK(commaList(Tok::Gt, [&] { return arg(); }));
    WCOMP_CHECK(expect(Tok::Gt));
    return t;
  }
  if (word == "map") {
    t.kind = Type::Map;
    WCOMP_CHECK(expect(Tok::Lt));
    WCOMP_CHECK(arg());
    WCOMP_CHECK(expect(Tok::Comma));
    WCOMP_CHECK(arg());
    WCOMP_CHECK(expect(Tok::Gt));
    return t;
  }
  if (word == "result") {
    t.kind = Type::Result;
    bool open;
    WCOMP_ASSIGN(open, eat(Tok::Lt));
    if (!open)
      return t;
    bool noOk;
    WCOMP_ASSIGN(noOk, eat(Tok::Underscore));
    if (noOk) {
      WCOMP_CHECK(expect(Tok::Comma));
    } else {
      WCOMP_CHECK(arg());
      t.hasOk = true;
    }
    bool err = noOk;
    if (!noOk)
      WCOMP_ASSIGN(err, eat(Tok::Comma));
    if (err) {
      WCOMP_CHECK(arg());
      t.hasErr = true;
    }
    WCOMP_CHECK(expect(Tok::Gt));
    return t;
  }
  if (word == "borrow" || word == "own") {
    t.kind = word == "borrow" ? Type::Borrow : Type::Own;
    WCOMP_CHECK(expect(Tok::Lt));
    WCOMP_ASSIGN(t.name, ident());
    WCOMP_CHECK(expect(Tok::Gt));
    return t;
  }
  if (word == "future" || word == "stream") {
    t.kind = word == "future" ? Type::Future : Type::Stream;
    bool open;
    WCOMP_ASSIGN(open, eat(Tok::Lt));
    if (open) {
      WCOMP_CHECK(arg());
      WCOMP_CHECK(expect(Tok::Gt));
    }
    return t;
  }
  return makeError(t.offset, "expected a type, found keyword `" + word + "`");
}

llvm::Expected<std::vector<std::pair<Ident, Type>>> Parser::params() {
  std::vector<std::pair<Ident, Type>> out;
  WCOMP_CHECK(expect(Tok::LParen));
  while (!at(Tok::RParen)) {
    Ident name;
    WCOMP_ASSIGN(name, ident());
    WCOMP_CHECK(expect(Tok::Colon));
    Type t;
    WCOMP_ASSIGN(t, type());
    out.push_back({std::move(name), std::move(t)});
    bool comma;
    WCOMP_ASSIGN(comma, eat(Tok::Comma));
    if (!comma)
      break;
  }
  WCOMP_CHECK(expect(Tok::RParen));
  return out;
}

bool Parser::atAccessor() {
  // `get(` or `set(`: neither word is a keyword (`get: func()` is a
  // function named `get`).
  if (!atWord("get") && !atWord("set"))
    return false;
  State before = st;
  llvm::Error e = advance();
  bool paren = !e && at(Tok::LParen);
  llvm::consumeError(std::move(e)); // a lexing error is reported when read for real
  st = before;
  return paren;
}

llvm::Expected<Func> Parser::funcType() {
  Func f;
  WCOMP_ASSIGN(f.async, eatWord("async"));
  f.offset = off();
  if (!f.async && atAccessor()) {
    f.accessor = atWord("get") ? Func::Getter : Func::Setter;
    WCOMP_CHECK(advance());
  } else {
    WCOMP_CHECK(expectWord("func"));
  }
  WCOMP_ASSIGN(f.params, params());
  bool arrow;
  WCOMP_ASSIGN(arrow, eat(Tok::Arrow));
  if (arrow) {
    Type r;
    WCOMP_ASSIGN(r, type());
    f.result = std::move(r);
  }
  return f;
}

llvm::Expected<Use> Parser::use() {
  Use u;
  u.offset = off();
  WCOMP_CHECK(expectWord("use"));
  WCOMP_ASSIGN(u.path, usePath());
  WCOMP_CHECK(expect(Tok::Dot));
  WCOMP_CHECK(expect(Tok::LBrace));
  // `use i.{};` names nothing; wit-parser accepts it (the interface is
  // still a dependency).
  if (!at(Tok::RBrace))
    WCOMP_CHECK(commaList(Tok::RBrace, [&]() -> llvm::Error {
    Ident name;
    WCOMP_ASSIGN(name, ident());
    std::optional<Ident> as;
    bool renamed;
    WCOMP_ASSIGN(renamed, eatWord("as"));
    if (renamed) {
      Ident a;
      WCOMP_ASSIGN(a, ident());
      as = std::move(a);
    }
    u.names.push_back({std::move(name), std::move(as)});
    return llvm::Error::success();
  }));
  WCOMP_CHECK(expect(Tok::RBrace));
  WCOMP_CHECK(expect(Tok::Semicolon));
  return u;
}

bool Parser::atTypeDef() const {
  return atWord("type") || atWord("record") || atWord("variant") || atWord("enum") ||
         atWord("flags") || atWord("resource");
}

llvm::Error Parser::members(TypeDef &t, bool typed, bool optionalType) {
  WCOMP_CHECK(expect(Tok::LBrace));
  while (!at(Tok::RBrace)) {
    Member m;
    WCOMP_ASSIGN(m.attrs, attrs());
    WCOMP_ASSIGN(m.name, ident());
    if (typed && !optionalType) {
      WCOMP_CHECK(expect(Tok::Colon));
      Type ty;
      WCOMP_ASSIGN(ty, type());
      m.type = std::move(ty);
    } else if (optionalType && at(Tok::LParen)) {
      WCOMP_CHECK(advance());
      Type ty;
      WCOMP_ASSIGN(ty, type());
      m.type = std::move(ty);
      WCOMP_CHECK(expect(Tok::RParen));
    }
    t.members.push_back(std::move(m));
    bool comma;
    WCOMP_ASSIGN(comma, eat(Tok::Comma));
    if (!comma)
      break;
  }
  if (t.members.empty())
    return makeError(off(), "expected at least one member, found " + found());
  return expect(Tok::RBrace);
}

llvm::Error Parser::resourceBody(TypeDef &t) {
  return braced([&]() -> llvm::Error {
    ResourceFunc f;
    WCOMP_ASSIGN(f.attrs, attrs());
    if (atWord("constructor")) {
      f.kind = ResourceFunc::Constructor;
      f.name = {"constructor", off()};
      WCOMP_CHECK(advance());
      WCOMP_ASSIGN(f.func.params, params());
      bool arrow;
      WCOMP_ASSIGN(arrow, eat(Tok::Arrow));
      if (arrow) {
        Type r;
        WCOMP_ASSIGN(r, type());
        f.func.result = std::move(r);
      }
    } else {
      WCOMP_ASSIGN(f.name, ident());
      WCOMP_CHECK(expect(Tok::Colon));
      bool isStatic;
      WCOMP_ASSIGN(isStatic, eatWord("static"));
      f.kind = isStatic ? ResourceFunc::Static : ResourceFunc::Method;
      WCOMP_ASSIGN(f.func, funcType());
    }
    WCOMP_CHECK(expect(Tok::Semicolon));
    t.funcs.push_back(std::move(f));
    return llvm::Error::success();
  });
}

llvm::Error Parser::typeDef(TypeDef &t) {
  std::string kw = text().str();
  WCOMP_CHECK(advance());
  WCOMP_ASSIGN(t.name, ident());
  if (kw == "type") {
    t.kind = TypeDef::Alias;
    WCOMP_CHECK(expect(Tok::Equals));
    WCOMP_ASSIGN(t.alias, type());
    return expect(Tok::Semicolon);
  }
  if (kw == "resource") {
    t.kind = TypeDef::Resource;
    bool semi;
    WCOMP_ASSIGN(semi, eat(Tok::Semicolon));
    return semi ? llvm::Error::success() : resourceBody(t);
  }
  t.kind = kw == "record" ? TypeDef::Record : kw == "variant" ? TypeDef::Variant
           : kw == "enum" ? TypeDef::Enum : TypeDef::Flags;
  return members(t, t.kind == TypeDef::Record || t.kind == TypeDef::Variant,
                 t.kind == TypeDef::Variant);
}

llvm::Expected<InterfaceItem> Parser::interfaceItem() {
  InterfaceItem item;
  WCOMP_ASSIGN(item.attrs, attrs());
  item.offset = off();
  if (atWord("use")) {
    item.kind = InterfaceItem::UseItem;
    WCOMP_ASSIGN(item.use, use());
  } else if (atTypeDef()) {
    item.kind = InterfaceItem::TypeItem;
    WCOMP_CHECK(typeDef(item.type));
  } else {
    item.kind = InterfaceItem::FuncItem;
    WCOMP_ASSIGN(item.funcName, ident());
    WCOMP_CHECK(expect(Tok::Colon));
    WCOMP_ASSIGN(item.func, funcType());
    WCOMP_CHECK(expect(Tok::Semicolon));
  }
  return item;
}

llvm::Error Parser::interfaceBody(Interface &iface) {
  return braced([&]() -> llvm::Error {
    InterfaceItem item;
    WCOMP_ASSIGN(item, interfaceItem());
    iface.items.push_back(std::move(item));
    return llvm::Error::success();
  });
}

llvm::Expected<WorldItem> Parser::worldItem() {
  WorldItem w;
  WCOMP_ASSIGN(w.attrs, attrs());
  w.offset = off();
  if (atWord("use")) {
    w.kind = WorldItem::UseItem;
    WCOMP_ASSIGN(w.use, use());
    return w;
  }
  if (atTypeDef()) {
    w.kind = WorldItem::TypeItem;
    WCOMP_CHECK(typeDef(w.type));
    return w;
  }
  if (atWord("include")) {
    w.kind = WorldItem::Include;
    WCOMP_CHECK(advance());
    WCOMP_ASSIGN(w.path, usePath());
    bool with;
    WCOMP_ASSIGN(with, eatWord("with"));
    if (!with) {
      WCOMP_CHECK(expect(Tok::Semicolon));
      return w;
    }
    WCOMP_CHECK(expect(Tok::LBrace));
    WCOMP_CHECK(commaList(Tok::RBrace, [&]() -> llvm::Error {
      Ident from, to;
      WCOMP_ASSIGN(from, ident());
      WCOMP_CHECK(expectWord("as"));
      WCOMP_ASSIGN(to, ident());
      w.with.push_back({std::move(from), std::move(to)});
      return llvm::Error::success();
    }));
    WCOMP_CHECK(expect(Tok::RBrace));
    return w;
  }
  if (!atWord("import") && !atWord("export"))
    return expected("`import`, `export`, `include`, `use` or a type definition");
  w.kind = atWord("import") ? WorldItem::Import : WorldItem::Export;
  WCOMP_CHECK(advance());
  // `name: ...` names the item; `ns:pkg/iface` (no space around the `:`)
  // is an interface path.
  State before = st;
  Ident name;
  WCOMP_ASSIGN(name, ident());
  bool named = at(Tok::Colon) && !(off() == name.offset + name.name.size() &&
                                   st.pos < lx.source().size() &&
                                   lx.source()[st.pos] != ' ' && lx.source()[st.pos] != '\t' &&
                                   lx.source()[st.pos] != '\n' && lx.source()[st.pos] != '\r');
  if (!named) {
    st = before;
    w.form = WorldItem::ByPath;
    WCOMP_ASSIGN(w.path, usePath());
    WCOMP_CHECK(expect(Tok::Semicolon));
    return w;
  }
  WCOMP_CHECK(advance());
  w.name = std::move(name);
  if (atWord("func") || atWord("async") || atAccessor()) {
    w.form = WorldItem::NamedFunc;
    WCOMP_ASSIGN(w.func, funcType());
    WCOMP_CHECK(expect(Tok::Semicolon));
  } else if (atWord("interface")) {
    w.form = WorldItem::NamedInterface;
    WCOMP_CHECK(advance());
    WCOMP_CHECK(interfaceBody(w.inlineIface));
  } else {
    w.form = WorldItem::NamedPath;
    WCOMP_ASSIGN(w.path, usePath());
    WCOMP_CHECK(expect(Tok::Semicolon));
  }
  return w;
}

llvm::Expected<PackageItem> Parser::packageItem(Attrs a) {
  PackageItem p;
  p.offset = off();
  if (atWord("use")) {
    p.kind = PackageItem::UseItem;
    WCOMP_CHECK(advance());
    WCOMP_ASSIGN(p.use, usePath());
    bool as;
    WCOMP_ASSIGN(as, eatWord("as"));
    if (as) {
      Ident name;
      WCOMP_ASSIGN(name, ident());
      p.useAs = std::move(name);
    }
    WCOMP_CHECK(expect(Tok::Semicolon));
    return p;
  }
  if (atWord("interface")) {
    p.kind = PackageItem::InterfaceItem;
    p.iface.attrs = std::move(a);
    WCOMP_CHECK(advance());
    WCOMP_ASSIGN(p.iface.name, ident());
    WCOMP_CHECK(interfaceBody(p.iface));
    return p;
  }
  if (atWord("world")) {
    p.kind = PackageItem::WorldItem;
    p.world.attrs = std::move(a);
    WCOMP_CHECK(advance());
    WCOMP_ASSIGN(p.world.name, ident());
    WCOMP_CHECK(braced([&]() -> llvm::Error {
      WorldItem item;
      WCOMP_ASSIGN(item, worldItem());
      p.world.items.push_back(std::move(item));
      return llvm::Error::success();
    }));
    return p;
  }
  return expected("`interface`, `world`, `use` or `package`");
}

llvm::Expected<File> Parser::file() {
  if (llvm::Error e = Lexer::checkText(lx.source()))
    return shifted(std::move(e));
  WCOMP_CHECK(advance());
  File f;
  while (!at(Tok::Eof)) {
    Attrs a;
    WCOMP_ASSIGN(a, attrs());
    if (!atWord("package")) {
      PackageItem item;
      WCOMP_ASSIGN(item, packageItem(std::move(a)));
      f.items.push_back(std::move(item));
      continue;
    }
    uint32_t at0 = off();
    WCOMP_CHECK(advance());
    PackageName name;
    WCOMP_ASSIGN(name, packageName());
    bool semi;
    WCOMP_ASSIGN(semi, eat(Tok::Semicolon));
    if (semi) {
      if (f.package || !f.items.empty() || !f.nested.empty())
        return makeError(at0, "`package ...;` must come first in a file, and only once");
      f.package = std::move(name);
      f.packageAttrs = std::move(a);
      continue;
    }
    NestedPackage n;
    n.attrs = std::move(a);
    n.name = std::move(name);
    WCOMP_CHECK(braced([&]() -> llvm::Error {
      Attrs ia;
      WCOMP_ASSIGN(ia, attrs());
      PackageItem item;
      WCOMP_ASSIGN(item, packageItem(std::move(ia)));
      n.items.push_back(std::move(item));
      return llvm::Error::success();
    }));
    f.nested.push_back(std::move(n));
  }
  return f;
}

} // namespace

llvm::Expected<File> parseFile(llvm::StringRef src, uint32_t base) {
  if (src.size() >= UINT32_MAX - base)
    return makeError(base, "WIT file too large");
  Parser p(src, base);
  return p.file();
}

} // namespace wcomp::wit
