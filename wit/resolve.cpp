//===- wit/resolve.cpp - Resolve queries, package order, world choice -----===//
//
// The Resolve's own queries (names, dependencies, aliases), and the entry
// points around the resolver: packages resolved in wit-parser's order, and
// the world a user names.
//
//===----------------------------------------------------------------------===//
#include "wit/resolver_impl.h"

#include "binary/names.h"

#include <algorithm>
#include <functional>

namespace wcomp::wit {

using binary::makeError;
using detail::Resolver;

namespace {

/// The packages `p` refers to by name.
void foreignRefs(const PackageSource &p, std::vector<const ast::PackageName *> &out) {
  auto path = [&](const ast::UsePath &u) {
    if (u.package)
      out.push_back(&*u.package);
  };
  auto ifaceItems = [&](const std::vector<ast::InterfaceItem> &items) {
    for (const ast::InterfaceItem &i : items)
      if (i.kind == ast::InterfaceItem::UseItem)
        path(i.use.path);
  };
  for (auto &[file, item] : p.items) {
    if (item->kind == ast::PackageItem::UseItem)
      path(item->use);
    ifaceItems(item->iface.items);
    for (const ast::WorldItem &w : item->world.items) {
      if (w.form == ast::WorldItem::ByPath || w.form == ast::WorldItem::NamedPath ||
          w.kind == ast::WorldItem::Include)
        path(w.path);
      if (w.kind == ast::WorldItem::UseItem)
        path(w.use.path);
      ifaceItems(w.inlineIface.items);
    }
  }
}

} // namespace

std::string Resolve::interfaceName(InterfaceId i) const {
  const Interface &f = interfaces[i.index];
  const Package &p = packages[f.package.index];
  return p.ns + ":" + p.name + "/" + f.name + (p.version.empty() ? "" : "@" + p.version);
}

const char *primName(TypeRef::Prim p) {
  static const char *names[] = {"bool", "u8",  "u16", "u32",  "u64",    "s8",           "s16",
                                "s32",  "s64", "f32", "f64", "char", "string", "error-context"};
  return p < TypeRef::Defined ? names[p] : "type";
}

void Resolve::interfaceDirectDeps(InterfaceId i, std::vector<InterfaceId> &out) const {
  for (auto &[name, t] : interfaces[i.index].types) {
    const TypeDef &d = types[t.index];
    if (d.kind != TypeDef::Alias || !d.a || d.a->prim != TypeRef::Defined)
      continue;
    const TypeOwner &o = types[d.a->id.index].owner;
    if (o.kind != TypeOwner::Interface || o.index == i.index)
      continue;
    if (std::find(out.begin(), out.end(), InterfaceId{o.index}) == out.end())
      out.push_back(InterfaceId{o.index});
  }
}

void Resolve::interfaceDeps(InterfaceId i, std::vector<InterfaceId> &out) const {
  std::vector<InterfaceId> direct;
  interfaceDirectDeps(i, direct);
  for (InterfaceId dep : direct) {
    if (std::find(out.begin(), out.end(), dep) != out.end())
      continue;
    interfaceDeps(dep, out); // its own dependencies come first
    if (std::find(out.begin(), out.end(), dep) == out.end())
      out.push_back(dep);
  }
}

InterfaceId Resolve::addInterface(Interface i) {
  InterfaceId id{uint32_t(interfaces.size())};
  if (!i.name.empty())
    packages[i.package.index].interfaces.push_back({i.name, id});
  interfaces.push_back(std::move(i));
  return id;
}

WorldId Resolve::addWorld(World w) {
  WorldId id{uint32_t(worlds.size())};
  packages[w.package.index].worlds.push_back({w.name, id});
  worlds.push_back(std::move(w));
  return id;
}

bool Resolve::isUse(TypeId t) const {
  const TypeDef &d = types[t.index];
  if (d.kind != TypeDef::Alias || !d.a || d.a->prim != TypeRef::Defined)
    return false;
  const TypeOwner &o = types[d.a->id.index].owner;
  return o.kind == TypeOwner::Interface && !(o == d.owner);
}

std::string Resolve::functionName(const Function &f) const {
  std::string acc = f.accessor == Function::Getter   ? "[get]"
                    : f.accessor == Function::Setter ? "[set]"
                                                     : "";
  switch (f.kind) {
  case Function::Constructor: return "[constructor]" + types[f.resource.index].name;
  case Function::Method: return "[method]" + acc + types[f.resource.index].name + "." + f.name;
  case Function::Static: return "[static]" + acc + types[f.resource.index].name + "." + f.name;
  default: return acc + f.name;
  }
}

TypeId Resolve::dealias(TypeId t) const {
  // Alias chains are acyclic once resolved; the bound guards a half-built one.
  for (size_t guard = 0; guard < types.size() && types[t.index].kind == TypeDef::Alias &&
                         types[t.index].a && types[t.index].a->prim == TypeRef::Defined;
       ++guard)
    t = types[t.index].a->id;
  return t;
}

namespace {
/// `[get]`/`[set]` after any `[method]`/`[static]`: 1 getter, 2 setter.
int accessorKind(llvm::StringRef n) {
  if (!n.consume_front("[method]"))
    n.consume_front("[static]");
  return n.starts_with("[get]") ? 1 : n.starts_with("[set]") ? 2 : 0;
}
} // namespace

std::string getterFor(llvm::StringRef setter) {
  std::string s = setter.str();
  if (size_t at = s.find("[set]"); at != std::string::npos)
    s.replace(at, 5, "[get]");
  return s;
}

std::vector<size_t> settersAfterGetters(const std::vector<std::string> &names) {
  llvm::StringMap<size_t> getters;
  for (size_t i = 0; i < names.size(); ++i)
    if (accessorKind(names[i]) == 1)
      getters.try_emplace(names[i], i);
  llvm::StringMap<std::vector<size_t>> waiting; ///< getter -> setters held back for it
  std::vector<size_t> out;
  for (size_t i = 0; i < names.size(); ++i) {
    int kind = accessorKind(names[i]);
    if (kind == 2) {
      auto g = getters.find(getterFor(names[i]));
      if (g != getters.end() && g->second > i) {
        waiting[g->first()].push_back(i);
        continue;
      }
    }
    out.push_back(i);
    if (kind == 1)
      if (auto w = waiting.find(names[i]); w != waiting.end()) {
        out.insert(out.end(), w->second.begin(), w->second.end());
        waiting.erase(w);
      }
  }
  return out;
}

PackageId dependenciesFirst(Resolve &r, uint32_t first, PackageId root) {
  // wit-parser's order for a decoded package: the packages it refers to,
  // each after those its interfaces use (depth first, in the order they
  // were met), then the package itself. Only the packages decoded here
  // move.
  uint32_t count = uint32_t(r.packages.size()) - first;
  std::vector<std::vector<uint32_t>> deps(count);
  auto local = [&](PackageId p) { return p.index >= first && p.index < first + count; };
  for (const Interface &i : r.interfaces)
    if (local(i.package)) {
      std::vector<InterfaceId> ds;
      r.interfaceDirectDeps(InterfaceId{uint32_t(&i - r.interfaces.data())}, ds);
      for (InterfaceId d : ds)
        if (local(r[d].package) && r[d].package != i.package)
          deps[i.package.index - first].push_back(r[d].package.index - first);
    }
  std::vector<uint32_t> order;
  std::vector<uint8_t> state(count, 0);
  std::vector<std::pair<uint32_t, size_t>> stack; // explicit: chains of packages
  for (uint32_t s = 0; s < count; ++s) {
    if (s + first == root.index || state[s])
      continue;
    stack.push_back({s, 0});
    state[s] = 1;
    while (!stack.empty()) {
      auto &[p, next] = stack.back();
      if (next < deps[p].size()) {
        uint32_t d = deps[p][next++];
        if (!state[d] && d + first != root.index) {
          state[d] = 1;
          stack.push_back({d, 0});
        }
        continue;
      }
      order.push_back(p);
      stack.pop_back();
    }
  }
  order.push_back(root.index - first);
  std::vector<uint32_t> newIndex(count);
  std::vector<Package> moved;
  for (uint32_t k = 0; k < order.size(); ++k) {
    newIndex[order[k]] = first + k;
    moved.push_back(std::move(r.packages[first + order[k]]));
  }
  for (uint32_t k = 0; k < moved.size(); ++k)
    r.packages[first + k] = std::move(moved[k]);
  for (Interface &i : r.interfaces)
    if (local(i.package))
      i.package = PackageId{newIndex[i.package.index - first]};
  for (World &w : r.worlds)
    if (local(w.package))
      w.package = PackageId{newIndex[w.package.index - first]};
  return PackageId{newIndex[root.index - first]};
}

std::string structuralKey(const TypeDef &d, llvm::function_ref<uint32_t(uint32_t)> rep) {
  auto ref = [&](const std::optional<TypeRef> &t) {
    if (!t)
      return std::string("_");
    if (t->prim != TypeRef::Defined)
      return std::string(primName(t->prim));
    return "#" + std::to_string(rep(t->id.index));
  };
  std::string key = std::to_string(d.kind) + ":" + std::to_string(d.length) + ":" +
                    std::to_string(d.resource.valid() ? rep(d.resource.index) : ~0u) + ":" +
                    ref(d.a) + ":" + ref(d.b);
  for (const Member &m : d.members)
    key += ":" + m.name + "=" + ref(m.type);
  for (TypeRef x : d.types)
    key += ":" + ref(x);
  return key;
}

llvm::Expected<std::vector<PackageId>> resolvePackages(Resolve &r,
                                                       const std::vector<PackageSource> &pkgs,
                                                       const ResolveOptions &opts) {
  // Dependencies first: a depth-first walk over the packages named.
  std::vector<PackageId> ids(pkgs.size());
  std::vector<uint8_t> state(pkgs.size(), 0);
  Resolver resolver(r, opts);
  std::function<llvm::Error(size_t)> visit = [&](size_t k) -> llvm::Error {
    if (state[k] == 2)
      return llvm::Error::success();
    state[k] = 1;
    std::vector<const ast::PackageName *> refs;
    foreignRefs(pkgs[k], refs);
    for (const ast::PackageName *n : refs) {
      if (n->ns == pkgs[k].name.ns && n->name == pkgs[k].name.name &&
          n->version == pkgs[k].name.version)
        continue; // a package may name itself
      for (size_t j = 0; j < pkgs.size(); ++j)
        if (pkgs[j].name.ns == n->ns && pkgs[j].name.name == n->name &&
            pkgs[j].name.version == n->version) {
          if (state[j] == 1)
            return makeError(n->offset, "package `" + pkgs[k].name.str() +
                                            "` depends on itself through `" + n->str() + "`");
          WCOMP_CHECK(visit(j));
        }
    }
    WCOMP_ASSIGN(ids[k], resolver.package(pkgs[k]));
    state[k] = 2;
    return llvm::Error::success();
  };
  // As wit-parser orders them: packages by name (namespace, name, then
  // version, none first), each after the packages it uses.
  std::vector<size_t> byName(pkgs.size());
  for (size_t k = 0; k < pkgs.size(); ++k)
    byName[k] = k;
  std::stable_sort(byName.begin(), byName.end(), [&](size_t a, size_t b) {
    const ast::PackageName &x = pkgs[a].name, &y = pkgs[b].name;
    if (x.ns != y.ns)
      return x.ns < y.ns;
    if (x.name != y.name)
      return x.name < y.name;
    if (x.version.empty() || y.version.empty())
      return x.version.empty() && !y.version.empty();
    return binary::compareSemver(x.version, y.version) < 0;
  });
  for (size_t k : byName)
    WCOMP_CHECK(visit(k));
  return ids;
}

llvm::Expected<WorldId> selectWorld(const Resolve &r, PackageId root, llvm::StringRef name) {
  auto list = [&](PackageId p) {
    std::string names;
    size_t shown = 0;
    for (auto &[n, w] : r[p].worlds) {
      // At most 20 names: a package may have thousands of worlds.
      if (shown == 20) {
        names += " and " + std::to_string(r[p].worlds.size() - shown) + " more";
        break;
      }
      names += (names.empty() ? "`" : ", `") + n + "`";
      ++shown;
    }
    return names.empty() ? std::string("it has none") : "it has " + names;
  };
  PackageId pkg = root;
  llvm::StringRef world = name;
  if (name.contains(':')) {
    // `ns:pkg/w@v`: the package by name (and version, when given).
    auto [path, version] = name.split('@');
    auto [id, w] = path.split('/');
    auto [ns, pn] = id.split(':');
    pkg = {};
    for (uint32_t i = 0; i < r.packages.size(); ++i)
      if (r.packages[i].ns == ns && r.packages[i].name == pn &&
          (version.empty() || r.packages[i].version == version))
        pkg = PackageId{i};
    if (!pkg.valid() || w.empty())
      return llvm::createStringError("no package `" + (ns + ":" + pn).str() +
                              (version.empty() ? "" : "@" + version.str()) +
                              "` with a world `" + w.str() + "` was read");
    world = w;
  }
  if (world.empty()) {
    if (r[pkg].worlds.size() == 1)
      return r[pkg].worlds[0].second;
    return llvm::createStringError("package `" + r[pkg].id() + "` has " +
                            (r[pkg].worlds.empty() ? "no world"
                                                   : "several worlds; choose one with --world (" +
                                                         list(pkg) + ")"));
  }
  // `%from` is WIT's spelling of the name `from` (a keyword escaped).
  world.consume_front("%");
  for (auto &[n, w] : r[pkg].worlds)
    if (n == world)
      return w;
  // The closest name, for a likely typo.
  std::string near;
  unsigned best = ~0u;
  for (auto &[n, w] : r[pkg].worlds) {
    unsigned d = llvm::StringRef(n).edit_distance(world, true, 4);
    if (d <= std::max<size_t>(2, world.size() / 3) && d < best)
      best = d, near = n;
  }
  return llvm::createStringError("package `" + r[pkg].id() + "` has no world `" + world.str() +
                                 "`" + (near.empty() ? "" : "; did you mean `" + near + "`?") +
                                 " (" + list(pkg) + ")");
}

} // namespace wcomp::wit
