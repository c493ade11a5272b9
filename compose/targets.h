//===- compose/targets.h - Does a component implement a world? -*- C++ -*-===//
//
// `wcomp targets`: a component targets a world when a host that provides
// exactly the world's imports can instantiate it, and the instance has the
// exports the world asks for. Names match by the canonical interface rule
// (`a:b/c@0.2.3` stands for `a:b/c@0.2.0`); types are checked the way an
// instantiation checks them, so resources are followed by identity.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "validate/component_types.h"
#include "wit/resolve.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::compose {

struct Graph;

/// An import or export of the component paired with the world's.
struct TargetMatch {
  bool isImport = true;
  std::string name;      ///< the component's name
  std::string worldName; ///< the world's name (differs only in version)
};

/// One reason the component does not target the world.
struct TargetProblem {
  /// What is wrong.
  enum Kind : uint8_t {
    ExtraImport,   ///< the component imports what the world does not provide
    MissingExport, ///< the world asks for an export the component lacks
    TypeMismatch   ///< both have the item; its types are incompatible
  } kind = ExtraImport;
  bool isImport = true;
  std::string name;      ///< the component's name (the world's for MissingExport)
  std::string worldName; ///< TypeMismatch: the world's name
  std::string detail;    ///< TypeMismatch: the path to the difference
  /// The sentence for a terminal: "import `x`: the world does not import it".
  std::string message() const;
};

/// What checkTargets found.
struct TargetReport {
  std::string world; ///< `ns:pkg/w@v`
  std::vector<TargetMatch> matches;
  std::vector<TargetProblem> problems;
  /// The component targets the world.
  bool ok() const { return problems.empty(); }
};

/// World `world`'s component type, typed in `g` (its encoding is added as
/// a definition, of which `bytes` keeps the bytes: keep them as long as g).
llvm::Expected<validate::CTypeId> worldType(Graph &g, const wit::Resolve &r,
                                            wit::WorldId world, std::vector<uint8_t> &bytes);

/// Checks that `component` (a binary) implements world `world` of `r`.
/// Errors are for inputs that cannot be compared (not a component, an
/// invalid one); a component that does not fit gets a report with problems.
llvm::Expected<TargetReport> checkTargets(llvm::ArrayRef<uint8_t> component,
                                          llvm::StringRef path, const wit::Resolve &r,
                                          wit::WorldId world);

} // namespace wcomp::compose
