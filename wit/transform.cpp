//===- wit/transform.cpp - World transforms: importize, exportize ---------===//
#include "wit/transform.h"

#include "wit/clone.h"
#include "wit/resolver_impl.h"


#include "binary/error.h"
#include "binary/names.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <algorithm>
#include <map>

namespace wcomp::wit {

namespace {

/// Renames world `w` and moves it to the end of its package's world list
/// (wit-parser removes and re-inserts it under the new name).
void rename(Resolve &r, WorldId w, const std::string &outName, llvm::StringRef suffix) {
  World &wd = r[w];
  auto &list = r.packages[wd.package.index].worlds;
  list.erase(std::remove_if(list.begin(), list.end(), [&](auto &e) { return e.second == w; }),
             list.end());
  wd.name = outName.empty() ? wd.name + suffix.str() : outName;
  list.push_back({wd.name, w});
}

} // namespace

llvm::Error elaborateWorld(Resolve &r, WorldId w) {
  ResolveOptions opts;
  opts.allFeatures = true; // the world was resolved already; gates are settled
  detail::Resolver resolver(r, opts);
  return resolver.reelaborate(w);
}

llvm::Error importize(Resolve &r, WorldId w, const std::string &outName) {
  rename(r, w, outName, "-importized");
  World &wd = r[w];
  std::vector<std::pair<WorldKey, WorldItem>> imports;
  for (auto &entry : wd.imports)
    if (entry.second.kind == WorldItem::TypeItem)
      imports.push_back(std::move(entry));
  for (auto &[key, item] : wd.exports) {
    bool clash = !key.iface.valid() &&
                 std::any_of(imports.begin(), imports.end(),
                             [&](auto &i) { return !i.first.iface.valid() && i.first.name == key.name; });
    if (clash)
      return binary::makeError(binary::WasmError::NoOffset,
                               "world export `" + key.name + "` conflicts with import of same name");
    imports.push_back({key, item});
  }
  wd.imports = std::move(imports);
  wd.exports.clear();
  return elaborateWorld(r, w);
}

llvm::Error exportize(Resolve &r, WorldId w, const std::string &outName,
                      const std::function<bool(const WorldKey &)> &move) {
  rename(r, w, outName, "-exportized");
  World &wd = r[w];
  wd.exports.clear();
  std::vector<std::pair<WorldKey, WorldItem>> imports;
  // A world's types stay imports: WIT has no exported types (wasm-tools
  // panics on moving them).
  for (auto &entry : wd.imports)
    (entry.second.kind != WorldItem::TypeItem && (!move || move(entry.first)) ? wd.exports
                                                                               : imports)
        .push_back(std::move(entry));
  wd.imports = std::move(imports);
  return elaborateWorld(r, w);
}

/// Whether interface `i` may be replaced by `latest`, its
/// semver-compatible update. What both have must agree (either may have
/// more), checked as wit-parser's merge checks it: each function both have
/// keeps its kind, its parameters' names and number, and its primitive
/// types where it had them (types themselves are not compared, nor are
/// defined types).
static llvm::Error checkUpgrade(const Resolve &r, InterfaceId i, InterfaceId latest) {
  auto fail = [&](const std::string &what) {
    return binary::makeError(binary::WasmError::NoOffset,
                             "failed to upgrade `" + r.interfaceName(i) + "` to `" +
                                 r.interfaceName(latest) + "` (" + what +
                                 "), was this semver-compatible update not semver compatible?");
  };
  llvm::StringMap<const Function *> newer;
  for (const Function &g : r[latest].functions)
    newer.try_emplace(r.functionName(g), &g);
  auto sameKind = [](const TypeRef &a, const TypeRef &b) {
    return (a.prim == TypeRef::Defined) == (b.prim == TypeRef::Defined) &&
           (a.prim == TypeRef::Defined || a.prim == b.prim);
  };
  for (const Function &f : r[i].functions) {
    auto it = newer.find(r.functionName(f));
    if (it == newer.end())
      continue;
    const Function &g = *it->second;
    std::string fn = "mismatch in function `" + r.functionName(f) + "`: ";
    if (f.kind != g.kind || f.accessor != g.accessor || f.async != g.async)
      return fail(fn + "different function kind types");
    if (f.params.size() != g.params.size())
      return fail(fn + "different number of function parameters");
    for (size_t k = 0; k < f.params.size(); ++k) {
      if (f.params[k].first != g.params[k].first)
        return fail(fn + "different function parameter names: " + f.params[k].first +
                    " != " + g.params[k].first);
      if (!sameKind(f.params[k].second, g.params[k].second))
        return fail(fn + "different function parameter types for `" + f.params[k].first +
                    "`: different kinds of types");
    }
    if (f.result.has_value() != g.result.has_value())
      return fail(fn + "different number of function results");
    if (f.result && !sameKind(*f.result, *g.result))
      return fail(fn + "different function result types: different kinds of types");
  }
  return llvm::Error::success();
}

/// The `use`d names (aliases of another interface's types) of what world
/// `w` keeps, and of the interfaces those use in turn, made to refer to the
/// replacements of `replace`; the replaced interfaces themselves are left
/// alone.
static void retargetUses(Resolve &r, WorldId w,
                         const llvm::DenseMap<uint32_t, InterfaceId> &replace) {
  // A type of a replaced interface, as the replacement names it.
  auto retarget = [&](TypeId t) -> TypeId {
    const TypeDef &d = r[t];
    if (d.owner.kind != TypeOwner::Interface)
      return t;
    auto it = replace.find(d.owner.index);
    if (it == replace.end())
      return t;
    for (auto &[n, x] : r[it->second].types)
      if (n == d.name)
        return x;
    return t;
  };
  auto alias = [&](TypeId t) -> TypeDef * {
    TypeDef &d = r.types[t.index];
    return d.kind == TypeDef::Alias && d.a && d.a->prim == TypeRef::Defined ? &d : nullptr;
  };
  std::vector<InterfaceId> work;
  llvm::DenseSet<uint32_t> queued;
  auto push = [&](InterfaceId i) {
    if (!replace.count(i.index) && queued.insert(i.index).second)
      work.push_back(i);
  };
  for (auto *items : {&r[w].imports, &r[w].exports})
    for (auto &[key, item] : *items) {
      if (item.kind == WorldItem::InterfaceItem)
        push(item.iface);
      else if (item.kind == WorldItem::TypeItem)
        if (TypeDef *d = alias(item.type))
          d->a->id = retarget(d->a->id);
    }
  while (!work.empty()) {
    InterfaceId i = work.back();
    work.pop_back();
    for (auto &[n, t] : r[i].types)
      if (TypeDef *d = alias(t)) {
        d->a->id = retarget(d->a->id);
        const TypeDef &target = r[d->a->id];
        if (target.owner.kind == TypeOwner::Interface)
          push(InterfaceId{target.owner.index});
      }
  }
}

llvm::Error mergeWorldImportsBySemver(Resolve &r, WorldId w) {
  // Semver tracks (the canonical interface name, `wasi:io/streams@0.2`) and
  // the highest version on each among the world's interface imports.
  std::map<std::string, std::pair<std::string, InterfaceId>> tracks;
  std::vector<InterfaceId> seen;
  for (auto &[key, item] : r[w].imports) {
    if (!key.iface.valid() || r[key.iface].name.empty())
      continue;
    const Package &pk = r[r[key.iface].package];
    if (pk.version.empty())
      continue;
    seen.push_back(key.iface);
    std::string track = binary::canonicalInterfaceName(r.interfaceName(key.iface));
    auto [it, fresh] = tracks.try_emplace(track, pk.version, key.iface);
    if (!fresh && binary::compareSemver(pk.version, it->second.first) > 0)
      it->second = {pk.version, key.iface};
  }
  llvm::DenseMap<uint32_t, InterfaceId> replace; ///< old interface -> its replacement
  for (InterfaceId i : seen) {
    InterfaceId latest = tracks[binary::canonicalInterfaceName(r.interfaceName(i))].second;
    if (latest == i)
      continue;
    WCOMP_CHECK(checkUpgrade(r, i, latest));
    replace[i.index] = latest;
  }
  if (replace.empty())
    return llvm::Error::success();
  retargetUses(r, w, replace);
  auto &imports = r[w].imports;
  imports.erase(std::remove_if(imports.begin(), imports.end(),
                               [&](auto &e) {
                                 return e.first.iface.valid() &&
                                        replace.count(e.first.iface.index);
                               }),
                imports.end());
  for (uint32_t k = 0; k < r.worlds.size(); ++k)
    if (llvm::Error e = elaborateWorld(r, WorldId{k}))
      return e;
  return llvm::Error::success();
}

void generateNominalTypeIds(Resolve &r, WorldId w) {
  llvm::DenseMap<uint32_t, uint32_t> map; // type copies, shared by everything copied
  llvm::DenseSet<uint32_t> seen, rewrittenKeys;
  for (bool isImport : {true, false}) {
    auto items = isImport ? r[w].imports : r[w].exports; // a copy: `r` grows
    // Interfaces keyed by their own name first, then the named ones
    // (nothing takes types from those).
    std::vector<size_t> order;
    for (int pass = 0; pass < 2; ++pass)
      for (size_t i = 0; i < items.size(); ++i) {
        bool named = !items[i].first.iface.valid() &&
                     items[i].second.kind == WorldItem::InterfaceItem;
        if (named == (pass == 1))
          order.push_back(i);
      }
    std::vector<std::pair<uint32_t, std::vector<std::pair<size_t, bool>>>> rewrite;
    llvm::DenseMap<uint32_t, size_t> slot;
    for (size_t i : order) {
      auto &[key, item] = items[i];
      if (item.kind != WorldItem::InterfaceItem)
        continue;
      uint32_t id = item.iface.index;
      bool duplicated = !seen.insert(id).second;
      std::vector<InterfaceId> deps;
      r.interfaceDirectDeps(item.iface, deps);
      bool depRewritten = llvm::any_of(deps, [&](InterfaceId d) {
        return rewrittenKeys.contains(d.index);
      });
      if (!duplicated && !depRewritten)
        continue;
      bool isName = !key.iface.valid();
      if (!isName)
        rewrittenKeys.insert(id);
      auto [at, fresh] = slot.try_emplace(id, rewrite.size());
      if (fresh)
        rewrite.push_back({id, {}});
      rewrite[at->second].second.push_back({i, isName});
    }
    // Named items first: their copies' type mappings are dropped again
    // (nothing can take types from them); those of interface keys stay.
    for (auto &[id, list] : rewrite) {
      std::stable_sort(list.begin(), list.end(),
                       [](auto &a, auto &b) { return a.second && !b.second; });
      for (auto &[i, isName] : list) {
        std::optional<llvm::DenseMap<uint32_t, uint32_t>> saved;
        if (isName)
          saved = map;
        detail::Cloner cloner(r, map, {TypeOwner::World, w.index}, {TypeOwner::World, w.index},
                              r[InterfaceId{id}].package);
        InterfaceId copy = cloner.interface(InterfaceId{id});
        items[i].second.iface = copy;
        if (items[i].first.iface.valid())
          items[i].first.iface = copy;
        if (saved)
          map = std::move(*saved);
      }
    }
    (isImport ? r.worlds[w.index].imports : r.worlds[w.index].exports) = std::move(items);
  }
}

} // namespace wcomp::wit
