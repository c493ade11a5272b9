//===- wit/encode.h - A WIT package as a component --------------*- C++ -*-===//
#pragma once

#include "wit/resolve.h"

#include <string>

namespace wcomp::wit {

/// The standard encoding of a WIT package as a component (WIT.md, "Package
/// Format"), written as component text: for each interface a type export
/// `(type (export "i") (component ... (export "ns:pkg/i@v" (instance ...))))`
/// importing the interfaces it uses, and for each world one whose inner
/// export is a component type with the world's imports and exports. Parse
/// it (text::parseWat) for the binary.
std::string encodePackageWat(const Resolve &r, PackageId pkg);

} // namespace wcomp::wit
