//===- validate/instantiate.h - Typing one component instantiation -*- C++ -*-===//
//
// Instantiating a component supplies each of its imports with an item; the
// validator checks `(instantiate ...)` this way and compose uses the same
// rules to decide (and explain) which plug can supply which import. Abstract
// resources an import introduces take the identity of what is supplied, so
// a later import that uses them must be supplied consistently.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "validate/component_types.h"

#include <optional>
#include <string>

namespace wcomp::validate {

/// One instantiation of a component type, supplied import by import in the
/// component's import order.
class Instantiation {
public:
  /// `component` is a CTypeNode of kind Component in `types`.
  Instantiation(CTypes &types, CTypeId component);

  /// Why `have` cannot supply import `index` (the path to the difference,
  /// as the validator words it), or nullopt. Records nothing.
  std::optional<TypeMismatch> check(size_t index, const CExtern &have) const;
  /// Records that `have` supplies import `index`: its resources (and type
  /// names) stand for the import's from now on.
  void supply(size_t index, const CExtern &have);
  /// The instance's type: the component's exports with supplied resources
  /// substituted and the resources the component defines made fresh.
  CTypeId finish();

  /// Which supplied resource stands for each abstract resource so far.
  const ResourceMap &resources() const { return map; }
  /// The component type being instantiated.
  const CTypeNode &component() const { return comp; }

private:
  void mapNames(const CExtern &need, const CExtern &have);
  bool introducesResource(const CExtern &need) const;

  CTypes &types;
  CTypeNode comp;
  ResourceMap map;
  NameMap names;
};

} // namespace wcomp::validate
