// WIT parsing: every item and type form lands in the syntax tree; errors
// name what was expected and where.
#include "wit/parser.h"

#include "binary/error.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace wcomp::wit;
using namespace wcomp::wit::ast;

namespace {

/// A compact rendering of the tree for the tests.
struct Dump {
  std::string out;

  void type(const Type &t) {
    static const char *prims[] = {"bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
                                  "f32", "f64", "char", "string", "error-context"};
    switch (t.kind) {
    case Type::Named: out += t.name.name; return;
    case Type::Borrow: out += "borrow<" + t.name.name + ">"; return;
    case Type::FixedList: out += "list<"; type(t.args[0]); out += ", " + std::to_string(t.length) + ">"; return;
    case Type::List: case Type::Option: case Type::Tuple: case Type::Map: case Type::Future:
    case Type::Stream: case Type::Result: {
      static const std::pair<Type::Kind, const char *> names[] = {
          {Type::List, "list"}, {Type::Option, "option"}, {Type::Tuple, "tuple"},
          {Type::Map, "map"}, {Type::Future, "future"}, {Type::Stream, "stream"},
          {Type::Result, "result"}};
      for (auto &[k, n] : names)
        if (k == t.kind)
          out += n;
      if (t.kind == Type::Result && t.hasErr && !t.hasOk)
        out += "<_";
      for (size_t i = 0; i < t.args.size(); ++i) {
        out += i == 0 && !(t.kind == Type::Result && t.hasErr && !t.hasOk) ? "<" : ", ";
        type(t.args[i]);
      }
      if (!t.args.empty())
        out += ">";
      return;
    }
    default: out += prims[t.kind];
    }
  }

  void func(const Func &f) {
    out += f.async ? "async func(" : "func(";
    for (size_t i = 0; i < f.params.size(); ++i) {
      out += (i ? ", " : "") + f.params[i].first.name + ": ";
      type(f.params[i].second);
    }
    out += ")";
    if (f.result) {
      out += " -> ";
      type(*f.result);
    }
  }

  void attrs(const Attrs &a) {
    if (!a.docs.empty())
      out += "[docs " + a.docs + "] ";
    if (!a.gates.since.empty())
      out += "[since " + a.gates.since + "] ";
    if (!a.gates.unstable.empty())
      out += "[unstable " + a.gates.unstable + "] ";
    if (!a.gates.deprecated.empty())
      out += "[deprecated " + a.gates.deprecated + "] ";
    if (a.externalId)
      out += "[external-id " + *a.externalId + "] ";
  }

  void path(const UsePath &p) {
    if (p.package)
      out += p.package->ns + ":" + p.package->name + "/" + p.name.name +
             (p.package->version.empty() ? "" : "@" + p.package->version);
    else
      out += p.name.name;
  }

  void use(const Use &u) {
    out += "use ";
    path(u.path);
    out += ".{";
    for (size_t i = 0; i < u.names.size(); ++i)
      out += (i ? ", " : "") + u.names[i].first.name +
             (u.names[i].second ? " as " + u.names[i].second->name : "");
    out += "}";
  }

  void typeDef(const TypeDef &t) {
    static const char *kinds[] = {"type", "record", "variant", "enum", "flags", "resource"};
    out += std::string(kinds[t.kind]) + " " + t.name.name;
    if (t.kind == TypeDef::Alias) {
      out += " = ";
      type(t.alias);
    }
    if (!t.members.empty()) {
      out += " {";
      for (const Member &m : t.members) {
        out += " ";
        attrs(m.attrs);
        out += m.name.name;
        if (m.type) {
          out += t.kind == TypeDef::Record ? ": " : "(";
          type(*m.type);
          out += t.kind == TypeDef::Record ? "" : ")";
        }
        out += ",";
      }
      out += " }";
    }
    for (const ResourceFunc &f : t.funcs) {
      out += "\n    ";
      attrs(f.attrs);
      out += f.kind == ResourceFunc::Constructor ? "constructor"
             : f.kind == ResourceFunc::Static    ? f.name.name + ": static "
                                                 : f.name.name + ": ";
      if (f.kind == ResourceFunc::Constructor) {
        Func g = f.func;
        func(g);
      } else {
        func(f.func);
      }
    }
  }

  void ifaceItems(const std::vector<InterfaceItem> &items, const char *indent) {
    for (const InterfaceItem &i : items) {
      out += indent;
      attrs(i.attrs);
      if (i.kind == InterfaceItem::UseItem)
        use(i.use);
      else if (i.kind == InterfaceItem::TypeItem)
        typeDef(i.type);
      else {
        out += i.funcName.name + ": ";
        func(i.func);
      }
    }
  }

  void file(const File &f) {
    if (f.package)
      out += "package " + f.package->str();
    for (const PackageItem &p : f.items)
      item(p);
    for (const NestedPackage &n : f.nested) {
      out += "\nnested " + n.name.str() + " {";
      for (const PackageItem &p : n.items)
        item(p);
      out += "\n}";
    }
  }

  void item(const PackageItem &p) {
    out += "\n";
    switch (p.kind) {
    case PackageItem::UseItem:
      out += "use ";
      path(p.use);
      if (p.useAs)
        out += " as " + p.useAs->name;
      return;
    case PackageItem::InterfaceItem:
      attrs(p.iface.attrs);
      out += "interface " + p.iface.name.name;
      ifaceItems(p.iface.items, "\n  ");
      return;
    case PackageItem::WorldItem:
      attrs(p.world.attrs);
      out += "world " + p.world.name.name;
      for (const WorldItem &w : p.world.items) {
        out += "\n  ";
        attrs(w.attrs);
        switch (w.kind) {
        case WorldItem::UseItem: use(w.use); break;
        case WorldItem::TypeItem: typeDef(w.type); break;
        case WorldItem::Include:
          out += "include ";
          path(w.path);
          for (auto &[a, b] : w.with)
            out += " with " + a.name + " as " + b.name;
          break;
        default:
          out += w.kind == WorldItem::Import ? "import " : "export ";
          if (w.form != WorldItem::ByPath)
            out += w.name.name + ": ";
          if (w.form == WorldItem::NamedFunc)
            func(w.func);
          else if (w.form == WorldItem::NamedInterface) {
            out += "interface";
            ifaceItems(w.inlineIface.items, "\n    ");
          } else
            path(w.path);
        }
      }
      return;
    }
  }
};

std::string parse(llvm::StringRef src) {
  auto f = parseFile(src);
  if (!f)
    return "error: " + wcomp::binary::errorText(f.takeError());
  Dump d;
  d.file(*f);
  return d.out;
}

TEST(WitParser, InterfacesTypesAndFunctions) {
  EXPECT_EQ(parse(R"(package wasi:demo@0.2.0-rc.1;

/// Streams.
/// Two lines.
interface streams {
  use wasi:io/error@0.2.0.{error as io-error};
  type bytes = list<u8>;
  record point { x: s32, /** why */ y: s32, }
  variant filter { all, none, some(list<string>) }
  enum color { red, green }
  flags perms { read, write, }
  resource blob;
  resource file {
    constructor(path: string) -> result<file, io-error>;
    read: func(n: u32) -> list<u8>;
    open: static async func(p: borrow<file>);
  }
  @since(version = 0.2.0)
  get: func(a: tuple<u8, option<%type>>, b: result<_, string>, c: result, d: result<u8>) -> map<string, list<u8, 4>>;
  @unstable(feature = fancy)
  @external-id("js:get2")
  get2: async func() -> future<stream<u8>>;
})"),
            "package wasi:demo@0.2.0-rc.1\n"
            "[docs Streams.\nTwo lines.] interface streams\n"
            "  use wasi:io/error@0.2.0.{error as io-error}\n"
            "  type bytes = list<u8>\n"
            "  record point { x: s32, [docs why] y: s32, }\n"
            "  variant filter { all, none, some(list<string>), }\n"
            "  enum color { red, green, }\n"
            "  flags perms { read, write, }\n"
            "  resource blob\n"
            "  resource file\n"
            "    constructorfunc(path: string) -> result<file, io-error>\n"
            "    read: func(n: u32) -> list<u8>\n"
            "    open: static async func(p: borrow<file>)\n"
            "  [since 0.2.0] get: func(a: tuple<u8, option<type>>, b: result<_, string>, c: result, "
            "d: result<u8>) -> map<string, list<u8, 4>>\n"
            "  [unstable fancy] [external-id js:get2] get2: async func() -> future<stream<u8>>");
}

TEST(WitParser, WorldsAndNestedPackages) {
  EXPECT_EQ(parse(R"(package local:app;
use wasi:http/types@0.2.0 as http-types;
world app {
  import wasi:clocks/monotonic-clock@0.2.0;
  import log: func(msg: string);
  @external-id("kv-1")
  import store: wasi:keyvalue/store;
  export run: interface { go: func(); }
  export handler;
  include wasi:cli/imports@0.2.0 with { environment as env, exit as quit }
  include base;
  use types.{size};
  type id = u64;
}
package local:dep { interface types { type size = u32; } })"),
            "package local:app\n"
            "use wasi:http/types@0.2.0 as http-types\n"
            "world app\n"
            "  import wasi:clocks/monotonic-clock@0.2.0\n"
            "  import log: func(msg: string)\n"
            "  [external-id kv-1] import store: wasi:keyvalue/store\n"
            "  export run: interface\n"
            "    go: func()\n"
            "  export handler\n"
            "  include wasi:cli/imports@0.2.0 with environment as env with exit as quit\n"
            "  include base\n"
            "  use types.{size}\n"
            "  type id = u64\n"
            "nested local:dep {\n"
            "interface types\n"
            "  type size = u32\n"
            "}");
}

TEST(WitParser, FixtureParses) {
  std::ifstream in(std::string(WCOMP_FIXTURES_DIR) + "/wit/streams.wit");
  std::stringstream ss;
  ss << in.rdbuf();
  auto f = parseFile(ss.str());
  ASSERT_TRUE(bool(f)) << wcomp::binary::errorText(f.takeError());
  ASSERT_EQ(f->items.size(), 2u);
  EXPECT_EQ(f->items[0].iface.items.size(), 7u);
  EXPECT_EQ(f->items[0].iface.items[2].type.funcs.size(), 4u);
  EXPECT_EQ(f->items[0].iface.items[1].attrs.docs, "An error reading or writing.");
  ASSERT_EQ(f->nested.size(), 1u);
  EXPECT_EQ(f->nested[0].name.str(), "example:base@0.1.0");
}

TEST(WitParser, Errors) {
  EXPECT_EQ(parse("interface i { f: func(x u32); }"),
            "error: expected `:`, found keyword `u32` (at offset 0x18)");
  EXPECT_EQ(parse("interface i { type t = list<u8; }"),
            "error: expected `>`, found `;` (at offset 0x1e)");
  EXPECT_EQ(parse("interface record { }"),
            "error: expected an identifier, found keyword `record` (at offset 0xa)");
  EXPECT_EQ(parse("world w { import a:b; }"),
            "error: expected `/` after package name (at offset 0x14)");
  EXPECT_EQ(parse("interface i { record r {} }"),
            "error: expected at least one member, found `}` (at offset 0x18)");
  EXPECT_EQ(parse("interface i { f: func() -> list<u8, 0>; }"),
            "error: invalid list length `0` (at offset 0x24)");
  EXPECT_EQ(parse("interface i {"), "error: expected `}`, found end of file (at offset 0xd)");
  EXPECT_EQ(parse("package a:b:c;"), "error: nested namespaces are not supported (at offset 0xb)");
  EXPECT_EQ(parse("interface i {}\npackage a:b;"),
            "error: `package ...;` must come first in a file, and only once (at offset 0xf)");
  EXPECT_EQ(parse("@since(version = 1.0.0) @unstable(feature = x) interface i {}"),
            "error: `@since` and `@unstable` cannot both gate one item (at offset 0x18)");
  std::string deep = "interface i { type t = ";
  for (int k = 0; k < 200; ++k)
    deep += "list<";
  EXPECT_EQ(parse(deep).substr(0, 42), "error: types nested too deeply (more than ");
}

} // namespace
