//===- wit/resolver.cpp - WIT syntax trees to a Resolve -------------------===//
//
// Packages are resolved dependencies first; in a package, named interfaces
// in the order their `use`s require, then worlds, then world `include`s in
// the order they require. Names are registered before bodies are filled, so
// a type may be used before its definition; type cycles are found after.
//
//===----------------------------------------------------------------------===//
#include "wit/resolver_impl.h"

#include "binary/names.h"

#include <functional>
#include <queue>
#include <set>

#include <algorithm>
#include <functional>

namespace wcomp::wit::detail {

using binary::makeError;

llvm::Expected<PackageId> Resolver::findPackage(const ast::PackageName &p) const {
  for (uint32_t i = 0; i < r.packages.size(); ++i)
    if (r.packages[i].ns == p.ns && r.packages[i].name == p.name &&
        r.packages[i].version == p.version)
      return PackageId{i};
  return makeError(p.offset, "package `" + p.str() + "` not found");
}

llvm::Expected<InterfaceId> Resolver::iface(const ast::UsePath &p, uint32_t file) const {
  const Package *in = &r[pkg];
  if (p.package) {
    PackageId id;
    WCOMP_ASSIGN(id, findPackage(*p.package));
    in = &r[id];
  } else if (auto f = fileUses.find(file); f != fileUses.end()) {
    if (auto it = f->second.find(p.name.name); it != f->second.end())
      return it->second;
  }
  // Packages are filled as they are resolved: index what is there now.
  auto &index = ifaceIndex[uint32_t(in - r.packages.data())];
  if (index.size() != in->interfaces.size()) {
    index.clear();
    for (auto &[name, id] : in->interfaces)
      index.try_emplace(name, id);
  }
  if (auto it = index.find(p.name.name); it != index.end())
    return it->second;
  return makeError(p.name.offset, "interface `" + p.name.name + "` not found in package `" +
                                      in->id() + "`");
}

llvm::Expected<TypeId> Resolver::declare(Scope &sc, const ast::TypeDef &d) {
  WCOMP_CHECK(claim(sc, d.name));
  // Only whether it is a resource matters before the body is read (a name
  // used as a type means `own` of a resource).
  TypeDef placeholder;
  placeholder.kind = d.kind == ast::TypeDef::Resource ? TypeDef::Resource : TypeDef::Record;
  placeholder.name = d.name.name;
  TypeId t = add(std::move(placeholder));
  typeOffsets[t.index] = d.name.offset;
  sc.types[d.name.name] = t;
  return t;
}

llvm::Error Resolver::claim(Scope &sc, const ast::Ident &name) {
  if (!sc.names.try_emplace(name.name, name.offset).second)
    return makeError(name.offset, "name `" + name.name + "` is defined more than once");
  return llvm::Error::success();
}

llvm::Expected<TypeRef> Resolver::type(const ast::Type &t, Scope &sc) {
  using K = ast::Type;
  if (t.kind <= K::ErrorContext)
    return TypeRef{TypeRef::Prim(t.kind), {}};
  auto named = [&](const ast::Ident &n) -> llvm::Expected<TypeId> {
    auto it = sc.types.find(n.name);
    if (it == sc.types.end())
      return makeError(n.offset, "type `" + n.name + "` does not exist");
    return it->second;
  };
  TypeDef d;
  auto arg = [&](size_t i) -> llvm::Expected<TypeRef> { return type(t.args[i], sc); };
  switch (t.kind) {
  case K::Named: {
    if (t.name.name == "error-context" && !sc.types.count("error-context"))
      return TypeRef{TypeRef::ErrorContext, {}};
    TypeId id;
    WCOMP_ASSIGN(id, named(t.name));
    if (r[r.dealias(id)].kind != TypeDef::Resource)
      return TypeRef::of(id);
    // A resource named as a value type is an owned handle.
    d.kind = TypeDef::Own;
    d.resource = id;
    return TypeRef::of(add(std::move(d)));
  }
  case K::Borrow: case K::Own: {
    // The name must be a resource, or a `type` alias of one (not of a
    // handle: `own<t>` where `t = own<r>` is refused, as by wit-parser).
    TypeId id;
    WCOMP_ASSIGN(id, named(t.name));
    if (r[r.dealias(id)].kind != TypeDef::Resource)
      return makeError(t.name.offset,
                       "type `" + t.name.name + "` used in a handle must be a resource");
    d.kind = t.kind == K::Borrow ? TypeDef::Borrow : TypeDef::Own;
    d.resource = id;
    return TypeRef::of(add(std::move(d)));
  }
  case K::List: case K::FixedList: case K::Option: case K::Future: case K::Stream:
    d.kind = t.kind == K::List      ? TypeDef::List
             : t.kind == K::FixedList ? TypeDef::FixedList
             : t.kind == K::Option  ? TypeDef::Option
             : t.kind == K::Future  ? TypeDef::Future
                                    : TypeDef::Stream;
    d.length = t.length;
    if (!t.args.empty())
      WCOMP_ASSIGN(d.a, arg(0));
    break;
  case K::Tuple:
    d.kind = TypeDef::Tuple;
    for (size_t i = 0; i < t.args.size(); ++i) {
      TypeRef x;
      WCOMP_ASSIGN(x, arg(i));
      d.types.push_back(x);
    }
    break;
  case K::Map: {
    d.kind = TypeDef::Map;
    WCOMP_ASSIGN(d.a, arg(0));
    WCOMP_ASSIGN(d.b, arg(1));
    // WIT.md's `kt`: a primitive written out (not a `type` alias of one).
    TypeRef::Prim k = d.a->prim;
    if (k == TypeRef::F32 || k == TypeRef::F64 || k == TypeRef::ErrorContext ||
        k == TypeRef::Defined)
      return makeError(t.offset, "invalid map key type: map keys must be bool, u8, u16, u32, "
                                 "u64, s8, s16, s32, s64, char, or string");
    break;
  }
  case K::Result: {
    d.kind = TypeDef::Result;
    size_t i = 0;
    if (t.hasOk)
      WCOMP_ASSIGN(d.a, arg(i++));
    if (t.hasErr)
      WCOMP_ASSIGN(d.b, arg(i));
    break;
  }
  default:
    return makeError(t.offset, "unexpected type");
  }
  return TypeRef::of(add(std::move(d)));
}

llvm::Expected<Function> Resolver::func(const ast::Func &f, Scope &sc) {
  Function out;
  out.async = f.async;
  llvm::StringSet<> params;
  for (auto &[name, t] : f.params) {
    // Strongly unique: `foo` and `FOO` (or `foo-bar` and `foobar`) collide.
    if (!params.insert(binary::canonicalLabel(name.name)).second)
      return makeError(name.offset, "param `" + name.name + "` is defined more than once");
    TypeRef x;
    WCOMP_ASSIGN(x, type(t, sc));
    out.params.push_back({name.name, x});
  }
  if (f.result) {
    TypeRef x;
    WCOMP_ASSIGN(x, type(*f.result, sc));
    if (hasBorrow(x, 0))
      return makeError(f.result->offset, "function results cannot contain a `borrow` handle");
    out.result = x;
  }
  return out;
}

bool Resolver::hasBorrow(TypeRef t, unsigned depth) const {
  if (t.prim != TypeRef::Defined || depth > 1000)
    return false;
  const TypeDef &d = r[t.id];
  if (d.kind == TypeDef::Borrow)
    return true;
  if (d.kind == TypeDef::Own || d.kind == TypeDef::Resource)
    return false;
  auto in = [&](const std::optional<TypeRef> &x) { return x && hasBorrow(*x, depth + 1); };
  if (in(d.a) || in(d.b))
    return true;
  for (const TypeRef &x : d.types)
    if (hasBorrow(x, depth + 1))
      return true;
  for (const Member &m : d.members)
    if (in(m.type))
      return true;
  return false;
}

llvm::Error Resolver::use(const ast::Use &u, uint32_t file, Scope &sc,
                          std::vector<std::pair<std::string, TypeId>> &out, const Stability &gate) {
  InterfaceId from;
  WCOMP_ASSIGN(from, iface(u.path, file));
  for (auto &[name, as] : u.names) {
    TypeId target;
    for (auto &[n, t] : r[from].types)
      if (n == name.name)
        target = t;
    if (!target.valid())
      return makeError(name.offset, "type `" + name.name + "` not defined in interface `" +
                                        pathText(u.path) + "`");
    const ast::Ident &local = as ? *as : name;
    WCOMP_CHECK(claim(sc, local));
    TypeDef d;
    d.kind = TypeDef::Alias;
    d.name = local.name;
    d.owner = sc.owner;
    d.stability = gate; // the `use` statement's gate, as wit-parser records it
    d.a = TypeRef::of(target);
    TypeId id = add(std::move(d));
    typeOffsets[id.index] = local.offset;
    sc.types[local.name] = id;
    out.push_back({local.name, id});
  }
  return llvm::Error::success();
}

llvm::Error Resolver::typeDef(const ast::TypeDef &d, const ast::Attrs &a, Scope &sc, TypeId id,
                              std::vector<Function> &funcs) {
  static const TypeDef::Kind kinds[] = {TypeDef::Alias, TypeDef::Record, TypeDef::Variant,
                                        TypeDef::Enum,  TypeDef::Flags,  TypeDef::Resource};
  TypeDef t;
  t.kind = kinds[d.kind];
  t.name = d.name.name;
  t.docs = a.docs;
  t.stability = stabilityOf(a);
  t.owner = sc.owner;
  if (d.kind == ast::TypeDef::Alias && d.alias.kind == ast::Type::Named &&
      sc.types.count(d.alias.name.name) &&
      r[r.dealias(sc.types[d.alias.name.name])].kind == TypeDef::Resource)
    t.a = TypeRef::of(sc.types[d.alias.name.name]); // `type headers = fields`: the resource itself
  else if (d.kind == ast::TypeDef::Alias &&
           (d.alias.kind == ast::Type::Own || d.alias.kind == ast::Type::Borrow)) {
    // `type t = own<r>` / `borrow<r>`: a named handle type (wit-parser's
    // model), printed and encoded as written.
    auto it = sc.types.find(d.alias.name.name);
    if (it == sc.types.end())
      return makeError(d.alias.name.offset, "type `" + d.alias.name.name + "` does not exist");
    if (r[r.dealias(it->second)].kind != TypeDef::Resource)
      return makeError(d.alias.name.offset,
                       "type `" + d.alias.name.name + "` used in a handle must be a resource");
    t.kind = d.alias.kind == ast::Type::Own ? TypeDef::Own : TypeDef::Borrow;
    t.resource = it->second;
  } else if (d.kind == ast::TypeDef::Alias)
    WCOMP_ASSIGN(t.a, type(d.alias, sc));
  // Fields, cases and flags must be strongly unique (compared as
  // canonical labels), as wit-parser words it.
  llvm::StringMap<std::string> labels;
  const char *what = d.kind == ast::TypeDef::Record ? "field"
                     : d.kind == ast::TypeDef::Flags ? "flag"
                                                     : "case";
  if (d.kind == ast::TypeDef::Flags && d.members.size() > 32)
    return makeError(d.members[32].name.offset, "cannot have more than 32 flags");
  for (const ast::Member &m : d.members) {
    auto [it, fresh] = labels.try_emplace(binary::canonicalLabel(m.name.name), m.name.name);
    if (!fresh)
      return makeError(m.name.offset,
                       it->second == m.name.name
                           ? "duplicate " + std::string(what) + " `" + m.name.name + "`"
                           : std::string(what) + " `" + m.name.name +
                                 "` conflicts with previous " + what + " `" + it->second + "`");
    Member x;
    x.name = m.name.name;
    x.docs = m.attrs.docs;
    if (m.type)
      WCOMP_ASSIGN(x.type, type(*m.type, sc));
    t.members.push_back(std::move(x));
  }
  TypeId self = id;
  bool hasConstructor = false;
  llvm::StringSet<> fnames;
  for (const ast::ResourceFunc &f : d.funcs) {
    if (!active(f.attrs))
      continue;
    Function fn;
    WCOMP_ASSIGN(fn, func(f.func, sc));
    fn.name = f.name.name;
    fn.offset = f.name.offset;
    fn.resource = self;
    fn.docs = f.attrs.docs;
    fn.stability = stabilityOf(f.attrs);
    fn.externalId = f.attrs.externalId;
    if (!fnames.insert(f.name.name).second)
      return makeError(f.name.offset, "function `" + f.name.name + "` is defined more than once in `" +
                                          d.name.name + "`");
    if (f.kind == ast::ResourceFunc::Constructor) {
      if (hasConstructor)
        return makeError(f.name.offset, "resource `" + d.name.name + "` has two constructors");
      hasConstructor = true;
      fn.kind = Function::Constructor;
      // The result is the resource itself, or a `result` of it (fallible).
      auto ownsSelf = [&](const std::optional<TypeRef> &x) {
        return x && x->prim == TypeRef::Defined && r[x->id].kind == TypeDef::Own &&
               r.dealias(r[x->id].resource) == self;
      };
      if (!fn.result) {
        TypeDef own;
        own.kind = TypeDef::Own;
        own.resource = self;
        fn.result = TypeRef::of(add(std::move(own)));
      } else if (!(fn.result->prim == TypeRef::Defined && r[fn.result->id].kind == TypeDef::Result &&
                   ownsSelf(r[fn.result->id].a))) {
        return makeError(f.func.result->offset, "the result of a constructor must be `result<" +
                                                    d.name.name + ", E>`");
      }
    } else if (f.kind == ast::ResourceFunc::Static) {
      fn.kind = Function::Static;
    } else {
      fn.kind = Function::Method;
      TypeDef b;
      b.kind = TypeDef::Borrow;
      b.resource = self;
      fn.params.insert(fn.params.begin(), {"self", TypeRef::of(add(std::move(b)))});
    }
    funcs.push_back(std::move(fn));
  }
  r[id] = std::move(t);
  return llvm::Error::success();
}

llvm::Error Resolver::noCycles(TypeId t, llvm::DenseMap<uint32_t, uint8_t> &state,
                               unsigned depth) {
  // Chains of named types can be as long as the file: bound the recursion.
  if (depth > 10000) {
    auto off = typeOffsets.find(t.index);
    return makeError(off == typeOffsets.end() ? 0 : off->second,
                     "types refer to each other too deeply (more than 10000 levels)");
  }
  uint8_t &s = state[t.index];
  if (s == 2)
    return llvm::Error::success();
  if (s == 1) {
    auto off = typeOffsets.find(t.index);
    return makeError(off == typeOffsets.end() ? 0 : off->second,
                     "type `" + r[t].name + "` depends on itself");
  }
  s = 1;
  const TypeDef d = r[t]; // a copy: `state` may grow, `r.types` does not
  auto visit = [&](const std::optional<TypeRef> &x) -> llvm::Error {
    if (x && x->prim == TypeRef::Defined)
      return noCycles(x->id, state, depth + 1);
    return llvm::Error::success();
  };
  WCOMP_CHECK(visit(d.a));
  WCOMP_CHECK(visit(d.b));
  for (const TypeRef &x : d.types)
    WCOMP_CHECK(visit(x));
  for (const Member &m : d.members)
    WCOMP_CHECK(visit(m.type));
  state[t.index] = 2;
  return llvm::Error::success();
}

llvm::Error Resolver::items(const std::vector<ast::InterfaceItem> &its, uint32_t file,
                            InterfaceId id) {
  Scope sc;
  sc.owner = {TypeOwner::Interface, id.index};
  std::vector<std::pair<std::string, TypeId>> types;
  std::vector<std::pair<const ast::InterfaceItem *, TypeId>> defs;
  // Names first, so that bodies may refer to any of them.
  for (const ast::InterfaceItem &it : its) {
    if (!active(it.attrs)) {
      if (it.kind == ast::InterfaceItem::TypeItem)
        WCOMP_CHECK(gatedOutResource(it.type));
      continue;
    }
    if (it.kind == ast::InterfaceItem::UseItem) {
      WCOMP_CHECK(use(it.use, file, sc, types, stabilityOf(it.attrs)));
    } else if (it.kind == ast::InterfaceItem::TypeItem) {
      TypeId t;
      WCOMP_ASSIGN(t, declare(sc, it.type));
      types.push_back({it.type.name.name, t});
      defs.push_back({&it, t});
    } else {
      WCOMP_CHECK(claim(sc, it.funcName));
    }
  }
  std::vector<Function> funcs;
  for (const ast::InterfaceItem &it : its) {
    if (!active(it.attrs))
      continue;
    if (it.kind == ast::InterfaceItem::TypeItem) {
      TypeId t = sc.types[it.type.name.name];
      WCOMP_CHECK(typeDef(it.type, it.attrs, sc, t, funcs));
    } else if (it.kind == ast::InterfaceItem::FuncItem) {
      Function fn;
      WCOMP_ASSIGN(fn, func(it.func, sc));
      fn.name = it.funcName.name;
      fn.offset = it.funcName.offset;
      fn.docs = it.attrs.docs;
      fn.stability = stabilityOf(it.attrs);
      fn.externalId = it.attrs.externalId;
      funcs.push_back(std::move(fn));
    }
  }
  // Every name of an interface (its types, then its functions by their
  // component names, `[method]r.f`) must be strongly unique: `[method]r.r`
  // stands for `r` and collides with the resource itself.
  llvm::StringMap<std::string> seen;
  auto unique = [&](const std::string &n, uint32_t at) -> llvm::Error {
    auto [prior, fresh] = seen.try_emplace(binary::stronglyUniqueKey(n), n);
    if (fresh)
      return llvm::Error::success();
    return makeError(at, prior->second == n
                             ? "name `" + n + "` is defined more than once"
                             : "name `" + n + "` conflicts with previous name `" + prior->second + "`");
  };
  for (auto &[n, t] : types)
    WCOMP_CHECK(unique(n, typeOffsets.lookup(t.index)));
  for (const Function &f : funcs)
    WCOMP_CHECK(unique(r.functionName(f), f.offset));
  llvm::DenseMap<uint32_t, uint8_t> state;
  for (auto &[d, t] : defs)
    WCOMP_CHECK(noCycles(t, state));
  r[id].types = dependencyOrder(types);
  r[id].functions = std::move(funcs);
  return llvm::Error::success();
}

std::vector<std::pair<std::string, TypeId>>
Resolver::dependencyOrder(const std::vector<std::pair<std::string, TypeId>> &types) const {
  // wasm-tools' order, which its printer and encoder follow: `use`d names
  // first, then the defined types topologically, each time taking the
  // earliest-written type whose dependencies are placed (Kahn's algorithm;
  // `use`d names take part at their written position).
  llvm::DenseMap<uint32_t, size_t> pos;
  for (size_t i = 0; i < types.size(); ++i)
    pos[types[i].second.index] = i;
  std::vector<std::vector<size_t>> users(types.size());
  std::vector<size_t> remaining(types.size(), 0);
  // The types of this scope a definition refers to, looking through
  // anonymous types (`list<point>`).
  std::function<void(const TypeDef &, llvm::SmallVectorImpl<size_t> &, unsigned)> inside;
  auto refs = [&](const TypeRef &t, llvm::SmallVectorImpl<size_t> &out, unsigned depth) {
    if (t.prim != TypeRef::Defined || depth > 256)
      return;
    if (auto it = pos.find(t.id.index); it != pos.end())
      out.push_back(it->second);
    else if (r[t.id].name.empty())
      inside(r[t.id], out, depth + 1); // named elsewhere: not a dependency here
  };
  inside = [&](const TypeDef &d, llvm::SmallVectorImpl<size_t> &out, unsigned depth) {
    for (const Member &m : d.members)
      if (m.type)
        refs(*m.type, out, depth);
    for (const TypeRef &x : d.types)
      refs(x, out, depth);
    for (const auto &x : {d.a, d.b})
      if (x)
        refs(*x, out, depth);
    if (d.resource.valid())
      refs(TypeRef::of(d.resource), out, depth);
  };
  std::vector<bool> isUse(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    isUse[i] = r.isUse(types[i].second);
    if (isUse[i])
      continue;
    llvm::SmallVector<size_t, 8> deps;
    inside(r[types[i].second], deps, 0);
    remaining[i] = deps.size();
    for (size_t j : deps)
      users[j].push_back(i);
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i = 0; i < types.size(); ++i)
    if (!remaining[i])
      ready.push(i);
  std::vector<std::pair<std::string, TypeId>> out;
  for (size_t i = 0; i < types.size(); ++i)
    if (isUse[i])
      out.push_back(types[i]);
  std::vector<bool> placed(types.size());
  while (!ready.empty()) {
    size_t i = ready.top();
    ready.pop();
    placed[i] = true;
    if (!isUse[i])
      out.push_back(types[i]);
    for (size_t u : users[i])
      if (--remaining[u] == 0)
        ready.push(u);
  }
  for (size_t i = 0; i < types.size(); ++i) // cycles were refused; keep anything left
    if (!placed[i] && !isUse[i])
      out.push_back(types[i]);
  return out;
}

llvm::Error Resolver::gatedOutContents(const ast::PackageItem &item) {
  // An interface or world left out by its gate may not hold a type (or a
  // `use`d name) that its own gate keeps: wit-parser fails on the dangling
  // reference from that type to its owner.
  auto fail = [](uint32_t at, bool iface) {
    return makeError(at, std::string("found a reference to a ") +
                             (iface ? "interface" : "world") +
                             " which is excluded due to its feature not being activated; this "
                             "type is not gated by a feature but its " +
                             (iface ? "interface" : "world") + " is");
  };
  if (item.kind == ast::PackageItem::InterfaceItem) {
    for (const ast::InterfaceItem &it : item.iface.items) {
      if (!active(it.attrs) || it.kind == ast::InterfaceItem::FuncItem)
        continue;
      if (it.kind == ast::InterfaceItem::TypeItem)
        return fail(it.type.name.offset, true);
      if (!it.use.names.empty())
        return fail(it.use.names[0].first.offset, true);
    }
  } else {
    for (const ast::WorldItem &it : item.world.items) {
      if (!active(it.attrs))
        continue;
      if (it.kind == ast::WorldItem::TypeItem)
        return fail(it.type.name.offset, false);
      if (it.kind == ast::WorldItem::UseItem && !it.use.names.empty())
        return fail(it.use.names[0].first.offset, false);
    }
  }
  return llvm::Error::success();
}

llvm::Error Resolver::gatedOutResource(const ast::TypeDef &d) {
  // A resource left out by its gate: a function of it that its own gate
  // keeps would refer to it.
  if (d.kind != ast::TypeDef::Resource)
    return llvm::Error::success();
  for (const ast::ResourceFunc &f : d.funcs)
    if (active(f.attrs))
      return makeError(f.name.offset, "found a reference to a type which is excluded due to "
                                      "its feature not being activated");
  return llvm::Error::success();
}

bool Resolver::active(const ast::Attrs &a) {
  if (!opts.enabled(a.gates.unstable))
    return false;
  const std::string &since = a.gates.since, &version = r[pkg].version;
  if (since.empty() || gateError)
    return true;
  if (version.empty())
    gateError = {a.gates.offset, "package `" + r[pkg].id() +
                                     "` contains a feature gate with a version, so it must "
                                     "have a version itself"};
  else if (binary::compareSemver(since, version) > 0)
    gateError = {a.gates.offset, "feature gate cannot refer to unreleased version " + since +
                                     " of package `" + r[pkg].id() + "` (its version is " +
                                     version + ")"};
  return true;
}

llvm::Expected<PackageId> Resolver::package(const PackageSource &src) {
  for (const Package &p : r.packages)
    if (p.ns == src.name.ns && p.name == src.name.name && p.version == src.name.version)
      return makeError(src.name.offset, "package `" + src.name.str() + "` is defined twice");
  Package p;
  p.ns = src.name.ns;
  p.name = src.name.name;
  p.version = src.name.version;
  p.docs = src.docs;
  r.packages.push_back(std::move(p));
  pkg = PackageId{uint32_t(r.packages.size() - 1)};
  fileUses.clear();
  pending.clear();
  gateError.reset();
  // Every interface and world gets its id before anything is resolved.
  llvm::StringMap<uint32_t> taken;
  std::vector<std::pair<uint32_t, const ast::Interface *>> ifaces;
  std::vector<std::pair<uint32_t, const ast::World *>> worlds;
  for (auto &[file, item] : src.items) {
    if (item->kind == ast::PackageItem::UseItem)
      continue;
    if (!active(item->kind == ast::PackageItem::InterfaceItem ? item->iface.attrs
                                                              : item->world.attrs)) {
      WCOMP_CHECK(gatedOutContents(*item));
      continue;
    }
    const ast::Ident &name =
        item->kind == ast::PackageItem::InterfaceItem ? item->iface.name : item->world.name;
    if (!taken.try_emplace(name.name, name.offset).second)
      return makeError(name.offset, "`" + name.name + "` is defined more than once in package `" +
                                        src.name.str() + "`");
    if (item->kind == ast::PackageItem::InterfaceItem) {
      Interface i;
      i.name = name.name;
      i.package = pkg;
      i.docs = item->iface.attrs.docs;
      i.stability = stabilityOf(item->iface.attrs);
      r.addInterface(std::move(i));
      ifaces.push_back({file, &item->iface});
    } else {
      World w;
      w.name = name.name;
      w.package = pkg;
      w.docs = item->world.attrs.docs;
      w.stability = stabilityOf(item->world.attrs);
      r.addWorld(std::move(w));
      worlds.push_back({file, &item->world});
    }
  }
  // A file's own interfaces and worlds, which its top-level `use ... as`
  // names may not shadow (wit-parser: "duplicate name in this file").
  std::set<std::pair<uint32_t, std::string>> defined;
  for (auto &[file, item] : src.items)
    if (item->kind == ast::PackageItem::InterfaceItem)
      defined.insert({file, item->iface.name.name});
    else if (item->kind == ast::PackageItem::WorldItem)
      defined.insert({file, item->world.name.name});
  for (auto &[file, item] : src.items)
    if (item->kind == ast::PackageItem::UseItem) {
      InterfaceId id;
      WCOMP_ASSIGN(id, iface(item->use, file));
      const ast::Ident &as = item->useAs ? *item->useAs : item->use.name;
      if (defined.count({file, as.name}))
        return makeError(as.offset, "duplicate name `" + as.name + "` in this file");
      if (!fileUses[file].try_emplace(as.name, id).second)
        return makeError(as.offset, "`" + as.name + "` is imported more than once in this file");
    }
  // Interfaces in the order their `use`s of each other require, as
  // wasm-tools orders them: repeatedly the earliest-written interface whose
  // dependencies are resolved (Kahn's algorithm: no recursion, so a chain of
  // any length is fine); what is left over is a cycle.
  llvm::DenseMap<uint32_t, size_t> slot;
  for (size_t k = 0; k < ifaces.size(); ++k)
    slot[r[pkg].interfaces[k].second.index] = k;
  std::vector<std::vector<std::pair<size_t, uint32_t>>> deps(ifaces.size()); // (dep, offset)
  std::vector<std::vector<size_t>> users(ifaces.size());
  std::vector<size_t> remaining(ifaces.size(), 0);
  for (size_t k = 0; k < ifaces.size(); ++k) {
    for (const ast::InterfaceItem &it : ifaces[k].second->items) {
      if (it.kind != ast::InterfaceItem::UseItem || !active(it.attrs))
        continue;
      InterfaceId dep;
      WCOMP_ASSIGN(dep, iface(it.use.path, ifaces[k].first));
      auto j = slot.find(dep.index);
      if (j == slot.end())
        continue; // another package's: resolved already
      if (j->second == k)
        return makeError(it.use.path.name.offset,
                         "interface `" + ifaces[k].second->name.name + "` depends on itself");
      deps[k].push_back({j->second, it.use.path.name.offset});
      users[j->second].push_back(k);
      ++remaining[k];
    }
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t k = 0; k < ifaces.size(); ++k)
    if (!remaining[k])
      ready.push(k);
  size_t done = 0;
  while (!ready.empty()) {
    size_t k = ready.top();
    ready.pop();
    ++done;
    WCOMP_CHECK(items(ifaces[k].second->items, ifaces[k].first, r[pkg].interfaces[k].second));
    for (size_t u : users[k])
      if (--remaining[u] == 0)
        ready.push(u);
  }
  if (done != ifaces.size())
    for (size_t k = 0; k < ifaces.size(); ++k)
      for (auto &[j, at] : deps[k])
        if (remaining[k] && remaining[j])
          return makeError(at, "interface `" + ifaces[j].second->name.name +
                                   "` depends on itself");
  for (size_t k = 0; k < worlds.size(); ++k)
    WCOMP_CHECK(world(*worlds[k].second, worlds[k].first, r[pkg].worlds[k].second));
  llvm::DenseMap<uint32_t, uint8_t> wstate;
  for (size_t k = 0; k < worlds.size(); ++k)
    WCOMP_CHECK(includes(r[pkg].worlds[k].second, wstate));
  for (size_t k = 0; k < worlds.size(); ++k)
    WCOMP_CHECK(elaborate(r[pkg].worlds[k].second, worlds[k].second->name.offset));
  if (gateError)
    return makeError(gateError->first, gateError->second);
  return pkg;
}

} // namespace wcomp::wit::detail
