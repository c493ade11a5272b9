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

} // namespace wcomp::binary
