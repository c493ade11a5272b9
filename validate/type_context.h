//===- validate/type_context.h - Core types: canonical ids, subtyping -*- C++ -*-===//
#pragma once

#include "binary/types.h"
#include "validate/features.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace wcomp::validate {

using binary::CompositeType;
using binary::HeapType;
using binary::SubType;
using binary::ValType;

/// The type section of a module, validated and canonicalised. Rec groups are
/// interned by a structural key in which references into the group are
/// relative and references out of it are canonical ids, so two type indices
/// denote the same type exactly when their canonical ids are equal
/// (iso-recursive equivalence). Subtyping walks declared supertypes.
class TypeContext {
public:
  static constexpr uint32_t None = ~0u;

  /// Validates one rec group against the types before it and appends it.
  /// `offset` is where the group starts, for errors.
  llvm::Error addRecGroup(const binary::RecGroup &g, uint64_t offset, const Features &features);

  /// Number of type indices defined.
  uint32_t size() const { return uint32_t(owned.size()); }
  /// The definition of a type index (must be < size()).
  const SubType &type(uint32_t idx) const { return owned[idx]; }
  /// The composite type of a type index.
  const CompositeType &composite(uint32_t idx) const { return owned[idx].composite; }
  /// Canonical id of a type index.
  uint32_t canon(uint32_t idx) const { return canonIds[idx]; }
  /// Type `idx` is a function type.
  bool isFunc(uint32_t idx) const { return idx < size() && composite(idx).kind == binary::typecode::FuncType; }
  /// Type `idx` is a struct type.
  bool isStruct(uint32_t idx) const { return idx < size() && composite(idx).kind == binary::typecode::StructType; }
  /// Type `idx` is an array type.
  bool isArray(uint32_t idx) const { return idx < size() && composite(idx).kind == binary::typecode::ArrayType; }

  /// `a <: b` for value types (numeric types match only themselves).
  bool matches(const ValType &a, const ValType &b) const;
  /// `a <: b` for heap types.
  bool heapMatches(const HeapType &a, const HeapType &b) const;
  /// Type equality (both directions of matching).
  bool equal(const ValType &a, const ValType &b) const { return matches(a, b) && matches(b, a); }
  /// The top heap type of `h`'s hierarchy (any, func, extern, exn, cont).
  uint8_t topOf(const HeapType &h) const;
  /// Whether `h` is shared (shared-everything-threads): a shared abstract
  /// type, or a type index whose composite type is shared.
  bool sharedOf(const HeapType &h) const;
  /// Whether two heap types have the same top type, shared-ness included.
  bool sameHierarchy(const HeapType &a, const HeapType &b) const;
  /// Whether values of `t` may be shared: numbers always, references when
  /// their heap type is shared.
  bool valShared(const ValType &t) const { return !t.isRef() || t.isPacked() || sharedOf(t.heapType()); }

  /// Checks a value type: type indices in range (`limit` types visible),
  /// and the features its constructors need.
  llvm::Error checkValType(const ValType &t, uint64_t offset, const Features &features,
                           uint32_t limit = None) const;
  /// Checks a heap type the same way.
  llvm::Error checkHeapType(const HeapType &h, uint64_t offset, const Features &features,
                            uint32_t limit = None) const;

  /// The text-format spelling of a value type, for messages ("(ref null 3)").
  static std::string name(const ValType &t);
  /// The text-format spelling of a heap type.
  static std::string heapName(const HeapType &h);

private:
  bool canonSub(uint32_t a, uint32_t b) const;
  /// The custom-descriptors rules for type `start + i` of group `g`.
  llvm::Error checkDescriptors(const binary::RecGroup &g, uint32_t start, uint32_t i, uint64_t offset) const;
  /// addRecGroup's checks of type `i` of group `g` (defined at `start`)
  /// that need only the group: features, indices, sharing, descriptors.
  llvm::Error checkGroupType(const binary::RecGroup &g, uint32_t start, uint32_t i,
                             uint64_t offset, const Features &f) const;
  /// The interning key of a rec group defined at `start`: its types'
  /// structure, with references into the group relative to it.
  std::string groupKey(const binary::RecGroup &g, uint32_t start, uint32_t end) const;
  /// addRecGroup's last step: each declared supertype is not final and
  /// matches (descriptors included).
  llvm::Error checkSupertypes(const binary::RecGroup &g, uint32_t start, uint64_t offset) const;
  bool compositeMatches(const CompositeType &sub, const CompositeType &super) const;
  void appendKey(std::string &key, const ValType &t, uint32_t groupStart, uint32_t groupEnd) const;

  std::vector<SubType> owned; ///< copies, so the context outlives the module model
  std::vector<uint32_t> canonIds;
  /// Per canonical id: its declared supertype (canonical), or None.
  std::vector<uint32_t> canonSuper;
  /// Per canonical id: how many supertypes above it (at most 63, as in
  /// wasm-tools, which also keeps subtype walks short).
  std::vector<uint8_t> canonDepth;
  llvm::StringMap<uint32_t> groups; ///< structural key -> first canonical id
};

} // namespace wcomp::validate
