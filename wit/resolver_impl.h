//===- wit/resolver_impl.h - The resolver's state (internal) ----*- C++ -*-===//
//
// Shared by resolver.cpp (packages, interfaces, types) and
// resolver_worlds.cpp (worlds, includes, elaboration).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "wit/resolver.h"

#include "binary/error.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace wcomp::wit::detail {

/// The gates of an item, as the resolved model keeps them.
inline Stability stabilityOf(const ast::Attrs &a) {
  return {a.gates.since, a.gates.unstable, a.gates.deprecated};
}

/// A `use` path as written, for messages.
inline std::string pathText(const ast::UsePath &p) {
  if (!p.package)
    return p.name.name;
  return p.package->ns + ":" + p.package->name + "/" + p.name.name +
         (p.package->version.empty() ? "" : "@" + p.package->version);
}

/// The types visible in an interface or world, and the names taken there.
struct Scope {
  TypeOwner owner;
  llvm::StringMap<TypeId> types;
  llvm::StringMap<uint32_t> names; ///< every item name: types and functions
  llvm::StringSet<> gatedOut;      ///< type names their gates leave out
};

/// Resolves one package at a time into a Resolve (see resolvePackages).
class Resolver {
public:
  Resolver(Resolve &r, const ResolveOptions &opts) : r(r), opts(opts) {}
  llvm::Expected<PackageId> package(const PackageSource &src);
  /// A package's interfaces and worlds in the order written, and those its
  /// gates leave out.
  struct PackageItems {
    std::vector<std::pair<uint32_t, const ast::Interface *>> ifaces;
    std::vector<std::pair<uint32_t, const ast::World *>> worlds;
    llvm::DenseSet<const void *> gated;
  };
  /// package()'s first pass: names checked in the order written (each once
  /// in the package), gated-out items' contents checked.
  llvm::Error packageItems(const PackageSource &src, PackageItems &out);
  /// package()'s top-level `use ... as` names of each file (not shadowing
  /// the file's own interfaces and worlds, each once).
  llvm::Error topLevelUses(const PackageSource &src);
  /// Elaborates an already resolved world again (the world transforms).
  llvm::Error reelaborate(WorldId w) { return elaborate(w, 0); }

private:
  Resolve &r;
  const ResolveOptions &opts;
  PackageId pkg;

  /// False for items behind a feature that is not enabled. Checks, as
  /// wasm-tools does for included items, that a `@since` version is not
  /// newer than the package's (which must have one); the first problem is
  /// kept in `gateError` and reported when the package is done.
  /// The contents of an interface or world its gate leaves out must be
  /// left out too (wit-parser's rule, checked on its types and `use`s).
  llvm::Error gatedOutContents(const ast::PackageItem &item);
  llvm::Error gatedOutContents(const std::vector<ast::InterfaceItem> &items);
  /// A resource its gate leaves out may have no function its gate keeps.
  llvm::Error gatedOutResource(const ast::TypeDef &d);
  bool active(const ast::Attrs &a);
  std::optional<std::pair<uint32_t, std::string>> gateError;
  llvm::DenseMap<uint32_t, llvm::StringMap<InterfaceId>> fileUses;
  /// Interfaces by name, per package (a cache for `iface`).
  mutable llvm::DenseMap<uint32_t, llvm::StringMap<InterfaceId>> ifaceIndex;
  llvm::DenseMap<uint32_t, uint32_t> typeOffsets; ///< named type -> where it was defined

  /// The package's interfaces (indices into `ifaces`) in the order their
  /// `use`s of each other require, ties by the order written.
  llvm::Expected<std::vector<size_t>>
  interfaceOrder(const PackageSource &src,
                 const std::vector<std::pair<uint32_t, const ast::Interface *>> &ifaces);
  llvm::Expected<PackageId> findPackage(const ast::PackageName &p) const;
  llvm::Expected<InterfaceId> iface(const ast::UsePath &p, uint32_t file) const;
  /// A type expression; anonymous types made for it take the gate `ctx` (a
  /// gated definition's), else the one they inherit (inherited()).
  llvm::Expected<TypeRef> type(const ast::Type &t, Scope &sc, const Stability &ctx = {});
  /// An anonymous type: the package's existing one of the same structure,
  /// or a new one.
  TypeId anon(TypeDef d);
  std::unordered_map<std::string, TypeId> anonTypes; ///< of the package being resolved
  /// The gate an anonymous type inherits from what it refers to.
  Stability inherited(const TypeDef &d) const;
  /// Set when a type expression named a type its gate left out.
  bool excludedHit = false;
  TypeId add(TypeDef t) {
    r.types.push_back(std::move(t));
    return TypeId{uint32_t(r.types.size() - 1)};
  }
  llvm::Error claim(Scope &sc, const ast::Ident &name);
  /// Fills `d` with the structure of a compound type expression (list,
  /// tuple, option, result, map, future, stream).
  llvm::Error compound(const ast::Type &t, Scope &sc, TypeDef &d, const Stability &ctx);
  llvm::Error items(const std::vector<ast::InterfaceItem> &items, uint32_t file, InterfaceId id);
  llvm::Error use(const ast::Use &u, uint32_t file, Scope &sc,
                  std::vector<std::pair<std::string, TypeId>> &out,
                  const Stability &gate = {},
                  const std::optional<std::string> &externalId = {});
  /// A type definition of a scope, with the attributes of its item.
  struct Def {
    const ast::TypeDef *def;
    const ast::Attrs *attrs;
  };
  /// Resolves the named types of a scope in wit-parser's order: each after
  /// the types it names (ties by the order written), its anonymous parts
  /// before it; a cycle is an error. Appends (name, id) to `out`.
  llvm::Error defineTypes(const std::vector<Def> &defs, Scope &sc,
                          std::vector<std::pair<std::string, TypeId>> &out);
  /// One named type's definition (the types it names are defined already).
  llvm::Expected<TypeDef> typeDef(const ast::TypeDef &d, const ast::Attrs &a, Scope &sc);
  /// The functions of resource `self` as `d` writes them.
  llvm::Error resourceFuncs(const ast::TypeDef &d, Scope &sc, TypeId self,
                            std::vector<Function> &funcs);
  /// A function; `selfOf`, for a method, is its resource.
  llvm::Expected<Function> func(const ast::Func &f, Scope &sc, TypeId selfOf = {});
  bool hasBorrow(TypeRef t, unsigned depth) const;
  /// What a gate leaves out, resolved only for the anonymous types it makes
  /// (wit-parser keeps those): a function (`selfOf`: a method's resource),
  /// an interface's items, a world item (in its world's scope, if any).
  llvm::Error shadowFunc(const ast::Func &f, Scope &sc, TypeId selfOf);
  llvm::Error shadow(const std::vector<ast::InterfaceItem> &items);
  llvm::Error shadow(const ast::WorldItem &it, Scope *within = nullptr);
  /// Records the names a gated-out type definition or `use` would define.
  void gateOut(Scope &sc, const ast::TypeDef *def, const ast::Use *use);
  llvm::Error world(const ast::World &w, uint32_t file, WorldId id);
  /// Merges the worlds `root` includes (and theirs) into it, once each;
  /// `state` marks worlds in progress (1) and done (2).
  llvm::Error includes(WorldId root, llvm::DenseMap<uint32_t, uint8_t> &state);
  /// The world an `include` item names.
  llvm::Expected<WorldId> includedWorld(const ast::WorldItem &it);
  /// Copies the items of the complete world `from` into `id` (renamed as
  /// `inc` says).
  llvm::Error mergeInclude(WorldId id, const ast::WorldItem &inc, WorldId from);
  /// Orders a world's setters after their getters; each needs one.
  llvm::Error worldAccessors(WorldId id);
  /// Adds the imports a world needs implicitly (wasm-tools' elaboration).
  llvm::Error elaborate(WorldId w, uint32_t at);

  /// The includes of each world of the package being resolved.
  llvm::DenseMap<uint32_t, std::vector<std::pair<uint32_t, const ast::WorldItem *>>> pending;
  /// A package's worlds by name, the first `indexed` of them (includedWorld).
  struct WorldIndex {
    llvm::StringMap<WorldId> byName;
    size_t indexed = 0;
  };
  llvm::DenseMap<uint32_t, WorldIndex> worldIndex;
  llvm::DenseMap<uint32_t, uint32_t> worldOffsets; ///< world -> where its name is written
};

} // namespace wcomp::wit::detail
