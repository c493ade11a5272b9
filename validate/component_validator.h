//===- validate/component_validator.h - Validated components ---*- C++ -*-===//
//
// The public entry point for components: validate one and get its type, the
// imports and exports with full types (what a WIT world holds), for the
// tools built on top (wit, new, compose, targets).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "validate/component_types.h"
#include "validate/module_validator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>

#include <string>
#include <utility>
#include <vector>

namespace wcomp::validate {

/// The type of a validated component. Its import and export types live in
/// `types`, the arena every CTypeId refers to.
struct ComponentInfo {
  CTypes types;
  CTypeId component = NoType; ///< a CTypeNode of kind Component

  /// The imports, in order, with their types.
  const std::vector<std::pair<std::string, CExtern>> &imports() const {
    return types[component].imports;
  }
  /// The exports, in order, with their types.
  const std::vector<std::pair<std::string, CExtern>> &exports() const {
    return types[component].exports;
  }
  /// A readable, WIT-like rendering of an import's or export's type, with
  /// the component's imported and exported types by name.
  std::string display(const CExtern &e) const { return types.display(e, component); }
};

/// Validates a component binary completely: structure, index spaces and
/// types, names, and every nested core module (function bodies in
/// parallel). On success, returns the component's type.
llvm::Expected<ComponentInfo> validateComponent(llvm::ArrayRef<uint8_t> bytes,
                                                const ValidateOptions &opts);

namespace detail {
class Checker;
}

/// Types several components into one arena, so that the types of one can be
/// compared with the types of another (compose plugs one component's
/// exports into another's imports). Name tags and resources stay distinct
/// across components.
class ComponentTyper {
public:
  /// Types components under `features` into one arena.
  explicit ComponentTyper(const Features &features = Features::defaults());
  /// Frees the arena.
  ~ComponentTyper();
  ComponentTyper(const ComponentTyper &) = delete;
  ComponentTyper &operator=(const ComponentTyper &) = delete;
  /// Checks `bytes` as a component: structure, names, index spaces and
  /// types. Core modules are read only as far as their types need (their
  /// code is validateComponent's). Returns the component's type, a node of
  /// `types()`.
  llvm::Expected<CTypeId> add(llvm::ArrayRef<uint8_t> bytes);
  /// The arena every added component is typed in.
  CTypes &types();

private:
  std::unique_ptr<detail::Checker> checker;
};

} // namespace wcomp::validate
