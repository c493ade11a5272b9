//===- wit/printer.h - A Resolve as WIT text --------------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include <string>
#include <vector>

namespace wcomp::wit {

/// What to print.
struct PrintOptions {
  bool docs = true; ///< doc comments (`--no-docs` turns them off)
};

/// Prints `root` as a WIT file: `package ns:name@v;`, its interfaces and
/// worlds (worlds with their includes merged), then each of `nested` as a
/// `package ns:name@v { ... }` block, so that the text parses back to the
/// same packages. Keywords used as names are written `%name`.
std::string printWit(const Resolve &r, PackageId root, const std::vector<PackageId> &nested,
                     const PrintOptions &opts = {});

} // namespace wcomp::wit
