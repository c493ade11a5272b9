//===- binary/producers.h - The `producers` custom section -----*- C++ -*-===//
//
// The tool-conventions `producers` section (language, processed-by, sdk):
// decoded for the printers and `metadata show`, encoded for the parser,
// `metadata add` and every component wcomp builds.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wcomp::binary {

/// One (field, name, version) entry of a producers section.
struct ProducerEntry {
  std::string field, name, version;
  uint64_t offset = 0; ///< decoded: where the name/version pair starts in the section data
};

/// Decodes a producers section; nullopt unless it is well-formed and
/// re-encodes to exactly the same bytes (so printing it as `(@producers ...)`
/// loses nothing). Where the section is malformed (truncated, a field other
/// than `language`, `processed-by` or `sdk`), `failure` gets wasm-tools'
/// reason, `message (at offset 0x..)`, offsets counted from `base` (the
/// data's offset in the file).
std::optional<std::vector<ProducerEntry>> decodeProducers(llvm::ArrayRef<uint8_t> data,
                                                          std::string *failure = nullptr,
                                                          uint64_t base = 0);

/// Encodes entries, grouping them by field in order of first appearance.
std::string encodeProducers(const std::vector<ProducerEntry> &entries);

} // namespace wcomp::binary
