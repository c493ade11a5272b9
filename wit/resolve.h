//===- wit/resolve.h - Resolved WIT: packages, interfaces, worlds, types -*- C++ -*-===//
//
// Everything resolution produces lives in the arenas of one Resolve and is
// addressed by typed ids; nothing points across arenas. WIT parsed from text,
// decoded from a component, or from a WIT package binary ends up here, and
// the printer prints only this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wcomp::wit {

/// An index into one arena of a Resolve; the tag keeps the kinds apart.
template <typename Tag> struct Id {
  uint32_t index = UINT32_MAX;
  /// Set (not the default-constructed id).
  bool valid() const { return index != UINT32_MAX; }
  bool operator==(const Id &o) const { return index == o.index; }
  bool operator!=(const Id &o) const { return index != o.index; }
};
/// A package of a Resolve.
using PackageId = Id<struct PackageTag>;
/// An interface of a Resolve.
using InterfaceId = Id<struct InterfaceTag>;
/// A world of a Resolve.
using WorldId = Id<struct WorldTag>;
/// A type definition of a Resolve.
using TypeId = Id<struct TypeTag>;

/// `@since`, `@unstable` and `@deprecated` of an item.
struct Stability {
  std::string since, unstable, deprecated;
  /// No gate is given.
  bool empty() const { return since.empty() && unstable.empty() && deprecated.empty(); }
  bool operator==(const Stability &) const = default;
};

/// A value type: a primitive, or a type definition.
struct TypeRef {
  /// A primitive, or Defined for a type definition.
  enum Prim : uint8_t {
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext, Defined
  } prim = Bool;
  TypeId id; ///< Defined
  /// A reference to type definition `t`.
  static TypeRef of(TypeId t) { return {Defined, t}; }
};

/// The WIT spelling of a primitive (`u32`, `string`, `error-context`).
const char *primName(TypeRef::Prim p);

/// A named member of a record (field), variant or enum (case) or flags.
struct Member {
  std::string name, docs;
  std::optional<TypeRef> type;
};

/// Where a named type is defined.
struct TypeOwner {
  /// Nothing (a type being resolved), an interface or a world.
  enum Kind : uint8_t { None, Interface, World } kind = None;
  uint32_t index = 0;
  bool operator==(const TypeOwner &o) const { return kind == o.kind && index == o.index; }
};

/// One type definition: named (`record point`, `type t = ...`, resources,
/// `use`d names) or anonymous (`list<u8>` written in a signature).
struct TypeDef {
  /// The type constructors, named and anonymous.
  enum Kind : uint8_t {
    Record, Resource, Flags, Variant, Enum, Option, Result, List, FixedList, Future, Stream,
    Tuple, Map, Own, Borrow, Alias
  } kind = Alias;
  std::string name; ///< empty when anonymous
  std::string docs;
  Stability stability;
  TypeOwner owner;
  std::vector<Member> members;     ///< Record, Variant, Enum, Flags
  std::vector<TypeRef> types;      ///< Tuple
  std::optional<TypeRef> a, b;     ///< element / ok / key / alias target; err / value
  TypeId resource;                 ///< Own, Borrow
  uint32_t length = 0;             ///< FixedList
  std::optional<std::string> externalId; ///< `@external-id("...")`
  /// Made by copying an included world's item (wit-parser's clone), so
  /// never one with a structurally equal type.
  bool cloned = false;
};

/// The getter a setter's component name calls for: `[set]` becomes `[get]`.
std::string getterFor(llvm::StringRef setter);
/// The order wit-parser gives accessors: each setter moved right after its
/// getter when the getter comes later; everything else keeps its place.
/// Returns indices into `names` (component names).
std::vector<size_t> settersAfterGetters(const std::vector<std::string> &names);

/// A key that structurally equal anonymous types share (`list<u8>` twice);
/// `rep` names the type each id refers to stands for.
std::string structuralKey(const TypeDef &d, llvm::function_ref<uint32_t(uint32_t)> rep);

/// A function of an interface or world.
struct Function {
  /// A freestanding function or one of a resource's.
  enum Kind : uint8_t { Freestanding, Method, Static, Constructor } kind = Freestanding;
  /// A property accessor (`[get]`/`[set]` in its component name).
  enum Accessor : uint8_t { NoAccessor, Getter, Setter } accessor = NoAccessor;
  std::string name;   ///< as written (`read`, `constructor` for constructors)
  TypeId resource;    ///< Method, Static, Constructor
  bool async = false;
  std::vector<std::pair<std::string, TypeRef>> params; ///< methods: `self` first
  std::optional<TypeRef> result;
  std::string docs;
  Stability stability;
  std::optional<std::string> externalId;
  uint32_t offset = 0; ///< where its name is written, for messages (0 when decoded)
};

/// An interface: named in its package, or written inline in a world.
struct Interface {
  std::string name; ///< empty for inline interfaces
  PackageId package;
  std::vector<std::pair<std::string, TypeId>> types; ///< in definition order
  std::vector<Function> functions;
  std::string docs;
  Stability stability;
  /// The inline interface this one copies (an `include` copies the
  /// included world's inline interfaces).
  InterfaceId cloneOf;
};

/// The name of a world import or export: a plain name, or an interface
/// imported or exported by its own name.
struct WorldKey {
  std::string name;   ///< plain name (empty for interface keys)
  InterfaceId iface;  ///< interface key
};

/// What a world imports or exports.
struct WorldItem {
  /// An interface, a function or a type.
  enum Kind : uint8_t { InterfaceItem, FunctionItem, TypeItem } kind = InterfaceItem;
  InterfaceId iface;     ///< InterfaceItem (inline interfaces too)
  bool implements = false; ///< a plain name given to a named interface (`name: path`)
  Function func;         ///< FunctionItem
  TypeId type;           ///< TypeItem
  Stability stability;
  std::string docs;
  std::optional<std::string> externalId;
};

/// A world.
struct World {
  std::string name;
  PackageId package;
  std::vector<std::pair<WorldKey, WorldItem>> imports, exports;
  std::string docs;
  Stability stability;
};

/// A package: `ns:name@version` and what it defines.
struct Package {
  std::string ns, name, version;
  std::string docs;
  std::vector<std::pair<std::string, InterfaceId>> interfaces;
  std::vector<std::pair<std::string, WorldId>> worlds;
  /// The first type resolved for this package (types are made a package at
  /// a time, dependencies first); --json numbers types a package at a time.
  uint32_t typesBegin = 0;
  /// Resolved from WIT text (not decoded from a binary): wit-parser makes
  /// the `own<T>` handles of text when it merges the package, those of a
  /// binary as it decodes them.
  bool fromText = false;
  /// `ns:name@version`.
  std::string id() const { return ns + ":" + name + (version.empty() ? "" : "@" + version); }
};

/// The arenas.
struct Resolve {
  std::vector<Package> packages;
  std::vector<Interface> interfaces;
  std::vector<World> worlds;
  std::vector<TypeDef> types;

  /// The package of `i`.
  Package &operator[](PackageId i) { return packages[i.index]; }
  /// The package of `i`.
  const Package &operator[](PackageId i) const { return packages[i.index]; }
  /// The interface of `i`.
  Interface &operator[](InterfaceId i) { return interfaces[i.index]; }
  /// The interface of `i`.
  const Interface &operator[](InterfaceId i) const { return interfaces[i.index]; }
  /// The world of `i`.
  World &operator[](WorldId i) { return worlds[i.index]; }
  /// The world of `i`.
  const World &operator[](WorldId i) const { return worlds[i.index]; }
  /// The type definition of `i`.
  TypeDef &operator[](TypeId i) { return types[i.index]; }
  /// The type definition of `i`.
  const TypeDef &operator[](TypeId i) const { return types[i.index]; }

  /// `ns:pkg/iface@version`, as components name an interface.
  std::string interfaceName(InterfaceId i) const;
  /// A function's name in a component: `f`, `[constructor]r`,
  /// `[method]r.f` or `[static]r.f`.
  std::string functionName(const Function &f) const;
  /// The type an alias chain ends at (a `use`d name or `type t = u`).
  TypeId dealias(TypeId t) const;
  /// The interfaces `i` takes types from (its `use`s), transitively,
  /// dependencies first.
  void interfaceDeps(InterfaceId i, std::vector<InterfaceId> &out) const;
  /// Adds an interface; a named one is listed in its package too.
  InterfaceId addInterface(Interface i);
  /// Adds a world to its package.
  WorldId addWorld(World w);
  /// True when `t` is a `use`d name: an alias of a type that another
  /// interface owns.
  bool isUse(TypeId t) const;
  /// The interfaces `i` takes types from directly, in the order of its types.
  void interfaceDirectDeps(InterfaceId i, std::vector<InterfaceId> &out) const;
};

/// Orders a world's imports as wasm-tools does, stably by class: interfaces,
/// `use`d types, other types, freestanding functions, resource functions —
/// so that each item follows what it refers to.
void sortWorldImports(const Resolve &r, std::vector<std::pair<WorldKey, WorldItem>> &items);

/// Puts the packages from index `first` on (those one decode made) in
/// wit-parser's order: the ones `root` depends on first, each after its
/// own dependencies, `root` last. Returns root's new id.
PackageId dependenciesFirst(Resolve &r, uint32_t first, PackageId root);

} // namespace wcomp::wit
