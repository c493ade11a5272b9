//===- binary/name_section.h - The `name` custom section --------*- C++ -*-===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wcomp::binary {

/// The index spaces a module's `name` section names, in the order of
/// ModuleNames::spaces (the text format's order).
namespace namespace_ {
inline constexpr uint8_t Types = 0, Funcs = 1, Tables = 2, Memories = 3, Globals = 4, Tags = 5,
                         Elems = 6, Datas = 7, Count = 8;
} // namespace namespace_

/// Names of a module's items, from its `name` section.
struct ModuleNames {
  std::string module;
  /// Per index space (namespace_ order): index -> name.
  std::vector<llvm::DenseMap<uint32_t, std::string>> spaces;
  llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> locals, labels, fields;
  /// Parameter names of function types (subsection 12) and of tags
  /// (subsection 13), by type or tag index.
  llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, std::string>> typeParams, tagParams;
};

/// Decodes a `name` custom section; malformed parts are ignored (as
/// wasm-tools does), since names never affect semantics.
ModuleNames decodeNames(llvm::ArrayRef<uint8_t> data);

} // namespace wcomp::binary
