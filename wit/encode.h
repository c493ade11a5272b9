//===- wit/encode.h - WIT as component types --------------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include "binary/component_builder.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/StringSaver.h"

#include <string>
#include <vector>

namespace wcomp::wit {

/// The standard encoding of a WIT package as a component (WIT.md, "Package
/// Format"): for each interface a type export `(type (export "i")
/// (component ... (export "ns:pkg/i@v" (instance ...))))` importing the
/// interfaces it uses, and for each world one whose inner export is a
/// component type with the world's imports and exports; the package's
/// docs and gates in a `package-docs` custom section.
llvm::Expected<std::vector<uint8_t>> encodePackage(const Resolve &r, PackageId pkg);

/// The encoding of one world alone, as the `component-type` custom section
/// of a core module carries it: a component whose only item is the type
/// export `(type (export "w") (component (export "ns:pkg/w@v" (component
/// ...))))`.
llvm::Expected<std::vector<uint8_t>> encodeWorld(const Resolve &r, WorldId world);

/// What of an interface TypeWriter writes: null members mean everything.
struct InterfaceFilter {
  const llvm::DenseSet<uint32_t> *types = nullptr;  ///< type ids to keep
  const llvm::StringMap<bool> *functions = nullptr; ///< component names to keep
  /// The kept types in the order to declare them (else the interface's);
  /// each must come after the types of its interface it refers to.
  const std::vector<uint32_t> *order = nullptr;
};

/// Writes WIT types, functions and interface imports as component items
/// into nested scopes (a component, component types, instance types),
/// keeping which name each type has. A name is valid in the scope it was
/// bound in and in every scope nested in it: used from a nested scope, it
/// is reached through an outer alias made on first use there. The package
/// and world encoders use it, and so does `new` (adapt/), which writes a
/// component's imports with it. Types are found by id, or else by their
/// interface's canonical name and their own name: `new` merges interfaces
/// that several worlds (decoded separately) import.
class TypeWriter {
public:
  /// A type's name: valid in the scope that bound it and those inside.
  using Name = uint32_t;
  /// Type id -> its name in the current scope.
  using Env = llvm::DenseMap<uint32_t, Name>;
  /// A writer of `r`'s types.
  explicit TypeWriter(const Resolve &r) : r(r), saver(alloc) {}

  /// Enters a scope nested in the current one (the first is the outermost).
  void push(binary::DeclSink &s);
  /// Leaves the current scope.
  void pop() { scopes.pop_back(); }
  /// Where items of the current scope go.
  binary::DeclSink &sink() { return *scopes.back().sink; }
  /// A new name for type index `index` of the current scope.
  Name bind(uint32_t index);
  /// The type index `n` has in the current scope (made by outer alias if
  /// it was bound outside).
  llvm::Expected<uint32_t> index(Name n);
  /// A string kept as long as the writer (names in the binary model are
  /// references).
  llvm::StringRef save(llvm::StringRef s) { return saver.save(s); }

  /// A value type; anonymous compound types are defined in the current
  /// scope (each use its own, as the text format's inline types are).
  llvm::Expected<binary::CValType> val(TypeRef t, const Env &env);
  /// Defines a function type in the current scope; returns its index.
  llvm::Expected<uint32_t> funcType(const Function &f, const Env &env);

  /// How defineType writes a named type.
  enum class Mode { Export, Import, Local };
  /// Writes a named type as an export or import of the current scope, or
  /// (Local) as a plain definition; `dtor` is a local resource's
  /// destructor (a core function). Returns its name.
  llvm::Expected<Name> defineType(TypeId t, llvm::StringRef name, Env &env, Mode mode,
                                  std::optional<uint32_t> dtor = std::nullopt);
  /// Writes an instance type's body (the current scope is that type): the
  /// interface's types and functions.
  llvm::Error instanceBody(InterfaceId i, Env &env, bool withFunctions,
                           const InterfaceFilter &keep = {});
  /// Defines the instance type of interface `i` in the current scope;
  /// returns its type index.
  llvm::Expected<uint32_t> instanceType(InterfaceId i, const Env &env, bool withFunctions,
                                        const InterfaceFilter &keep = {});
  /// Imports interface `i` as `importName` into the current scope and
  /// (`aliasOut`) aliases its types out of it into `env`. Returns the
  /// instance index.
  llvm::Expected<uint32_t> importInterface(llvm::StringRef importName, InterfaceId i, Env &env,
                                           bool withFunctions, bool implements,
                                           const InterfaceFilter &keep = {},
                                           bool aliasOut = true,
                                           const std::optional<std::string> &externalId = {});
  /// Aliases the type exports of instance `inst` (interface `i`) into the
  /// current scope, skipping those `env` has or `keep` leaves out.
  void aliasTypes(uint32_t inst, InterfaceId i, Env &env, const InterfaceFilter &keep = {},
                  bool skipBound = false);
  /// Registers name `n` for interface type `t` in `env` (and by name).
  void bind(Env &env, TypeId t, Name n);
  /// The name of named type `t` in `env` (or of the same interface type
  /// bound by name in another scope).
  llvm::Expected<Name> name(TypeId t, const Env &env) const;
  /// An import or export name (plain, or with an `implements` option).
  binary::ExternName externName(llvm::StringRef name, llvm::StringRef implements = {},
                                const std::optional<std::string> &externalId = {});

private:
  struct Scope {
    binary::DeclSink *sink = nullptr;
    llvm::DenseMap<Name, uint32_t> types;
  };
  const Resolve &r;
  llvm::BumpPtrAllocator alloc;
  llvm::StringSaver saver;
  std::vector<Scope> scopes;
  Name next = 0;
  llvm::StringMap<Name> byName; ///< "canonical-iface/type" -> name
  std::string nameKey(TypeId t) const;
  /// The index of named type `t` in the current scope (outer alias made).
  llvm::Expected<uint32_t> typeIndex(TypeId t, const Env &env);
  /// The error for a type used outside the scopes that can name it.
  llvm::Error notInScope(TypeId t) const;
  llvm::Expected<binary::DefinedType> defined(const TypeDef &d, const Env &env);
};

} // namespace wcomp::wit
