//===- wit/clone.h - Copying world items and interfaces (internal) -*- C++ -*-===//
//
// wit-parser's clone: used by `include` (a world's named items copied into
// the including world) and by --generate-nominal-type-ids (interfaces a
// world imports and exports copied so that each side has its own types).
// Not installed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "wit/resolve.h"

#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace wcomp::wit::detail {

/// Copies types owned by one world (or inline interface) to another, with
/// the anonymous types that refer to them; each type once per include.
class Cloner {
public:
  Cloner(Resolve &r, llvm::DenseMap<uint32_t, uint32_t> &map, TypeOwner from, TypeOwner to,
         PackageId pkg)
      : r(r), map(map), from(from), to(to), pkg(pkg) {}

  /// The copy of `t` (itself when it belongs to neither side: a `use`d
  /// interface's type).
  TypeId type(TypeId root) {
    // Children before parents (an explicit stack: chains of world types
    // are as long as the file).
    std::vector<std::pair<uint32_t, bool>> stack{{root.index, false}};
    while (!stack.empty()) {
      auto [t, expanded] = stack.back();
      if (map.count(t) || !clonable(t)) {
        stack.pop_back();
        continue;
      }
      if (!expanded) {
        stack.back().second = true;
        std::vector<uint32_t> kids;
        children(r.types[t], kids);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it)
          if (!map.count(*it) && clonable(*it))
            stack.push_back({*it, false});
        continue;
      }
      stack.pop_back();
      TypeDef copy = r.types[t];
      if (copy.owner == from)
        copy.owner = to;
      copy.cloned = true;
      auto remap = [&](std::optional<TypeRef> &x) {
        if (x && x->prim == TypeRef::Defined)
          x->id = mapped(x->id);
      };
      remap(copy.a);
      remap(copy.b);
      for (TypeRef &x : copy.types)
        x.id = x.prim == TypeRef::Defined ? mapped(x.id) : x.id;
      for (Member &m : copy.members)
        remap(m.type);
      if (copy.resource.valid())
        copy.resource = mapped(copy.resource);
      r.types.push_back(std::move(copy));
      map[t] = uint32_t(r.types.size() - 1);
    }
    return mapped(root);
  }

  void function(Function &f) {
    if (f.resource.valid())
      f.resource = type(f.resource);
    for (auto &[n, t] : f.params)
      if (t.prim == TypeRef::Defined)
        t.id = type(t.id);
    if (f.result && f.result->prim == TypeRef::Defined)
      f.result->id = type(f.result->id);
  }

  /// A copy of an inline interface, its types and functions.
  InterfaceId interface(InterfaceId i) {
    Interface copy = r.interfaces[i.index];
    InterfaceId next{uint32_t(r.interfaces.size())};
    Cloner inner(r, map, {TypeOwner::Interface, i.index}, {TypeOwner::Interface, next.index},
                 pkg);
    for (auto &[n, t] : copy.types)
      t = inner.type(t);
    for (Function &f : copy.functions)
      inner.function(f);
    copy.package = pkg;
    copy.cloneOf = i;
    r.interfaces.push_back(std::move(copy));
    return next;
  }

private:
  Resolve &r;
  llvm::DenseMap<uint32_t, uint32_t> &map;
  TypeOwner from, to;
  PackageId pkg;

  TypeId mapped(TypeId t) const {
    auto it = map.find(t.index);
    return it == map.end() ? t : TypeId{it->second};
  }
  /// Anonymous types and the source's own are copied.
  bool clonable(uint32_t t) const {
    const TypeOwner &o = r.types[t].owner;
    return o.kind == TypeOwner::None || o == from;
  }
  void children(const TypeDef &d, std::vector<uint32_t> &out) const {
    auto add = [&](const std::optional<TypeRef> &x) {
      if (x && x->prim == TypeRef::Defined)
        out.push_back(x->id.index);
    };
    if (d.kind == TypeDef::Alias) {
      // A `use`: the target is copied only if it is the source's too.
      if (d.a && d.a->prim == TypeRef::Defined && r.types[d.a->id.index].owner == from)
        out.push_back(d.a->id.index);
      return;
    }
    if (d.resource.valid())
      out.push_back(d.resource.index);
    for (const TypeRef &x : d.types)
      add(x);
    add(d.a);
    add(d.b);
    for (const Member &m : d.members)
      add(m.type);
  }
};

} // namespace wcomp::wit::detail
