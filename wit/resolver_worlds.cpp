//===- wit/resolver_worlds.cpp - Worlds, includes and elaboration ---------===//
#include "wit/resolver_impl.h"
#include "binary/names.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <functional>

namespace wcomp::wit::detail {

using binary::makeError;

/// wasm-tools orders world imports by class so that every item follows what
/// it refers to: interfaces, then `use`d types, other types, freestanding
/// functions, and resource functions last.
int itemClass(const Resolve &r, const WorldItem &it) {
  switch (it.kind) {
  case WorldItem::InterfaceItem:
    return 0;
  case WorldItem::TypeItem: {
    const TypeDef &d = r[it.type];
    bool used = d.kind == TypeDef::Alias && d.a && d.a->prim == TypeRef::Defined &&
                !(r[d.a->id].owner == d.owner);
    return used ? 1 : 2;
  }
  case WorldItem::FunctionItem:
    return it.func.kind == Function::Freestanding ? 3 : 4;
  }
  return 0;
}

bool sameKey(const WorldKey &a, const WorldKey &b) {
  return a.name.empty() == b.name.empty() &&
         (a.name.empty() ? a.iface == b.iface : a.name == b.name);
}

using Items = std::vector<std::pair<WorldKey, WorldItem>>;


} // namespace wcomp::wit::detail

namespace wcomp::wit {

void sortWorldImports(const Resolve &r, std::vector<std::pair<WorldKey, WorldItem>> &items) {
  std::stable_sort(items.begin(), items.end(), [&](auto &a, auto &b) {
    return detail::itemClass(r, a.second) < detail::itemClass(r, b.second);
  });
}

} // namespace wcomp::wit

namespace wcomp::wit::detail {

using binary::makeError;

llvm::Error Resolver::world(const ast::World &w, uint32_t file, WorldId id) {
  Scope sc;
  sc.owner = {TypeOwner::World, id.index};
  std::vector<std::pair<WorldKey, WorldItem>> imports, exports;
  llvm::StringSet<> importNames, exportNames;
  auto keyName = [&](const WorldKey &k) {
    return k.iface.valid() ? r.interfaceName(k.iface) : k.name;
  };
  auto put = [&](bool isImport, WorldKey key, WorldItem item, uint32_t at) -> llvm::Error {
    std::string n = keyName(key);
    // Plain names must be strongly unique; interface names are exact.
    std::string k = key.iface.valid() ? n : binary::stronglyUniqueKey(n);
    if (!(isImport ? importNames : exportNames).insert(k).second)
      return makeError(at, std::string(isImport ? "import" : "export") + " `" + n +
                               "` is defined more than once");
    (isImport ? imports : exports).push_back({std::move(key), std::move(item)});
    return llvm::Error::success();
  };
  // Types first, as wit-parser makes them: `use`d names, then definitions
  // in dependency order; then the other items in the order written.
  std::vector<std::pair<std::string, TypeId>> types;
  std::vector<Def> defs;
  for (const ast::WorldItem &it : w.items) {
    if (!active(it.attrs)) {
      if (it.kind == ast::WorldItem::TypeItem)
        WCOMP_CHECK(gatedOutResource(it.type));
      gateOut(sc, it.kind == ast::WorldItem::TypeItem ? &it.type : nullptr,
              it.kind == ast::WorldItem::UseItem ? &it.use : nullptr);
      continue;
    }
    if (it.kind == ast::WorldItem::UseItem) {
      WCOMP_CHECK(use(it.use, file, sc, types, stabilityOf(it.attrs), it.attrs.externalId));
    } else if (it.kind == ast::WorldItem::TypeItem) {
      WCOMP_CHECK(claim(sc, it.type.name));
      defs.push_back({&it.type, &it.attrs});
    }
  }
  WCOMP_CHECK(defineTypes(defs, sc, types));
  for (auto &[n, t] : types) {
    WorldItem item;
    item.kind = WorldItem::TypeItem;
    item.type = t;
    WCOMP_CHECK(put(true, WorldKey{n, {}}, std::move(item), typeOffsets.lookup(t.index)));
  }
  for (const ast::WorldItem &it : w.items) {
    if (!active(it.attrs)) {
      if ((it.kind == ast::WorldItem::Import || it.kind == ast::WorldItem::Export) &&
          it.form == ast::WorldItem::NamedInterface)
        WCOMP_CHECK(gatedOutContents(it.inlineIface.items));
      WCOMP_CHECK(shadow(it, &sc));
      continue;
    }
    if (it.kind == ast::WorldItem::TypeItem) {
      std::vector<Function> funcs;
      WCOMP_CHECK(resourceFuncs(it.type, sc, sc.types[it.type.name.name], funcs));
      for (Function &f : funcs) {
        WorldItem fi;
        fi.kind = WorldItem::FunctionItem;
        fi.docs = f.docs; // the item's docs and gates are the function's
        fi.stability = f.stability;
        fi.func = std::move(f);
        std::string key = r.functionName(fi.func);
        WCOMP_CHECK(put(true, WorldKey{key, {}}, std::move(fi), it.offset));
      }
      continue;
    }
    if (it.kind == ast::WorldItem::Include) {
      pending[id.index].push_back({file, &it});
      continue;
    }
    if (it.kind == ast::WorldItem::UseItem)
      continue;
    bool isImport = it.kind == ast::WorldItem::Import;
    WorldItem item;
    item.docs = it.attrs.docs;
    item.stability = stabilityOf(it.attrs);
    item.externalId = it.attrs.externalId;
    WorldKey key;
    switch (it.form) {
    case ast::WorldItem::ByPath:
      WCOMP_ASSIGN(item.iface, iface(it.path, file));
      key.iface = item.iface;
      break;
    case ast::WorldItem::NamedPath:
      WCOMP_ASSIGN(item.iface, iface(it.path, file));
      item.implements = true;
      key.name = it.name.name;
      break;
    case ast::WorldItem::NamedFunc:
      item.kind = WorldItem::FunctionItem;
      WCOMP_ASSIGN(item.func, func(it.func, sc));
      item.func.name = it.name.name;
      item.func.docs = it.attrs.docs;
      item.func.stability = item.stability;
      item.func.externalId = item.externalId;
      item.func.offset = it.name.offset;
      key.name = r.functionName(item.func); // `[get]name` for accessors
      break;
    case ast::WorldItem::NamedInterface: {
      Interface inl;
      inl.package = pkg;
      inl.docs = it.attrs.docs;
      inl.stability = item.stability;
      item.iface = r.addInterface(std::move(inl));
      item.docs.clear(); // the interface's, as wit-parser keeps them
      WCOMP_CHECK(items(it.inlineIface.items, file, item.iface));
      key.name = it.name.name;
      break;
    }
    }
    WCOMP_CHECK(put(isImport, std::move(key), std::move(item), it.name.offset ? it.name.offset
                                                                              : it.offset));
  }
  r[id].imports = std::move(imports);
  r[id].exports = std::move(exports);
  return llvm::Error::success();
}

llvm::Expected<WorldId> Resolver::includedWorld(const ast::WorldItem &it) {
  // The included world: a world of this package, or `ns:pkg/world`.
  const Package *in = &r[pkg];
  if (it.path.package) {
    PackageId p;
    WCOMP_ASSIGN(p, findPackage(*it.path.package));
    in = &r[p];
  }
  // An index per package, extended as worlds are added: a scan per include
  // made a chain of 8,000 includes quadratic.
  WorldIndex &index = worldIndex[uint32_t(in - r.packages.data())];
  for (; index.indexed < in->worlds.size(); ++index.indexed)
    index.byName.try_emplace(in->worlds[index.indexed].first, in->worlds[index.indexed].second);
  if (auto w = index.byName.find(it.path.name.name); w != index.byName.end())
    return w->second;
  return makeError(it.path.name.offset, "world `" + it.path.name.name +
                                            "` not found in package `" + in->id() + "`");
}

namespace {

/// Resolver::elaborate's state: the world's imports and exports as they
/// are rebuilt, each with an index of its keys (worlds may list
/// thousands). Both walks use explicit stacks: a chain of `use`s between
/// interfaces may be as long as a package has interfaces.
class Elaboration {
public:
  explicit Elaboration(const Resolve &r) : r(r) {}

  /// Items and the keys they hold.
  struct Indexed {
    Items items;
    llvm::DenseSet<uint32_t> ifaces;
    llvm::StringSet<> names;
    bool has(const WorldKey &k) const {
      return k.name.empty() ? ifaces.contains(k.iface.index) : names.contains(k.name);
    }
    void add(const WorldKey &k, const WorldItem &item) {
      if (k.name.empty())
        ifaces.insert(k.iface.index);
      else
        names.insert(k.name);
      items.push_back({k, item});
    }
  };

  /// The items naming `i`'s direct dependencies, gated as their user.
  std::vector<std::pair<InterfaceId, WorldItem>> implied(InterfaceId i,
                                                         const Stability &gates) const {
    std::vector<InterfaceId> deps;
    r.interfaceDirectDeps(i, deps);
    std::vector<std::pair<InterfaceId, WorldItem>> out;
    for (InterfaceId d : deps) {
      WorldItem di;
      di.iface = d;
      di.stability = gates;
      out.push_back({d, std::move(di)});
    }
    return out;
  }

  /// An interface import, after the interfaces it depends on.
  void importIface(InterfaceId i0, const WorldKey &k0, const WorldItem &it0) {
    if (imports.has(k0))
      return;
    std::vector<Frame> stack;
    stack.push_back({i0, k0, it0, false, true, implied(i0, it0.stability), 0});
    while (!stack.empty()) {
      if (stack.back().next < stack.back().deps.size()) {
        auto [d, di] = stack.back().deps[stack.back().next++];
        WorldKey dk{"", d};
        if (!imports.has(dk)) {
          auto deps = implied(d, di.stability);
          stack.push_back({d, dk, std::move(di), false, true, std::move(deps), 0});
        }
        continue;
      }
      if (!imports.has(stack.back().key))
        imports.add(stack.back().key, stack.back().item);
      stack.pop_back();
    }
  }

  /// An exported interface, after its dependencies: those exported too as
  /// exports, the others as imports. False when one is needed both ways.
  bool addExport(InterfaceId i0, const WorldKey &k0, const WorldItem &it0) {
    std::vector<Frame> stack;
    stack.push_back({i0, k0, it0, true, false, {}, 0});
    while (!stack.empty()) {
      Frame &f = stack.back();
      if (!f.entered) {
        f.entered = true;
        if (exports.has(f.key)) {
          if (!f.asExport)
            return false;
          stack.pop_back();
          continue;
        }
        if (!f.asExport && required.contains(f.i.index)) {
          stack.pop_back();
          continue;
        }
        f.deps = implied(f.i, f.item.stability);
      }
      if (f.next < f.deps.size()) {
        auto [d, di] = f.deps[f.next++];
        bool asExport = f.asExport && exportedIfaces.contains(d.index);
        stack.push_back({d, WorldKey{"", d}, std::move(di), asExport, false, {}, 0});
        continue;
      }
      if (f.asExport) {
        if (required.contains(f.i.index))
          return false;
        exports.add(f.key, f.item);
      } else {
        required.insert(f.i.index);
        if (!imports.has(f.key))
          imports.add(f.key, f.item);
      }
      stack.pop_back();
    }
    return true;
  }

  Indexed imports, exports;
  llvm::DenseSet<uint32_t> exportedIfaces; ///< interfaces the world exports
  llvm::DenseSet<uint32_t> required;       ///< interfaces imported for an export

private:
  /// A step of a walk.
  struct Frame {
    InterfaceId i;
    WorldKey key;
    WorldItem item;
    bool asExport = false, entered = false;
    std::vector<std::pair<InterfaceId, WorldItem>> deps;
    size_t next = 0;
  };

  const Resolve &r;
};

} // namespace

llvm::Error Resolver::elaborate(WorldId w, uint32_t at) {
  // wasm-tools' elaboration, so that worlds print and encode alike: an
  // interface that an import or export (or a world `use`) takes types from
  // is imported too, before its first user, with its user's gates.
  World &wd = r[w];
  Elaboration e(r);
  Items sorted = wd.imports;
  sortWorldImports(r, sorted);
  for (auto &[key, item] : sorted) {
    if (item.kind == WorldItem::InterfaceItem) {
      e.importIface(item.iface, key, item);
      continue;
    }
    if (item.kind == WorldItem::TypeItem && r.isUse(item.type)) {
      InterfaceId d{r[r[item.type].a->id].owner.index};
      WorldItem di;
      di.iface = d;
      di.stability = r[item.type].stability;
      e.importIface(d, WorldKey{"", d}, di);
    }
    e.imports.add(key, item);
  }

  // Exports: functions first, then interfaces with their dependencies. A
  // dependency that is exported too is used as exported, any other is
  // imported; an interface needed both ways (an export that depends, through
  // an import, on another export) cannot be expressed.
  Items ifaceExports;
  for (auto &[key, item] : wd.exports) {
    if (item.kind == WorldItem::InterfaceItem) {
      ifaceExports.push_back({key, item});
      e.exportedIfaces.insert(item.iface.index);
    } else {
      e.exports.add(key, item);
    }
  }
  for (auto &[key, item] : ifaceExports)
    if (!e.addExport(item.iface, key, item))
      return makeError(at, "world `" + wd.name + "`: interface `" +
                               (key.name.empty() ? r.interfaceName(key.iface) : key.name) +
                               "` transitively depends on an interface in incompatible ways " +
                               "(one of its dependencies is needed both as an import and "
                               "as an export; export that dependency too)");
  sortWorldImports(r, e.imports.items);
  wd.imports = std::move(e.imports.items);
  wd.exports = std::move(e.exports.items);
  return llvm::Error::success();
}

} // namespace wcomp::wit::detail
