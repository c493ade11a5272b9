//===- adapt/world_merge.cpp - Can two embedded worlds merge? -------------===//
#include "adapt/world_merge.h"

#include "binary/error.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace wcomp::adapt {

namespace {

/// A world item as merging sees it: its kind and, for interfaces, the
/// interfaces it takes types from (transitively), by name.
struct Item {
  wit::WorldItem::Kind kind;
  std::vector<std::string> deps;
};

/// One side of a world, by item name.
struct Side {
  llvm::StringMap<Item> items;
  std::vector<std::string> order; ///< names in world order
};

std::string keyName(const wit::Resolve &r, const wit::WorldKey &k) {
  return k.name.empty() ? r.interfaceName(k.iface) : k.name;
}

Side sideOf(const wit::Resolve &r, const std::vector<std::pair<wit::WorldKey, wit::WorldItem>> &v) {
  Side s;
  for (const auto &[key, item] : v) {
    Item it{item.kind, {}};
    if (item.kind == wit::WorldItem::InterfaceItem) {
      std::vector<wit::InterfaceId> deps;
      r.interfaceDeps(item.iface, deps);
      for (wit::InterfaceId d : deps)
        if (d.index != item.iface.index)
          it.deps.push_back(r.interfaceName(d));
    }
    std::string name = keyName(r, key);
    if (s.items.try_emplace(name, std::move(it)).second)
      s.order.push_back(name);
  }
  return s;
}

llvm::Error fail(const llvm::Twine &why) {
  return binary::makeError(binary::WasmError::NoOffset,
                           "failed to merge worlds from two documents: " + why);
}

} // namespace

llvm::Error checkWorldMerge(const wit::Resolve &ri, wit::WorldId into, const wit::Resolve &rf,
                            wit::WorldId from) {
  Side inImports = sideOf(ri, ri[into].imports), inExports = sideOf(ri, ri[into].exports);
  Side fromImports = sideOf(rf, rf[from].imports), fromExports = sideOf(rf, rf[from].exports);
  for (auto [mine, theirs, what] : {std::tuple{&fromImports, &inImports, "import"},
                                    std::tuple{&fromExports, &inExports, "export"}})
    for (const std::string &name : mine->order) {
      auto it = theirs->items.find(name);
      if (it != theirs->items.end() && it->second.kind != mine->items[name].kind)
        return fail(llvm::Twine("failed to merge world ") + what + " `" + name +
                    "`: different kinds of items");
    }
  // The exports the merged world has.
  llvm::StringSet<> exported;
  for (const Side *s : {&inExports, &fromExports})
    for (const std::string &name : s->order)
      exported.insert(name);
  for (const std::string &x : fromExports.order) {
    if (inExports.items.count(x))
      continue;
    // An existing export that used `x` as an import would now use the
    // exported one.
    if (inImports.items.count(x))
      for (const std::string &y : inExports.order)
        for (const std::string &d : inExports.items[y].deps)
          if (d == x)
            return fail("failed to add export `" + x + "`: export `" + y + "` depends on `" + x +
                        "` previously as an import which will change meaning if `" + x +
                        "` is added as an export");
    // What `x` uses and the merged world does not export is imported; such
    // an import may not use what the merged world exports.
    for (const std::string &d : fromExports.items[x].deps) {
      if (exported.contains(d))
        continue;
      auto depOf = [&](const std::string &iface) -> const std::vector<std::string> * {
        for (const Side *s : {&fromImports, &inImports, &fromExports})
          if (auto it = s->items.find(iface); it != s->items.end())
            return &it->second.deps;
        return nullptr;
      };
      // (Nearest first: the list has dependencies first.)
      if (const std::vector<std::string> *deps = depOf(d))
        for (const std::string &e : llvm::reverse(*deps))
          if (exported.contains(e))
            return fail("failed to add export `" + x + "`: its import `" + d +
                        "` uses `" + e + "`, which the world exports (an import may not use " +
                        "an exported interface)");
    }
  }
  return llvm::Error::success();
}

} // namespace wcomp::adapt
