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

#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <map>
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

llvm::Error Resolver::claim(Scope &sc, const ast::Ident &name) {
  if (!sc.names.try_emplace(name.name, name.offset).second)
    return makeError(name.offset, "name `" + name.name + "` is defined more than once");
  return llvm::Error::success();
}

llvm::Error Resolver::items(const std::vector<ast::InterfaceItem> &its, uint32_t file,
                            InterfaceId id) {
  Scope sc;
  sc.owner = {TypeOwner::Interface, id.index};
  std::vector<std::pair<std::string, TypeId>> types;
  std::vector<Def> defs;
  // Names first, in the order written; `use`d types are made first.
  for (const ast::InterfaceItem &it : its) {
    if (!active(it.attrs)) {
      if (it.kind == ast::InterfaceItem::TypeItem)
        WCOMP_CHECK(gatedOutResource(it.type));
      gateOut(sc, it.kind == ast::InterfaceItem::TypeItem ? &it.type : nullptr,
              it.kind == ast::InterfaceItem::UseItem ? &it.use : nullptr);
      continue;
    }
    if (it.kind == ast::InterfaceItem::UseItem) {
      WCOMP_CHECK(use(it.use, file, sc, types, stabilityOf(it.attrs), it.attrs.externalId));
    } else if (it.kind == ast::InterfaceItem::TypeItem) {
      WCOMP_CHECK(claim(sc, it.type.name));
      defs.push_back({&it.type, &it.attrs});
    } else {
      // An accessor's name is `[get]name`: strong uniqueness (below)
      // catches its clashes, as wit-parser words them.
      if (it.func.accessor == ast::Func::NoAccessor)
        WCOMP_CHECK(claim(sc, it.funcName));
    }
  }
  WCOMP_CHECK(defineTypes(defs, sc, types));
  // Functions, resources' among them, in the order written.
  std::vector<Function> funcs;
  for (const ast::InterfaceItem &it : its) {
    if (!active(it.attrs)) {
      if (it.kind == ast::InterfaceItem::FuncItem)
        WCOMP_CHECK(shadowFunc(it.func, sc, {}));
      else if (it.kind == ast::InterfaceItem::TypeItem)
        for (const ast::ResourceFunc &f : it.type.funcs)
          WCOMP_CHECK(shadowFunc(f.func, sc, {}));
      continue;
    }
    if (it.kind == ast::InterfaceItem::TypeItem) {
      WCOMP_CHECK(resourceFuncs(it.type, sc, sc.types[it.type.name.name], funcs));
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
  // Every setter needs its getter (by exact name); setters then follow
  // their getters, as wit-parser orders them.
  r[id].types = std::move(types);
  if (llvm::none_of(funcs, [](const Function &f) { return f.accessor != Function::NoAccessor; })) {
    r[id].functions = std::move(funcs);
    return llvm::Error::success();
  }
  std::vector<std::string> names;
  for (const Function &f : funcs)
    names.push_back(r.functionName(f));
  llvm::StringSet<> all;
  for (const std::string &n : names)
    all.insert(n);
  for (size_t i = 0; i < funcs.size(); ++i)
    if (funcs[i].accessor == Function::Setter) {
      std::string getter = getterFor(names[i]);
      if (!all.contains(getter))
        return makeError(funcs[i].offset, "setter `" + names[i] +
                                              "` has no corresponding getter `" + getter + "`");
    }
  std::vector<Function> ordered;
  for (size_t i : settersAfterGetters(names))
    ordered.push_back(std::move(funcs[i]));
  r[id].functions = std::move(ordered);
  return llvm::Error::success();
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
    return gatedOutContents(item.iface.items);
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

llvm::Error Resolver::gatedOutContents(const std::vector<ast::InterfaceItem> &items) {
  for (const ast::InterfaceItem &it : items) {
    if (!active(it.attrs) || it.kind == ast::InterfaceItem::FuncItem)
      continue;
    uint32_t at = it.kind == ast::InterfaceItem::TypeItem ? it.type.name.offset
                  : it.use.names.empty()                 ? 0
                                                         : it.use.names[0].first.offset;
    if (it.kind == ast::InterfaceItem::TypeItem || !it.use.names.empty())
      return makeError(at, "found a reference to a interface which is excluded due to its "
                           "feature not being activated; this type is not gated by a feature "
                           "but its interface is");
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

llvm::Expected<std::vector<size_t>>
Resolver::interfaceOrder(const PackageSource &src,
                         const std::vector<std::pair<uint32_t, const ast::Interface *>> &ifaces) {
  // wit-parser's order: repeatedly the earliest-written interface whose
  // dependencies are placed (Kahn's algorithm: no recursion, so a chain of
  // any length is fine); what is left over is a cycle. Dependencies are
  // found by name, as written: a bare `use x.{...}` names a top-level `use`
  // of the same file (another package's interface: no dependency) or an
  // interface of this package.
  llvm::StringMap<size_t> byName;
  for (size_t k = 0; k < ifaces.size(); ++k)
    byName[ifaces[k].second->name.name] = k;
  std::map<std::pair<uint32_t, std::string>, std::optional<std::string>> fileNames;
  for (auto &[file, item] : src.items)
    if (item->kind == ast::PackageItem::UseItem)
      fileNames[{file, (item->useAs ? *item->useAs : item->use.name).name}] =
          item->use.package ? std::nullopt : std::optional<std::string>(item->use.name.name);
  std::vector<std::vector<std::pair<size_t, uint32_t>>> deps(ifaces.size()); // (dep, offset)
  std::vector<std::vector<size_t>> users(ifaces.size());
  std::vector<size_t> remaining(ifaces.size(), 0);
  for (size_t k = 0; k < ifaces.size(); ++k) {
    for (const ast::InterfaceItem &it : ifaces[k].second->items) {
      // Gated-out `use`s count too, as in wit-parser.
      if (it.kind != ast::InterfaceItem::UseItem)
        continue;
      if (const auto &p = it.use.path.package) {
        // Naming its own package from inside is a cycle of packages.
        if (p->ns == src.name.ns && p->name == src.name.name && p->version == src.name.version)
          return makeError(p->offset, "package `" + src.name.str() + "` creates a dependency cycle");
        continue; // another package's interface
      }
      std::string target = it.use.path.name.name;
      if (auto f = fileNames.find({ifaces[k].first, target}); f != fileNames.end()) {
        if (!f->second)
          continue; // another package's interface
        target = *f->second;
      }
      auto j = byName.find(target);
      if (j == byName.end())
        continue; // not an interface: reported when the `use` is resolved
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
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t k = ready.top();
    ready.pop();
    order.push_back(k);
    for (size_t u : users[k])
      if (--remaining[u] == 0)
        ready.push(u);
  }
  if (order.size() != ifaces.size())
    for (size_t k = 0; k < ifaces.size(); ++k)
      for (auto &[j, at] : deps[k])
        if (remaining[k] && remaining[j])
          return makeError(at, "interface `" + ifaces[j].second->name.name +
                                   "` depends on itself");
  return order;
}

llvm::Error Resolver::packageItems(const PackageSource &src, PackageItems &out) {
  llvm::StringMap<uint32_t> taken;
  for (auto &[file, item] : src.items) {
    if (item->kind == ast::PackageItem::UseItem)
      continue;
    bool isIface = item->kind == ast::PackageItem::InterfaceItem;
    if (!active(isIface ? item->iface.attrs : item->world.attrs)) {
      WCOMP_CHECK(gatedOutContents(*item));
      if (isIface)
        out.ifaces.push_back({file, &item->iface});
      else
        out.worlds.push_back({file, &item->world});
      out.gated.insert(isIface ? (const void *)&item->iface : (const void *)&item->world);
      continue;
    }
    const ast::Ident &name = isIface ? item->iface.name : item->world.name;
    if (!taken.try_emplace(name.name, name.offset).second)
      return makeError(name.offset, "`" + name.name + "` is defined more than once in package `" +
                                        src.name.str() + "`");
    if (isIface)
      out.ifaces.push_back({file, &item->iface});
    else
      out.worlds.push_back({file, &item->world});
  }
  return llvm::Error::success();
}

llvm::Error Resolver::topLevelUses(const PackageSource &src) {
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
  return llvm::Error::success();
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
  p.typesBegin = uint32_t(r.types.size());
  p.fromText = true;
  anonTypes.clear();
  r.packages.push_back(std::move(p));
  pkg = PackageId{uint32_t(r.packages.size() - 1)};
  fileUses.clear();
  pending.clear();
  gateError.reset();
  // Names are checked in the order written; then interfaces get their ids
  // in the order their `use`s of each other require (interfaceOrder), as
  // wit-parser numbers them, and are resolved in that order.
  // Items their gates leave out take part in the order and are resolved
  // for their anonymous types (shadow()), as wit-parser does, but get no id.
  PackageItems written;
  WCOMP_CHECK(packageItems(src, written));
  auto &ifaces = written.ifaces;
  auto &worlds = written.worlds;
  const llvm::DenseSet<const void *> &gated = written.gated;
  std::vector<size_t> order;
  WCOMP_ASSIGN(order, interfaceOrder(src, ifaces));
  for (size_t k : order) {
    if (gated.contains(ifaces[k].second))
      continue;
    Interface i;
    i.name = ifaces[k].second->name.name;
    i.package = pkg;
    i.docs = ifaces[k].second->attrs.docs;
    i.stability = stabilityOf(ifaces[k].second->attrs);
    r.addInterface(std::move(i));
  }
  for (auto &[file, w] : worlds) {
    if (gated.contains(w))
      continue;
    World x;
    x.name = w->name.name;
    x.package = pkg;
    x.docs = w->attrs.docs;
    x.stability = stabilityOf(w->attrs);
    r.addWorld(std::move(x));
  }
  WCOMP_CHECK(topLevelUses(src));
  size_t next = 0;
  for (size_t k : order) {
    if (gated.contains(ifaces[k].second))
      WCOMP_CHECK(shadow(ifaces[k].second->items));
    else
      WCOMP_CHECK(items(ifaces[k].second->items, ifaces[k].first, r[pkg].interfaces[next++].second));
  }
  next = 0;
  for (auto &[file, w] : worlds) {
    if (gated.contains(w)) {
      Scope sc;
      for (const ast::WorldItem &it : w->items)
        gateOut(sc, it.kind == ast::WorldItem::TypeItem ? &it.type : nullptr,
                it.kind == ast::WorldItem::UseItem ? &it.use : nullptr);
      for (const ast::WorldItem &it : w->items)
        WCOMP_CHECK(shadow(it, &sc));
      continue;
    }
    WCOMP_CHECK(world(*w, file, r[pkg].worlds[next++].second));
  }
  llvm::erase_if(worlds, [&](const std::pair<uint32_t, const ast::World *> &x) {
    return gated.contains(x.second);
  });
  // Each world is elaborated as soon as its includes are merged, so that a
  // world including it copies its items in their final order.
  llvm::DenseMap<uint32_t, uint8_t> wstate;
  worldOffsets.clear();
  for (size_t k = 0; k < worlds.size(); ++k)
    worldOffsets[r[pkg].worlds[k].second.index] = worlds[k].second->name.offset;
  for (size_t k = 0; k < worlds.size(); ++k)
    WCOMP_CHECK(includes(r[pkg].worlds[k].second, wstate));
  if (gateError)
    return makeError(gateError->first, gateError->second);
  return pkg;
}

} // namespace wcomp::wit::detail
