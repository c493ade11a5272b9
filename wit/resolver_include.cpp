//===- wit/resolver_include.cpp - World `include`s --------------------------===//
//
// An `include` copies the included world's imports and exports into the
// including world, as wit-parser does: items named by an interface are
// shared (their gates merged), named items are copied together with the
// types and inline interfaces they use (Cloner), renamed as `with` says.
//
//===----------------------------------------------------------------------===//
#include "wit/clone.h"
#include "wit/resolver_impl.h"

#include "binary/names.h"

#include "llvm/ADT/DenseSet.h"

namespace wcomp::wit::detail {

using binary::makeError;

namespace {

/// wit-parser's `with` rule: `r` renames `r` and the resource part of
/// `[method]r.f`, `[constructor]r`, ... (after any `[...]` prefixes).
std::optional<std::string> renamed(const std::string &name, const std::string &from,
                                   const std::string &as) {
  size_t p = 0;
  while (p < name.size() && name[p] == '[') {
    size_t close = name.find(']', p);
    if (close == std::string::npos)
      return std::nullopt;
    p = close + 1;
  }
  std::string prefix = name.substr(0, p), rest = name.substr(p);
  size_t dot = rest.find('.');
  if (dot != std::string::npos)
    return rest.substr(0, dot) == from ? std::optional(prefix + as + rest.substr(dot))
                                       : std::nullopt;
  return rest == from ? std::optional(prefix + as) : std::nullopt;
}

} // namespace

llvm::Error Resolver::includes(WorldId root, llvm::DenseMap<uint32_t, uint8_t> &state) {
  // An explicit stack: a chain of `include`s is as long as the package
  // makes it (8,000 nested calls overflowed the stack). A world's includes
  // are merged in order, each after the world it names is complete.
  if (state[root.index] == 2)
    return llvm::Error::success();
  if (state[root.index] == 1)
    return makeError(0, "world `" + r[root].name + "` includes itself");
  struct Frame {
    WorldId id;
    size_t next = 0;
  };
  std::vector<Frame> stack{{root, 0}};
  state[root.index] = 1;
  static const std::vector<std::pair<uint32_t, const ast::WorldItem *>> none;
  while (!stack.empty()) {
    WorldId id = stack.back().id;
    auto found = pending.find(id.index);
    const auto &list = found == pending.end() ? none : found->second;
    if (stack.back().next == list.size()) {
      state[id.index] = 2;
      stack.pop_back();
      if (id.index >= r.worlds.size() || r[id].package != pkg)
        continue; // another package's: complete already
      WCOMP_CHECK(worldAccessors(id));
      WCOMP_CHECK(elaborate(id, worldOffsets.lookup(id.index)));
      continue;
    }
    const ast::WorldItem *it = list[stack.back().next].second;
    WorldId from;
    WCOMP_ASSIGN(from, includedWorld(*it));
    uint8_t &s = state[from.index];
    if (s == 1)
      return makeError(it->path.name.offset, "world `" + r[from].name + "` includes itself");
    if (s == 0) {
      s = 1;
      stack.push_back({from, 0}); // this include is merged when `from` is done
      continue;
    }
    WCOMP_CHECK(mergeInclude(id, *it, from));
    stack.back().next++;
  }
  return llvm::Error::success();
}

llvm::Error Resolver::mergeInclude(WorldId id, const ast::WorldItem &inc, WorldId from) {
  bool external = r[id].package != r[from].package;
  std::vector<bool> used(inc.with.size());
  llvm::DenseMap<uint32_t, uint32_t> map; // shared by imports and exports
  Cloner cloner(r, map, {TypeOwner::World, from.index}, {TypeOwner::World, id.index}, pkg);
  for (bool isImport : {true, false}) {
    auto theirs = isImport ? r[from].imports : r[from].exports; // a copy: `r` grows
    // An index of what the world has, so that a merge costs what it copies
    // (a scan per item made long include chains cubic).
    llvm::DenseMap<uint32_t, size_t> ifaces;
    llvm::StringMap<std::string> names; ///< strong-uniqueness key -> name
    {
      auto &ours = isImport ? r[id].imports : r[id].exports;
      for (size_t i = 0; i < ours.size(); ++i) {
        if (ours[i].first.iface.valid())
          ifaces.try_emplace(ours[i].first.iface.index, i);
        if (!ours[i].first.name.empty())
          names.try_emplace(binary::stronglyUniqueKey(ours[i].first.name), ours[i].first.name);
      }
    }
    for (auto &[key, theirItem] : theirs) {
      WorldKey k = key;
      WorldItem item = theirItem;
      auto &ours = isImport ? r[id].imports : r[id].exports;
      if (k.iface.valid()) {
        // The same interface is one item; its gates merge (wit-parser drops a
        // `@since` coming from another package's world).
        auto [at, fresh] = ifaces.try_emplace(k.iface.index, ours.size());
        if (fresh)
          ours.push_back({k, item});
        Stability &into = ours[at->second].second.stability;
        if (external && !item.stability.since.empty())
          into = {};
        else if (!(item.stability == into) && !item.stability.empty()) {
          if (!into.empty())
            return makeError(inc.path.name.offset,
                             "mismatch in stability of `" + r.interfaceName(k.iface) +
                                 "` between the worlds");
          into = item.stability;
        }
        continue;
      }
      for (size_t w = 0; w < inc.with.size(); ++w)
        if (auto n = renamed(k.name, inc.with[w].first.name, inc.with[w].second.name)) {
          k.name = *n;
          used[w] = true;
          break;
        }
      if (auto prior = names.find(binary::stronglyUniqueKey(k.name)); prior != names.end())
        return makeError(inc.path.name.offset,
                         std::string(isImport ? "import" : "export") + " `" + k.name +
                             "` of world `" + r[from].name + "` conflicts with `" +
                             prior->second + "` of `" + r[id].name +
                             "` (names must be strongly unique): rename it with `with { " +
                             key.name + " as ... }`");
      names.try_emplace(binary::stronglyUniqueKey(k.name), k.name);
      switch (item.kind) {
      case WorldItem::TypeItem:
        if (TypeId copy = cloner.type(item.type); copy != item.type) {
          item.type = copy;
          r.types[copy.index].name = k.name;
        }
        break;
      case WorldItem::FunctionItem:
        cloner.function(item.func);
        if (!item.func.resource.valid()) // the key is `[get]name` for accessors
          item.func.name = item.func.accessor == Function::NoAccessor ? k.name : k.name.substr(5);
        break;
      case WorldItem::InterfaceItem:
        if (r[item.iface].name.empty())
          item.iface = cloner.interface(item.iface);
        break;
      }
      (isImport ? r[id].imports : r[id].exports).push_back({k, std::move(item)});
    }
  }
  for (size_t w = 0; w < inc.with.size(); ++w)
    if (!used[w])
      return makeError(inc.with[w].first.offset,
                       "world `" + r[from].name + "` has no import or export `" +
                           inc.with[w].first.name + "` to rename");
  return llvm::Error::success();
}

llvm::Error Resolver::worldAccessors(WorldId id) {
  // Checked once includes are merged: a getter may come from an included
  // world. Setters follow their getters, as in interfaces.
  for (bool isImport : {true, false}) {
    auto &items = isImport ? r.worlds[id.index].imports : r.worlds[id.index].exports;
    if (llvm::none_of(items, [](auto &x) {
          return x.second.kind == WorldItem::FunctionItem &&
                 x.second.func.accessor != Function::NoAccessor;
        }))
      continue; // the common case: nothing to check or move
    std::vector<std::string> names;
    llvm::StringSet<> all;
    for (auto &[k, it] : items) {
      names.push_back(it.kind == WorldItem::FunctionItem ? k.name : std::string());
      all.insert(k.name);
    }
    std::vector<std::pair<WorldKey, WorldItem>> ordered;
    for (size_t i : settersAfterGetters(names))
      ordered.push_back(std::move(items[i]));
    items = std::move(ordered);
    for (auto &[k, it] : items)
      if (it.kind == WorldItem::FunctionItem && it.func.accessor == Function::Setter &&
          !all.contains(getterFor(k.name)))
        return makeError(it.func.offset ? it.func.offset : worldOffsets.lookup(id.index),
                         std::string(isImport ? "import" : "export") + " `" + k.name +
                             "` in world `" + r[id].name + "` has no corresponding getter `" +
                             getterFor(k.name) + "`");
  }
  return llvm::Error::success();
}

} // namespace wcomp::wit::detail
