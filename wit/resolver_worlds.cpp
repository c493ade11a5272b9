//===- wit/resolver_worlds.cpp - Worlds, includes and elaboration ---------===//
#include "wit/resolver_impl.h"

#include <algorithm>

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
    if (!(isImport ? importNames : exportNames).insert(llvm::StringRef(n).lower()).second)
      return makeError(at, std::string(isImport ? "import" : "export") + " `" + n +
                               "` is defined more than once");
    (isImport ? imports : exports).push_back({std::move(key), std::move(item)});
    return llvm::Error::success();
  };
  // Types first (world items may use them in any order), then the rest.
  for (const ast::WorldItem &it : w.items) {
    if (!active(it.attrs))
      continue;
    if (it.kind == ast::WorldItem::UseItem) {
      std::vector<std::pair<std::string, TypeId>> added;
      WCOMP_CHECK(use(it.use, file, sc, added));
      for (auto &[n, t] : added) {
        WorldItem item;
        item.kind = WorldItem::TypeItem;
        item.type = t;
        WCOMP_CHECK(put(true, WorldKey{n, {}}, std::move(item), it.offset));
      }
    } else if (it.kind == ast::WorldItem::TypeItem) {
      WCOMP_CHECK(declare(sc, it.type).takeError());
    }
  }
  for (const ast::WorldItem &it : w.items) {
    if (!active(it.attrs))
      continue;
    if (it.kind == ast::WorldItem::TypeItem) {
      std::vector<Function> funcs;
      TypeId t = sc.types[it.type.name.name];
      WCOMP_CHECK(typeDef(it.type, it.attrs, sc, t, funcs));
      WorldItem item;
      item.kind = WorldItem::TypeItem;
      item.type = t;
      WCOMP_CHECK(put(true, WorldKey{it.type.name.name, {}}, std::move(item), it.offset));
      for (Function &f : funcs) {
        WorldItem fi;
        fi.kind = WorldItem::FunctionItem;
        fi.func = std::move(f);
        std::string key = fi.func.kind == Function::Constructor ? "[constructor]" + it.type.name.name
                          : (fi.func.kind == Function::Static ? "[static]" : "[method]") +
                                it.type.name.name + "." + fi.func.name;
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
      key.name = it.name.name;
      break;
    case ast::WorldItem::NamedInterface: {
      Interface inl;
      inl.package = pkg;
      inl.docs = it.attrs.docs;
      inl.stability = item.stability;
      r.interfaces.push_back(std::move(inl));
      item.iface = InterfaceId{uint32_t(r.interfaces.size() - 1)};
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

llvm::Error Resolver::includes(WorldId id, llvm::DenseMap<uint32_t, uint8_t> &state) {
  uint8_t &s = state[id.index];
  if (s == 2)
    return llvm::Error::success();
  if (s == 1)
    return makeError(0, "world `" + r[id].name + "` includes itself");
  s = 1;
  auto list = pending[id.index];
  for (auto &[file, it] : list) {
    // The included world: a world of this package, or `ns:pkg/world`.
    const Package *in = &r[pkg];
    if (it->path.package) {
      PackageId p;
      WCOMP_ASSIGN(p, findPackage(*it->path.package));
      in = &r[p];
    }
    WorldId from;
    for (auto &[n, w] : in->worlds)
      if (n == it->path.name.name)
        from = w;
    if (!from.valid())
      return makeError(it->path.name.offset, "world `" + it->path.name.name +
                                                 "` not found in package `" + in->id() + "`");
    if (state[from.index] == 1)
      return makeError(it->path.name.offset, "world `" + r[from].name + "` includes itself");
    WCOMP_CHECK(includes(from, state));
    llvm::StringMap<std::pair<std::string, bool>> renames;
    for (auto &[a, b] : it->with)
      renames[a.name] = {b.name, false};
    for (bool isImport : {true, false}) {
      auto theirs = isImport ? r[from].imports : r[from].exports;
      for (auto &[key, item] : theirs) {
        auto &ours = isImport ? r[id].imports : r[id].exports;
        WorldKey k = key;
        if (!k.iface.valid() || item.implements)
          if (auto rn = renames.find(k.name); rn != renames.end()) {
            k.name = rn->second.first;
            rn->second.second = true;
          }
        bool clash = false;
        for (auto &[ok, oi] : ours) {
          if (k.iface.valid() && ok.iface == k.iface && !k.name.size())
            clash = true; // the same interface: included once
          else if (!k.name.empty() && llvm::StringRef(ok.name).equals_insensitive(k.name)) {
            return makeError(it->path.name.offset,
                             std::string(isImport ? "import" : "export") + " `" + k.name +
                                 "` of world `" + r[from].name + "` conflicts with one of `" +
                                 r[id].name + "`: rename it with `with { " + key.name +
                                 " as ... }`");
          }
        }
        if (!clash)
          ours.push_back({k, item});
      }
    }
    for (auto &[a, b] : it->with)
      if (!renames[a.name].second)
        return makeError(a.offset, "world `" + r[from].name + "` has no import or export `" +
                                       a.name + "` to rename");
  }
  state[id.index] = 2;
  return llvm::Error::success();
}

void Resolver::elaborate(WorldId w) {
  // An interface a world needs because another one `use`s from it is
  // imported too, before its first user (exports' dependencies that are
  // not exported as well).
  World &wd = r[w];
  std::vector<std::pair<WorldKey, WorldItem>> imports;
  auto importIface = [&](InterfaceId i) {
    for (auto &[k, item] : imports)
      if (k.iface == i)
        return;
    WorldItem item;
    item.iface = i;
    imports.push_back({WorldKey{"", i}, item});
  };
  for (auto &[key, item] : wd.imports) {
    std::vector<InterfaceId> need;
    if (item.kind == WorldItem::InterfaceItem)
      r.interfaceDeps(item.iface, need);
    else if (item.kind == WorldItem::TypeItem && isUseAlias(item.type))
      need.push_back(InterfaceId{r[r[item.type].a->id].owner.index});
    for (InterfaceId d : need)
      importIface(d);
    bool dup = false;
    for (auto &[k, it] : imports)
      dup |= key.iface.valid() && k.iface == key.iface;
    if (!dup)
      imports.push_back({key, item});
  }
  for (auto &[key, item] : wd.exports) {
    if (item.kind != WorldItem::InterfaceItem)
      continue;
    std::vector<InterfaceId> need;
    r.interfaceDeps(item.iface, need);
    for (InterfaceId d : need) {
      bool exported = false;
      for (auto &[k, it] : wd.exports)
        exported |= k.iface == d;
      if (!exported)
        importIface(d);
    }
  }
  wd.imports = std::move(imports);
}

bool Resolver::isUseAlias(TypeId t) const {
  const TypeDef &d = r[t];
  return d.kind == TypeDef::Alias && d.a && d.a->prim == TypeRef::Defined &&
         r[d.a->id].owner.kind == TypeOwner::Interface;
}

} // namespace wcomp::wit::detail
