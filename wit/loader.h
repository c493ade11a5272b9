//===- wit/loader.h - WIT from files and folders ----------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"
#include "wit/resolver.h"
#include "wit/source.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace wcomp::wit {

/// The packages a load produced.
struct Loaded {
  PackageId root;                ///< the package of the file or folder given
  std::vector<PackageId> others; ///< nested packages and dependencies, resolved before
};

/// Reads WIT from `path` into `r` (WIT.md, "Filesystem structure"): a
/// `.wit` file (its `package` header names the root package; `package x {
/// }` blocks define more), or a folder whose `*.wit` files form the root
/// package, with dependencies in `deps/` (each a folder of `.wit` files, a
/// single `.wit` file, or a WIT package encoded as a component, `.wasm`).
/// Errors point into `sm`. Given `text`, `path` is a single file (only
/// named `path`) whose contents are `text` (standard input).
llvm::Expected<Loaded> loadWit(Resolve &r, SourceMap &sm, llvm::StringRef path,
                               const ResolveOptions &opts = {},
                               const std::string *text = nullptr);

} // namespace wcomp::wit
