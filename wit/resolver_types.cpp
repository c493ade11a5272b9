//===- wit/resolver_types.cpp - Types, functions and `use`s of a scope ----===//
//
// The named types of an interface or world are resolved in wit-parser's
// order, so that ids (and `--json`) come out as wit-parser numbers them:
// `use`d names first, then definitions in dependency order (ties by the
// order written), each after its anonymous parts. Cycles are what the
// dependency sort cannot place. Functions come after all types.
//
//===----------------------------------------------------------------------===//
#include "wit/resolver_impl.h"

#include "binary/names.h"

#include <queue>

namespace wcomp::wit::detail {

using binary::makeError;

namespace {

/// Type expressions that are a structure of their own (not a name).
bool isCompound(ast::Type::Kind k) {
  using K = ast::Type;
  switch (k) {
  case K::List: case K::FixedList: case K::Option: case K::Future: case K::Stream:
  case K::Tuple: case K::Map: case K::Result:
    return true;
  default:
    return false;
  }
}

/// "; did you mean `x`?" for a type name not in scope: the closest name in
/// scope or built-in type, when close enough to be a likely typo.
std::string didYouMean(llvm::StringRef name, const Scope &sc) {
  static const char *const builtins[] = {"bool", "u8",  "u16", "u32",    "u64",  "s8",
                                         "s16",  "s32", "s64", "f32",    "f64",  "char",
                                         "string", "list", "option", "result", "tuple",
                                         "future", "stream", "borrow", "own", "error-context"};
  std::string best;
  unsigned bestDistance = ~0u;
  auto consider = [&](llvm::StringRef candidate) {
    unsigned d = candidate.edit_distance(name, true, 4);
    // Ties go to the first in byte order: the scope is a hash map.
    if (d <= std::max<size_t>(2, name.size() / 3) &&
        (d < bestDistance || (d == bestDistance && candidate < best)))
      bestDistance = d, best = candidate.str();
  };
  for (const auto &entry : sc.types)
    consider(entry.getKey());
  for (const char *b : builtins)
    consider(b);
  return best.empty() ? std::string() : "; did you mean `" + best + "`?";
}

} // namespace

llvm::Expected<TypeRef> Resolver::type(const ast::Type &t, Scope &sc, const Stability &ctx) {
  using K = ast::Type;
  if (t.kind <= K::ErrorContext)
    return TypeRef{TypeRef::Prim(t.kind), {}};
  auto named = [&](const ast::Ident &n) -> llvm::Expected<TypeId> {
    auto it = sc.types.find(n.name);
    if (it == sc.types.end() && sc.gatedOut.contains(n.name)) {
      excludedHit = true;
      return makeError(n.offset, "found a reference to a type which is excluded due to its "
                                 "feature not being activated");
    }
    if (it == sc.types.end())
      return makeError(n.offset, "type `" + n.name + "` does not exist" + didYouMean(n.name, sc));
    return it->second;
  };
  TypeDef d;
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
    d.stability = ctx.empty() ? inherited(d) : ctx;
    return TypeRef::of(anon(std::move(d)));
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
    d.stability = ctx.empty() ? inherited(d) : ctx;
    return TypeRef::of(anon(std::move(d)));
  }
  case K::List: case K::FixedList: case K::Option: case K::Future: case K::Stream:
  case K::Tuple: case K::Map: case K::Result:
    WCOMP_CHECK(compound(t, sc, d, ctx));
    break;
  default:
    return makeError(t.offset, "unexpected type");
  }
  d.stability = ctx.empty() ? inherited(d) : ctx;
  return TypeRef::of(anon(std::move(d)));
}

TypeId Resolver::anon(TypeDef d) {
  // One id per structure in a package, as wit-parser interns them (the
  // first one made keeps its gate).
  std::string key = structuralKey(d, [](uint32_t i) { return i; });
  auto [it, fresh] = anonTypes.try_emplace(key, TypeId{});
  if (fresh)
    it->second = add(std::move(d));
  return it->second;
}

Stability Resolver::inherited(const TypeDef &d) const {
  // wit-parser's rule: an anonymous type written outside any gate takes
  // the gate of the first type it refers to directly that has one.
  auto of = [&](const std::optional<TypeRef> &x) -> const Stability * {
    if (x && x->prim == TypeRef::Defined && !r[x->id].stability.empty())
      return &r[x->id].stability;
    return nullptr;
  };
  if (d.resource.valid())
    return of(TypeRef::of(d.resource)) ? *of(TypeRef::of(d.resource)) : Stability{};
  for (const TypeRef &x : d.types)
    if (auto *s = of(x))
      return *s;
  if (auto *s = of(d.a))
    return *s;
  if (auto *s = of(d.b))
    return *s;
  return {};
}

llvm::Error Resolver::compound(const ast::Type &t, Scope &sc, TypeDef &d, const Stability &ctx) {
  using K = ast::Type;
  switch (t.kind) {
  case K::List: case K::FixedList: case K::Option: case K::Future: case K::Stream:
    d.kind = t.kind == K::List      ? TypeDef::List
             : t.kind == K::FixedList ? TypeDef::FixedList
             : t.kind == K::Option  ? TypeDef::Option
             : t.kind == K::Future  ? TypeDef::Future
                                    : TypeDef::Stream;
    d.length = t.length;
    if (!t.args.empty())
      WCOMP_ASSIGN(d.a, type(t.args[0], sc, ctx));
    break;
  case K::Tuple:
    d.kind = TypeDef::Tuple;
    for (size_t i = 0; i < t.args.size(); ++i) {
      TypeRef x;
      WCOMP_ASSIGN(x, type(t.args[i], sc, ctx));
      d.types.push_back(x);
    }
    break;
  case K::Map: {
    d.kind = TypeDef::Map;
    WCOMP_ASSIGN(d.a, type(t.args[0], sc, ctx));
    WCOMP_ASSIGN(d.b, type(t.args[1], sc, ctx));
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
      WCOMP_ASSIGN(d.a, type(t.args[i++], sc, ctx));
    if (t.hasErr)
      WCOMP_ASSIGN(d.b, type(t.args[i], sc, ctx));
    break;
  }
  default:
    return makeError(t.offset, "unexpected type");
  }
  return llvm::Error::success();
}

llvm::Expected<Function> Resolver::func(const ast::Func &f, Scope &sc, TypeId selfOf) {
  Function out;
  out.async = f.async;
  out.accessor = Function::Accessor(f.accessor);
  // Accessors' shapes (wit-parser's rules and words).
  if (f.accessor == ast::Func::Getter && !f.params.empty())
    return makeError(f.params[0].first.offset, "getters cannot have parameters");
  if (f.accessor == ast::Func::Setter && f.params.size() != 1)
    return makeError(f.params.size() > 1 ? f.params[1].first.offset : f.offset,
                     "setters must have exactly one parameter");
  if (f.accessor == ast::Func::Getter && !f.result)
    return makeError(f.offset, "getters must return a value");
  if (selfOf.valid()) {
    // A method's `self: borrow<r>` comes first (its handle type too, as
    // wit-parser makes it before the other parameters' types).
    TypeDef b;
    b.kind = TypeDef::Borrow;
    b.resource = selfOf;
    b.stability = inherited(b);
    out.params.push_back({"self", TypeRef::of(anon(std::move(b)))});
  }
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
    if (f.accessor == ast::Func::Setter &&
        !(x.prim == TypeRef::Defined && r[x.id].kind == TypeDef::Result && !r[x.id].a))
      return makeError(f.result->offset, "if a setter return type is declared it must be a "
                                         "`result` with no `ok` type");
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
                          std::vector<std::pair<std::string, TypeId>> &out, const Stability &gate,
                          const std::optional<std::string> &externalId) {
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
    d.externalId = externalId;
    d.a = TypeRef::of(target);
    TypeId id = add(std::move(d));
    typeOffsets[id.index] = local.offset;
    sc.types[local.name] = id;
    out.push_back({local.name, id});
  }
  return llvm::Error::success();
}

llvm::Error Resolver::defineTypes(const std::vector<Def> &defs, Scope &sc,
                                  std::vector<std::pair<std::string, TypeId>> &out) {
  llvm::StringMap<size_t> pos;
  for (size_t k = 0; k < defs.size(); ++k)
    pos[defs[k].def->name.name] = k;
  // Each definition's edges to the others: the names its structure
  // mentions (an explicit stack: nesting is the writer's to choose).
  std::vector<std::vector<std::pair<size_t, const ast::Ident *>>> deps(defs.size());
  std::vector<std::vector<size_t>> users(defs.size());
  std::vector<size_t> remaining(defs.size(), 0);
  std::vector<const ast::Type *> stack;
  for (size_t k = 0; k < defs.size(); ++k) {
    const ast::TypeDef &d = *defs[k].def;
    if (d.kind == ast::TypeDef::Alias)
      stack.push_back(&d.alias);
    for (const ast::Member &m : d.members)
      if (m.type)
        stack.push_back(&*m.type);
    while (!stack.empty()) {
      const ast::Type *t = stack.back();
      stack.pop_back();
      if (t->kind == ast::Type::Named || t->kind == ast::Type::Own || t->kind == ast::Type::Borrow)
        if (auto j = pos.find(t->name.name); j != pos.end()) {
          deps[k].push_back({j->second, &t->name});
          users[j->second].push_back(k);
          ++remaining[k];
        }
      for (auto it = t->args.rbegin(); it != t->args.rend(); ++it)
        stack.push_back(&*it);
    }
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t k = 0; k < defs.size(); ++k)
    if (!remaining[k])
      ready.push(k);
  size_t placed = 0;
  while (!ready.empty()) {
    size_t k = ready.top();
    ready.pop();
    ++placed;
    const ast::TypeDef &d = *defs[k].def;
    TypeDef t;
    WCOMP_ASSIGN(t, typeDef(d, *defs[k].attrs, sc));
    TypeId id = add(std::move(t));
    typeOffsets[id.index] = d.name.offset;
    sc.types[d.name.name] = id;
    out.push_back({d.name.name, id});
    for (size_t u : users[k])
      if (--remaining[u] == 0)
        ready.push(u);
  }
  if (placed != defs.size())
    for (size_t k = 0; k < defs.size(); ++k)
      for (auto &[j, name] : deps[k])
        if (remaining[k] && remaining[j])
          return makeError(name->offset, "type `" + name->name + "` depends on itself");
  return llvm::Error::success();
}

llvm::Expected<TypeDef> Resolver::typeDef(const ast::TypeDef &d, const ast::Attrs &a, Scope &sc) {
  static const TypeDef::Kind kinds[] = {TypeDef::Alias, TypeDef::Record, TypeDef::Variant,
                                        TypeDef::Enum,  TypeDef::Flags,  TypeDef::Resource};
  TypeDef t;
  t.kind = kinds[d.kind];
  t.name = d.name.name;
  t.docs = a.docs;
  t.stability = stabilityOf(a);
  t.externalId = a.externalId;
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
      return makeError(d.alias.name.offset, "type `" + d.alias.name.name + "` does not exist" +
                                                didYouMean(d.alias.name.name, sc));
    if (r[r.dealias(it->second)].kind != TypeDef::Resource)
      return makeError(d.alias.name.offset,
                       "type `" + d.alias.name.name + "` used in a handle must be a resource");
    t.kind = d.alias.kind == ast::Type::Own ? TypeDef::Own : TypeDef::Borrow;
    t.resource = it->second;
  } else if (d.kind == ast::TypeDef::Alias && isCompound(d.alias.kind)) {
    // `type t = list<u8>`: the named type is the list (wit-parser's model).
    WCOMP_CHECK(compound(d.alias, sc, t, t.stability));
  } else if (d.kind == ast::TypeDef::Alias)
    WCOMP_ASSIGN(t.a, type(d.alias, sc, t.stability));
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
      WCOMP_ASSIGN(x.type, type(*m.type, sc, t.stability));
    t.members.push_back(std::move(x));
  }
  return t;
}

llvm::Error Resolver::resourceFuncs(const ast::TypeDef &d, Scope &sc, TypeId self,
                                    std::vector<Function> &funcs) {
  bool hasConstructor = false;
  llvm::StringSet<> fnames;
  for (const ast::ResourceFunc &f : d.funcs) {
    if (!active(f.attrs)) {
      WCOMP_CHECK(
          shadowFunc(f.func, sc, f.kind == ast::ResourceFunc::Method ? self : TypeId{}));
      continue;
    }
    Function fn;
    WCOMP_ASSIGN(fn, func(f.func, sc, f.kind == ast::ResourceFunc::Method ? self : TypeId{}));
    fn.name = f.name.name;
    fn.offset = f.name.offset;
    fn.resource = self;
    fn.docs = f.attrs.docs;
    fn.stability = stabilityOf(f.attrs);
    fn.externalId = f.attrs.externalId;
    // A getter and a setter share a name; clashes between kinds are
    // strong-uniqueness errors of the interface.
    std::string key = (f.func.accessor == ast::Func::Getter   ? "[get]"
                       : f.func.accessor == ast::Func::Setter ? "[set]"
                                                              : "") +
                      f.name.name;
    if (!fnames.insert(key).second)
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
        fn.result = TypeRef::of(anon(std::move(own)));
      } else if (!(fn.result->prim == TypeRef::Defined && r[fn.result->id].kind == TypeDef::Result &&
                   ownsSelf(r[fn.result->id].a))) {
        return makeError(f.func.result->offset, "the result of a constructor must be `result<" +
                                                    d.name.name + ", E>`");
      }
    } else if (f.kind == ast::ResourceFunc::Static) {
      fn.kind = Function::Static;
    } else {
      fn.kind = Function::Method;
    }
    funcs.push_back(std::move(fn));
  }
  return llvm::Error::success();
}

llvm::Error Resolver::shadowFunc(const ast::Func &f, Scope &sc, TypeId selfOf) {
  // wit-parser resolves what gates leave out before it drops it, and keeps
  // the anonymous types made on the way unless they refer to something
  // left out: make the same ones, for the same ids.
  if (selfOf.valid()) {
    TypeDef b;
    b.kind = TypeDef::Borrow;
    b.resource = selfOf;
    b.stability = inherited(b);
    anon(std::move(b));
  }
  auto one = [&](const ast::Type &t) -> llvm::Error {
    excludedHit = false;
    auto x = type(t, sc);
    if (x || !excludedHit)
      return x.takeError();
    excludedHit = false;
    // It names a type its gate left out: so would what encloses it.
    llvm::consumeError(x.takeError());
    return llvm::Error::success();
  };
  for (auto &[name, t] : f.params)
    WCOMP_CHECK(one(t));
  if (f.result)
    WCOMP_CHECK(one(*f.result));
  return llvm::Error::success();
}

llvm::Error Resolver::shadow(const std::vector<ast::InterfaceItem> &its) {
  // Every type of an interface its gate leaves out is left out too
  // (gatedOutContents); its functions are resolved for their types.
  Scope sc;
  for (const ast::InterfaceItem &it : its)
    gateOut(sc, it.kind == ast::InterfaceItem::TypeItem ? &it.type : nullptr,
            it.kind == ast::InterfaceItem::UseItem ? &it.use : nullptr);
  for (const ast::InterfaceItem &it : its) {
    if (it.kind == ast::InterfaceItem::FuncItem)
      WCOMP_CHECK(shadowFunc(it.func, sc, {}));
    else if (it.kind == ast::InterfaceItem::TypeItem)
      for (const ast::ResourceFunc &f : it.type.funcs)
        WCOMP_CHECK(shadowFunc(f.func, sc, {}));
  }
  return llvm::Error::success();
}

llvm::Error Resolver::shadow(const ast::WorldItem &it, Scope *within) {
  Scope none;
  Scope &sc = within ? *within : none;
  if (it.kind == ast::WorldItem::TypeItem)
    for (const ast::ResourceFunc &f : it.type.funcs)
      WCOMP_CHECK(shadowFunc(f.func, sc, {}));
  else if ((it.kind == ast::WorldItem::Import || it.kind == ast::WorldItem::Export) &&
           it.form == ast::WorldItem::NamedFunc)
    WCOMP_CHECK(shadowFunc(it.func, sc, {}));
  else if ((it.kind == ast::WorldItem::Import || it.kind == ast::WorldItem::Export) &&
           it.form == ast::WorldItem::NamedInterface)
    WCOMP_CHECK(shadow(it.inlineIface.items));
  return llvm::Error::success();
}

void Resolver::gateOut(Scope &sc, const ast::TypeDef *def, const ast::Use *use) {
  if (def)
    sc.gatedOut.insert(def->name.name);
  if (use)
    for (auto &[name, as] : use->names)
      sc.gatedOut.insert((as ? *as : name).name);
}

} // namespace wcomp::wit::detail
