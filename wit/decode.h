//===- wit/decode.h - The WIT of a component --------------------*- C++ -*-===//
#pragma once

#include "wit/loader.h"

#include "validate/component_validator.h"

namespace wcomp::wit {

/// The WIT a validated component implements, the way `wasm-tools component
/// wit` shows it: a world `root` in package `root:component` with the
/// component's imports and exports; every instance imported or exported
/// under an interface name (`ns:pkg/iface@v`) becomes that interface of
/// package `ns:pkg@v` (returned in `others`). A type export equal to one of
/// an interface decoded earlier (the same resource, or the same named
/// structure) is a `use` of it. A component that is a WIT package (WIT.md,
/// "Package Format": only type exports, each a component type exporting
/// one `ns:pkg/name@v` instance or component) decodes to that package,
/// with the docs and gates of its `package-docs` section when `bytes` (the
/// component's binary) is given.
llvm::Expected<Loaded> decodeComponent(Resolve &r, const validate::ComponentInfo &info,
                                       llvm::ArrayRef<uint8_t> bytes = {});

/// Reorders `pkgs` so that each package comes after the packages its
/// interfaces use (a depth-first walk), starting from the order
/// in which world `root`'s imports and exports name them: the order in
/// which wasm-tools prints the packages of a component's WIT.
void orderByDependencies(const Resolve &r, std::vector<PackageId> &pkgs, WorldId root);

} // namespace wcomp::wit
