//===- wit/metadata.h - Docs and gates of a WIT package in a custom section -*- C++ -*-===//
//
// The component encoding of a WIT package has no place for doc comments or
// `@since`/`@unstable`/`@deprecated` gates, so they travel in a custom
// section named `package-docs`: a version byte (1) and a JSON document, the
// format wasm-tools reads and writes (wit-parser's `PackageMetadata`), so
// that packages encoded by either tool keep their docs in the other.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "wit/resolve.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace wcomp::wit {

/// The name of the custom section.
inline constexpr const char *PackageDocsSection = "package-docs";

/// The section's contents for package `p` (version byte, then JSON), or an
/// empty string when the package has no docs and no gates.
std::string encodePackageDocs(const Resolve &r, PackageId p);

/// Puts the docs and gates of a `package-docs` section back on package `p`.
/// Items the section names that the package lacks are skipped (wasm-tools
/// does the same for worlds merged away); a malformed section is an error.
llvm::Error applyPackageDocs(Resolve &r, PackageId p, llvm::ArrayRef<uint8_t> data);

/// The contents of the top-level `package-docs` section of a component, if
/// it has one.
std::optional<llvm::ArrayRef<uint8_t>> findPackageDocs(llvm::ArrayRef<uint8_t> component);

} // namespace wcomp::wit
