//===- wit/printer.cpp - A Resolve as WIT text ----------------------------===//
#include "wit/printer.h"

#include "wit/lexer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ConvertUTF.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace wcomp::wit {

namespace {

class Printer {
public:
  Printer(const Resolve &r, const PrintOptions &o) : r(r), opts(o) {}
  std::string out;

  void package(PackageId p, bool nested);

private:
  const Resolve &r;
  const PrintOptions &opts;
  PackageId current;
  std::string indent;

  static std::string id(llvm::StringRef name) {
    return isKeyword(name) ? std::string("%").append(name) : name.str();
  }
  void line(const std::string &s) { out += indent + s + "\n"; }
  void docs(const std::string &d) {
    if (!opts.docs || d.empty())
      return;
    llvm::SmallVector<llvm::StringRef, 4> lines;
    llvm::StringRef(d).split(lines, '\n');
    for (llvm::StringRef l : lines)
      line(l.empty() ? "///" : "/// " + l.str());
  }
  void gates(const Stability &s) {
    if (!s.unstable.empty())
      line("@unstable(feature = " + s.unstable + ")");
    if (!s.since.empty())
      line("@since(version = " + s.since + ")");
    if (!s.deprecated.empty())
      line("@deprecated(version = " + s.deprecated + ")");
  }
  void externalId(const std::optional<std::string> &e) {
    if (!e)
      return;
    // Escaped as wasm-tools escapes it, so that it reads back.
    std::string s;
    for (size_t i = 0; i < e->size();) {
      unsigned char c = (*e)[i];
      if (std::isalnum(c) || llvm::StringRef("-_./: ").contains(char(c)) || c >= 0x80) {
        if (c < 0x80) {
          s += char(c);
          ++i;
          continue;
        }
        // Non-ASCII: wasm-tools writes `\u{...}` for every other char.
        const llvm::UTF8 *p = reinterpret_cast<const llvm::UTF8 *>(e->data() + i);
        llvm::UTF32 cp = 0;
        llvm::UTF32 *q = &cp;
        const llvm::UTF8 *start = p;
        unsigned len = llvm::getNumBytesForUTF8(c);
        if (llvm::ConvertUTF8toUTF32(&p, p + std::min<size_t>(len, e->size() - i), &q, q + 1,
                                     llvm::strictConversion) != llvm::conversionOK) {
          ++i;
          continue;
        }
        i += size_t(p - start);
        char buf[16];
        snprintf(buf, sizeof buf, "\\u{%x}", unsigned(cp));
        s += buf;
        continue;
      }
      switch (c) {
      case '\\': s += "\\\\"; break;
      case '"': s += "\\\""; break;
      case '\n': s += "\\n"; break;
      case '\r': s += "\\r"; break;
      case '\t': s += "\\t"; break;
      default: {
        char buf[16];
        snprintf(buf, sizeof buf, "\\u{%x}", unsigned(c));
        s += buf;
      }
      }
      ++i;
    }
    line("@external-id(\"" + s + "\")");
  }

  /// An interface as `use` paths and `import`s name it from `current`.
  std::string ifaceRef(InterfaceId i) const {
    const Interface &f = r[i];
    if (f.package == current)
      return id(f.name);
    const Package &pk = r[f.package];
    return pkgId(pk, id(f.name));
  }
  /// `ns:name[/iface][@version]`, each word `%`-escaped when a keyword (so
  /// that the text reads back).
  std::string pkgId(const Package &pk, const std::string &iface = "") const {
    return id(pk.ns) + ":" + id(pk.name) + (iface.empty() ? "" : "/" + iface) +
           (pk.version.empty() ? "" : "@" + pk.version);
  }

  std::string type(TypeRef t) const;
  /// A compound type written out (`list<u8>`), whether named or not.
  std::string structure(const TypeDef &d) const;
  std::string func(const Function &f, bool skipSelf) const;
  void typeDef(TypeId t);
  void uses(const std::vector<std::pair<std::string, TypeId>> &types, TypeOwner owner);
  void interfaceBody(InterfaceId i);
  void world(WorldId w);
};

std::string Printer::type(TypeRef t) const {
  if (t.prim != TypeRef::Defined)
    return primName(t.prim);
  const TypeDef &d = r[t.id];
  if (!d.name.empty())
    return id(d.name);
  return structure(d);
}

std::string Printer::structure(const TypeDef &d) const {
  auto opt = [&](const std::optional<TypeRef> &x) { return x ? type(*x) : std::string("_"); };
  switch (d.kind) {
  case TypeDef::List: return "list<" + opt(d.a) + ">";
  case TypeDef::FixedList: return "list<" + opt(d.a) + ", " + std::to_string(d.length) + ">";
  case TypeDef::Option: return "option<" + opt(d.a) + ">";
  case TypeDef::Map: return "map<" + opt(d.a) + ", " + opt(d.b) + ">";
  case TypeDef::Future: return d.a ? "future<" + type(*d.a) + ">" : "future";
  case TypeDef::Stream: return d.a ? "stream<" + type(*d.a) + ">" : "stream";
  case TypeDef::Own: return id(r[d.resource].name);
  case TypeDef::Borrow: return "borrow<" + id(r[d.resource].name) + ">";
  case TypeDef::Tuple: {
    std::string s = "tuple<";
    for (size_t i = 0; i < d.types.size(); ++i)
      s += (i ? ", " : "") + type(d.types[i]);
    return s + ">";
  }
  case TypeDef::Result:
    if (!d.a && !d.b)
      return "result";
    if (!d.b)
      return "result<" + type(*d.a) + ">";
    return "result<" + opt(d.a) + ", " + type(*d.b) + ">";
  default:
    return "/* anonymous */";
  }
}

std::string Printer::func(const Function &f, bool skipSelf) const {
  std::string s = f.accessor == Function::Getter   ? "get("
                  : f.accessor == Function::Setter ? "set("
                  : f.async                        ? "async func("
                                                   : "func(";
  bool first = true;
  for (size_t i = skipSelf ? 1 : 0; i < f.params.size(); ++i) {
    s += (first ? "" : ", ") + id(f.params[i].first) + ": " + type(f.params[i].second);
    first = false;
  }
  s += ")";
  if (f.result)
    s += " -> " + type(*f.result);
  return s;
}

void Printer::typeDef(TypeId t) {
  const TypeDef &d = r[t];
  docs(d.docs);
  gates(d.stability);
  externalId(d.externalId);
  std::string name = id(d.name);
  auto members = [&](const char *kw, bool record) {
    line(std::string(kw) + " " + name + " {");
    for (const Member &m : d.members) {
      std::string saved = indent;
      indent += "  ";
      docs(m.docs);
      if (record)
        line(id(m.name) + ": " + type(*m.type) + ",");
      else
        line(id(m.name) + (m.type ? std::string("(").append(type(*m.type)).append(")") : "") + ",");
      indent = saved;
    }
    line("}");
  };
  switch (d.kind) {
  case TypeDef::Record: members("record", true); return;
  case TypeDef::Variant: members("variant", false); return;
  case TypeDef::Enum: members("enum", false); return;
  case TypeDef::Flags: members("flags", false); return;
  case TypeDef::Resource: {
    // Its functions live in the owning interface's (or world's) list.
    std::vector<const Function *> fns;
    if (d.owner.kind == TypeOwner::Interface)
      for (const Function &f : r.interfaces[d.owner.index].functions)
        if (f.resource == t)
          fns.push_back(&f);
    if (d.owner.kind == TypeOwner::World)
      for (auto &[k, item] : r.worlds[d.owner.index].imports)
        if (item.kind == WorldItem::FunctionItem && item.func.resource == t)
          fns.push_back(&item.func);
    if (fns.empty()) {
      line("resource " + name + ";");
      return;
    }
    line("resource " + name + " {");
    std::string saved = indent;
    indent += "  ";
    for (const Function *f : fns) {
      docs(f->docs);
      gates(f->stability);
      externalId(f->externalId);
      switch (f->kind) {
      case Function::Constructor: {
        std::string s = "constructor(";
        for (size_t i = 0; i < f->params.size(); ++i)
          s += (i ? ", " : "") + id(f->params[i].first) + ": " + type(f->params[i].second);
        s += ")";
        // The implicit result (the resource itself) is not written.
        if (f->result && r[f->result->id].kind != TypeDef::Own)
          s += " -> " + type(*f->result);
        line(s + ";");
        break;
      }
      case Function::Static: line(id(f->name) + ": static " + func(*f, false) + ";"); break;
      default: line(id(f->name) + ": " + func(*f, true) + ";"); break;
      }
    }
    indent = saved;
    line("}");
    return;
  }
  case TypeDef::Own: case TypeDef::Borrow:
    // A named handle: `own<r>` written out (a plain `r` would be an alias).
    line("type " + name + " = " + (d.kind == TypeDef::Own ? "own<" : "borrow<") +
         id(r[d.resource].name) + ">;");
    return;
  case TypeDef::Alias:
    line("type " + name + " = " + (d.a ? type(*d.a) : "_") + ";");
    return;
  default:
    // `type t = list<u8>`: the named type is the structure.
    line("type " + name + " = " + structure(d) + ";");
  }
}

void Printer::uses(const std::vector<std::pair<std::string, TypeId>> &types, TypeOwner owner) {
  // `use`d names are aliases of a type owned by another interface. As
  // wasm-tools prints them: a name joins the previous `use` statement when
  // it comes from the same interface with the same gates and external id.
  struct Group {
    uint32_t iface;
    const TypeDef *first;
    std::string names;
  };
  std::vector<Group> groups;
  for (auto &[name, t] : types) {
    const TypeDef &d = r[t];
    if (d.kind != TypeDef::Alias || !d.a || d.a->prim != TypeRef::Defined)
      continue;
    const TypeDef &target = r[d.a->id];
    if (target.owner.kind != TypeOwner::Interface || target.owner == owner)
      continue;
    std::string item = target.name == name ? id(name) : id(target.name) + " as " + id(name);
    if (!groups.empty() && groups.back().iface == target.owner.index &&
        groups.back().first->stability == d.stability &&
        groups.back().first->externalId == d.externalId)
      groups.back().names += ", " + item;
    else
      groups.push_back({target.owner.index, &d, item});
  }
  for (const Group &g : groups) {
    gates(g.first->stability);
    externalId(g.first->externalId);
    line("use " + ifaceRef(InterfaceId{g.iface}) + ".{" + g.names + "};");
  }
}

void Printer::interfaceBody(InterfaceId i) {
  const Interface &f = r[i];
  std::string saved = indent;
  indent += "  ";
  size_t before = out.size();
  uses(f.types, {TypeOwner::Interface, i.index});
  bool any = out.size() != before;
  for (auto &[name, t] : f.types) {
    if (r.isUse(t))
      continue;
    if (any)
      out += "\n";
    typeDef(t);
    any = true;
  }
  // wasm-tools separates every item of an interface with a blank line.
  for (const Function &fn : f.functions) {
    if (fn.resource.valid())
      continue;
    if (any)
      out += "\n";
    any = true;
    docs(fn.docs);
    gates(fn.stability);
    externalId(fn.externalId);
    line(id(fn.name) + ": " + func(fn, false) + ";");
  }
  indent = saved;
}

void Printer::world(WorldId w) {
  const World &wd = r[w];
  docs(wd.docs);
  gates(wd.stability);
  line("world " + id(wd.name) + " {");
  std::string saved = indent;
  indent += "  ";
  // wasm-tools' layout: interface imports, then the world's types (`use`s
  // first), then function imports, each group in the order kept (imports
  // are sorted by class when resolved or decoded); a blank line before each
  // type definition and before the exports once anything was printed.
  bool any = false;
  auto item = [&](const WorldKey &key, const WorldItem &item, const std::string &kw) {
    // An inline interface keeps its own docs (wit-parser's model).
    docs(item.kind == WorldItem::InterfaceItem && !item.implements && !key.iface.valid()
             ? r[item.iface].docs
             : item.docs);
    gates(item.stability);
    externalId(item.kind == WorldItem::FunctionItem ? item.func.externalId : item.externalId);
    if (item.kind == WorldItem::FunctionItem) {
      // An accessor's key is `[get]name`; it is written `name: get()`.
      const std::string &n =
          item.func.accessor == Function::NoAccessor ? key.name : item.func.name;
      line(kw + id(n) + ": " + func(item.func, false) + ";");
    } else if (key.iface.valid()) {
      line(kw + ifaceRef(key.iface) + ";");
    } else if (item.implements) {
      line(kw + id(key.name) + ": " + ifaceRef(item.iface) + ";");
    } else {
      line(kw + id(key.name) + ": interface {");
      interfaceBody(item.iface);
      line("}");
    }
    any = true;
  };
  for (auto &[key, it] : wd.imports)
    if (it.kind == WorldItem::InterfaceItem)
      item(key, it, "import ");
  std::vector<std::pair<std::string, TypeId>> types;
  for (auto &[key, it] : wd.imports)
    if (it.kind == WorldItem::TypeItem)
      types.push_back({key.name, it.type});
  size_t before = out.size();
  uses(types, {TypeOwner::World, w.index});
  any |= out.size() != before;
  for (auto &[name, t] : types)
    if (!r.isUse(t)) {
      if (any)
        out += "\n";
      typeDef(t);
      any = true;
    }
  for (auto &[key, it] : wd.imports)
    if (it.kind == WorldItem::FunctionItem && !it.func.resource.valid())
      item(key, it, "import ");
  if (any && !wd.exports.empty())
    out += "\n";
  for (auto &[key, it] : wd.exports)
    item(key, it, "export ");
  indent = saved;
  line("}");
}

void Printer::package(PackageId p, bool nested) {
  current = p;
  const Package &pk = r[p];
  docs(pk.docs);
  line("package " + pkgId(pk) + (nested ? " {" : ";"));
  // As wasm-tools prints them: the root package's header and each of its
  // interfaces are followed by a blank line, its worlds are not; a package
  // block (nested) has no blank lines at all.
  if (nested)
    indent += "  ";
  else
    out += "\n";
  for (auto &[name, i] : pk.interfaces) {
    const Interface &f = r[i];
    docs(f.docs);
    gates(f.stability);
    line("interface " + id(name) + " {");
    interfaceBody(i);
    line("}");
    if (!nested)
      out += "\n";
  }
  for (auto &[name, w] : pk.worlds)
    world(w);
  if (nested) {
    indent.resize(indent.size() - 2);
    line("}");
  }
}

} // namespace

std::string printWit(const Resolve &r, PackageId root, const std::vector<PackageId> &nested,
                     const PrintOptions &opts) {
  Printer p(r, opts);
  p.package(root, false);
  // As wasm-tools 1.262 prints them: the first nested package right after
  // the root's last line, the others two blank lines apart.
  for (size_t i = 0; i < nested.size(); ++i) {
    if (i)
      p.out += "\n\n";
    p.package(nested[i], true);
  }
  return std::move(p.out);
}

} // namespace wcomp::wit
