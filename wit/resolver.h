//===- wit/resolver.h - WIT syntax trees to a Resolve -----------*- C++ -*-===//
#pragma once

#include "wit/ast.h"
#include "wit/resolve.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <string>
#include <functional>
#include <vector>

namespace wcomp::wit {

/// One package's source: its name and its top-level items, each with the
/// file it came from (top-level `use`s are scoped to their file).
struct PackageSource {
  ast::PackageName name;
  std::string docs;
  std::vector<std::pair<uint32_t, const ast::PackageItem *>> items;
};

/// Which `@unstable(feature = ...)` items to keep; the others are left out
/// as if they were not written (wasm-tools' `--features`).
struct ResolveOptions {
  std::vector<std::string> features;
  bool allFeatures = false;
  /// WebAssembly text to binary, for WIT packages given as `.wat` in
  /// `deps/` (the CLI passes text/'s parser: wit/ does not depend on text/).
  /// Errors are rendered (`file:line:col` with the source line). Unset:
  /// `.wat` files are skipped, as files of unknown kinds are.
  std::function<llvm::Expected<std::vector<uint8_t>>(llvm::StringRef path, llvm::StringRef src)>
      parseWat;
  /// Whether an item gated `@unstable(feature = f)` is included (`f` empty: ungated).
  bool enabled(const std::string &feature) const {
    return feature.empty() || allFeatures ||
           std::find(features.begin(), features.end(), feature) != features.end();
  }
};

/// Resolves packages into `r`, in dependency order whatever order they are
/// given in (a package's foreign `use`s must name one of them or one
/// already in `r`). Checks names (unknown, duplicate), `use`s, cycles
/// between interfaces, packages and types, handles of non-resources, and
/// world includes. Returns the ids in the order given. Errors carry the
/// global offset of the offending name (see SourceMap).
llvm::Expected<std::vector<PackageId>> resolvePackages(Resolve &r,
                                                       const std::vector<PackageSource> &pkgs,
                                                       const ResolveOptions &opts = {});

/// The world a user names: `w` (a world of package `root`) or
/// `ns:pkg/w[@version]` (of any package read); with no name, the one world
/// of `root`. The error lists the worlds there are to choose from.
llvm::Expected<WorldId> selectWorld(const Resolve &r, PackageId root, llvm::StringRef name);

} // namespace wcomp::wit
