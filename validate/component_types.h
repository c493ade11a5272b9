//===- validate/component_types.h - Interned component types ---*- C++ -*-===//
//
// The types a component validator assigns to every item: defined value types
// and function types are hash-consed (xxHash of their structure), so two
// structurally equal types get one id and equality is an id comparison;
// resources, component, instance and module types are created fresh. A
// resource type's identity is its id: two `(resource (rep i32))` definitions
// are different types, and own/borrow of them intern differently.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/component_kinds.h"
#include "binary/module.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wcomp::validate {

/// An index into a CTypes arena.
using CTypeId = uint32_t;
inline constexpr CTypeId NoType = ~0u;

/// Which type index a type was referred to by, when that matters: every
/// import or export of a type creates a new index with a fresh name tag, and
/// Explainer.md's "external visibility of types" asks whether the records,
/// variants, enums, flags and resources in an import's or export's type are
/// referred to through such indices. 0 is no name. Tags never affect type
/// equality or subtyping.
using NameTag = uint32_t;

/// A component value type: a primitive (its code byte) or a defined type.
struct CVal {
  uint8_t prim = 0; ///< 0x7f bool ... 0x73 string, 0x64 error-context; 0 for `id`
  CTypeId id = NoType;
  NameTag name = 0; ///< for records, variants, enums and flags
  /// A primitive value type by its primtype byte.
  static CVal primitive(uint8_t code) { return {code, NoType, 0}; }
  /// A defined value type (`name`: its tag, for types compared by name).
  static CVal defined(CTypeId t, NameTag name = 0) { return {0, t, name}; }
  bool operator==(const CVal &) const = default;
};

/// The type of an import, export or instance/component type declaration.
/// Kinds are the extern description bytes: 0x00 core module, 0x01 func,
/// 0x02 value, 0x03 type, 0x04 component, 0x05 instance.
struct CExtern {
  uint8_t kind = binary::externkind::Func; ///< binary::externkind
  CTypeId type = NoType; ///< every kind but value
  CVal val;              ///< value
  NameTag name = 0;      ///< type: the tag of the index the import or export creates
  NameTag eqOf = 0;      ///< type `(eq i)`: the tag of index `i` (where the type came from)
  bool operator==(const CExtern &) const = default;
};

/// A core extern type (imports and exports of core modules and instances).
struct CoreExtern {
  uint8_t kind = binary::extkind::Func;
  std::vector<binary::ValType> params, results; ///< func, tag
  binary::TableType table;
  binary::Limits memory;
  binary::GlobalType global;
  /// Function types that use concrete heap types cannot be compared across
  /// modules without their rec groups; they match anything of their kind.
  bool opaque = false;
};

/// One type. `kind` selects the meaningful fields.
struct CTypeNode {
  /// What a node is.
  enum Kind : uint8_t { Defined, Func, Resource, Instance, Component, Module };
  Kind kind = Defined;
  uint8_t code = 0;   ///< Defined: the defined-type byte (binary::dvt) or a primitive code
  bool async = false; ///< Func
  std::vector<std::pair<std::string, CVal>> named;                ///< record fields, func params
  std::vector<std::pair<std::string, std::optional<CVal>>> cases; ///< variant
  std::vector<CVal> vals;                                         ///< tuple
  std::vector<std::string> labels;                                ///< flags, enum
  std::optional<CVal> a, b; ///< element / ok / key; err / value; Func: the result in `a`
  uint32_t length = 0;      ///< fixed-length list
  CTypeId resource = NoType; ///< own, borrow
  NameTag resourceName = 0;  ///< own, borrow: the tag of the resource's index
  std::vector<std::pair<std::string, CExtern>> imports, exports; ///< component, instance
  /// Component, instance: the `implements` option of an import or export
  /// name (`import b: a:b/i` is named `b`, implementing `a:b/i`), by name.
  llvm::StringMap<std::string> importImplements, exportImplements;
  /// Component, instance: the `external-id` option of import and export
  /// names (WIT's `@external-id`), by name.
  llvm::StringMap<std::string> importExternalIds, exportExternalIds;
  std::vector<std::pair<std::pair<std::string, std::string>, CoreExtern>> coreImports; ///< module
  std::vector<std::pair<std::string, CoreExtern>> coreExports; ///< module, core instance
  /// Component: resources its imports introduce (supplied by whoever
  /// instantiates it) and resources it defines or exports abstractly (fresh
  /// in each instance). Instance: resources its exports declare abstractly.
  std::vector<CTypeId> importedResources, definedResources;
  /// 1 + the deepest type this one refers to (set by CTypes).
  uint32_t depth = 1;
  /// The effective size: 1 + the sizes of the types it refers to, counted
  /// as if nothing were shared (wasmparser's TypeInfo size), saturating.
  uint32_t size = 1;
  /// Defined: the canonical ABI size and alignment with 64-bit pointers
  /// (CanonicalABI.md, elem_size), which validation bounds.
  uint64_t byteSize = 0;
  uint8_t byteAlign = 1;
};

/// Resources of an expected type mapped to those of the provided one.
using ResourceMap = llvm::DenseMap<CTypeId, CTypeId>;
/// Name tags of a component's imports mapped to those of the arguments.
using NameMap = llvm::DenseMap<NameTag, NameTag>;

/// Why one type is not a subtype of another, as wasm-tools explains it: the
/// steps from the compared types down to the first difference (`type
/// mismatch in instance export `f``, `type mismatch in record field `x``),
/// then what differs there (`expected u32, found string`). Kept apart so a
/// caller can tell where the difference is; message() renders it.
struct TypeMismatch {
  /// What differs, where the path ends (empty when a step says it all).
  std::string difference;
  /// The steps, innermost first: each enclosing comparison appends its own.
  std::vector<std::string> path;
  /// A difference found here, its path still to be added by the callers.
  TypeMismatch(std::string difference) : difference(std::move(difference)) {}
  /// `outer step: inner step: difference`.
  std::string message() const;
};

/// The arena of component types of one validation.
class CTypes {
public:
  /// Adds a defined value type or function type, reusing an equal one.
  CTypeId intern(CTypeNode n);
  /// Adds a type that is equal only to itself (resources, component,
  /// instance and module types).
  CTypeId add(CTypeNode n);
  /// The node of `id`.
  const CTypeNode &operator[](CTypeId id) const { return nodes[id]; }
  /// A node to fill in after creation (only types made by add()).
  CTypeNode &mut(CTypeId id) { return nodes[id]; }
  /// The number of nodes.
  size_t size() const { return nodes.size(); }

  /// Whether `a` may be used where `b` is expected (component subtyping;
  /// resources by identity). On failure, a message naming the path to the
  /// first difference, like wasm-tools': "type mismatch in record field `x`".
  /// `map` says which resource of `a` stands for each abstract resource of
  /// `b`; instance types extend it with the resources they declare.
  std::optional<TypeMismatch> mismatch(const CExtern &a, const CExtern &b,
                                      ResourceMap *map = nullptr) const;
  /// Value types: equal, or the path to the difference.
  std::optional<TypeMismatch> valMismatch(CVal a, CVal b, ResourceMap *map = nullptr) const;
  /// Rewrites a type with resources (and name tags) replaced (instantiation).
  CTypeId substitute(CTypeId t, const ResourceMap &map, const NameMap *names = nullptr);
  /// An extern type with resources (and name tags) replaced, as the CTypeId overload.
  CExtern substitute(const CExtern &e, const ResourceMap &map, const NameMap *names = nullptr);
  /// Core extern types: `a` provided where `b` is imported.
  static std::optional<TypeMismatch> coreMismatch(const CoreExtern &a, const CoreExtern &b);

  /// Names of resources for mismatch messages (compose names them by the
  /// interface and instance they come from); unnamed ones are not told apart.
  llvm::DenseMap<CTypeId, std::string> resourceNames;
  /// Mismatch messages name both whole types where they differ
  /// (`expected list<u8>, found string`) instead of wasm-tools' kinds
  /// (`expected list, found string`), which the validator keeps.
  bool wholeTypesInMessages = false;

  /// A readable name of a type's kind ("func", "instance", "record", ...).
  std::string describe(const CExtern &e) const;
  /// The whole type in a WIT-like notation (`func(x: u32) -> string`,
  /// `instance { f: func() }`), shortened with `...` past `limit` bytes.
  /// Types imported or exported by name (by `context`, a component or
  /// instance type, or inside the type itself) are written by that name.
  std::string display(const CExtern &e, CTypeId context = NoType, size_t limit = 4096) const;
  /// A value type, as display(const CExtern &) does.
  std::string display(CVal v, CTypeId context = NoType, size_t limit = 4096) const;

private:
  struct Subst;
  CTypeId substituteIn(CTypeId t, Subst &s);
  CVal substituteIn(CVal v, Subst &s);
  CExtern substituteIn(const CExtern &e, Subst &s);
  std::optional<TypeMismatch> typeMismatch(CTypeId a, CTypeId b, ResourceMap *map) const;
  // typeMismatch by kind of type (both nodes are of that kind).
  /// Defined value types: the same constructor, labels and element types.
  std::optional<TypeMismatch> definedMismatch(const CTypeNode &a, const CTypeNode &b,
                                             ResourceMap *map) const;
  /// Functions: the same async-ness, parameter names and (invariant) types.
  std::optional<TypeMismatch> funcMismatch(const CTypeNode &a, const CTypeNode &b,
                                          ResourceMap *map) const;
  /// Instances: every export of `b` in `a`, of a subtype.
  std::optional<TypeMismatch> instanceMismatch(const CTypeNode &a, const CTypeNode &b,
                                              ResourceMap *map) const;
  /// Components: `a` needs no import `b` lacks, and has every export of `b`.
  std::optional<TypeMismatch> componentMismatch(const CTypeNode &a, const CTypeNode &b,
                                               ResourceMap *map) const;
  /// Core modules: as components, over core imports and exports.
  std::optional<TypeMismatch> moduleMismatch(const CTypeNode &a, const CTypeNode &b) const;
  std::vector<CTypeNode> nodes;
  llvm::DenseMap<uint64_t, llvm::SmallVector<CTypeId, 1>> byHash;
};

} // namespace wcomp::validate
