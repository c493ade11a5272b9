//===- wit/encode.cpp - A WIT package as a component ----------------------===//
//
// Types are written as the text format's sugar would expand: an anonymous
// type is defined where it is used, every use its own definition; a named
// type of an enclosing scope is reached by an outer alias made on its first
// use in a scope. wasm-tools encodes the same way, so the bytes compare.
//
//===----------------------------------------------------------------------===//
#include "wit/encode.h"
#include "wit/metadata.h"

#include "binary/error.h"
#include "binary/names.h"

#include <algorithm>
#include <vector>

namespace wcomp::wit {

using binary::CValType;
using binary::ExternDesc;

namespace {

uint8_t primCode(TypeRef::Prim p) {
  switch (p) {
  case TypeRef::Bool: return 0x7f;
  case TypeRef::S8: return 0x7e;
  case TypeRef::U8: return 0x7d;
  case TypeRef::S16: return 0x7c;
  case TypeRef::U16: return 0x7b;
  case TypeRef::S32: return 0x7a;
  case TypeRef::U32: return 0x79;
  case TypeRef::S64: return 0x78;
  case TypeRef::U64: return 0x77;
  case TypeRef::F32: return 0x76;
  case TypeRef::F64: return 0x75;
  case TypeRef::Char: return 0x74;
  case TypeRef::String: return 0x73;
  case TypeRef::ErrorContext: return 0x64;
  case TypeRef::Defined: break;
  }
  return 0x7f;
}

ExternDesc typeDesc(uint8_t bound, uint32_t index = 0) {
  ExternDesc d;
  d.kind = 0x03;
  d.bound = bound;
  d.index = index;
  return d;
}

ExternDesc descOf(uint8_t kind, uint32_t typeIndex) {
  ExternDesc d;
  d.kind = kind;
  d.index = typeIndex;
  return d;
}

} // namespace

std::string TypeWriter::nameKey(TypeId t) const {
  const TypeDef &d = r[t];
  if (d.owner.kind != TypeOwner::Interface || d.name.empty())
    return {};
  InterfaceId i{d.owner.index};
  if (r[i].name.empty())
    return {};
  return binary::canonicalInterfaceName(r.interfaceName(i)) + "/" + d.name;
}

void TypeWriter::push(binary::DeclSink &s) {
  Scope sc;
  sc.sink = &s;
  scopes.push_back(std::move(sc));
}

TypeWriter::Name TypeWriter::bind(uint32_t index) {
  Name n = next++;
  scopes.back().types[n] = index;
  return n;
}

llvm::Expected<uint32_t> TypeWriter::index(Name n) {
  Scope &cur = scopes.back();
  if (auto it = cur.types.find(n); it != cur.types.end())
    return it->second;
  for (size_t k = 1; k < scopes.size(); ++k) {
    Scope &outer = scopes[scopes.size() - 1 - k];
    auto it = outer.types.find(n);
    if (it == outer.types.end())
      continue;
    binary::Alias a;
    a.sort.kind = binary::sortkind::Type;
    a.target = binary::aliastarget::Outer;
    a.instance = uint32_t(k);
    a.index = it->second;
    uint32_t idx = cur.sink->alias(a);
    cur.types[n] = idx;
    return idx;
  }
  return binary::makeError(binary::WasmError::NoOffset,
                           "internal error: a type is used outside the scope that defines it");
}

llvm::Error TypeWriter::notInScope(TypeId t) const {
  const TypeDef &d = r[t];
  std::string where = d.owner.kind == TypeOwner::Interface
                          ? " of interface `" + r.interfaceName(InterfaceId{d.owner.index}) + "`"
                          : "";
  return binary::makeError(binary::WasmError::NoOffset,
                           "type `" + d.name + "`" + where +
                               " is used where it is not in scope (import the interface that "
                               "defines it, or `use` it in the interface that needs it)");
}

llvm::Expected<uint32_t> TypeWriter::typeIndex(TypeId t, const Env &env) {
  auto n = name(t, env);
  if (!n)
    return n.takeError();
  auto i = index(*n);
  if (!i) {
    llvm::consumeError(i.takeError()); // named below, with the type
    return notInScope(t);
  }
  return *i;
}

llvm::Expected<TypeWriter::Name> TypeWriter::name(TypeId t, const Env &env) const {
  if (auto it = env.find(t.index); it != env.end())
    return it->second;
  if (auto it = env.find(r.dealias(t).index); it != env.end())
    return it->second;
  if (std::string k = nameKey(t); !k.empty())
    if (auto it = byName.find(k); it != byName.end())
      return it->second;
  return notInScope(t);
}

void TypeWriter::bind(Env &env, TypeId t, Name n) {
  env[t.index] = n;
  if (std::string k = nameKey(t); !k.empty())
    byName[k] = n;
}

binary::ExternName TypeWriter::externName(llvm::StringRef name, llvm::StringRef implements,
                                          const std::optional<std::string> &externalId) {
  binary::ExternName n;
  n.name = save(name);
  auto option = [&](uint8_t kind, llvm::StringRef value) {
    n.form = 0x02;
    binary::ExternName::Option o;
    o.kind = kind;
    o.value = save(value);
    n.options.push_back(o);
  };
  if (!implements.empty())
    option(0x00, implements);
  if (externalId) // WIT's `@external-id`, as wit-component writes it
    option(0x02, *externalId);
  return n;
}

llvm::Expected<binary::DefinedType> TypeWriter::defined(const TypeDef &d, const Env &env) {
  binary::DefinedType t;
  auto opt = [&](const std::optional<TypeRef> &x,
                 std::optional<CValType> &to) -> llvm::Error {
    if (!x)
      return llvm::Error::success();
    auto v = val(*x, env);
    if (!v)
      return v.takeError();
    to = *v;
    return llvm::Error::success();
  };
  auto resource = [&]() -> llvm::Error {
    auto i = typeIndex(d.resource, env);
    if (!i)
      return i.takeError();
    t.index = *i;
    return llvm::Error::success();
  };
  llvm::Error err = llvm::Error::success();
  switch (d.kind) {
  case TypeDef::List: t.kind = binary::dvt::List; err = opt(d.a, t.first); break;
  case TypeDef::FixedList:
    t.kind = binary::dvt::FixedList;
    err = opt(d.a, t.first);
    t.index = d.length;
    break;
  case TypeDef::Option: t.kind = binary::dvt::Option; err = opt(d.a, t.first); break;
  case TypeDef::Future: t.kind = binary::dvt::Future; err = opt(d.a, t.first); break;
  case TypeDef::Stream: t.kind = binary::dvt::Stream; err = opt(d.a, t.first); break;
  case TypeDef::Map:
    t.kind = binary::dvt::Map;
    err = opt(d.a, t.first);
    if (!err)
      err = opt(d.b, t.second);
    break;
  case TypeDef::Own: t.kind = binary::dvt::Own; err = resource(); break;
  case TypeDef::Borrow: t.kind = binary::dvt::Borrow; err = resource(); break;
  case TypeDef::Tuple:
    t.kind = binary::dvt::Tuple;
    for (TypeRef x : d.types) {
      auto v = val(x, env);
      if (!v)
        return v.takeError();
      t.types.push_back(*v);
    }
    break;
  case TypeDef::Result:
    t.kind = binary::dvt::Result;
    err = opt(d.a, t.first);
    if (!err)
      err = opt(d.b, t.second);
    break;
  case TypeDef::Record:
    t.kind = binary::dvt::Record;
    for (const Member &m : d.members) {
      auto v = val(*m.type, env);
      if (!v)
        return v.takeError();
      t.fields.push_back({save(m.name), *v});
    }
    break;
  case TypeDef::Variant:
    t.kind = binary::dvt::Variant;
    for (const Member &m : d.members) {
      binary::VariantCase c;
      c.label = save(m.name);
      if (llvm::Error e = opt(m.type, c.type))
        return std::move(e);
      t.cases.push_back(c);
    }
    break;
  case TypeDef::Enum: case TypeDef::Flags:
    t.kind = d.kind == TypeDef::Enum ? binary::dvt::Enum : binary::dvt::Flags;
    for (const Member &m : d.members)
      t.labels.push_back(save(m.name));
    break;
  case TypeDef::Alias: case TypeDef::Resource:
    return binary::makeError(binary::WasmError::NoOffset,
                             "internal error: not a structural type");
  }
  if (err)
    return std::move(err);
  return t;
}

llvm::Expected<CValType> TypeWriter::val(TypeRef t, const Env &env) {
  if (t.prim != TypeRef::Defined)
    return CValType::prim(primCode(t.prim));
  const TypeDef &d = r[t.id];
  if (!d.name.empty()) {
    auto i = typeIndex(t.id, env);
    if (!i)
      return i.takeError();
    return CValType::type(*i);
  }
  if (d.kind == TypeDef::Alias) // an anonymous alias is its target
    return d.a ? val(*d.a, env) : CValType::prim(0x79);
  auto def = defined(d, env);
  if (!def)
    return def.takeError();
  binary::TypeDef td;
  td.kind = def->kind;
  td.defined = std::move(*def);
  return CValType::type(sink().type(std::move(td)));
}

llvm::Expected<uint32_t> TypeWriter::funcType(const Function &f, const Env &env) {
  binary::TypeDef td;
  td.kind = f.async ? 0x43 : 0x40;
  td.func.async = f.async;
  for (auto &[n, t] : f.params) {
    auto v = val(t, env);
    if (!v)
      return v.takeError();
    td.func.params.push_back({save(n), *v});
  }
  if (f.result) {
    auto v = val(*f.result, env);
    if (!v)
      return v.takeError();
    td.func.resultForm = 0x00;
    td.func.result = *v;
  }
  return sink().type(std::move(td));
}

llvm::Expected<TypeWriter::Name> TypeWriter::defineType(TypeId t, llvm::StringRef exportName,
                                                        Env &env, Mode mode,
                                                        std::optional<uint32_t> dtor) {
  const TypeDef &d = r[t];
  binary::ExternName en = externName(exportName, {}, d.externalId);
  // A type import or export, bound `eq` to index `to` or (no `to`) a
  // fresh resource.
  auto declare = [&](const ExternDesc &desc) -> uint32_t {
    if (mode == Mode::Import)
      return sink().import(en, desc);
    return static_cast<binary::TypeDeclBuilder &>(sink()).exportDecl(en, desc);
  };
  auto bound = [&](const ExternDesc &desc) -> Name {
    Name n = bind(declare(desc));
    env[t.index] = n;
    return n;
  };
  if (d.kind == TypeDef::Resource) {
    if (mode == Mode::Local) {
      binary::TypeDef td;
      td.kind = 0x3f;
      td.resource.dtor = dtor;
      Name n = bind(sink().type(std::move(td)));
      env[t.index] = n;
      return n;
    }
    return bound(typeDesc(0x01));
  }
  if (d.kind == TypeDef::Alias && d.a && d.a->prim == TypeRef::Defined &&
      !r[d.a->id].name.empty()) {
    auto target = name(d.a->id, env); // `use`, or `type a = b`
    if (!target)
      return target.takeError();
    if (mode == Mode::Local) {
      env[t.index] = *target;
      return *target;
    }
    auto i = index(*target);
    if (!i)
      return i.takeError();
    return bound(typeDesc(0x00, *i));
  }
  // The structure, defined first (inline types inside it before it).
  binary::TypeDef td;
  if (d.kind == TypeDef::Alias) {
    auto v = d.a ? val(*d.a, env) : CValType::prim(0x79);
    if (!v)
      return v.takeError();
    if (v->primitive) {
      // `type t = u32`: a primitive has no type index of its own.
      td.kind = v->code;
      td.defined.kind = v->code;
    } else {
      // An anonymous compound, just defined: it is the type.
      uint32_t idx = v->index;
      if (mode == Mode::Local) {
        Name n = bind(idx);
        env[t.index] = n;
        return n;
      }
      return bound(typeDesc(0x00, idx));
    }
  } else {
    auto def = defined(d, env);
    if (!def)
      return def.takeError();
    td.kind = def->kind;
    td.defined = std::move(*def);
  }
  uint32_t idx = sink().type(std::move(td));
  if (mode == Mode::Local) {
    Name n = bind(idx);
    env[t.index] = n;
    return n;
  }
  return bound(typeDesc(0x00, idx));
}

llvm::Error TypeWriter::instanceBody(InterfaceId i, Env &env, bool withFunctions,
                                     const InterfaceFilter &keep) {
  // Types are kept in an order where each follows those it uses (resolved
  // in dependency order, or decoded from a binary that required it).
  if (keep.order) {
    llvm::DenseMap<uint32_t, llvm::StringRef> names;
    for (auto &[name, t] : r[i].types)
      names[t.index] = name;
    for (uint32_t id : *keep.order)
      if (auto it = names.find(id); it != names.end())
        if (auto n = defineType(TypeId{id}, it->second, env, Mode::Export); !n)
          return n.takeError();
  } else {
    for (auto &[name, t] : r[i].types)
      if (!keep.types || keep.types->contains(t.index))
        if (auto n = defineType(t, name, env, Mode::Export); !n)
          return n.takeError();
  }
  if (!withFunctions)
    return llvm::Error::success();
  for (const Function &f : r[i].functions) {
    std::string n = r.functionName(f);
    if (keep.functions && !keep.functions->contains(n))
      continue;
    auto ft = funcType(f, env);
    if (!ft)
      return ft.takeError();
    static_cast<binary::TypeDeclBuilder &>(sink()).exportDecl(externName(n, {}, f.externalId),
                                                              descOf(0x01, *ft));
  }
  return llvm::Error::success();
}

llvm::Expected<uint32_t> TypeWriter::instanceType(InterfaceId i, const Env &env,
                                                  bool withFunctions,
                                                  const InterfaceFilter &keep) {
  binary::TypeDeclBuilder decls(false);
  push(decls);
  Env inner = env;
  llvm::Error err = instanceBody(i, inner, withFunctions, keep);
  pop();
  if (err)
    return std::move(err);
  return sink().type(decls.finish());
}

void TypeWriter::aliasTypes(uint32_t inst, InterfaceId i, Env &env, const InterfaceFilter &keep,
                            bool skipBound) {
  for (auto &[n, t] : r[i].types) {
    if (keep.types && !keep.types->contains(t.index))
      continue;
    if (skipBound && env.count(t.index))
      continue;
    binary::Alias a;
    a.sort.kind = binary::sortkind::Type;
    a.target = binary::aliastarget::Export;
    a.instance = inst;
    a.name = save(n);
    bind(env, t, bind(sink().alias(a)));
  }
}

llvm::Expected<uint32_t> TypeWriter::importInterface(llvm::StringRef importName, InterfaceId i,
                                                     Env &env, bool withFunctions,
                                                     bool implements,
                                                     const InterfaceFilter &keep,
                                                     bool aliasOut,
                                                     const std::optional<std::string> &externalId) {
  // The instance's own names stay inside it; its types come out by alias.
  auto ty = instanceType(i, env, withFunctions, keep);
  if (!ty)
    return ty.takeError();
  uint32_t inst = sink().import(
      externName(importName, implements ? llvm::StringRef(save(r.interfaceName(i))) : "",
                 externalId),
      descOf(0x05, *ty));
  if (aliasOut)
    aliasTypes(inst, i, env, keep);
  return inst;
}

namespace {

/// The package and world encoders.
class Encoder : public TypeWriter {
public:
  explicit Encoder(const Resolve &r) : TypeWriter(r), r(r) {}
  llvm::Error package(binary::ComponentBuilder &b, PackageId p);
  llvm::Error world(binary::ComponentBuilder &b, WorldId w);

private:
  const Resolve &r;
  /// `(type (export "n") T)`: the type, then its export.
  void exportType(binary::ComponentBuilder &b, llvm::StringRef n, binary::TypeDef t) {
    uint32_t idx = b.type(std::move(t));
    b.exportItem(externName(n), {{binary::sortkind::Type, 0}, idx});
  }
};

llvm::Error Encoder::world(binary::ComponentBuilder &b, WorldId w) {
  const World &wd = r[w];
  const Package &pk = r[wd.package];
  std::string full = pk.ns + ":" + pk.name + "/" + wd.name +
                     (pk.version.empty() ? "" : "@" + pk.version);
  binary::TypeDeclBuilder outer(true), inner(true);
  push(outer);
  push(inner);
  Env env;
  auto body = [&]() -> llvm::Error {
    for (auto &[key, item] : wd.imports) {
      std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
      switch (item.kind) {
      case WorldItem::InterfaceItem:
        if (auto i = importInterface(nm, item.iface, env, true, item.implements, {}, true,
                                     item.externalId);
            !i)
          return i.takeError();
        break;
      case WorldItem::TypeItem:
        if (auto n = defineType(item.type, nm, env, Mode::Import); !n)
          return n.takeError();
        break;
      case WorldItem::FunctionItem: {
        auto ft = funcType(item.func, env);
        if (!ft)
          return ft.takeError();
        sink().import(externName(item.func.resource.valid() ? r.functionName(item.func) : nm, {},
                                 item.func.externalId),
                      descOf(0x01, *ft));
        break;
      }
      }
    }
    // Exported interfaces that a later export takes types from (`export
    // a; export b;` where b uses a): their types are aliased out of the
    // export, as wasm-tools does, so the later one refers to them (also
    // when the world imports that interface too: exports use exports).
    llvm::DenseSet<uint32_t> usedLater;
    for (auto &[key, item] : wd.exports)
      if (item.kind == WorldItem::InterfaceItem) {
        std::vector<InterfaceId> deps;
        r.interfaceDeps(item.iface, deps);
        for (InterfaceId d : deps)
          usedLater.insert(d.index);
      }
    auto &decls = static_cast<binary::TypeDeclBuilder &>(sink());
    for (auto &[key, item] : wd.exports) {
      std::string nm = key.iface.valid() ? r.interfaceName(key.iface) : key.name;
      if (item.kind == WorldItem::FunctionItem) {
        auto ft = funcType(item.func, env);
        if (!ft)
          return ft.takeError();
        decls.exportDecl(externName(nm, {}, item.func.externalId), descOf(0x01, *ft));
      } else if (item.kind == WorldItem::InterfaceItem) {
        auto ty = instanceType(item.iface, env, true);
        if (!ty)
          return ty.takeError();
        uint32_t inst = decls.exportDecl(
            externName(nm,
                       item.implements ? llvm::StringRef(save(r.interfaceName(item.iface))) : "",
                       item.externalId),
            descOf(0x05, *ty));
        if (usedLater.contains(item.iface.index))
          aliasTypes(inst, item.iface, env);
      }
    }
    return llvm::Error::success();
  };
  llvm::Error err = body();
  pop();
  if (!err)
    outer.exportDecl(externName(full), descOf(0x04, outer.type(inner.finish())));
  pop();
  if (err)
    return err;
  exportType(b, wd.name, outer.finish());
  return llvm::Error::success();
}

llvm::Error Encoder::package(binary::ComponentBuilder &b, PackageId p) {
  push(b);
  for (auto &[n, i] : r[p].interfaces) {
    binary::TypeDeclBuilder decls(true);
    push(decls);
    Env env;
    std::vector<InterfaceId> deps;
    r.interfaceDeps(i, deps);
    llvm::Error err = llvm::Error::success();
    for (InterfaceId d : deps)
      if (auto x = importInterface(r.interfaceName(d), d, env, false, false); !x) {
        err = x.takeError();
        break;
      }
    if (!err) {
      if (auto ty = instanceType(i, env, true))
        decls.exportDecl(externName(r.interfaceName(i)), descOf(0x05, *ty));
      else
        err = ty.takeError();
    }
    pop();
    if (err)
      return err;
    exportType(b, n, decls.finish());
  }
  for (auto &[n, w] : r[p].worlds)
    if (llvm::Error err = world(b, w))
      return err;
  // Docs and gates have no place in the types: wasm-tools' custom section.
  if (std::string docs = encodePackageDocs(r, p); !docs.empty())
    b.custom(PackageDocsSection,
             llvm::ArrayRef(reinterpret_cast<const uint8_t *>(docs.data()), docs.size()));
  pop();
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::vector<uint8_t>> encodePackage(const Resolve &r, PackageId pkg) {
  binary::ComponentBuilder b;
  Encoder e(r);
  if (llvm::Error err = e.package(b, pkg))
    return std::move(err);
  return b.finish();
}

llvm::Expected<std::vector<uint8_t>> encodeWorld(const Resolve &r, WorldId world) {
  binary::ComponentBuilder b;
  Encoder e(r);
  e.push(b);
  if (llvm::Error err = e.world(b, world))
    return std::move(err);
  return b.finish();
}

} // namespace wcomp::wit
