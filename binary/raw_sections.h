//===- binary/raw_sections.h - Sections as they are framed ------*- C++ -*-===//
//
// For the tools that copy or rewrite a binary section by section without
// decoding it (strip, demangle, metadata, objdump, shared modules in
// compose): the header checked once, then each section's id, its whole
// bytes and its contents, with absolute offsets for messages.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace wcomp::binary {

/// A custom section's name and data.
struct RawCustom {
  llvm::StringRef name;
  llvm::ArrayRef<uint8_t> data; ///< after the name
  uint64_t dataOffset = 0;      ///< absolute offset of `data`
};

/// One section as it is framed.
struct RawSection {
  uint8_t id = 0;
  llvm::ArrayRef<uint8_t> whole;    ///< id, size and contents
  llvm::ArrayRef<uint8_t> contents; ///< after the size
  uint64_t offset = 0;              ///< absolute offset of `contents`
  /// A custom section's name and data (id 0 only).
  llvm::Expected<RawCustom> custom() const;
};

/// What the header says.
struct RawHeader {
  llvm::ArrayRef<uint8_t> bytes; ///< the 8 bytes
  bool component = false;
};

/// Checks the header of `bytes` (a module or component whose first byte is
/// at absolute offset `base`) and calls `each` for every section, in order;
/// stops at the first error, from the framing or from `each`.
llvm::Expected<RawHeader>
forEachSection(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
               llvm::function_ref<llvm::Error(RawSection &)> each);

/// Calls `each` for every id/size-framed entry of `bytes` (at absolute
/// offset `base`): the sections after a header, or the subsections of a
/// name section. Stops at the first error, from the framing or from `each`.
llvm::Error forEachFrame(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                         llvm::function_ref<llvm::Error(RawSection &)> each);

/// Appends an entry framed as `id`, size, `contents`.
void appendFrame(std::vector<uint8_t> &out, uint8_t id, llvm::ArrayRef<uint8_t> contents);

/// Appends a custom section `name` with `data`.
void appendCustomSection(std::vector<uint8_t> &out, llvm::StringRef name,
                         llvm::ArrayRef<uint8_t> data);

/// Copies a module or component section by section: `rewrite` may append
/// its own bytes for a section to `out` (or none, to drop it) and return
/// true; a section for which it returns false is copied as it was.
llvm::Expected<std::vector<uint8_t>>
rewriteSections(llvm::ArrayRef<uint8_t> bytes, uint64_t base,
                llvm::function_ref<llvm::Expected<bool>(RawSection &, std::vector<uint8_t> &)>
                    rewrite);

/// rewriteSections for the custom sections only: `rewrite` sees each one's
/// name and data; every other section is copied as it was.
llvm::Expected<std::vector<uint8_t>> rewriteCustomSections(
    llvm::ArrayRef<uint8_t> bytes, uint64_t base,
    llvm::function_ref<llvm::Expected<bool>(const RawCustom &, std::vector<uint8_t> &)> rewrite);

} // namespace wcomp::binary
