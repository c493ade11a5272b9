//===- adapt/metadata.h - The `component-type` custom section ----*- C++ -*-===//
//
// Toolchains describe the world a core module was built for in custom
// sections named `component-type...` (wit-component's metadata, encoding
// version 4): a component whose only item is the world's type export (see
// wit::encodeWorld), with a `wit-component-encoding` custom section of
// two bytes, the version (4) and the string encoding.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/raw_sections.h"
#include "wit/resolve.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace wcomp::adapt {

/// The string encoding of a module's canonical ABI.
enum class StringEncoding : uint8_t { Utf8 = 0, Utf16 = 1, CompactUtf16 = 2 };

/// The canonical-option spelling (`utf8`, `utf16`, `latin1+utf16`).
llvm::StringRef canonOptionName(StringEncoding e);
/// Parses `utf8`, `utf16` or `compact-utf16` (also `latin1+utf16`).
std::optional<StringEncoding> parseStringEncoding(llvm::StringRef s);

/// The metadata encoding version wcomp reads and writes.
inline constexpr uint8_t MetadataVersion = 4;

/// True for the names of the sections that carry a world.
inline bool isComponentTypeSection(llvm::StringRef name) {
  return name.starts_with("component-type");
}

/// One world a section describes.
struct WorldMetadata {
  wit::WorldId world;
  StringEncoding encoding = StringEncoding::Utf8;
};

/// Decodes the data of a `component-type` section named `name` into `r`.
/// Sections of another encoding version are refused with what was found,
/// what is supported and what to do.
llvm::Expected<WorldMetadata> decodeWorldMetadata(wit::Resolve &r, llvm::StringRef name,
                                                  llvm::ArrayRef<uint8_t> data);

/// The data of a `component-type` section for `world`.
llvm::Expected<std::vector<uint8_t>> encodeWorldMetadata(const wit::Resolve &r, wit::WorldId world,
                                                         StringEncoding enc);

/// The section name toolchains use for `world`
/// (`component-type:wit-bindgen:<version>:<ns:pkg@v>:<world>:encoded world`
/// in wit-bindgen; here with `wcomp` in place of the generator).
std::string metadataSectionName(const wit::Resolve &r, wit::WorldId world);

/// Appends a custom section to encoded module or component bytes.
using binary::appendCustomSection;

} // namespace wcomp::adapt
