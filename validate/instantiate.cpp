//===- validate/instantiate.cpp - Typing one component instantiation ------===//
#include "validate/instantiate.h"

#include <algorithm>

namespace wcomp::validate {

namespace externkind = binary::externkind;

Instantiation::Instantiation(CTypes &types, CTypeId component)
    : types(types), comp(types[component]) {}

bool Instantiation::introducesResource(const CExtern &need) const {
  // The first import of an abstract resource introduces it; a later
  // `(eq ...)` of it must be given the same resource.
  return need.kind == externkind::Type && !map.count(need.type) &&
         std::count(comp.importedResources.begin(), comp.importedResources.end(), need.type);
}

std::optional<TypeMismatch> Instantiation::check(size_t index, const CExtern &have) const {
  const CExtern &need = comp.imports[index].second;
  if (introducesResource(need)) {
    if (have.kind != externkind::Type || types[have.type].kind != CTypeNode::Resource)
      return "expected resource, found " + types.describe(have);
    return std::nullopt;
  }
  ResourceMap scratch = map;
  return types.mismatch(have, need, &scratch);
}

void Instantiation::mapNames(const CExtern &need, const CExtern &have) {
  if (need.kind == externkind::Type && have.kind == externkind::Type) {
    if (need.name)
      names[need.name] = have.name;
  } else if (need.kind == externkind::Instance && have.kind == externkind::Instance && need.type < types.size() &&
             have.type < types.size()) {
    for (const auto &[n, ne] : types[need.type].exports)
      for (const auto &[h, he] : types[have.type].exports)
        if (n == h)
          mapNames(ne, he);
  }
}

void Instantiation::supply(size_t index, const CExtern &have) {
  const CExtern &need = comp.imports[index].second;
  mapNames(need, have);
  if (introducesResource(need)) {
    map[need.type] = have.type;
    return;
  }
  // The abstract resources of an imported instance are the supplied
  // instance's.
  if (need.kind == externkind::Instance && have.kind == externkind::Instance)
    for (CTypeId r : types[need.type].definedResources)
      for (const auto &[en, ee] : types[need.type].exports)
        if (ee.kind == externkind::Type && ee.type == r)
          for (const auto &[hn, he] : types[have.type].exports)
            if (hn == en && he.kind == externkind::Type)
              map[r] = he.type;
}

CTypeId Instantiation::finish() {
  // Resources the component defines are new in every instance.
  for (CTypeId r : comp.definedResources) {
    CTypeNode fresh;
    fresh.kind = CTypeNode::Resource;
    map[r] = types.add(std::move(fresh));
  }
  CTypeNode n;
  n.kind = CTypeNode::Instance;
  for (const auto &[name, e] : comp.exports)
    n.exports.push_back({name, types.substitute(e, map, &names)});
  return types.add(std::move(n));
}

} // namespace wcomp::validate
