//===- wit/ast.h - The syntax tree of one WIT file --------------*- C++ -*-===//
//
// What the parser produces, and only that: names are still names, `use`s and
// type references unresolved. Resolution turns files into a Resolve (arenas
// addressed by ids); nothing but the resolver reads this tree. Every node
// keeps the offset of its first token for errors.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wcomp::wit::ast {

/// A name and where it was written (`%` already dropped).
struct Ident {
  std::string name;
  uint32_t offset = 0;
};

/// The gates of an item: `@since(version = ..)`, `@unstable(feature = ..)`,
/// `@deprecated(version = ..)`.
struct Gates {
  std::string since, unstable, deprecated;
  uint32_t offset = 0;
  /// No gate is given.
  bool empty() const { return since.empty() && unstable.empty() && deprecated.empty(); }
};

/// Attributes written before an item: its documentation, gates and
/// `@external-id("...")`.
struct Attrs {
  std::string docs; ///< the doc comments' text, one line per comment line
  Gates gates;
  std::optional<std::string> externalId;
};

/// `ns:pkg@version` (the version may be empty).
struct PackageName {
  std::string ns, name, version;
  uint32_t offset = 0;
  /// `ns:pkg@version`, as written.
  std::string str() const { return ns + ":" + name + (version.empty() ? "" : "@" + version); }
};

/// An interface reference: a bare name in the current package, or
/// `ns:pkg/iface@version`.
struct UsePath {
  std::optional<PackageName> package; ///< absent for a bare name
  Ident name;                         ///< the interface
};

/// A type expression.
struct Type {
  /// The primitive types, then the named and constructed forms.
  enum Kind : uint8_t {
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext,
    Named,  ///< `name`: a type of the scope (a resource name means `own`)
    List, FixedList, Tuple, Option, Result, Map, Borrow, Future, Stream,
    Own     ///< `own<name>`, written out
  } kind = Bool;
  Ident name;             ///< Named, Borrow, Own
  std::vector<Type> args; ///< element, tuple members, map key and value
  bool hasOk = false, hasErr = false; ///< Result: args hold ok then err, when present
  uint32_t length = 0;    ///< FixedList
  uint32_t offset = 0;
};

/// `func(params) -> result`, maybe `async`.
struct Func {
  bool async = false;
  /// `name: get() -> T` / `name: set(v: T)` (property accessors).
  enum Accessor : uint8_t { NoAccessor, Getter, Setter } accessor = NoAccessor;
  uint32_t offset = 0; ///< where `func`, `get` or `set` is written
  std::vector<std::pair<Ident, Type>> params;
  std::optional<Type> result;
};

/// A function of a resource block.
struct ResourceFunc {
  /// A method, a static function or the constructor.
  enum Kind : uint8_t { Method, Static, Constructor } kind = Method;
  Attrs attrs;
  Ident name; ///< `constructor` for constructors
  Func func;
};

/// A labelled member of a record, variant, enum or flags.
struct Member {
  Attrs attrs;
  Ident name;
  std::optional<Type> type; ///< record fields; variant cases with a payload
};

/// A named type definition.
struct TypeDef {
  /// Which kind of definition.
  enum Kind : uint8_t { Alias, Record, Variant, Enum, Flags, Resource } kind = Alias;
  Ident name;
  Type alias;                       ///< Alias
  std::vector<Member> members;      ///< Record, Variant, Enum, Flags
  std::vector<ResourceFunc> funcs;  ///< Resource
};

/// `use path.{a, b as c};`
struct Use {
  UsePath path;
  std::vector<std::pair<Ident, std::optional<Ident>>> names;
  uint32_t offset = 0;
};

/// One item of an interface (or of a world's type scope).
struct InterfaceItem {
  /// Which kind of item.
  enum Kind : uint8_t { UseItem, TypeItem, FuncItem } kind = FuncItem;
  Attrs attrs;
  Use use;
  TypeDef type;
  Ident funcName;
  Func func;
  uint32_t offset = 0;
};

/// `interface name { ... }` (also inline in worlds, with no name).
struct Interface {
  Attrs attrs;
  Ident name;
  std::vector<InterfaceItem> items;
};

/// One item of a world.
struct WorldItem {
  /// Which kind of item.
  enum Kind : uint8_t { Import, Export, UseItem, TypeItem, Include } kind = Import;
  /// Import/export forms: `import path;`, `import id: func(..);`,
  /// `import id: interface { .. }`, `import id: path;`.
  enum Extern : uint8_t { ByPath, NamedFunc, NamedInterface, NamedPath } form = ByPath;
  Attrs attrs;
  Ident name;           ///< named forms
  UsePath path;         ///< ByPath, NamedPath, Include
  Func func;            ///< NamedFunc
  Interface inlineIface; ///< NamedInterface
  Use use;              ///< UseItem
  TypeDef type;         ///< TypeItem
  std::vector<std::pair<Ident, Ident>> with; ///< Include: `with { a as b }`
  uint32_t offset = 0;
};

/// `world name { ... }`
struct World {
  Attrs attrs;
  Ident name;
  std::vector<WorldItem> items;
};

/// A top-level item: `use path as name;`, an interface or a world.
struct PackageItem {
  /// Which kind of item.
  enum Kind : uint8_t { UseItem, InterfaceItem, WorldItem } kind = InterfaceItem;
  UsePath use;
  std::optional<Ident> useAs;
  Interface iface;
  World world;
  uint32_t offset = 0;
};

/// `package ns:name@v { ... }` inside a file.
struct NestedPackage {
  Attrs attrs;
  PackageName name;
  std::vector<PackageItem> items;
};

/// One parsed file.
struct File {
  Attrs packageAttrs;
  std::optional<PackageName> package; ///< `package ns:name;` at the top
  std::vector<PackageItem> items;
  std::vector<NestedPackage> nested;
};

} // namespace wcomp::wit::ast
