//===- binary/dump.h - Section structure of a binary (wcomp dump) -*- C++ -*-===//
#pragma once

#include "binary/parser.h"

#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wcomp::binary {

struct DumpBinary;

/// One section in a dump.
struct DumpSection {
  uint8_t id = 0;
  std::string name;       ///< "type", "core module", "custom"
  std::string customName; ///< for custom sections
  uint64_t offset = 0;    ///< the id byte
  uint64_t dataOffset = 0;
  uint64_t size = 0;      ///< body size as encoded
  uint64_t end = 0;       ///< offset just past the section
  std::optional<uint32_t> count; ///< item count of vector sections
  std::unique_ptr<DumpBinary> nested; ///< nested module or component
};

/// A module or component in a dump, with its sections in file order.
struct DumpBinary {
  bool component = false;
  uint16_t version = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  /// False when reading stopped at an error inside it: `size` then runs to
  /// where it had to end (the input's end, or its enclosing section's) and
  /// `sections` are those read before the error.
  bool complete = true;
  std::vector<DumpSection> sections;
};

/// Walks the binary's structure (headers, section framing, nesting). Contents
/// of sections are not decoded beyond their item counts.
llvm::Expected<DumpBinary> buildDump(llvm::ArrayRef<uint8_t> bytes);

/// As above, but keeps what was read before an error: `out` holds the
/// sections up to it (unfinished binaries marked incomplete) and the error is
/// returned. `started` tells whether a header was read at all.
llvm::Error buildPartialDump(llvm::ArrayRef<uint8_t> bytes, DumpBinary &out, bool &started);

/// Prints the dump as an indented table: one line per section with its range,
/// size and item count; nested binaries are indented below their section.
void printDump(llvm::raw_ostream &os, const DumpBinary &d);

/// The dump as JSON (stable field names: kind, version, offset, size,
/// incomplete (only when true), sections[id, name, custom_name, offset,
/// data_offset, end, size, count, nested]).
nlohmann::ordered_json dumpToJson(const DumpBinary &d);

} // namespace wcomp::binary
