//===- wit/encode.h - WIT as component text ---------------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace wcomp::wit {

/// The standard encoding of a WIT package as a component (WIT.md, "Package
/// Format"), written as component text: for each interface a type export
/// `(type (export "i") (component ... (export "ns:pkg/i@v" (instance ...))))`
/// importing the interfaces it uses, and for each world one whose inner
/// export is a component type with the world's imports and exports. Parse
/// it (text::parseWat) for the binary.
std::string encodePackageWat(const Resolve &r, PackageId pkg);

/// The encoding of one world alone, as the `component-type` custom section
/// of a core module carries it: a component whose only item is the type
/// export `(type (export "w") (component (export "ns:pkg/w@v" (component
/// ...))))`.
std::string encodeWorldWat(const Resolve &r, WorldId world);

/// What of an interface WatTypeWriter writes: null members mean everything.
struct InterfaceFilter {
  const llvm::DenseSet<uint32_t> *types = nullptr;  ///< type ids to keep
  const llvm::StringMap<bool> *functions = nullptr; ///< component names to keep
};

/// Writes WIT types, functions and interface imports as component text
/// lines, keeping which `$name` each type has in scope. The package and
/// world encoders use it, and so does the component builder (adapt/), which
/// writes a component's imports with it. Types are found by id, or else by
/// their interface's canonical name and their own name: the builder merges
/// interfaces that several worlds (decoded separately) import.
class WatTypeWriter {
public:
  /// Type id -> `$name` in the current scope.
  using Env = llvm::DenseMap<uint32_t, std::string>;
  WatTypeWriter(const Resolve &r, std::string &out) : r(r), out(out) {}

  /// A new unique `$name`.
  std::string fresh() { return "$t" + std::to_string(next++); }
  /// Writes one line at the current indentation.
  void line(const std::string &s) { out += indent + s + "\n"; }
  /// A line that leaves parens open: its children follow, indented, and
  /// close() ends them on the last child's line.
  void open(const std::string &s);
  void close();

  /// The text of a value type.
  std::string val(TypeRef t, const Env &env) const;
  /// The text of a function type: `(func (param "a" u32) (result string))`.
  std::string func(const Function &f, const Env &env) const;

  /// How defineType writes a named type.
  enum class Mode { Export, Import, Local };
  /// Writes a named type as an export or import of a type scope, or (Local)
  /// as a plain definition of a component; `resourceExtra` goes into a
  /// local resource definition (`(rep i32) (dtor ...)`). Returns its name.
  std::string defineType(TypeId t, const std::string &name, Env &env, Mode mode,
                         const std::string &resourceExtra = "(rep i32)");
  /// Writes an instance type's body: the interface's types and functions.
  void instanceBody(InterfaceId i, Env &env, bool withFunctions, const InterfaceFilter &keep = {});
  /// Writes `(import "name" (instance ...))` and aliases the interface's
  /// types out of it into `env`. Returns the instance's `$name`.
  std::string importInterface(const std::string &importName, InterfaceId i, Env &env,
                              bool withFunctions, bool implements, const InterfaceFilter &keep = {});
  /// Registers `$name` for interface type `t` in `env` (and by name).
  void bind(Env &env, TypeId t, const std::string &name);
  /// The `$name` of named type `t` in `env` (or of the same interface type
  /// bound by name in another scope).
  std::string name(TypeId t, const Env &env) const;

  std::string indent = "  ";

private:
  const Resolve &r;
  std::string &out;
  unsigned next = 0;
  std::vector<int> opened;
  llvm::StringMap<std::string> byName; ///< "canonical-iface/type" -> `$name`
  std::string nameKey(TypeId t) const;
};

} // namespace wcomp::wit
